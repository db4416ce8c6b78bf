/**
 * The per-market module interface. A market (EU, KR, and CN next) is one module that
 * knows its own lists: it turns a resolved subject into the rule entries that name it,
 * each with its status, source and structured conditions. Verdicts, limit checks and
 * summaries are the same for every market (verdict.ts, summary.ts).
 *
 * To add a market: write `createXxMarket(db): Market` beside eu.ts and kr.ts and add it
 * to MARKET_FACTORIES in index.ts. Nothing else changes.
 */
import type { Database } from 'bun:sqlite'
import type { RuleEntry, Status } from '../model.ts'

/** What a label item resolved to, as the markets need it. */
export type Subject = {
  /** Inventory ingredient ids (CosIng / MFDS / IECIC) the name resolved to. */
  ingredientIds: readonly number[]
  /**
   * Rule rows reached directly (a regulated substance the resolver returned), as the
   * resolver's member keys (db/schema.ts: EU annex entry ids, KR_RULE_KEY_OFFSET + a
   * Korean rule id, …). Each market picks the keys that are its own rows.
   */
  ruleKeys: readonly number[]
}

export type SourceInfo = RuleEntry['source']

/** A market's inventory answer (China: IECIC) — whether the ingredient may be used at all without registration. */
export type InventoryFact = {
  status: 'listed' | 'not_listed' | 'unknown'
  serial: number | null
  cn_name: string | null
  note: string
}

/** Facts the label prints about an item that a market's rules may depend on. */
export type PrintedFacts = {
  /** `(nano)` / `[nano]` printed. */
  nano: boolean
}

export interface Market {
  /** Market code as used in requests and responses ('EU', 'KR'). */
  readonly code: string
  /** Human name, e.g. "European Union (Regulation (EC) No 1223/2009)". */
  readonly name: string
  /** Every list this market reads, with its date and officialness. */
  readonly sources: readonly SourceInfo[]
  /**
   * Rule entries naming the subject, in list order. Pure lookups (data loaded at
   * construction). `printed` is what the label says of the item (e.g. a nano form).
   */
  entries(subject: Subject, printed?: PrintedFacts): RuleEntry[]
  /**
   * The market's status from its entries (already effective today). Markets differ: a KR
   * ingredient on both 별표1 and 별표2 is restricted (the 별표2 permission), see kr.ts.
   */
  status(entries: readonly RuleEntry[]): Exclude<Status, 'unresolved' | 'upcoming'>
  /** Markets with an inventory of permitted ingredients (CN: IECIC) say whether the subject is on it. */
  inventory?(subject: Subject): InventoryFact
}

export type MarketFactory = (db: Database) => Market

/** Worst status first: the default way to combine entries. */
export function worstStatus(entries: readonly RuleEntry[]): Exclude<Status, 'unresolved' | 'upcoming'> {
  if (entries.some((e) => e.status === 'prohibited')) return 'prohibited'
  if (entries.some((e) => e.status === 'restricted')) return 'restricted'
  if (entries.some((e) => e.status === 'allowed_with_conditions')) return 'allowed_with_conditions'
  return 'not_listed'
}

/** Source rows of a database, by `sources.name`. */
export function sourceDates(db: Database): Map<string, string | null> {
  const rows = db.query<{ name: string; source_date: string | null }, []>('SELECT name, source_date FROM sources').all()
  return new Map(rows.map((r) => [r.name, r.source_date]))
}

/** Pushes `value` to the list at `key`, creating it. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
