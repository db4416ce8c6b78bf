/**
 * Is the Redis of REDIS_URL usable? A plain check: connect with Bun's client (which opens
 * with `HELLO 3`, so a Redis older than 6 fails here) and PING. The resilience work
 * (src/security/redis-probe.ts) replaces this with a probe that also runs the rate-limit
 * script; the signature is the same.
 */
import { RedisClient } from 'bun'

export type RedisProbeResult = { ok: true } | { ok: false; problem: string }

/** Never rejects; the problem names host:port, never the URL (it may hold a password). */
export async function probeRedis(url: string, timeoutMs = 2_000): Promise<RedisProbeResult> {
  let where: string
  try {
    const u = new URL(url)
    where = u.protocol === 'redis+unix:' ? u.pathname : `${u.hostname}:${u.port || 6379}`
  } catch {
    return { ok: false, problem: 'REDIS_URL is not a valid URL' }
  }
  const client = new RedisClient(url, { autoReconnect: false, enableOfflineQueue: false, connectionTimeout: timeoutMs })
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    })
    const run = (async () => {
      await client.connect()
      return client.send('PING', [])
    })()
    run.catch(() => {})
    await Promise.race([run, deadline])
    return { ok: true }
  } catch (err) {
    const reason = String((err as Error)?.message ?? err).slice(0, 120)
    return { ok: false, problem: `Redis at ${where} does not answer (${reason}); check REDIS_URL and that Redis 6 or newer is running and reachable` }
  } finally {
    clearTimeout(timer)
    client.close()
  }
}
