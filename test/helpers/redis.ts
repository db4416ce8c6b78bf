/** Starts a private redis-server on a free loopback port (for tests that kill it). */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const REDIS_SERVER = Bun.which('redis-server')

export async function freePort(): Promise<number> {
  const s = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() })
  const port = s.port!
  await s.stop(true)
  return port
}

export type RedisProcess = { url: string; port: number; stop: () => Promise<void>; start: () => Promise<void> }

/** A redis-server that the test can stop and start again on the same port. */
export async function startRedis(): Promise<RedisProcess> {
  if (!REDIS_SERVER) throw new Error('redis-server is not installed')
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'kbeauty-redis-'))
  let proc: ReturnType<typeof Bun.spawn> | undefined
  const start = async () => {
    proc = Bun.spawn([REDIS_SERVER!, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdout: 'pipe',
      stderr: 'pipe',
    })
    for (let i = 0; i < 100; i++) {
      try {
        const c = await Bun.connect({ hostname: '127.0.0.1', port, socket: { data() {} } })
        c.end()
        return
      } catch {
        await Bun.sleep(50)
      }
    }
    throw new Error('redis-server did not start within 5 s')
  }
  const stop = async () => {
    proc?.kill('SIGKILL')
    await proc?.exited
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, port, stop, start }
}
