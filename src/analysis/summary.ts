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
      else if (TO_CHECK(v) || v.inventory?.status === 'not_listed') check.push(item)
    }
    const finding = (item: AnalyzedItem) => {
      const v = item.markets[code]!
      const over = v.limit?.result === 'over_limit' || v.limit?.result === 'not_permitted_for_product_type'
      // CN: an item not in IECIC is a finding of its own (registration or notification first).
      const status = over
        ? v.limit!.result
        : v.status === 'not_listed' && v.inventory?.status === 'not_listed'
          ? 'needs_registration'
          : v.status
      return { position: item.position, name: item.name, status, why: status === 'needs_registration' ? v.inventory!.note : v.why }
    }
    const register = items.filter((i) => i.markets[code]!.inventory?.status === 'not_listed')
    const registration = register.length ? { needs_registration: register.map((i) => ({ position: i.position, name: i.name })) } : {}
    const tail =
      `${items.length} items: ${counts.not_listed ?? 0} not listed, ${counts.unresolved ?? 0} unresolved` +
      (register.length
        ? `; ${register.length} not in IECIC (new ingredients in China: register or notify first): ${register
            .slice(0, 5)
            .map((i) => i.name)
            .join(', ')}`
        : '')
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
        ...registration,
      }
    } else if (check.length > 0) {
      out.markets[code] = {
        result: 'check',
        line: `${code}: check ${check.length} — ${names(check)} (${tail})`,
        findings: check.map(finding),
        counts,
        ...registration,
      }
    } else {
      out.markets[code] = {
        result: 'no_findings',
        line: `${code}: no findings in ${tail} — not a clean bill: unresolved and not-listed items are not cleared`,
        findings: [],
        counts,
        ...registration,
      }
    }
  }
  for (const item of items) {
    if (item.match.kind === 'none') out.unresolved.push({ position: item.position, text: item.text })
    for (const f of item.functions) out.functions[f] = (out.functions[f] ?? 0) + 1
    if (markets.length < 2 || item.match.kind === 'none') continue
    const first = item.markets[markets[0]!]!.status
    if (markets.some((m) => item.markets[m]!.status !== first)) {
      const statuses = Object.fromEntries(markets.map((m) => [m, item.markets[m]!.status]))
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
