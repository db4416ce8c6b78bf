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

export type RedisProcess = {
  url: string
  port: number
  stop: () => Promise<void>
  start: () => Promise<void>
  /** Sends a signal to redis-server (SIGSTOP / SIGCONT freeze and thaw it). */
  signal: (sig: NodeJS.Signals) => void
}

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
  return { url: `redis://127.0.0.1:${port}`, port, stop, start, signal: (sig) => proc?.kill(sig) }
}

/** A TCP server on loopback that accepts connections and never answers (a hung Redis or proxy). */
export function silentServer(): { url: string; port: number; stop: () => void } {
  const s = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  return { url: `redis://127.0.0.1:${s.port}`, port: s.port, stop: () => s.stop(true) }
}

/** A Redis 5 look-alike: answers PING, refuses HELLO as Redis < 6 does. */
export function noHelloServer(): { url: string; port: number; stop: () => void } {
  const s = Bun.listen({
    hostname: '127.0.0.1',
    port: 0,
    socket: {
      data(sock, d) {
        const t = d.toString()
        if (/HELLO/i.test(t)) sock.write("-ERR unknown command 'HELLO'\r\n")
        else if (/PING/i.test(t)) sock.write('+PONG\r\n')
      },
    },
  })
  return { url: `redis://127.0.0.1:${s.port}`, port: s.port, stop: () => s.stop(true) }
}
