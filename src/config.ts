/**
 * Configuration: the environment, parsed once by zod into a frozen Config.
 * No other module reads `process.env`; main.ts passes the environment in.
 *
 * Secrets (RAPIDAPI_PROXY_SECRET, TELEGRAM_BOT_TOKEN, REDIS_URL) may also come from
 * `NAME_FILE` (a path) or a systemd credential named NAME in `$CREDENTIALS_DIRECTORY`
 * (systemd.exec(5), "Credentials"); precedence NAME > NAME_FILE > credential. NODE_ENV is
 * never consulted: `bun build --compile` freezes it at build time.
 */

import { isIP } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { ConfigError } from './config-error.ts'

export { ConfigError } from './config-error.ts'

export type Env = Record<string, string | undefined>

/** Secret settings that may come from the environment, `NAME_FILE` or a systemd credential. */
export const SECRET_NAMES = ['RAPIDAPI_PROXY_SECRET', 'TELEGRAM_BOT_TOKEN', 'REDIS_URL'] as const

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    error: 'must be one of true/false, 1/0, yes/no, on/off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))

const commaList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== ''),
)

const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, { error: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { error: `must be ${min} or more` })
        .max(max, { error: `must be at most ${max}` }),
    )

const WORKERS_RULE = 'must be a number 1–256 or auto'
const workers = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.union(
    [
      z.literal('auto'),
      z
        .string()
        .regex(/^\d+$/, { error: WORKERS_RULE })
        .transform(Number)
        .pipe(z.number().int().min(1, { error: WORKERS_RULE }).max(256, { error: WORKERS_RULE })),
    ],
    { error: WORKERS_RULE },
  ),
)

/** Values of DOCS: `public` serves /docs and /docs/json without the proxy secret (they hold no data). */
export const DOCS_MODES = ['off', 'protected', 'public'] as const

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const EnvSchema = z.object({
  APP_ENV: z.enum(['prod', 'dev'], { error: 'must be "prod" or "dev"' }).default('prod'),
  PORT: intIn(0, 65535).default(8000),
  HOST: z.string().min(1).default('0.0.0.0'),
  RAPIDAPI_PROXY_SECRET: z.string().optional(), // a comma list, split once below
  ALLOW_MISSING_PROXY_SECRET: boolish.default(false),
  DB_PATH: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  LOG_FILE: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/|^redis\+unix:\/\//, { error: 'must start with redis://, rediss:// or redis+unix://' })
    .optional(),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { error: 'does not look like a Bot API token (<digits>:<token>)' })
    .optional(),
  TELEGRAM_CHAT_ID: z
    .string()
    .regex(/^-?\d+$|^@[A-Za-z0-9_]{5,}$/, { error: 'must be a numeric chat id or @channelname' })
    .optional(),
  TELEGRAM_API_BASE: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://api.telegram.org'),
  REDIS_TIMEOUT_MS: intIn(10, 60_000).default(250),
  REDIS_REQUIRED: boolish.default(false),
  STATE_DIR: z.string().min(1).optional(),
  STATE_DIRECTORY: z.string().min(1).optional(), // set by systemd's StateDirectory=
  CACHE_DIR: z.string().min(1).optional(),
  CACHE_DIRECTORY: z.string().min(1).optional(), // set by systemd's CacheDirectory=
  DEPLOY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'must be 1–64 characters of A–Z a–z 0–9 . _ -' })
    .optional(),
  TRUSTED_PROXIES: commaList.default([]),
  DOCS: z
    .enum(DOCS_MODES, { error: 'must be off, protected (behind the proxy secret) or public (page and document without the secret)' })
    .default('protected'),
  WORKERS: workers.default(1),
  SHUTDOWN_TIMEOUT_MS: intIn(0, 600_000).default(10_000),
  // Longer than the 60 s idle timeout of common load balancers (AWS ALB, nginx upstream
  // keepalive), so the proxy, not we, closes an idle connection; 255 is Bun's maximum.
  IDLE_TIMEOUT_S: intIn(1, 255).default(75),
  RATE_LIMIT_MAX_KEYS: intIn(1_000, 10_000_000).default(1_000_000),
  // 0 turns the guard off; below 64 MB the process is over it at rest (≈ 70 MB).
  MEMORY_SOFT_LIMIT_MB: intIn(0, 1_048_576)
    .refine((mb) => mb <= 0 || mb >= 64, { error: 'must be 0 (off) or at least 64' })
    .default(128),
})

