/**
 * The markets this build knows, in response order. Adding a market = one module + one row.
 */
import type { Database } from 'bun:sqlite'
import type { RuleEntry } from '../model.ts'
import { createCnMarket } from './cn.ts'
import { createEuMarket } from './eu.ts'
import { createKrMarket } from './kr.ts'
import type { InventoryFact, Market, MarketFactory, Subject } from './market.ts'

export const MARKET_FACTORIES: readonly MarketFactory[] = [createEuMarket, createKrMarket, createCnMarket]

/** Subjects whose entries and inventory fact a market keeps, per generation (two generations). */
export const SUBJECTS_PER_GENERATION = 2_048

/** The entries of a subject no rule names (most subjects): one shared, frozen list. */
const NO_ENTRIES: RuleEntry[] = Object.freeze([]) as unknown as RuleEntry[]

/** A bounded map of two generations: a key used since the last turn-over survives it. */
function generations<V>(size: number) {
  let now = new Map<string, V>()
  let before = new Map<string, V>()
  return (key: string, compute: () => V): V => {
    let v = now.get(key)
    if (v !== undefined) return v
    v = before.get(key) ?? compute()
    if (now.size >= size) {
      before = now
      now = new Map()
    }
    now.set(key, v)
    return v
  }
}

/**
 * The market with its answers per subject kept: `entries` and `inventory` are pure lookups
 * of lists read once (market.ts), so the same subject — the same records a name resolved to
 * — always gets the same entries, which verdicts only read.
 */
function remembering(m: Market): Market {
  const entries = generations<RuleEntry[]>(SUBJECTS_PER_GENERATION)
  const facts = generations<InventoryFact>(SUBJECTS_PER_GENERATION)
  const keyOf = (s: Subject) => `${s.ingredientIds.join(',')};${s.ruleKeys.join(',')}`
  const inventory = m.inventory?.bind(m)
  return {
    code: m.code,
    name: m.name,
    sources: m.sources,
    status: (e) => m.status(e),
    entries: (subject, printed) =>
      entries(`${keyOf(subject)};${printed?.nano ? 1 : 0}`, () => {
        const found = m.entries(subject, printed)
        return found.length === 0 ? NO_ENTRIES : found
      }),
    ...(inventory ? { inventory: (subject: Subject) => facts(keyOf(subject), () => inventory(subject)) } : {}),
  }
}

/** Builds every market over an open database (reads its lists once). */
export function createMarkets(db: Database, factories: readonly MarketFactory[] = MARKET_FACTORIES): Market[] {
  return factories.map((f) => remembering(f(db)))
}

export type { Market, Subject } from './market.ts'
