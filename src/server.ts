/**
 * Running the service: open the database, build the dependencies, listen, alert, and stop
 * gracefully. With WORKERS > 1 the first process becomes a supervisor (supervisor.ts) and
 * each worker is this same executable running `serve` with KBEAUTY_WORKER_INDEX set.
 * Called by main.ts only; importing this module does nothing.
 */
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { claimStartupAlert, claimStartupAlertRedis, deployIdFrom, type StartupClaim } from './alerts/startup-lock.ts'
import { createTelegramAlerter, type TelegramAlerter } from './alerts/telegram.ts'
import { createApp } from './app.ts'
import { analyzerFor } from './analysis/analyze.ts'
import { startupWarnings, type Config, type Env } from './config.ts'
import { openDatabase } from './db/open.ts'
import { createIngredientService, type IngredientService } from './ingredients/service.ts'
import { formatHostPort } from './host-port.ts'
import { createLogger, safeDestination, type Logger } from './logger.ts'
import { MemoryStore } from './security/memory-store.ts'
import type { RateLimitStore } from './security/rate-limit-store.ts'
import { RedisStore } from './security/redis-store.ts'
import { superviseWorkers } from './supervisor.ts'
import { BUILD_DATE, COMMIT, VERSION } from './version.ts'

export type RunServerOptions = {
  config: Config
  env: Env
  /** Path of the database embedded in the executable. */
  embeddedDbPath: string
}

/** Environment variable that marks a worker process and carries its index. */
export const WORKER_ENV = 'KBEAUTY_WORKER_INDEX'

/**
 * Serves until SIGTERM/SIGINT, then exits 0 after draining.
 * @throws DatabaseError before listening when the database is unusable (one line for the operator).
 */
export async function runServer(o: RunServerOptions): Promise<void> {
  const workers = o.config.workers === 'auto' ? Math.max(1, navigator.hardwareConcurrency) : o.config.workers
  const index = o.env[WORKER_ENV]
  if (workers > 1 && index === undefined) return runPrimary(o, workers)
  return runWorker(o, workers, index === undefined ? 0 : Number(index))
}

function openConfiguredDatabase(o: RunServerOptions) {
  return o.config.dbPath
    ? openDatabase({ kind: 'file', path: o.config.dbPath })
    : openDatabase({ kind: 'embedded', bytes: new Uint8Array(readFileSync(o.embeddedDbPath)), label: 'embedded database' })
}

/** Secrets that must never reach a log line or an alert. */
function secretValues(config: Config): string[] {
  const out = [...config.proxySecrets]
  if (config.telegram) out.push(config.telegram.botToken)
  if (config.redisUrl) {
    try {
      const password = new URL(config.redisUrl).password
      if (password) out.push(decodeURIComponent(password))
    } catch {
      /* validated by config */
    }
  }
  return out
}

function createAlerter(config: Config, logger: Logger): TelegramAlerter | undefined {
  if (!config.telegram) return undefined
  return createTelegramAlerter({
    botToken: config.telegram.botToken,
    chatId: config.telegram.chatId,
    apiBase: config.telegram.apiBase,
    log: ({ level, event, ...fields }) => logger[level]({ msg: event, ...fields }),
  })
}

/** Shared shutdown: stop accepting and drain (bounded), flush alerts and logs, exit 0. */
function onSignals(stop: (signal: string) => Promise<void>): void {
  let stopping = false
  const handler = (signal: string) => {
    if (stopping) return
    stopping = true
    void stop(signal).finally(() => process.exit(0))
  }
  process.on('SIGTERM', () => handler('SIGTERM'))
  process.on('SIGINT', () => handler('SIGINT'))
}

/** Claims the once-per-deploy startup alert: Redis across machines, else the state-dir lock. */
async function claimStartup(config: Config, logger: Logger, workerIndex: number): Promise<StartupClaim | null> {
  const deployId = deployIdFrom({ version: VERSION, commit: COMMIT, buildDate: BUILD_DATE ?? 'source', explicit: config.deployId })
  try {
    if (config.redisUrl) return await claimStartupAlertRedis({ url: config.redisUrl, deployId })
    if (config.stateDir) return await claimStartupAlert({ stateDir: config.stateDir, deployId })
  } catch (err) {
    logger.warn({ msg: 'startup-alert lock unavailable; only worker 0 alerts', error: String((err as Error)?.message ?? err).slice(0, 200) })
  }
  // No shared state: worker 0 alerts on every start (documented in the README).
  if (workerIndex !== 0) return null
  return { status: 'claimed', sent: async () => 'recorded', failed: async () => 'recorded' }
}

async function sendStartupAlert(config: Config, logger: Logger, alerter: TelegramAlerter, service: IngredientService, workers: number, workerIndex: number) {
  const claim = await claimStartup(config, logger, workerIndex)
  if (!claim || claim.status !== 'claimed') return
  const stats = service.stats()
  alerter.startup(
    {
      version: `${VERSION} (${COMMIT})`,
      appEnv: config.appEnv,
      records: stats.ingredients,
      sourceDates: stats.sources.map((s) => ({ file: s.file, date: s.source_date })),
      host: hostname(),
      workers,
      time: new Date(),
    },
    { onSettled: (outcome) => void (outcome === 'sent' ? claim.sent() : claim.failed()) },
  )
}

