/**
 * Verdicts per item and market: pure functions of rule entries (with structured
 * conditions), the product type and the concentration. Same rules for every market.
 *
 * A limit check is conservative: `within_limit` only when every clause that applies was
 * read with confidence and the concentration is at or below its maximum; a maximum with a
 * basis ("calculated as …") can be exceeded by the printed figure without a breach, so
 * that case is `cannot_tell`, never `over_limit` (and a figure at or below it is within,
 * since the basis is a part of the substance's mass).
 */

import type { Market } from './markets/market.ts'
import type { LimitCheck, LimitResult, MarketVerdict, RuleEntry } from './model.ts'
import { type Applicability, PRODUCT_TYPES, type ProductType, type ScopeTag, scopeApplies } from './product-types.ts'

export type VerdictContext = {
  productType: ProductType | null
  /** % w/w, when printed or given. */
  concentration: number | null
  /** Today, ISO date (rules with a later date are `upcoming`). */
  today: string
  /** Plan sees the published rule text. */
  withRaw: boolean
}

type Clause = NonNullable<RuleEntry['conditions']>['clauses'][number]

const LIMIT_ORDER: readonly LimitResult[] = ['over_limit', 'not_permitted_for_product_type', 'cannot_tell', 'within_limit']

/** The verdict of one market for one resolved item. */
export function marketVerdict(market: Pick<Market, 'code' | 'status'>, all: readonly RuleEntry[], ctx: VerdictContext): MarketVerdict {
  const effective = all.filter((e) => e.effective_from === null || e.effective_from <= ctx.today)
  const upcoming = all.filter((e) => !effective.includes(e))
  const tags = ctx.productType ? (PRODUCT_TYPES[ctx.productType].tags as readonly ScopeTag[]) : null
  const entries = all.map((e) => annotated(e, tags, ctx))
  const status = effective.length > 0 ? market.status(effective) : upcoming.length > 0 ? 'upcoming' : 'not_listed'
  const duty = all.map((e) => e.conditions?.labelling_duty).find((d) => d != null) ?? null
  const fragrance = duty
    ? {
        ...duty,
        must_be_labelled:
          ctx.concentration === null || tags === null || !(tags.includes('leave_on') || tags.includes('rinse_off'))
            ? null
            : ctx.concentration > (tags.includes('leave_on') ? duty.leave_on_percent : duty.rinse_off_percent),
      }
    : null
  let limit: LimitCheck | null = null
  const prohibited = effective.filter((e) => e.status === 'prohibited')
  if (status === 'prohibited' && prohibited.every((e) => e.prohibition_condition)) {
    const e = prohibited[0]!
    limit = {
      result: 'cannot_tell',
      concentration_percent: ctx.concentration,
      max_percent: null,
      basis: null,
      clause: ref(e),
      reason: `${ref(e)} prohibits it only in some cases (${e.prohibition_condition}); verify that none applies`,
    }
  }
  if (status === 'restricted' || status === 'allowed_with_conditions') {
    const hasAnnexIII = effective.some((e) => e.status === 'restricted')
    const checks = effective
      .filter((e) => e.status !== 'prohibited')
      .map((e) => checkEntry(e, tags, ctx, hasAnnexIII && e.status === 'allowed_with_conditions'))
      .filter((c): c is LimitCheck => c !== null)
    limit = checks.sort((a, b) => LIMIT_ORDER.indexOf(a.result) - LIMIT_ORDER.indexOf(b.result))[0] ?? null
  }
  return { status, limit, fragrance_allergen: fragrance, why: why(market.code, status, effective, upcoming, limit, fragrance), entries }
}

/** The verdict of a market for an item nothing matched. */
export function unresolvedVerdict(): MarketVerdict {
  return {
    status: 'unresolved',
    limit: null,
    fragrance_allergen: null,
    why: 'The name was not recognised: nothing is known about it, so nothing is cleared. Check it by hand.',
    entries: [],
  }
}

