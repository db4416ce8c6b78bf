/**
 * In-memory rate-limit store, bounded.
 *
 * All keys share aligned windows (floor(now / windowMs)), so when the window changes the
 * whole table is dropped at once: old keys expire without timers or sweeps. Keys are
 * stored as 53-bit seeded hashes (`keyHash`; a collision merely makes two consumers share
 * a budget), so an entry costs a Map slot of two numbers rather than a string. At most
 * `maxKeys` consumers are tracked per window; a consumer arriving when the table is full
 * is refused (fail closed) until the window ends, and `onFull` is called once per window
 * so the operator hears of it.
 *
 * Measured bound (test/security/rate-limit.test.ts): 1,000,000 distinct keys in one window add
 * about 70 MB to the process (test/security/rate-limit.test.ts asserts < 120 MB).
 */
import type { Hit, RateLimitStore } from './rate-limit-store.ts'

export type MemoryStoreOptions = {
  /** Maximum distinct keys per window. @default 1_000_000 */
  maxKeys?: number
  /** Clock in ms since the epoch. @default Date.now */
  now?: () => number
  /** Called once per window when the table is full. */
  onFull?: (maxKeys: number) => void
}

export const MEMORY_STORE_DEFAULTS = { maxKeys: 1_000_000 } as const

/** Per-process hash seeds: collisions cannot be computed offline to drain someone's budget. */
const SEED = crypto.getRandomValues(new Uint32Array(2))

/** Two random 32-bit seeds for {@link keyHash}. Threads that share counters share one pair. */
export function newHashSeed(): Uint32Array {
  return crypto.getRandomValues(new Uint32Array(2))
}

/** murmur3's 32-bit finaliser (avalanche). */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * 53-bit hash of a string: two independently seeded 32-bit hashes over its UTF-16 code
 * units (an FNV-1a step and a MurmurHash2-style step), each finished with murmur3's
 * fmix32; 32 bits of one and 21 of the other. In JavaScript on purpose: this runs on
 * every request, and Bun.hash.crc32 + adler32 (the previous version) were the largest
 * edge functions in the server's CPU profile, each converting the key to UTF-8.
 */
export function keyHash(key: string, seed: Uint32Array = SEED): number {
  let a = seed[0]! ^ 0x811c9dc5
  let b = seed[1]! ^ 0x9747b28c
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 15
  }
  return fmix32(a) * 0x200000 + (fmix32(b) & 0x1fffff)
}

/** Bounded fixed-window counters in this process (see the module comment). */
export class MemoryStore implements RateLimitStore {
  readonly synchronous = true
  private readonly maxKeys: number
  private readonly now: () => number
  private readonly onFull: ((maxKeys: number) => void) | undefined
  private counts = new Map<number, number>()
  private window = -1
  private fullReported = false

  constructor(opts: MemoryStoreOptions = {}) {
    this.maxKeys = opts.maxKeys ?? MEMORY_STORE_DEFAULTS.maxKeys
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1) throw new Error('MemoryStore: maxKeys must be a positive integer')
    this.now = opts.now ?? Date.now
    this.onFull = opts.onFull
  }

  /** Distinct keys in the current window. */
  get size(): number {
    return this.counts.size
  }

  hit(key: string, windowMs: number): Hit {
    const now = this.now()
    const window = Math.floor(now / windowMs)
    if (window !== this.window) {
      this.window = window
      this.counts = new Map()
      this.fullReported = false
    }
    const resetMs = Math.max(1, (window + 1) * windowMs - now)
    const h = keyHash(key)
    const prev = this.counts.get(h)
    if (prev === undefined && this.counts.size >= this.maxKeys) {
      if (!this.fullReported) {
        this.fullReported = true
        this.onFull?.(this.maxKeys)
      }
      return { count: Number.MAX_SAFE_INTEGER, resetMs }
    }
    const count = (prev ?? 0) + 1
    this.counts.set(h, count)
    return { count, resetMs }
  }

  close(): void {
    this.counts = new Map()
  }
}
