/**
 * Entry of one worker thread of `serve --workers N` (started by supervisor.ts): serves
 * with SO_REUSEPORT on the port the main thread claimed, counts in the shared table, and
 * hands 500s to the main thread's alerter. A separate entry point of the build.
 */
import type { Config } from './config.ts'
import { createLogger, safeDestination } from './logger.ts'
import { serveHere } from './server.ts'
import type { FromWorker, ToWorker } from './supervisor.ts'

declare const self: Worker

export type WorkerInit = { config: Config; embeddedDbPath: string; port: number; index: number; counters: SharedArrayBuffer }

const send = (m: FromWorker) => self.postMessage(m)
let unit: { stop: () => Promise<void> } | undefined

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data
  if (m.type === 'start') {
    const init = m.init as WorkerInit
    const destination = safeDestination(init.config.logFile ? { file: init.config.logFile } : { fd: 1 })
    const logger = createLogger(init.config, destination).child({ worker: init.index })
    try {
      unit = serveHere({ ...init, reusePort: true, logger, destination, onInternalError: (info) => send({ type: 'internal-error', info }) })
      send({ type: 'listening' })
    } catch (err) {
      send({ type: 'failed', message: String((err as Error)?.message ?? err).slice(0, 300) })
    }
  } else if (m.type === 'stop') {
    void (unit?.stop() ?? Promise.resolve()).finally(() => send({ type: 'stopped' }))
  }
}
