/**
 * Full records of ingredients and regulated substances, read from the database and kept in a
 * bounded LRU (the database is read-only, so a cached record never goes stale). The status
 * rules and the provenance of each status live here.
 */

import { CN_STSC_NOTE, COSING_2026_ID_OFFSET } from '../db/cn-schema.ts'
import { KR_RULE_KEY_OFFSET, KR_TRANSCRIPTION_NOTE, SUBSTANCE_ID_OFFSET } from '../db/schema.ts'
import { utcToday } from '../today.ts'
import { cnStatusOn } from './china.ts'
import { normaliseName } from './identifiers.ts'
import type { AnnexEntryRecord, IngredientRecord, StatusSourcesValue, SubstanceRecord, TargetRecord } from './model.ts'
import type { Queries } from './queries.ts'
import { euStatus, krStatus } from './status.ts'

/** Ingredient and substance records kept in memory (≈ 2 KB a record). */
export const RECORD_CACHE_SIZE = 10_000

const ANNEX_ORDER: Record<AnnexEntryRecord['annex'], number> = { II: 2, III: 3, IV: 4, V: 5, VI: 6 }

/** A bounded LRU map: Map keeps insertion order, so the first key is the oldest. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>()
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key)
    if (v !== undefined) {
      this.map.delete(key)
      this.map.set(key, v)
    }
    return v
  }
  set(key: K, value: V): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as K)
    this.map.set(key, value)
  }
}

/** True for a substance id (SUBSTANCE_ID_OFFSET and above), false for an ingredient id. */
export const isSubstanceId = (id: number): boolean => id >= SUBSTANCE_ID_OFFSET

export { euStatus, krStatus }

/**
 * Reads records by id through the cache. `coverage(id)` gives the rule rows (EU entry ids and
 * KR_RULE_KEY_OFFSET + Korean rule ids) a record carries, so the resolver can tell whether an
 * ingredient answer already shows everything a matching substance says.
 */
