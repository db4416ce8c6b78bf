/**
 * Running the service: check the port and Redis, announce the start, serve, and stop
 * gracefully. With WORKERS > 1 the process's main thread supervises N worker threads
 * (supervisor.ts, worker.ts) that listen on one port with SO_REUSEPORT and count rate
 * limits in one shared table (security/shared-memory-store.ts); the main thread owns the
 * startup alert and the Telegram alerter, so both are once per host, not per worker.
 * Called by main.ts only; importing this module does nothing.
 */
import { hostname } from 'node:os'
import { recordStart } from './alerts/startup-alert.ts'
import { createTelegramAlerter, type ErrorInfo, type TelegramAlerter } from './alerts/telegram.ts'
import { analyzerFor } from './analysis/analyze.ts'
import { createApp } from './app.ts'
import { CommandError, EXIT } from './cli/command.ts'
import { type Config, type Env, startupWarnings } from './config.ts'
import { embeddedDatabaseSource, openDatabase, openEmbeddedDatabase } from './db/open.ts'
import { formatHostPort } from './host-port.ts'
import { createIngredientService, type IngredientService } from './ingredients/service.ts'
import { createLogger, type Logger, safeDestination } from './logger.ts'
import { startMemoryGuard } from './memory-guard.ts'
import { MemoryStore } from './security/memory-store.ts'
import type { RateLimitStore } from './security/rate-limit-store.ts'
import { probeRedis } from './security/redis-probe.ts'
import { RedisStore, type SyncStore } from './security/redis-store.ts'
import { createSharedCounters, SharedMemoryStore } from './security/shared-memory-store.ts'
import { superviseThreads } from './supervisor.ts'
import { BUILD_DATE, COMMIT, VERSION } from './version.ts'

export type RunServerOptions = {
  config: Config
  env: Env
  /** Path of the database embedded in the executable. */
  embeddedDbPath: string
}

/** How long nothing must be pending after the listener closed before the remaining connections are closed, ms. */
export const DRAIN_GRACE_MS = 50

/**
 * Serves until SIGTERM/SIGINT, then exits 0 after draining.
 * @throws DatabaseError before listening when the database is unusable (one line for the operator).
 * @throws CommandError (exit 69) when another process listens on the port, or REDIS_REQUIRED=true and Redis fails its check.
 */
