/**
 * The analysis answer as UTF-8 JSON, built from pieces (analyze.ts `analyzeJson`): what an
 * analysis is for (its context), the key of an analysed item in the fragment cache, and the
 * join of JSON pieces into one buffer. Pure.
 */
import type { Plan } from '../security/tiers.ts'
import type { LabelItem } from './label-item.ts'
import type { AnalyzedItem, AnalyzeInput } from './model.ts'

/** What one analysis is for: the plan, product type, date and markets (codes joined for keys). */
export type Context = { plan: Plan; productType: AnalyzeInput['product_type']; today: string; codes: string; withRaw: boolean }

/** An analysed item and its JSON as UTF-8 without the position (`{"position":N,` + rest is the item). */
export type Fragment = { item: AnalyzedItem; rest: Uint8Array }

export const utf8 = new TextEncoder()

/**
 * Joins JSON pieces into one UTF-8 buffer: strings encoded into it, byte pieces copied (no
 * intermediate string of the whole answer, and nothing for the server to transcode).
 */
export function joinUtf8(pieces: readonly (string | Uint8Array)[]): Uint8Array {
  let most = 0
  // A UTF-16 code unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4).
  for (const p of pieces) most += typeof p === 'string' ? 3 * p.length : p.byteLength
  const out = Buffer.allocUnsafe(most)
  let at = 0
  for (const p of pieces) {
    if (typeof p === 'string') at += out.write(p, at)
    else {
      out.set(p, at)
      at += p.byteLength
    }
  }
  return out.subarray(0, at)
}

/**
 * The fragment-cache key of a printed item: the context's key, then the item as printed, its
 * may-contain flag and its concentration. Every other fact of the item (name, alternatives,
 * nano, footnote marks, the printed percentage) is read from those two by label-item.ts
 * `itemOf`, a pure function; the concentration is in the key because a request may give it.
 */
export function fragmentKey(contextKey: string, item: LabelItem): string {
  return `${contextKey}\u0000${item.may_contain ? 1 : 0}${item.concentration_percent ?? ''}\u0000${item.text}`
}

/** The part of a fragment key that the context gives (plan, product type, date, markets). */
export function contextKey(ctx: Context): string {
  return `${ctx.plan}\u0000${ctx.productType ?? ''}\u0000${ctx.today}\u0000${ctx.codes}`
}
