/**
 * The summary a person can act on: per market one line (blocked / check / no_findings
 * with the counts of not-listed and unresolved items), the differences between markets,
 * counts by CosIng function and the unresolved items. Pure.
 */

import type { z } from 'zod'
import type { AnalyzedItem, MarketVerdict, ProductAnalysisSchema } from './model.ts'

type Summary = z.output<typeof ProductAnalysisSchema>['summary']

/** Prohibited (unless only in some cases: then `limit` is cannot_tell), over a limit, or not permitted here. */
const BLOCKING = (v: MarketVerdict) =>
  (v.status === 'prohibited' && v.limit === null) ||
  v.limit?.result === 'over_limit' ||
  v.limit?.result === 'not_permitted_for_product_type'
const TO_CHECK = (v: MarketVerdict) =>
  v.status === 'restricted' || v.status === 'allowed_with_conditions' || v.status === 'upcoming' || v.status === 'prohibited'

/** Summarises the analysed items of one product for `markets` (codes, in order). */
export function summarise(items: readonly AnalyzedItem[], markets: readonly string[]): Summary {
  const out: Summary = { markets: {}, differences: [], functions: {}, unresolved: [] }
  for (const code of markets) {
    const counts: Record<string, number> = {}
    const blocked: AnalyzedItem[] = []
    const check: AnalyzedItem[] = []
    for (const item of items) {
      const v = item.markets[code]!
      counts[v.status] = (counts[v.status] ?? 0) + 1
      if (BLOCKING(v)) blocked.push(item)
      else if (TO_CHECK(v)) check.push(item)
    }
    const finding = (item: AnalyzedItem) => ({
      position: item.position,
      name: item.name,
      status:
        item.markets[code]!.limit?.result === 'over_limit' || item.markets[code]!.limit?.result === 'not_permitted_for_product_type'
          ? item.markets[code]!.limit!.result
          : item.markets[code]!.status,
      why: item.markets[code]!.why,
    })
    const tail = `${items.length} items: ${counts.not_listed ?? 0} not listed, ${counts.unresolved ?? 0} unresolved`
    const names = (list: AnalyzedItem[]) =>
      list
        .slice(0, 5)
        .map((i) => `${i.name} (#${i.position})`)
        .join(', ') + (list.length > 5 ? `, +${list.length - 5} more` : '')
    if (blocked.length > 0) {
      out.markets[code] = {
        result: 'blocked',
        line: `${code}: blocked — ${names(blocked)}. ${blocked[0]!.markets[code]!.why} (${tail})`,
        findings: [...blocked, ...check].sort((a, b) => a.position - b.position).map(finding),
        counts,
      }
    } else if (check.length > 0) {
      out.markets[code] = {
        result: 'check',
        line: `${code}: check ${check.length} — ${names(check)} (${tail})`,
        findings: check.map(finding),
        counts,
      }
    } else {
      out.markets[code] = {
        result: 'no_findings',
        line: `${code}: no findings in ${tail} — not a clean bill: unresolved and not-listed items are not cleared`,
        findings: [],
        counts,
      }
    }
  }
  for (const item of items) {
    if (item.match.kind === 'none') out.unresolved.push({ position: item.position, text: item.text })
    for (const f of item.functions) out.functions[f] = (out.functions[f] ?? 0) + 1
    if (markets.length < 2 || item.match.kind === 'none') continue
    const statuses = Object.fromEntries(markets.map((m) => [m, item.markets[m]!.status]))
    if (new Set(Object.values(statuses)).size > 1) {
      out.differences.push({
        position: item.position,
        name: item.name,
        statuses,
        line: `${item.name}: ${markets.map((m) => `${statuses[m]!.replaceAll('_', ' ')} in ${m}`).join(', ')}`,
      })
    }
  }
  return out
}
