/**
 * Running the service: open the database, build the dependencies, listen, and stop
 * gracefully. Called by main.ts only; importing this module does nothing.
 */
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { createApp, MAX_BODY_BYTES } from './app.ts'
import type { Config, Env } from './config.ts'
import { openDatabase } from './db/open.ts'
import { createIngredientService } from './ingredients/service.ts'
import { createLogger, safeDestination } from './logger.ts'
import { MemoryStore } from './security/memory-store.ts'
import { RedisStore } from './security/redis-store.ts'
import type { RateLimitStore } from './security/rate-limit-store.ts'
import { VERSION } from './version.ts'

export type RunServerOptions = {
  config: Config
  env: Env
  /** Path of the database embedded in the executable. */
  embeddedDbPath: string
  argv: string[]
}

/**
 * Opens the database (DB_PATH or the embedded one), starts listening on HOST:PORT and
 * installs SIGTERM/SIGINT handlers that stop accepting, drain in-flight requests within
 * SHUTDOWN_TIMEOUT_MS, flush logs, and exit 0.
 * @throws DatabaseError before listening when the database is unusable.
 */
export async function runServer(o: RunServerOptions): Promise<void> {
  const { config } = o
  const destination = safeDestination(config.logFile ? { file: config.logFile } : { fd: 1 })
  const logger = createLogger(config, destination)

  const db = config.dbPath
    ? openDatabase({ kind: 'file', path: config.dbPath })
    : openDatabase({ kind: 'embedded', bytes: new Uint8Array(readFileSync(o.embeddedDbPath)) })
  const service = createIngredientService(db)

  const memory = new MemoryStore({
    maxKeys: config.rateLimitMaxKeys,
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
    logger,
    rateLimitStore: store,
    onInternalError: ({ route, method, error, requestId }) =>
      logger.error({ msg: 'internal error', route, method, req_id: requestId, error_type: (error as Error)?.name, error: String((error as Error)?.message ?? error).slice(0, 500) }),
  })

  app.listen({ port: config.port, hostname: config.host, reusePort: true, maxRequestBodySize: MAX_BODY_BYTES, development: false })
  const server = app.server!
  logger.info({
    msg: 'listening',
    version: VERSION,
    host: hostname(),
    address: `${server.hostname}:${server.port}`,
    app_env: config.appEnv,
    ingredients: service.ping(),
    database: config.dbPath ? 'DB_PATH' : 'embedded',
  })

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ msg: 'stopping', signal, pending_requests: server.pendingRequests })
    const deadline = setTimeout(() => {
      logger.warn({ msg: 'shutdown deadline reached; closing remaining connections', pending_requests: server.pendingRequests })
      server.stop(true)
    }, config.shutdownTimeoutMs)
    await server.stop(false) // stop accepting; resolves when in-flight requests are done
    clearTimeout(deadline)
    store.close()
    db.close()
    logger.info({ msg: 'stopped' })
    destination.flush?.()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}