export async function runServer(o: RunServerOptions): Promise<void> {
  const { config } = o
  // Listening from the start; `on`, not `once`: a second SIGTERM during the drain must not kill the process.
  const stopSignal = new Promise<string>((resolve) => {
    process.on('SIGTERM', () => resolve('SIGTERM'))
    process.on('SIGINT', () => resolve('SIGINT'))
  })
  // The worker-crash drill (README "Signals"), from the start so its default (exit) never applies.
  let drill: () => void = () => logger.warn({ msg: 'SIGUSR2 ignored: no worker threads (serve --workers N to drill a worker crash)' })
  process.on('SIGUSR2', () => drill())
  const workers = workerCount(config)
  const destination = safeDestination(config.logFile ? { file: config.logFile } : { fd: 1 })
  const logger = createLogger(config, destination).child(workers > 1 ? { role: 'supervisor' } : {})
  // With workers the database is checked here once: one clear line instead of N failing threads.
  let stats: (() => Stats) | undefined = workers > 1 ? statsOnce(openConfiguredDatabase(config, o.embeddedDbPath)) : undefined
  // One service per port: a single process listens without SO_REUSEPORT; workers share it
  // only after the main thread found the port free the same way.
  const port = workers > 1 ? claimPort(config.host, config.port) : config.port
  if (config.redisUrl) {
    const check = await probeRedis(config.redisUrl)
    if (!check.ok && config.redisRequired) throw new CommandError(`${check.problem} (REDIS_REQUIRED=true)`, EXIT.unavailable)
    if (!check.ok) logger.error({ msg: 'redis check failed; rate limits counted in memory until it works', error: check.problem })
  }
  for (const warning of startupWarnings(config)) logger.warn({ msg: warning })
  const alerter = createAlerter(config, logger)
  const started = new Date()
  let stop: () => Promise<void> = async () => {}
  if (workers === 1) {
    const unit = serveHere({
      config,
      embeddedDbPath: o.embeddedDbPath,
      port,
      reusePort: false,
      logger,
      destination,
      onInternalError: (e) => alerter?.error(e),
    })
    stop = unit.stop
    stats = unit.stats
  }
  const start = await recordStart({
    stateDir: config.stateDir,
    deployId: deployId(config),
    redisUrl: config.redisUrl,
    startedAt: started,
  }).catch((err: Error) => {
    logger.warn({ msg: 'start record unavailable; the startup alert cannot tell restarts apart', error: err.message.slice(0, 200) })
    return { event: 'started', release: async () => {} }
  })
  if (workers > 1) {
    const counters = createSharedCounters(config.rateLimitMaxKeys)
    const threads = superviseThreads({
      workers,
      entry: new URL('./worker.ts', import.meta.url).href,
      init: (index) => ({ config, embeddedDbPath: o.embeddedDbPath, port, index, counters }),
      log: (level, msg, fields) => logger[level]({ msg, ...fields }),
      onError: (e) => alerter?.error(e),
      stopTimeoutMs: config.shutdownTimeoutMs + 2_000, // each worker's own deadline is shutdownTimeoutMs
      onWorkerDied: ({ index, reason, restarts }) =>
        alerter?.error({
          route: 'supervisor',
          errorType: 'WorkerDied',
          message: `worker ${index} stopped (${reason}); restart ${restarts}`,
        }),
    })
    stop = threads.stop
    // SIGUSR2 ends one worker thread as a crash would (the next one each time, and only while
    // every worker listens); the supervisor restarts it and the alert path reports it.
    drill = () => {
      const index = threads.terminate()
      if (index === null) logger.warn({ msg: 'SIGUSR2 ignored: a worker is not listening (restarting, starting or stopping)' })
      else logger.warn({ msg: 'worker terminated by SIGUSR2 (fault drill)', worker: index })
    }
  }
  if (alerter && start.event && stats) {
    const { ingredients, sources } = stats()
    alerter.startup({
      event: start.event,
      version: `${VERSION} (${COMMIT})`,
      appEnv: config.appEnv,
      records: ingredients,
      sourceDates: sources.map((s) => ({ file: s.file, date: s.source_date })),
      host: hostname(),
      workers,
      time: started,
    })
  }

  const signal = await stopSignal
  const stopping = Date.now()
  if (workers > 1) logger.info({ msg: 'stopping workers', signal })
  await stop()
  if (alerter) {
    await alerter.flush(Math.max(1_000, Math.min(5_000, config.shutdownTimeoutMs - (Date.now() - stopping))))
    alerter.close()
  }
  await start.release()
  if (workers > 1) logger.info({ msg: 'stopped', signal })
  destination.flush()
  process.exit(0)
}

type Stats = ReturnType<IngredientService['stats']>

/** WORKERS as a number (`auto`: one per CPU). */
function workerCount(config: Config): number {
  return config.workers === 'auto' ? Math.max(1, navigator.hardwareConcurrency) : config.workers
}

/** Reads the stats of `db` and closes it. */
function statsOnce(db: ReturnType<typeof openConfiguredDatabase>): () => Stats {
  const value = createIngredientService(db).stats()
  db.close()
  return () => value
}

function deployId(config: Config): string {
  return config.deployId ?? `${VERSION}-${COMMIT}-${BUILD_DATE ?? 'source'}`.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64)
}

/**
 * Binds `host:port` without SO_REUSEPORT and lets it go: fails exactly when another
 * process (any user) listens there, since the kernel refuses such a bind beside any
 * listener. Returns the port (the kernel's choice for 0). Workers bind right after.
 * @throws CommandError (exit 69) naming the port.
 */
export function claimPort(host: string, port: number): number {
  try {
    const probe = Bun.listen({ hostname: host, port, socket: { data() {} } })
    const chosen = probe.port
    probe.stop(true)
    return chosen
  } catch (err) {
    throw portError(host, port, err)
  }
}

function portError(host: string, port: number, err: unknown): Error {
  if ((err as NodeJS.ErrnoException)?.code !== 'EADDRINUSE') return err as Error
  return new CommandError(
    `port ${port} on ${host} is already in use by another process (another kbeauty-api serve?); stop it or set PORT`,
    EXIT.unavailable,
  )
}

/** The listening line's account of how the embedded database was read (db/open.ts embeddedDatabaseSource). */
function embeddedReadFields(): Record<string, string | null> {
  const { read, cacheProblem } = embeddedDatabaseSource()
  return cacheProblem ? { database_read: read, database_cache_unused: cacheProblem } : { database_read: read }
}

