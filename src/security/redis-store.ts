/**
 * Redis rate-limit store, shared by every instance that points at the same Redis, using
 * Bun's built-in client (Bun docs, "Redis client"). One Lua script per check makes
 * count-and-expire atomic (Redis docs, "Scripting with Lua": a script runs atomically).
 *
 * Availability over strictness, behind a circuit breaker (circuit-breaker.ts): a check
 * that fails or gets no answer within `timeoutMs` opens the breaker; while open, checks
 * are counted by a local MemoryStore without touching Redis, and a background probe on a
 * fresh connection (SCRIPT LOAD, same deadline) closes it again. So a Redis that hangs
 * costs at most one timeout window per backoff period, and only the requests already
 * waiting when it stopped answering. `onStatus` is called per breaker change.
 */
import { RedisClient } from 'bun'
import { CircuitBreaker } from './circuit-breaker.ts'
import { MemoryStore } from './memory-store.ts'
import type { Hit, RateLimitStore } from './rate-limit-store.ts'

/** KEYS[1] = window key; ARGV[1] = expiry in ms. Returns the count in the window. */
export const HIT_SCRIPT = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return c`

/** SHA-1 of HIT_SCRIPT: checks send EVALSHA (40 bytes) instead of the script each time. */
const HIT_SCRIPT_SHA = new Bun.CryptoHasher('sha1').update(HIT_SCRIPT).digest('hex')

export type RedisStoreOptions = {
  url: string
  /** Per-check and per-probe deadline before falling back to memory. @default 250 ms */
  timeoutMs?: number
  /** Key prefix. @default 'kbeauty-api:rl:' */
  prefix?: string
  now?: () => number
  /** Counts while the breaker is open (the process's memory or shared-memory store). */
  fallback?: SyncStore
  /** Called on breaker changes only (not per request). `error` is a short reason, never the URL. */
  onStatus?: (status: 'up' | 'down', error?: string) => void
  /** Breaker backoff bounds (growing, jittered). @default 500 ms … 30 s */
  reconnectMinMs?: number
  reconnectMaxMs?: number
}

/** A store that answers at once (memory-store.ts, shared-memory-store.ts). */
export type SyncStore = { hit(key: string, windowMs: number): Hit; close(): void }

export const REDIS_STORE_DEFAULTS = { timeoutMs: 250, prefix: 'kbeauty-api:rl:', reconnectMinMs: 500, reconnectMaxMs: 30_000 } as const

/** Counters in Redis shared by every instance; memory while the breaker is open. */
export class RedisStore implements RateLimitStore {
  readonly synchronous = false
  private readonly url: string
  private readonly timeoutMs: number
  private readonly prefix: string
  private readonly now: () => number
  private readonly fallback: SyncStore
  private readonly breaker: CircuitBreaker
  private client: RedisClient | null = null
  private probeTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false

  constructor(opts: RedisStoreOptions) {
    this.url = opts.url
    this.timeoutMs = opts.timeoutMs ?? REDIS_STORE_DEFAULTS.timeoutMs
    this.prefix = opts.prefix ?? REDIS_STORE_DEFAULTS.prefix
    this.now = opts.now ?? Date.now
    this.fallback = opts.fallback ?? new MemoryStore({ now: this.now })
    this.breaker = new CircuitBreaker({
      minMs: opts.reconnectMinMs ?? REDIS_STORE_DEFAULTS.reconnectMinMs,
      maxMs: opts.reconnectMaxMs ?? REDIS_STORE_DEFAULTS.reconnectMaxMs,
      onChange: (state, reason) => opts.onStatus?.(state === 'closed' ? 'up' : 'down', reason?.slice(0, 200)),
    })
    this.schedule(0)
  }

  /** True when checks currently go to Redis. */
  get connected(): boolean {
    return this.breaker.closed
  }

  private schedule(delayMs: number): void {
    if (this.closed || this.probeTimer) return
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null
      void this.probe()
    }, delayMs)
    this.probeTimer.unref?.()
  }

  /** Opens the breaker, drops the connection (its queued commands fail) and schedules a probe. */
  private trip(reason: string): void {
    if (this.closed) return
    const old = this.client
    this.client = null
    if (old) closeQuietly(old)
    this.schedule(this.breaker.failure(reason))
  }

  private async probe(): Promise<void> {
    if (this.closed) return
    const client = new RedisClient(this.url, {
      autoReconnect: false,
      enableOfflineQueue: false,
      connectionTimeout: Math.max(this.timeoutMs, 1_000),
    })
    client.onclose = (err) => {
      if (this.client === client) this.trip(err?.message ?? 'connection closed')
    }
    try {
      await this.deadline(
        (async () => {
          await client.connect()
          await client.send('SCRIPT', ['LOAD', HIT_SCRIPT])
        })(),
      )
    } catch (err) {
      closeQuietly(client)
      return this.trip((err as Error)?.message ?? 'probe failed')
    }
    if (this.closed) return closeQuietly(client)
    this.client = client
    this.breaker.success()
  }

  /** `work` or a rejection after `timeoutMs`. */
  private async deadline<T>(work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined
    work.catch(() => {})
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs)
        }),
      ])
    } finally {
      clearTimeout(timer)
    }
  }

  hit(key: string, windowMs: number): Hit | Promise<Hit> {
    const client = this.client
    if (!client || !this.breaker.closed) return this.fallback.hit(key, windowMs)
    return this.hitRedis(client, key, windowMs)
  }

  private async hitRedis(client: RedisClient, key: string, windowMs: number): Promise<Hit> {
    const now = this.now()
    const window = Math.floor(now / windowMs)
    const resetMs = Math.max(1, (window + 1) * windowMs - now)
    const args = ['1', `${this.prefix}${window}:${key}`, String(windowMs + 1_000)]
    try {
      // EVALSHA first; a server that does not know the script (NOSCRIPT, e.g. after a
      // restart) gets EVAL, which also caches it (Redis docs, "EVALSHA").
      const count = await this.deadline(
        client.send('EVALSHA', [HIT_SCRIPT_SHA, ...args]).catch((err: Error) => {
          if (!String(err?.message).includes('NOSCRIPT')) throw err
          return client.send('EVAL', [HIT_SCRIPT, ...args])
        }),
      )
      return { count: Number(count), resetMs }
    } catch (err) {
      if (this.client === client) this.trip((err as Error)?.message ?? 'command failed')
      return this.fallback.hit(key, windowMs)
    }
  }

  close(): void {
    this.closed = true
    if (this.probeTimer) clearTimeout(this.probeTimer)
    if (this.client) closeQuietly(this.client)
    this.client = null
    this.fallback.close()
  }
}

function closeQuietly(client: RedisClient): void {
  try {
    client.onclose = null as never
    client.close()
  } catch {
    /* already closed */
  }
}
