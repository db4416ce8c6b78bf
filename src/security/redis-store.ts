/**
 * Redis rate-limit store, shared by every instance that points at the same Redis, using
 * Bun's built-in client (Bun docs, "Redis client"). One Lua script per check makes
 * count-and-expire atomic (Redis docs, "Scripting with Lua": a script runs atomically).
 *
 * Availability over strictness: when Redis does not answer within `timeoutMs`, or is
 * disconnected, the check is answered by a local MemoryStore (the service keeps serving),
 * `onStatus('down')` is called once, and reconnection is retried with backoff; on
 * success `onStatus('up')` is called and counting returns to Redis.
 */
import { RedisClient } from 'bun'
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
  /** Per-check deadline before falling back to memory. @default 250 ms */
  timeoutMs?: number
  /** Key prefix. @default 'kbeauty-api:rl:' */
  prefix?: string
  now?: () => number
  fallback?: MemoryStore
  /** Called on transitions only (not per request). `error` is a short reason, never the URL. */
  onStatus?: (status: 'up' | 'down', error?: string) => void
  /** Reconnect backoff bounds. @default 500 ms … 30 s */
  reconnectMinMs?: number
  reconnectMaxMs?: number
}

export const REDIS_STORE_DEFAULTS = { timeoutMs: 250, prefix: 'kbeauty-api:rl:', reconnectMinMs: 500, reconnectMaxMs: 30_000 } as const

/** Counters in Redis shared by every instance; falls back to memory when Redis is away. */
export class RedisStore implements RateLimitStore {
  readonly synchronous = false
  private readonly client: RedisClient
  private readonly o: Required<Omit<RedisStoreOptions, 'fallback' | 'onStatus' | 'url'>>
  private readonly fallback: MemoryStore
  private readonly onStatus: RedisStoreOptions['onStatus']
  private up = false
  private reported: 'up' | 'down' | null = null
  private reconnectDelay: number
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false

  constructor(opts: RedisStoreOptions) {
    this.o = { ...REDIS_STORE_DEFAULTS, now: Date.now, ...stripUndefined(opts) } as typeof this.o
    this.fallback = opts.fallback ?? new MemoryStore({ now: this.o.now })
    this.onStatus = opts.onStatus
    this.reconnectDelay = this.o.reconnectMinMs
    this.client = new RedisClient(opts.url, {
      autoReconnect: false,
      enableOfflineQueue: false,
      connectionTimeout: 2_000,
    })
    this.client.onconnect = () => this.markUp()
    this.client.onclose = (err) => this.markDown(err?.message ?? 'connection closed')
    this.connect()
  }

  /** True when checks currently go to Redis. */
  get connected(): boolean {
    return this.up
  }

  private connect(): void {
    if (this.closed) return
    this.client.connect().then(
      () => this.markUp(),
      (err: Error) => this.markDown(err?.message ?? 'connect failed'),
    )
  }

  private markUp(): void {
    this.up = true
    this.reconnectDelay = this.o.reconnectMinMs
    if (this.reported !== 'up') {
      this.reported = 'up'
      this.onStatus?.('up')
    }
  }

  private markDown(reason: string): void {
    this.up = false
    if (this.reported !== 'down') {
      this.reported = 'down'
      this.onStatus?.('down', reason.slice(0, 200))
    }
    if (this.closed || this.reconnectTimer) return
    const delay = this.reconnectDelay * (0.75 + Math.random() * 0.5)
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.o.reconnectMaxMs)
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null
      this.connect()
    }, delay)
    this.reconnectTimer.unref?.()
  }

  async hit(key: string, windowMs: number): Promise<Hit> {
    if (!this.up) return this.fallback.hit(key, windowMs)
    const now = this.o.now()
    const window = Math.floor(now / windowMs)
    const resetMs = Math.max(1, (window + 1) * windowMs - now)
    let timer: ReturnType<typeof setTimeout> | undefined
    const args = ['1', `${this.o.prefix}${window}:${key}`, String(windowMs + 1_000)]
    try {
      const count = await Promise.race([
        // EVALSHA first; a server that does not know the script yet (NOSCRIPT, e.g. after a
        // restart) gets EVAL, which also caches it (Redis docs, "EVALSHA").
        this.client.send('EVALSHA', [HIT_SCRIPT_SHA, ...args]).catch((err: Error) => {
          if (!String(err?.message).includes('NOSCRIPT')) throw err
          return this.client.send('EVAL', [HIT_SCRIPT, ...args])
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.o.timeoutMs} ms`)), this.o.timeoutMs)
        }),
      ])
      return { count: Number(count), resetMs }
    } catch (err) {
      this.markDown((err as Error)?.message ?? 'command failed')
      return this.fallback.hit(key, windowMs)
    } finally {
      if (timer) clearTimeout(timer)
    }
  }

  close(): void {
    this.closed = true
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer)
    try {
      this.client.close()
    } catch {
      /* already closed */
    }
    this.fallback.close()
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