export function openConfiguredDatabase(config: Config, embeddedDbPath: string) {
  return config.dbPath
    ? openDatabase({ kind: 'file', path: config.dbPath })
    : openEmbeddedDatabase(embeddedDbPath, undefined, config.cacheDir)
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

export type ServeHereOptions = {
  config: Config
  embeddedDbPath: string
  port: number
  /** True only for worker threads, after claimPort. */
  reusePort: boolean
  logger: Logger
  destination: { flush: () => void }
  /** Shared counters of the worker threads; absent in a single process. */
  counters?: SharedArrayBuffer
  onInternalError: (info: ErrorInfo) => void
}

/**
 * One serving unit (the single process, or one worker thread): database, rate-limit
 * store, app, listen. `stop()` stops accepting, lets requests in flight finish, and
 * closes idle keep-alive and half-received connections at once (Bun's graceful stop
 * would wait for them), all within SHUTDOWN_TIMEOUT_MS.
 * @throws CommandError (exit 69) when the port is taken.
 */
export function serveHere(o: ServeHereOptions): { stop: () => Promise<void>; stats: () => Stats } {
  const { config, logger } = o
  const db = openConfiguredDatabase(config, o.embeddedDbPath)
  const service = createIngredientService(db)
  const onFull = (max: number) => logger.warn({ msg: 'rate-limit table full; new consumers refused until the window ends', max_keys: max })
  const memory: SyncStore = o.counters
    ? new SharedMemoryStore({ buffer: o.counters, maxKeys: config.rateLimitMaxKeys, onFull })
    : new MemoryStore({ maxKeys: config.rateLimitMaxKeys, onFull })
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
    : (memory as RateLimitStore)

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
      o.onInternalError({ route, method, errorType, message, requestId, status: 500 })
    },
  })

  // Bun's own body limit answers a bare 413 without our headers: keep it out of reach and
  // let the edge refuse (input guard: declared Content-Length; body-limit.ts: chunked bodies).
  try {
    app.listen({
      port: o.port,
      hostname: config.host,
      reusePort: o.reusePort,
      idleTimeout: config.idleTimeoutS,
      maxRequestBodySize: Number.POSITIVE_INFINITY,
      development: false,
    })
  } catch (err) {
    throw portError(config.host, o.port, err)
  }
  const server = app.server!
  // The limit is per worker; worker threads share one process, whose resident set is read.
  const guard =
    config.memorySoftLimitMb > 0
      ? startMemoryGuard({ limitBytes: config.memorySoftLimitMb * 1024 * 1024 * (o.counters ? workerCount(config) : 1) })
      : undefined
  logger.info({
    msg: 'listening',
    version: VERSION,
    commit: COMMIT,
    host: hostname(),
    address: formatHostPort(server.hostname ?? config.host, server.port ?? o.port),
    app_env: config.appEnv,
    ingredients: service.ping(),
    database: config.dbPath ?? 'embedded',
    ...(config.dbPath ? {} : embeddedReadFields()),
  })

  const stop = async () => {
    const started = Date.now()
    logger.info({ msg: 'stopping', pending_requests: server.pendingRequests })
    void server.stop(false) // stop accepting
    // A connection accepted just before the close may not have had its request parsed yet (it
    // is not pending): the rest are closed only once nothing has been pending for DRAIN_GRACE_MS.
    let quietSince: number | null = null
    while (Date.now() - started < config.shutdownTimeoutMs) {
      const now = Date.now()
      if (server.pendingRequests > 0) quietSince = null
      else if (quietSince === null) quietSince = now
      else if (now - quietSince >= DRAIN_GRACE_MS) break
      await Bun.sleep(10)
    }
    if (server.pendingRequests > 0)
      logger.warn({ msg: 'shutdown deadline reached; closing remaining connections', pending_requests: server.pendingRequests })
    await server.stop(true) // idle keep-alive and half-received connections: nothing to wait for
    guard?.stop()
    store.close()
    db.close()
    logger.info({
      msg: 'stopped',
      ...(guard ? { memory_guard_collections: guard.stats().collections, memory_guard_ms: Math.round(guard.stats().ms) } : {}),
    })
    o.destination.flush()
  }
  return { stop, stats: () => service.stats() }
}