export function createRecords(q: Queries) {
  const cache = new Lru<number, { record: TargetRecord; covers: Set<number>; cnRows?: number[] } | null>(RECORD_CACHE_SIZE)
  const dates = new Map(q.sourceDates.all().map((s) => [s.name, s.source_date]))
  const euDate =
    ['II', 'III', 'IV', 'V', 'VI']
      .map((a) => dates.get(`cosing_annex_${a}`) ?? null)
      .filter((d) => d !== null)
      .sort()
      .at(-1) ?? null
  const statusSources: StatusSourcesValue = Object.freeze({
    eu: {
      source: 'cosing_annexes',
      source_date: euDate,
      official: true,
      note: 'EU CosIng export of Regulation (EC) No 1223/2009 Annexes II–VI',
    },
    kr: {
      source: 'kr_rules_transcription',
      source_date: dates.get('kr_rules_transcription') ?? null,
      official: false,
      note: KR_TRANSCRIPTION_NOTE,
    },
    cn: { source: 'cn_stsc_tables', source_date: dates.get('cn_stsc_prohibited') ?? null, official: false, note: CN_STSC_NOTE },
  })

  function readIngredient(id: number): { record: IngredientRecord; covers: Set<number> } | null {
    const row = q.ingredient.get(id)
    if (!row) return null
    const names = q.names.all(id)
    const cas = q.cas.all(id)
    const annex = q.annex.all(id)
    const kr = q.kr.all(id)
    const sources = new Set<string>()
    for (const x of [...names, ...cas, ...annex, ...kr]) sources.add(x.source)
    // Synonyms are the other names, compared by key: "salicylic acid" (INN) is not listed again.
    const inciKey = row.inci_name ? normaliseName(row.inci_name) : null
    const koreanKey = row.korean_name ? normaliseName(row.korean_name) : null
    const english = uniqueByKey(names.filter((n) => n.lang === 'en' && n.key !== inciKey))
    const korean = uniqueByKey(names.filter((n) => n.lang === 'ko' && n.key !== koreanKey))
    const cn = q.china.forIngredient(id, row.cosing_ref_no !== null || row.id >= COSING_2026_ID_OFFSET, row.cosing_ref_no)
    const chinese = uniqueByKey(names.filter((n) => n.lang === 'zh' && n.name !== cn.chinese_name))
    const covers = new Set<number>([...annex.map((a) => a.id), ...kr.map((k) => KR_RULE_KEY_OFFSET + k.id)])
    const annexes = annex.map(({ source: _s, id: _id, ...e }) => e).sort((a, b) => ANNEX_ORDER[a.annex] - ANNEX_ORDER[b.annex])
    const entries = kr.map(({ source: _s, id: _id, ...e }) => e)
    const record: IngredientRecord = {
      kind: 'ingredient',
      id: row.id,
      inci_name: row.inci_name,
      korean_name: row.korean_name,
      cas_numbers: [...new Set(cas.map((c) => c.cas))],
      ec_numbers: q.ec.all(id).map((e) => e.ec),
      functions: q.functions.all(id).map((f) => f.name),
      eu_status: euStatus(annexes, row.cosing_ref_no !== null),
      kr_status: krStatus(entries),
      status_sources: statusSources,
      chinese_name: cn.chinese_name,
      cn_inventory: cn.cn_inventory,
      cn_status: cnStatusOn(cn.cn_entries, utcToday()),
      eu_allergen: cn.eu_allergen !== null,
      eu_allergen_thresholds: cn.eu_allergen,
      cosing_2026: cn.cosing_2026,
      synonyms: { english, korean, chinese },
      cn_entries: cn.cn_entries,
      description: row.description,
      korean_definition: row.korean_definition,
      eu_annexes: annexes,
      kr_rules: { note: KR_TRANSCRIPTION_NOTE, entries },
      provenance: {
        cosing_ref_no: row.cosing_ref_no,
        cosing_update_date: row.cosing_update_date,
        cosing_restriction: row.cosing_restriction,
        mfds_no: row.mfds_no,
        sources: [...sources].sort(),
      },
    }
    return { record, covers }
  }

  function readSubstance(id: number): { record: SubstanceRecord; covers: Set<number>; cnRows: number[] } | null {
    const row = q.substance.get(id)
    if (!row) return null
    const annex = q.substanceAnnex.all(id).sort((a, b) => ANNEX_ORDER[a.annex] - ANNEX_ORDER[b.annex])
    const kr = q.substanceKr.all(id)
    const covers = new Set<number>([...annex.map((a) => a.id), ...kr.map((k) => KR_RULE_KEY_OFFSET + k.id)])
    const entries = kr.map(({ id: _id, ...e }) => e)
    const { rowIds: cnRows, entries: cnEntries } = q.china.forSubstance(id)
    const record: SubstanceRecord = {
      kind: 'regulated_substance',
      id: row.id,
      name: row.name,
      korean_name: row.korean_name,
      is_group: row.is_group === 1,
      cas_numbers: q.substanceCas.all(id).map((c) => c.cas),
      ec_numbers: q.substanceEc.all(id).map((e) => e.ec),
      // A substance is on the EU side only through its annex rows: no annex row, not listed.
      eu_status: euStatus(annex, true),
      kr_status: krStatus(entries),
      cn_status: cnStatusOn(cnEntries, utcToday()),
      status_sources: statusSources,
      linked_ingredients: q.substanceIngredients.all(id),
      names: uniqueByKey(q.substanceNames.all(id)),
      eu_annexes: annex.map(({ id: _id, ...e }) => e),
      kr_rules: { note: KR_TRANSCRIPTION_NOTE, entries },
      cn_entries: cnEntries,
    }
    return { record, covers, cnRows }
  }

  function entry(id: number) {
    let hit = cache.get(id)
    if (hit === undefined) {
      hit = isSubstanceId(id) ? readSubstance(id) : readIngredient(id)
      cache.set(id, hit)
    }
    return hit
  }

  return {
    /** The record with this id (ingredient or substance), or null. */
    get(id: number): TargetRecord | null {
      return entry(id)?.record ?? null
    },
    /**
     * STSC row ids of a regulated substance (its `cn_entries`), the rule keys the China market
     * takes for it (analysis/resolve.ts); empty for an ingredient, whose rows are its links.
     */
    cnRows(id: number): readonly number[] {
      return (isSubstanceId(id) && entry(id)?.cnRows) || []
    },
    /** Rule rows the record carries (EU entry ids, KR_RULE_KEY_OFFSET + rule ids). */
    covers(id: number): ReadonlySet<number> {
      return entry(id)?.covers ?? new Set()
    },
    /** The provenance of every status (the same for every record of a build). */
    statusSources,
  }
}

export type Records = ReturnType<typeof createRecords>

/** Names in order, the first of each key kept. */
function uniqueByKey(names: readonly { name: string; key: string }[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const n of names) {
    if (seen.has(n.key)) continue
    seen.add(n.key)
    out.push(n.name)
  }
  return out
}