function ref(e: RuleEntry, label?: string | null): string {
  return `${e.list} ${e.reference}${label ? ` (${label})` : ''}`
}

function why(
  market: string,
  status: MarketVerdict['status'],
  effective: readonly RuleEntry[],
  upcoming: readonly RuleEntry[],
  limit: LimitCheck | null,
  fragrance: MarketVerdict['fragrance_allergen'],
): string {
  const first = (s: RuleEntry['status']) => effective.find((e) => e.status === s)
  switch (status) {
    case 'prohibited': {
      if (limit) return `On the ${market} prohibited list with a condition: ${limit.reason}.`
      const e = first('prohibited')!
      return `Prohibited in ${market}: ${ref(e)}${e.name ? ` (${e.name.length > 160 ? `${e.name.slice(0, 157)}…` : e.name})` : ''}.`
    }
    case 'upcoming':
      return `Not in force yet: ${ref(upcoming[0]!)} applies from ${upcoming[0]!.effective_from}.`
    case 'not_listed':
      return `Not on the ${market} lists; that is not a statement that it is allowed in every use.`
    case 'unresolved':
      return unresolvedVerdict().why
    default: {
      const e = first(status)!
      const head = status === 'restricted' ? `Restricted in ${market} (${ref(e)})` : `Allowed in ${market} only as listed (${ref(e)})`
      const allergen = fragrance
        ? `; fragrance allergen: name it on the label above ${fragrance.leave_on_percent} % leave-on / ${fragrance.rinse_off_percent} % rinse-off`
        : ''
      return `${head}: ${limit ? limit.reason : 'conditions to verify'}${allergen}.`
    }
  }
}

/**
 * Annotated entries kept per entry, product type and raw-text choice: a market's entries are
 * built once, at start, and read-only (market.ts), so their annotation is too. Bounded by the
 * data: at most (product types + 1) × 2 per rule entry an analysis has met, shared by every
 * verdict that shows the entry.
 */
const annotations = new WeakMap<RuleEntry, Map<string, RuleEntry>>()
function annotated(e: RuleEntry, tags: readonly ScopeTag[] | null, ctx: VerdictContext): RuleEntry {
  let byContext = annotations.get(e)
  if (byContext === undefined) {
    byContext = new Map()
    annotations.set(e, byContext)
  }
  const key = `${ctx.productType ?? ''}|${ctx.withRaw}`
  let out = byContext.get(key)
  if (out === undefined) {
    out = annotate(e, tags, ctx)
    byContext.set(key, out)
  }
  return out
}

/** Each clause marked with whether it applies to the product type; raw text by plan. */
function annotate(e: RuleEntry, tags: readonly ScopeTag[] | null, ctx: VerdictContext): RuleEntry {
  const out: RuleEntry = { ...e }
  if (!ctx.withRaw) delete out.raw
  if (e.conditions && tags) {
    const applies = clauseApplicability(e.conditions.clauses, tags)
    out.conditions = { ...e.conditions, clauses: e.conditions.clauses.map((c, i) => ({ ...c, applies: applies[i]! })) }
  }
  return out
}

/** Applicability of each clause; "other products" clauses apply where no sibling does. */
export function clauseApplicability(clauses: readonly Clause[], tags: readonly ScopeTag[]): Applicability[] {
  const own = clauses.map((c) => (c.scope.other ? null : scopeApplies(c.scope, tags)))
  return clauses.map((c, i) => {
    if (!c.scope.other) return own[i]!
    if (own.includes('applies')) return 'does_not_apply'
    const self = scopeApplies({ ...c.scope, other: false }, tags)
    return own.includes('unknown') && self !== 'does_not_apply' ? 'unknown' : self
  })
}

