/**
 * Everything that must hold before the service listens, checked all at once so one run of
 * `kbeauty-api config check` lists every problem. `serve` runs the same checks (the
 * database and Redis are checked by server.ts as it opens them).
 */
import type { Config, Env } from '../config.ts'
import { checkDatabase, checkListenAddress, checkLogFile, checkStateDir } from './checks.ts'
import { probeRedis } from './redis.ts'

/** A problem, by what it stops: the configuration (exit 78), the database (66) or Redis (69). */
export type Finding = { kind: 'config' | 'database' | 'redis'; message: string }

/** What the checks look at: from the parsed Config when it parsed, else from the raw environment. */
export type PreflightTargets = {
  host: string
  logFile: string | undefined
  /** Set only when it is used: Telegram alerts on (the start record behind the startup alert). */
  stateDir: string | undefined
  dbPath: string | undefined
  /** The URL may hold a password: never echoed. */
  redisUrl: string | undefined
  redisTimeoutMs: number
}

/** The targets of a parsed Config, or of the raw environment when it did not parse. */
export function preflightTargets(config: Config | undefined, env: Env): PreflightTargets {
  if (config) {
    return {
      host: config.host,
      logFile: config.logFile,
      stateDir: config.telegram ? config.stateDir : undefined,
      dbPath: config.dbPath,
      redisUrl: config.redisUrl,
      redisTimeoutMs: Math.max(config.redisTimeoutMs, 1_000),
    }
  }
  const telegram = Boolean(env.TELEGRAM_BOT_TOKEN || env.TELEGRAM_BOT_TOKEN_FILE)
  return {
    host: env.HOST || '0.0.0.0',
    logFile: env.LOG_FILE || undefined,
    stateDir: telegram ? env.STATE_DIR || env.STATE_DIRECTORY || undefined : undefined,
    dbPath: env.DB_PATH || undefined,
    redisUrl: /^rediss?:\/\/|^redis\+unix:\/\//.test(env.REDIS_URL ?? '') ? env.REDIS_URL : undefined,
    redisTimeoutMs: 1_000,
  }
}

export type PreflightOptions = {
  /** Open and verify the database (config check); serve opens it itself. */
  database?: { embeddedDbPath: string }
  /** Probe Redis (config check); serve's Redis store does its own. */
  redis?: boolean
}

export type PreflightReport = { findings: Finding[]; database?: string }

/** Runs every check that applies, in parallel where they are independent. Never throws. */
export async function runPreflight(t: PreflightTargets, o: PreflightOptions = {}): Promise<PreflightReport> {
  const findings: Finding[] = []
  const config = (ps: string[]) => findings.push(...ps.map((message) => ({ kind: 'config' as const, message })))
  const [listen, log, state, redis] = await Promise.all([
    checkListenAddress(t.host),
    t.logFile ? checkLogFile(t.logFile) : [],
    t.stateDir ? checkStateDir(t.stateDir) : [],
    o.redis && t.redisUrl ? probeRedis(t.redisUrl, t.redisTimeoutMs) : ({ ok: true } as const),
  ])
  config(listen)
  config(log)
  config(state)
  if (!redis.ok) findings.push({ kind: 'redis', message: redis.problem })
  let database: string | undefined
  if (o.database) {
    const db = checkDatabase(t.dbPath, o.database.embeddedDbPath)
    database = db.summary
    findings.push(...db.problems.map((message) => ({ kind: 'database' as const, message })))
  }
  return { findings, database }
}
