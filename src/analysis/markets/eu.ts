/**
 * The EU market: Regulation (EC) No 1223/2009 Annexes II–VI as exported by CosIng
 * (Dec / Oct 2025). Annex II → prohibited, III → restricted, IV–VI → allowed with
 * conditions (positive lists of colorants, preservatives, UV filters). Conditions are
 * the structured reading stored at import (importer/conditions.ts).
 */
import type { Database } from 'bun:sqlite'
import type { RuleEntry } from '../model.ts'
import { type Market, type PrintedFacts, pushTo, type Subject, sourceDates, worstStatus } from './market.ts'

type Row = {
  id: number
  annex: 'II' | 'III' | 'IV' | 'V' | 'VI'
  reference_number: string
  chemical_name: string | null
  glossary_name: string | null
  product_type: string | null
  max_concentration: string | null
  other: string | null
  conditions: string | null
  source: string
  json: string | null
}

const STATUS = {
  II: 'prohibited',
  III: 'restricted',
  IV: 'allowed_with_conditions',
  V: 'allowed_with_conditions',
  VI: 'allowed_with_conditions',
} as const
/**
 * Annex II entries that prohibit only in some cases: a constituent "except for normal
 * content in natural essences" (II/357, 358, 360), derivatives "if they contain ≥ 0.1 %
 * benzene" (II/1539–1542), "when used as a substance in hair dye products" (II/1279).
 * "With the exception of X" is not one: it names other substances, which the links leave out.
 */
const CONDITIONAL_PROHIBITION = /\b(?:except for normal content|if (?:they|it) contains?|when used (?:as|in)|unless)\b[\s\S]*/i

/** Entries for the nanomaterial form of a substance ("Zinc oxide (nano)", VI/30a). */
const NANO_ENTRY = /\(nano\)/i
const NOTE = 'CosIng export of the annexes; the legal text is Regulation (EC) No 1223/2009 as amended'

/** Loads every annex entry and link once; `entries` is then a map lookup. */
export function createEuMarket(db: Database): Market {
  const dates = sourceDates(db)
  const byId = new Map<number, RuleEntry>()
  for (const r of db
    .query<Row, []>(
      `SELECT e.id, e.annex, e.reference_number, e.chemical_name, e.glossary_name, e.product_type, e.max_concentration,
              e.other, e.conditions, e.source, c.json
         FROM eu_annex_entries e LEFT JOIN eu_annex_conditions c ON c.entry_id = e.id ORDER BY e.id`,
    )
    .all()) {
    const conditions = r.json === null ? null : (JSON.parse(r.json) as RuleEntry['conditions'])
    const dated = conditions?.clauses.map((c) => c.applies_from).filter((d): d is string => d !== null) ?? []
    byId.set(r.id, {
      list: `EU Annex ${r.annex}`,
      reference: r.reference_number,
      name: r.chemical_name ?? r.glossary_name,
      status: STATUS[r.annex],
      prohibition_condition:
        r.annex === 'II'
          ? (CONDITIONAL_PROHIBITION.exec(r.chemical_name ?? '')?.[0]
              .replace(/\s+/g, ' ')
              .trim()
              .slice(0, 200) ?? null)
          : null,
      // An entry applies from its earliest clause date only when every clause is dated.
      effective_from: conditions && dated.length === conditions.clauses.length && dated.length > 0 ? dated.sort()[0]! : null,
      source: { name: r.source, date: dates.get(r.source) ?? null, official: true, note: NOTE },
      raw: { product_type: r.product_type, max_concentration: r.max_concentration, other: r.other, conditions: r.conditions },
      conditions,
    })
  }
  const byIngredient = new Map<number, number[]>()
  for (const l of db
    .query<{ ingredient_id: number; entry_id: number }, []>('SELECT ingredient_id, entry_id FROM ingredient_eu_annex ORDER BY entry_id')
    .all()) {
    pushTo(byIngredient, l.ingredient_id, l.entry_id)
  }
  const sources = [...dates.entries()]
    .filter(([name]) => name.startsWith('cosing_annex_'))
    .map(([name, date]) => ({ name, date, official: true, note: NOTE }))

  return {
    code: 'EU',
    name: 'European Union (Regulation (EC) No 1223/2009, Annexes II–VI)',
    sources,
    entries(subject: Subject, printed?: PrintedFacts): RuleEntry[] {
      // Member keys of EU rows are the annex entry ids themselves.
      const ids = new Set<number>(subject.ruleKeys.filter((k) => byId.has(k)))
      for (const i of subject.ingredientIds) for (const id of byIngredient.get(i) ?? []) ids.add(id)
      const found = [...ids]
        .sort((a, b) => a - b)
        .map((id) => byId.get(id))
        .filter((e): e is RuleEntry => e !== undefined)
      // A "(nano)" entry governs the nano form only (Art. 2(1)(k), Art. 16): without "(nano)"
      // printed it is dropped when an entry of the same annex covers the bulk form.
      if (printed?.nano) return found
      return found.filter((e) => !NANO_ENTRY.test(e.name ?? '') || !found.some((o) => o.list === e.list && !NANO_ENTRY.test(o.name ?? '')))
    },
    status: worstStatus,
  }
}
