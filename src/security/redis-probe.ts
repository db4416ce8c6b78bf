/**
 * Can this Redis work with us? Bun's client speaks RESP3 only: it opens every connection
 * with `HELLO 3` (Redis ≥ 6; Redis docs, "HELLO") and reports a refusal merely as
 * "Connection closed". So the probe first asks `HELLO 3` itself over a plain socket and
 * names the failure, then runs the rate-limit script once through Bun's client.
 * Used at start (server.ts) and by `config check`.
 */
import { RedisClient } from 'bun'
import { HIT_SCRIPT } from './redis-store.ts'

export type RedisProbeResult = { ok: true } | { ok: false; problem: string }

/** @default 2000 ms per step */
export const REDIS_PROBE_TIMEOUT_MS = 2_000

type Target = {
  where: string
  connect: { hostname: string; port: number; tls: boolean } | { unix: string }
  user: string
  password: string
}

function target(url: string): Target {
  const u = new URL(url)
  const user = decodeURIComponent(u.username)
  const password = decodeURIComponent(u.password)
  if (u.protocol === 'redis+unix:') return { where: u.pathname, connect: { unix: u.pathname }, user, password }
  const port = Number(u.port || 6379)
  const hostname = u.hostname.replace(/^\[|\]$/g, '')
  return { where: `${u.hostname}:${port}`, connect: { hostname, port, tls: u.protocol === 'rediss:' }, user, password }
}

function command(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`
}

/** Sends HELLO 3 (with AUTH when the URL has a password) and resolves with the first reply line, or a reason. */
function hello(t: Target, timeoutMs: number): Promise<{ line: string } | { error: string }> {
  return new Promise((resolve) => {
    let buf = ''
    let socket: { end(): void } | undefined
    let done = false
    const finish = (r: { line: string } | { error: string }) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket?.end()
      resolve(r)
    }
    const timer = setTimeout(() => finish({ error: `accepts connections but did not answer HELLO within ${timeoutMs} ms` }), timeoutMs)
    const args = ['HELLO', '3', ...(t.password ? ['AUTH', t.user || 'default', t.password] : [])]
    Bun.connect({
      ...t.connect,
      socket: {
        open: (s) => void s.write(command(args)),
        data: (_s, d) => {
          buf += d.toString('latin1')
          const i = buf.indexOf('\r\n')
          if (i >= 0) finish({ line: buf.slice(0, i) })
        },
        close: () => finish({ error: 'closed the connection without answering HELLO' }),
        error: (_s, e) => finish({ error: e.message }),
      },
    } as Parameters<typeof Bun.connect>[0]).then(
      (s) => {
        if (done) s.end()
        else socket = s
      },
      (e: NodeJS.ErrnoException) => finish({ error: e.code === 'ECONNREFUSED' ? 'connection refused' : (e.code ?? e.message) }),
    )
  })
}

/**
 * Verifies that the Redis at `url` speaks RESP3 (`HELLO 3`) and runs the rate-limit
 * script. Resolves `{ ok: false, problem }` with one line saying what is wrong and how to
 * fix it; the line names host:port, never the URL (it may hold a password). Never rejects.
 */
export async function probeRedis(url: string, timeoutMs = REDIS_PROBE_TIMEOUT_MS): Promise<RedisProbeResult> {
  let t: Target
  try {
    t = target(url)
  } catch {
    return { ok: false, problem: 'REDIS_URL is not a valid URL' }
  }
  const fail = (what: string, fix: string): RedisProbeResult => ({ ok: false, problem: `Redis at ${t.where} ${what}; ${fix}` })
  const reply = await hello(t, timeoutMs)
  if ('error' in reply) return fail(reply.error, 'check REDIS_URL and that Redis is running and reachable')
  const line = reply.line
  if (/^-(NOAUTH|WRONGPASS)/.test(line)) return fail('refused our credentials', 'check the user and password in REDIS_URL')
  if (!line.startsWith('%')) {
    return fail(
      `does not speak RESP3 (HELLO 3 answered ${JSON.stringify(line.slice(0, 80))})`,
      'use Redis 6 or newer, or a proxy that passes HELLO through',
    )
  }
  const client = new RedisClient(url, { autoReconnect: false, enableOfflineQueue: false, connectionTimeout: timeoutMs })
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    })
    const run = (async () => {
      await client.connect()
      return client.send('EVAL', [HIT_SCRIPT, '1', `kbeauty-api:probe:${crypto.randomUUID()}`, '1000'])
    })()
    run.catch(() => {})
    const count = await Promise.race([run, deadline])
    if (Number(count) !== 1)
      return fail(`answered the rate-limit script with ${JSON.stringify(count)}`, 'use a Redis with Lua scripting (EVAL)')
    return { ok: true }
  } catch (err) {
    return fail(
      `cannot run the rate-limit script (${String((err as Error)?.message ?? err).slice(0, 120)})`,
      'allow EVAL/EVALSHA for this user (ACL) and use a Redis with Lua scripting',
    )
  } finally {
    clearTimeout(timer)
    client.close()
  }
}
