/**
 * A circuit breaker for a remote store: after a failure it stays open (callers use their
 * fallback without waiting) for a backoff that doubles per consecutive failure, with
 * jitter, up to a cap (AWS Architecture Blog, "Exponential Backoff and Jitter": equal
 * jitter keeps the growth while spreading instances apart). Only a successful probe closes
 * it; a breaker that stays closed for `stableMs` forgets its failures. `onChange` is
 * called on state changes only, so a flapping store costs one log line per change, not
 * per request. Pure: clock and randomness are options.
 */

export type BreakerOptions = {
  /** First backoff. @default 500 ms */
  minMs?: number
  /** Backoff cap. @default 30000 ms */
  maxMs?: number
  /** Closed this long resets the backoff to `minMs`. @default 60000 ms */
  stableMs?: number
  now?: () => number
  /** In [0, 1). @default Math.random */
  random?: () => number
  onChange?: (state: 'closed' | 'open', reason?: string) => void
}

export const BREAKER_DEFAULTS = { minMs: 500, maxMs: 30_000, stableMs: 60_000 } as const

/** See the module comment. Starts open: nothing is trusted before a probe succeeds. */
export class CircuitBreaker {
  private readonly o: Required<Omit<BreakerOptions, 'onChange'>>
  private readonly onChange: BreakerOptions['onChange']
  private state: 'closed' | 'open' | 'new' = 'new'
  private failures = 0
  private closedAt = 0

  constructor(opts: BreakerOptions = {}) {
    this.o = {
      ...BREAKER_DEFAULTS,
      now: Date.now,
      random: Math.random,
      ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    } as typeof this.o
    if (!(this.o.minMs > 0 && this.o.maxMs >= this.o.minMs)) throw new Error('CircuitBreaker: need 0 < minMs ≤ maxMs')
    this.onChange = opts.onChange
  }

  /** True when callers may use the remote store. */
  get closed(): boolean {
    return this.state === 'closed'
  }

  /** A probe (or a first connection) succeeded: close. */
  success(): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.closedAt = this.o.now()
    this.onChange?.('closed')
  }

  /**
   * A call or probe failed: open (if not already) and return the wait before the next
   * probe, ms: min(maxMs, minMs·2^(n−1)) scaled by a random factor in [0.5, 1).
   */
  failure(reason: string): number {
    if (this.state === 'closed' && this.o.now() - this.closedAt >= this.o.stableMs) this.failures = 0
    this.failures++
    if (this.state !== 'open') {
      this.state = 'open'
      this.onChange?.('open', reason)
    }
    const base = Math.min(this.o.maxMs, this.o.minMs * 2 ** Math.min(30, this.failures - 1))
    return Math.round(base * (0.5 + this.o.random() / 2))
  }
}