async function runWorker(o: RunServerOptions, workers: number, workerIndex: number): Promise<void> {
  const { config } = o
  const destination = safeDestination(config.logFile ? { file: config.logFile } : { fd: 1 })
  const logger = createLogger(config, destination).child(workers > 1 ? { worker: workerIndex } : {})
  const db = openConfiguredDatabase(o)
  const service = createIngredientService(db)
  const alerter = createAlerter(config, logger)

  const memory = new MemoryStore({
    maxKeys: config.rateLimitMaxKeys,
    workers,
    onFull: (max) => logger.warn({ msg: 'rate-limit table full; new consumers refused until the window ends', max_keys: max }),
  })
  const store: RateLimitStore = config.redisUrl
    ? new RedisStore({
        url: config.redisUrl,
        timeoutMs: config.redisTimeoutMs,
        fallback: memory,
        onStatus: (status, error) =>
          status === 'up'
            ? logger.info({ msg: 'redis connected; rate limits shared' })
            : logger.error({ msg: 'redis unavailable; rate limits counted in memory until it returns', error }),
      })
    : memory

  const app = createApp({
    config,
    service,
    analyzer: analyzerFor(db, service),
    logger,
    rateLimitStore: store,
    secrets: secretValues(config).filter((s) => !config.proxySecrets.includes(s)),
    onInternalError: ({ route, method, error, requestId }) => {
      const errorType = (error as Error)?.name ?? 'Error'
      const message = String((error as Error)?.message ?? error)
      logger.error({ msg: 'internal error', route, method, req_id: requestId, error_type: errorType, error: message.slice(0, 500) })
      alerter?.error({ route, method, errorType, message, requestId, status: 500 })
    },
  })

  // Bun's own body limit answers a bare 413 without our headers: keep it out of reach and
  // let the edge refuse (input guard: declared Content-Length; body-limit.ts: chunked bodies).
  app.listen({ port: config.port, hostname: config.host, reusePort: true, maxRequestBodySize: Number.POSITIVE_INFINITY, development: false })
  const server = app.server!
  logger.info({
    msg: 'listening',
    version: VERSION,
    commit: COMMIT,
    host: hostname(),
    address: formatHostPort(server.hostname ?? config.host, server.port ?? config.port),
    app_env: config.appEnv,
    ingredients: service.ping(),
    database: config.dbPath ?? 'embedded',
  })
  if (workerIndex === 0) for (const warning of startupWarnings(config)) logger.warn({ msg: warning })
  if (alerter) void sendStartupAlert(config, logger, alerter, service, workers, workerIndex)

  onSignals(async (signal) => {
    const started = Date.now()
    logger.info({ msg: 'stopping', signal, pending_requests: server.pendingRequests })
    const deadline = setTimeout(() => {
      logger.warn({ msg: 'shutdown deadline reached; closing remaining connections', pending_requests: server.pendingRequests })
      void server.stop(true)
    }, config.shutdownTimeoutMs)
    await server.stop(false) // stop accepting; resolves when in-flight requests are done
    clearTimeout(deadline)
    if (alerter) {
      await alerter.flush(Math.max(1_000, Math.min(5_000, config.shutdownTimeoutMs - (Date.now() - started))))
      alerter.close()
    }
    store.close()
    db.close()
    logger.info({ msg: 'stopped', signal })
    destination.flush()
  })
}

async function runPrimary(o: RunServerOptions, workers: number): Promise<void> {
  const { config } = o
  const destination = safeDestination(config.logFile ? { file: config.logFile } : { fd: 1 })
  const logger = createLogger(config, destination).child({ role: 'supervisor' })
  openConfiguredDatabase(o).close() // fail fast with one line instead of N crash-looping workers
  const alerter = createAlerter(config, logger)
  const compiled = Bun.main.startsWith('/$bunfs/')
  const command = compiled ? [process.execPath, 'serve'] : [process.execPath, Bun.main, 'serve']
  logger.info({ msg: 'starting workers', workers, version: VERSION })

  await superviseWorkers({
    workers,
    command,
    workerEnv: WORKER_ENV,
    env: { ...o.env, WORKERS: String(workers) },
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    log: (level, msg, fields) => logger[level]({ msg, ...fields }),
    onWorkerDied: ({ index, pid, code, signal, restarts }) =>
      alerter?.error({
        route: 'supervisor',
        errorType: 'WorkerDied',
        message: `worker ${index} (pid ${pid}) exited with ${signal ? `signal ${signal}` : `code ${code}`}; restart ${restarts}`,
      }),
  })
  if (alerter) {
    await alerter.flush(3_000)
    alerter.close()
  }
  logger.info({ msg: 'stopped' })
  destination.flush()
  process.exit(0)
}
