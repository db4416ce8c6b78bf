/**
 * The memory store for `serve --workers N` without Redis: one table of counters in a
 * SharedArrayBuffer that every worker thread of the process counts in, so a consumer gets
 * its plan's limit whether its requests arrive on one keep-alive connection (one thread)
 * or on many (all threads). Same rules as MemoryStore: aligned windows, a table dropped
 * as a whole when the window changes, keys as seeded 53-bit hashes, at most `maxKeys`
 * consumers per window (fail closed past it, `onFull` once per window per thread).
 *
 * Layout: a header of 4 int32 (window stamp, keys this window, seed ×2) and an
 * open-addressing table of 4 int32 per slot (stamp, hash high, hash low, count), sized to
 * twice `maxKeys` rounded up to a power of two. A slot whose stamp is not the current
 * window's is free; it is claimed by compare-and-swap of its stamp to BUSY, filled, then
 * published with the current stamp (Atomics are sequentially consistent, ECMA-262 §29),
 * and counted with Atomics.add. Nothing is ever removed within a window, so probe chains
 * stay intact.
 */
import { keyHash, MEMORY_STORE_DEFAULTS } from './memory-store.ts'
import type { Hit, RateLimitStore } from './rate-limit-store.ts'

const BUSY = -1
const HEADER = 4
const SLOT = 4
/** Spins on a slot being filled before treating it as taken (a thread died mid-write). */
const MAX_SPIN = 100_000

/** Allocates the shared table for `maxKeys` consumers per window; pass it to every thread. */
export function createSharedCounters(maxKeys: number = MEMORY_STORE_DEFAULTS.maxKeys): SharedArrayBuffer {
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new Error('createSharedCounters: maxKeys must be a positive integer')
  const slots = 2 ** Math.ceil(Math.log2(maxKeys * 2))
  const sab = new SharedArrayBuffer((HEADER + slots * SLOT) * 4)
  crypto.getRandomValues(new Uint32Array(sab, 8, 2))
  return sab
}

export type SharedMemoryStoreOptions = {
  /** From createSharedCounters(). */
  buffer: SharedArrayBuffer
  /** The same maxKeys as given to createSharedCounters. @default 1_000_000 */
  maxKeys?: number
  now?: () => number
  onFull?: (maxKeys: number) => void
}

/** Fixed-window counters shared by the threads of one process (see the module comment). */
export class SharedMemoryStore implements RateLimitStore {
  readonly synchronous = true
  private readonly t: Int32Array
  private readonly seed: Uint32Array
  private readonly mask: number
  private readonly maxKeys: number
  private readonly now: () => number
  private readonly onFull: SharedMemoryStoreOptions['onFull']
  private fullReportedFor = 0

  constructor(opts: SharedMemoryStoreOptions) {
    this.t = new Int32Array(opts.buffer)
    this.seed = new Uint32Array(opts.buffer, 8, 2)
    this.mask = (this.t.length - HEADER) / SLOT - 1
    this.maxKeys = opts.maxKeys ?? MEMORY_STORE_DEFAULTS.maxKeys
    if (this.maxKeys * 2 > this.mask + 1) throw new Error('SharedMemoryStore: buffer too small for maxKeys')
    this.now = opts.now ?? Date.now
    this.onFull = opts.onFull
  }

  /** Distinct keys counted in the current window. */
  get size(): number {
    return Atomics.load(this.t, 1)
  }

  hit(key: string, windowMs: number): Hit {
    const t = this.t
    const now = this.now()
    const window = Math.floor(now / windowMs)
    const resetMs = Math.max(1, (window + 1) * windowMs - now)
    const stamp = (window % 0x7ffffffe) + 1
    const seen = Atomics.load(t, 0)
    if (seen !== stamp && Atomics.compareExchange(t, 0, seen, stamp) === seen) Atomics.store(t, 1, 0)
    const h = keyHash(key, this.seed)
    const hi = Math.floor(h / 0x100000000) | 0
    const lo = h | 0
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask
    for (let probes = 0; probes <= this.mask; probes++, i = (i + 1) & this.mask) {
      const at = HEADER + i * SLOT
      let s = Atomics.load(t, at)
      for (let spin = 0; s === BUSY && spin < MAX_SPIN; spin++) s = Atomics.load(t, at)
      if (s === BUSY) continue
      if (s === stamp) {
        if (t[at + 1] === hi && t[at + 2] === lo) return { count: Atomics.add(t, at + 3, 1) + 1, resetMs }
        continue
      }
      if (Atomics.load(t, 1) >= this.maxKeys) return this.full(stamp, resetMs)
      if (Atomics.compareExchange(t, at, s, BUSY) !== s) {
        i = (i - 1) & this.mask // someone claimed it first: look at the same slot again
        probes--
        continue
      }
      t[at + 1] = hi
      t[at + 2] = lo
      Atomics.store(t, at + 3, 1)
      Atomics.store(t, at, stamp)
      Atomics.add(t, 1, 1)
      return { count: 1, resetMs }
    }
    return this.full(stamp, resetMs)
  }

  private full(stamp: number, resetMs: number): Hit {
    if (this.fullReportedFor !== stamp) {
      this.fullReportedFor = stamp
      this.onFull?.(this.maxKeys)
    }
    return { count: Number.MAX_SAFE_INTEGER, resetMs }
  }

  close(): void {}
}