export type Config = Readonly<{
  appEnv: 'prod' | 'dev'
  port: number
  host: string
  /** Accepted proxy secrets (rotation: several). Empty only in dev with the explicit opt-out. */
  proxySecrets: readonly string[]
  dbPath: string | undefined
  logLevel: (typeof LOG_LEVELS)[number]
  logFile: string | undefined
  redisUrl: string | undefined
  /** Per-check deadline before a rate-limit check falls back to memory, ms. */
  redisTimeoutMs: number
  /** Refuse to serve when the Redis check at start fails (else serve on memory counts). */
  redisRequired: boolean
  telegram: Readonly<{ botToken: string; chatId: string; apiBase: string }> | undefined
  stateDir: string | undefined
  /**
   * Where the verified on-disk copy of the embedded database lives (db/cache-file.ts);
   * undefined with CACHE_DIR=off: the database is then held in memory.
   */
  cacheDir: string | undefined
  deployId: string | undefined
  /** Socket addresses whose X-Forwarded-For is believed. */
  trustedProxies: readonly string[]
  docs: (typeof DOCS_MODES)[number]
  workers: number | 'auto'
  shutdownTimeoutMs: number
  /** Idle keep-alive connections are closed after this, seconds (Bun.serve idleTimeout). */
  idleTimeoutS: number
  rateLimitMaxKeys: number
  /** Resident memory per worker above which garbage is collected at once (memory-guard.ts), MB; 0 = off. */
  memorySoftLimitMb: number
  /** Where each secret that is set came from (never its value), for `config check`. */
  secretSources: Readonly<Partial<Record<SecretName, SecretSource>>>
}>

export type SecretName = (typeof SECRET_NAMES)[number]

/** Where a secret came from: the variable that won and, for files, the path read. */
export type SecretSource = Readonly<{
  kind: 'environment' | 'file' | 'credential'
  /** NAME or NAME_FILE; for a credential, NAME. */
  variable: string
  path?: string
  /** Lower-precedence sources that were also set and not used. */
  ignored: readonly string[]
}>

/** Reads a secret file; injected so tests need no disk. Throws (with an errno `code`) when it cannot. */
export type ReadSecretFile = (path: string) => string

function describeError(err: unknown): string {
  const e = err as { reason?: string; code?: string }
  if (typeof e?.reason === 'string') return e.reason // PrivateFileError: already a sentence
  return e?.code === 'ENOENT' ? 'does not exist' : `cannot be read (${e?.code ?? 'error'})`
}

/**
 * Resolves secrets by precedence NAME > NAME_FILE > `$CREDENTIALS_DIRECTORY/NAME`; a
 * missing credential file is not a problem, an unreadable one is.
 */
function resolveSecrets(env: Env, readSecretFile: ReadSecretFile, problems: string[]) {
  const out: Env = { ...env }
  const sources: Partial<Record<SecretName, SecretSource>> = {}
  const failed = new Set<SecretName>()
  for (const name of SECRET_NAMES) {
    const fileVar = `${name}_FILE`
    const direct = env[name] || undefined
    const filePath = env[fileVar] || undefined
    const credential = env.CREDENTIALS_DIRECTORY ? `${env.CREDENTIALS_DIRECTORY}/${name}` : undefined
    if (direct !== undefined) {
      sources[name] = Object.freeze({ kind: 'environment', variable: name, ignored: filePath ? [fileVar] : [] })
      continue
    }
    if (filePath !== undefined) {
      try {
        out[name] = readSecretFile(filePath).trim()
        sources[name] = Object.freeze({ kind: 'file', variable: fileVar, path: filePath, ignored: [] })
      } catch (err) {
        problems.push(`${fileVar}: ${filePath} ${describeError(err)}`)
        failed.add(name)
      }
      continue
    }
    if (credential !== undefined) {
      try {
        out[name] = readSecretFile(credential).trim()
        sources[name] = Object.freeze({ kind: 'credential', variable: name, path: credential, ignored: [] })
      } catch (err) {
        if ((err as { code?: string })?.code !== 'ENOENT') {
          problems.push(`credential ${credential}: ${describeError(err)}`)
          failed.add(name)
        }
      }
    }
  }
  return { env: out, sources, failed }
}

/**
 * Parses the environment into a frozen Config.
 * @throws ConfigError listing every problem at once (zod issues in plain words, plus
 *   cross-field rules: a proxy secret is required unless APP_ENV=dev and
 *   ALLOW_MISSING_PROXY_SECRET=true; Telegram token and chat id come together).
 */