/** Limit check of one restricted / positive-list entry; null when it sets no number. */
function checkEntry(e: RuleEntry, tags: readonly ScopeTag[] | null, ctx: VerdictContext, otherUsePossible: boolean): LimitCheck | null {
  const c = ctx.concentration
  const base = { concentration_percent: c, max_percent: null, basis: null, clause: null }
  const conditions = e.conditions
  if (conditions === null || conditions.clauses.length === 0) {
    return {
      ...base,
      result: 'cannot_tell',
      clause: ref(e),
      reason: `${ref(e)} has conditions that could not be read as numbers; read the rule text`,
    }
  }
  const clauses = conditions.clauses.filter((cl) => cl.applies_from === null || cl.applies_from <= ctx.today)
  const everywhere = clauses.every((cl) => cl.scope.any_of === null && cl.scope.none_of.length === 0 && !cl.scope.other && cl.scope.known)
  const applicability: Applicability[] = tags ? clauseApplicability(clauses, tags) : clauses.map(() => (everywhere ? 'applies' : 'unknown'))
  const applying = clauses.filter((_, i) => applicability[i] === 'applies')
  const unknown = clauses.filter((_, i) => applicability[i] === 'unknown')
  if (tags && applying.length === 0 && unknown.length === 0) {
    // Absence of a clause is proof only in an official text read with confidence.
    if (!e.source.official || !conditions.parsed) {
      return {
        ...base,
        result: 'cannot_tell',
        clause: ref(e),
        reason: `no clause of ${ref(e)} covers a ${ctx.productType} product in this ${e.source.official ? 'reading' : 'unofficial transcription'}; verify against the official text`,
      }
    }
    return {
      ...base,
      result: 'not_permitted_for_product_type',
      clause: ref(e),
      reason: `no clause of ${ref(e)} covers a ${ctx.productType} product`,
    }
  }
  const maxima = applying.filter((cl) => cl.max_percent !== null)
  const unknownMax = unknown.filter((cl) => cl.max_percent !== null)
  if (maxima.length === 0 && unknownMax.length === 0) return null
  const tightest = [...maxima, ...unknownMax].sort((a, b) => a.max_percent! - b.max_percent!)[0]!
  const show = (cl: Clause, result: LimitResult, reason: string): LimitCheck => ({
    result,
    concentration_percent: c,
    max_percent: cl.max_percent,
    basis: cl.basis,
    clause: ref(e, cl.label),
    reason,
  })
  const maxText = (cl: Clause) => `${cl.max_percent} %${cl.basis ? ` (calculated as ${cl.basis})` : ''}`
  if (c === null)
    return show(tightest, 'cannot_tell', `maximum ${maxText(tightest)} (${ref(e, tightest.label)}); the concentration is not given`)
  if (maxima.length === 0) {
    return show(
      tightest,
      'cannot_tell',
      `the product type ${ctx.productType ? 'may not be' : 'is not'} covered by ${ref(e, tightest.label)} (maximum ${maxText(tightest)})`,
    )
  }
  const over = maxima.filter((cl) => c > cl.max_percent!).sort((a, b) => a.max_percent! - b.max_percent!)[0]
  if (over) {
    if (otherUsePossible)
      return show(over, 'cannot_tell', `${c} % is above ${maxText(over)} for use as listed in ${e.list}; another use falls under Annex III`)
    if (over.basis) return show(over, 'cannot_tell', `${c} % printed; maximum ${maxText(over)}: convert to that basis to compare`)
    return show(over, 'over_limit', `${c} % is above the maximum ${maxText(over)} (${ref(e, over.label)})`)
  }
  const within = [...maxima].sort((a, b) => a.max_percent! - b.max_percent!)[0]!
  if (unknownMax.some((cl) => c > cl.max_percent!)) {
    return show(within, 'cannot_tell', `${c} % is within ${maxText(within)} but another clause may apply to this product type`)
  }
  if (!conditions.parsed)
    return show(
      within,
      'cannot_tell',
      `${c} % against ${maxText(within)}, but the rule wording was not read with confidence; read the rule text`,
    )
  return show(within, 'within_limit', `${c} % is within the maximum ${maxText(within)} (${ref(e, within.label)})`)
}
