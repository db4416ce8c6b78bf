/**
 * The Korean market: MFDS 화장품 안전기준 등에 관한 규정 별표1 (prohibited) and 별표2
 * (restricted, with limits), from a study-guide transcription — secondary, and every entry
 * says so. Conditions are the structured reading of the 별표2 limit stored at import.
 */
import type { Database } from 'bun:sqlite'
import { KR_RULE_KEY_OFFSET, KR_TRANSCRIPTION_NOTE } from '../../db/schema.ts'
import type { RuleEntry } from '../model.ts'
import { type Market, pushTo, type Subject, sourceDates } from './market.ts'

type Row = {
  id: number
  list: '별표1' | '별표2'
  status: 'prohibited' | 'restricted'
  name_ko: string
  name_en: string | null
  max_limit: string | null
  source: string
  json: string | null
}

/** Loads every Korean rule row and link once; `entries` is then a map lookup. */
export function createKrMarket(db: Database): Market {
  const dates = sourceDates(db)
  const byId = new Map<number, RuleEntry>()
  for (const r of db
    .query<Row, []>(
      `SELECT r.id, r.list, r.status, r.name_ko, r.name_en, r.max_limit, r.source, c.json
         FROM kr_rules r LEFT JOIN kr_rule_conditions c ON c.rule_id = r.id ORDER BY r.id`,
    )
    .all()) {
    byId.set(r.id, {
      list: `KR ${r.list}`,
      reference: String(r.id),
      name: r.name_en ? `${r.name_ko} (${r.name_en})` : r.name_ko,
      status: r.status,
      effective_from: null,
      source: { name: r.source, date: dates.get(r.source) ?? null, official: false, note: KR_TRANSCRIPTION_NOTE },
      raw: { limit: r.max_limit },
      conditions: r.json === null ? null : (JSON.parse(r.json) as RuleEntry['conditions']),
    })
  }
  const byIngredient = new Map<number, number[]>()
  for (const l of db
    .query<{ ingredient_id: number; rule_id: number }, []>('SELECT ingredient_id, rule_id FROM ingredient_kr_rules ORDER BY rule_id')
    .all()) {
    pushTo(byIngredient, l.ingredient_id, l.rule_id)
  }
  const sources = [...dates.entries()]
    .filter(([name]) => name === 'kr_rules_transcription')
    .map(([name, date]) => ({ name, date, official: false, note: KR_TRANSCRIPTION_NOTE }))

  return {
    code: 'KR',
    name: 'Korea (MFDS 화장품 안전기준 등에 관한 규정 별표1/별표2, unofficial transcription)',
    sources,
    entries(subject: Subject): RuleEntry[] {
      const ids = new Set<number>(subject.ruleKeys.map((k) => k - KR_RULE_KEY_OFFSET).filter((id) => id > 0 && byId.has(id)))
      for (const i of subject.ingredientIds) for (const id of byIngredient.get(i) ?? []) ids.add(id)
      return [...ids]
        .sort((a, b) => a - b)
        .map((id) => byId.get(id))
        .filter((e): e is RuleEntry => e !== undefined)
    },
    /**
     * On both lists, the 별표2 row is the permission with a limit and the 별표1 row one whose
     * exemption the transcription dropped (same rule as ingredients/service.ts krStatus).
     */
    status(entries) {
      if (entries.some((e) => e.status === 'restricted')) return 'restricted'
      return entries.length > 0 ? 'prohibited' : 'not_listed'
    },
  }
}