export function parseConfig(
  env: Env,
  readSecretFile: ReadSecretFile = () => {
    throw new Error('no file access')
  },
): Config {
  const problems: string[] = []
  const { env: resolved, sources, failed } = resolveSecrets(env, readSecretFile, problems)
  // Empty strings mean "unset": systemd and shells produce them easily.
  const cleaned: Env = {}
  for (const key of Object.keys(EnvSchema.shape)) {
    const v = resolved[key]
    if (v !== undefined && v !== '') cleaned[key] = v
  }
  const parsed = EnvSchema.safeParse(cleaned)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // zod's messages here never include the value, so secrets are not echoed.
      problems.push(`${String(issue.path[0] ?? '')}: ${issue.message}`)
    }
  }
  // Cross-field rules run on the raw values too, so one run reports every problem.
  const appEnv = parsed.success ? parsed.data.APP_ENV : cleaned.APP_ENV
  const allowMissing = parsed.success
    ? parsed.data.ALLOW_MISSING_PROXY_SECRET
    : ['1', 'true', 'yes', 'on'].includes(cleaned.ALLOW_MISSING_PROXY_SECRET ?? '')
  const secrets = (cleaned.RAPIDAPI_PROXY_SECRET ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')
  if (secrets.length === 0) {
    if (!(appEnv === 'dev' && allowMissing) && !failed.has('RAPIDAPI_PROXY_SECRET')) {
      problems.push(
        'RAPIDAPI_PROXY_SECRET is not set: the service will not run open. Set it (a comma list for rotation), ' +
          'or for local development only set APP_ENV=dev and ALLOW_MISSING_PROXY_SECRET=true',
      )
    }
  } else if (secrets.some((x) => x.length < 16)) {
    problems.push('RAPIDAPI_PROXY_SECRET: every secret must be at least 16 characters')
  }
  if (allowMissing && appEnv !== 'dev') problems.push('ALLOW_MISSING_PROXY_SECRET is only allowed with APP_ENV=dev')
  if (Boolean(cleaned.TELEGRAM_BOT_TOKEN) !== Boolean(cleaned.TELEGRAM_CHAT_ID) && !failed.has('TELEGRAM_BOT_TOKEN')) {
    problems.push('TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID must be set together (or neither, to disable alerts)')
  }
  if (parsed.success && parsed.data.REDIS_REQUIRED && !parsed.data.REDIS_URL) problems.push('REDIS_REQUIRED=true needs REDIS_URL')
  for (const p of (cleaned.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')) {
    if (isIP(p) === 0)
      problems.push(`TRUSTED_PROXIES: "${p.slice(0, 45)}" is not an IPv4 or IPv6 address (a comma list of addresses, no ranges)`)
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError([...new Set(problems)])
  const e = parsed.data

  return Object.freeze({
    appEnv: e.APP_ENV,
    port: e.PORT,
    host: e.HOST,
    proxySecrets: Object.freeze([...new Set(secrets)]),
    dbPath: e.DB_PATH,
    logLevel: e.LOG_LEVEL ?? (e.APP_ENV === 'dev' ? 'debug' : 'info'),
    logFile: e.LOG_FILE,
    redisUrl: e.REDIS_URL,
    redisTimeoutMs: e.REDIS_TIMEOUT_MS,
    redisRequired: e.REDIS_REQUIRED,
    telegram:
      e.TELEGRAM_BOT_TOKEN && e.TELEGRAM_CHAT_ID
        ? Object.freeze({ botToken: e.TELEGRAM_BOT_TOKEN, chatId: e.TELEGRAM_CHAT_ID, apiBase: e.TELEGRAM_API_BASE.replace(/\/+$/, '') })
        : undefined,
    stateDir: e.STATE_DIR ?? e.STATE_DIRECTORY,
    cacheDir: cacheDirOf(e.CACHE_DIR ?? e.CACHE_DIRECTORY),
    deployId: e.DEPLOY_ID,
    trustedProxies: Object.freeze(e.TRUSTED_PROXIES),
    docs: e.DOCS,
    workers: e.WORKERS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    idleTimeoutS: e.IDLE_TIMEOUT_S,
    rateLimitMaxKeys: e.RATE_LIMIT_MAX_KEYS,
    memorySoftLimitMb: e.MEMORY_SOFT_LIMIT_MB,
    secretSources: Object.freeze(sources),
  })
}

/**
 * CACHE_DIR: a path, `off`, or unset — then `<os.tmpdir()>/kbeauty-api-<uid>` (created 0700;
 * db/cache-file.ts refuses a directory another user could use, and the database then
 * stays in memory).
 */
function cacheDirOf(value: string | undefined): string | undefined {
  if (value?.trim().toLowerCase() === 'off') return undefined
  return value ?? join(tmpdir(), `kbeauty-api-${process.getuid?.() ?? 'user'}`)
}

/** Lines `serve` logs as warnings at start: choices that are allowed but unsafe. */
export function startupWarnings(config: Pick<Config, 'proxySecrets'>): string[] {
  return config.proxySecrets.length === 0
    ? ['no proxy secret: every request is served without one (APP_ENV=dev, ALLOW_MISSING_PROXY_SECRET=true); never expose this instance']
    : []
}

/** Every variable the schema knows; a test checks that the README's table names each one. */
export const CONFIG_KEYS = Object.keys(EnvSchema.shape)
