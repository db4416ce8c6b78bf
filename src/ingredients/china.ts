/**
 * China (and EU-as-of-2026) facts of an ingredient, read from the tables of src/db/cn-schema.ts:
 * the Chinese standard name, IECIC listing (`cn_inventory`), the STSC entries (`cn_entries`) and
 * the status they give on a date (`cnStatusOn`), the EU fragrance-allergen thresholds and the
 * CosIng-2026 view of the name. Statements prepared once; pure functions of the rows.
 */
import type { Database } from 'bun:sqlite'
import { CN_STSC_NOTE, withoutCasNote } from '../db/cn-schema.ts'
import { chineseNameKey } from '../importer/cn-names.ts'
import { normaliseName } from './identifiers.ts'
import type { CnEntryValue, CnInventoryValue, CnStatusValue, Cosing2026Value, EuAllergenValue, EuStatusValue } from './model.ts'
import { euStatus } from './status.ts'

type HistoricalUse = { kind: 'percent'; value: number } | { kind: 'not_applicable' } | { kind: 'no_data' }

const IECIC_NOTE_REVISED =
  'names and remarks of 2025 from a third-party compilation of NMPA announcements; verify against the official text'

/** The China facts the ingredient record carries (cn_status is derived per date by `cnStatusOn`). */
export interface ChinaFacts {
  chinese_name: string | null
  cn_inventory: CnInventoryValue
  cn_entries: CnEntryValue[]
  eu_allergen: EuAllergenValue | null
  cosing_2026: Cosing2026Value
}

/** Builds the reader over an open database (read-only; statements prepared here). */
export function createChinaReader(db: Database) {
  const dates = new Map(
    db
      .query<{ name: string; source_date: string | null }, []>('SELECT name, source_date FROM sources')
      .all()
      .map((r) => [r.name, r.source_date]),
  )
  const q = {
    inventory: db.query<
      {
        id: number
        catalog: 'I' | 'II' | 'new_ingredient'
        serial: number | null
        cn_name: string
        max_rinse_off: string
        max_leave_on: string
        remark: string | null
        remark_flag: string | null
        adjust_date: string | null
        in_2021: number
        in_revised: number
        matched_by: string
        matched_name: string
      },
      [number]
    >(
      `SELECT e.id, e.catalog, e.serial, e.cn_name, e.max_rinse_off, e.max_leave_on, e.remark, e.remark_flag, e.adjust_date, e.in_2021, e.in_revised,
              x.matched_by, x.matched_name
         FROM ingredient_cn_inventory x JOIN cn_inventory e ON e.id = x.entry_id WHERE x.ingredient_id = ? ORDER BY e.catalog, e.id`,
    ),
    regulated: db.query<RegulatedRow & { matched_by: string }, [number]>(
      `SELECT r.*, x.matched_by FROM ingredient_cn_regulated x JOIN cn_regulated r ON r.id = x.row_id WHERE x.ingredient_id = ? ORDER BY r.id`,
    ),
    substanceRows: db.query<RegulatedRow, [number]>(
      `SELECT r.*, 'substance_' || x.matched_by AS matched_by FROM substance_cn_regulated x JOIN cn_regulated r ON r.id = x.row_id
        WHERE x.substance_id = ? ORDER BY r.id`,
    ),
    regulatedById: db.query<RegulatedRow, [number]>('SELECT *, NULL AS matched_by FROM cn_regulated WHERE id = ?'),
    ownName: db.query<{ target: 'inventory' | 'regulated'; target_id: number }, [string]>(
      `SELECT DISTINCT n.target, n.target_id FROM cn_names n
        WHERE n.key = ?1
          AND NOT EXISTS (SELECT 1 FROM ingredient_cn_inventory x WHERE n.target = 'inventory' AND x.entry_id = n.target_id)
          AND NOT EXISTS (SELECT 1 FROM ingredient_cn_regulated x WHERE n.target = 'regulated' AND x.row_id = n.target_id)
        ORDER BY n.target, n.target_id LIMIT 50`,
    ),
    unlinkedByCas: db.query<{ row_id: number }, [string]>(
      `SELECT c.row_id FROM cn_regulated_cas c
        WHERE c.cas = ? AND NOT EXISTS (SELECT 1 FROM ingredient_cn_regulated x WHERE x.row_id = c.row_id) ORDER BY c.row_id LIMIT 50`,
    ),
    inventoryById: db.query<{ id: number; catalog: string; serial: number | null; cn_name: string; inci_name: string | null }, [number]>(
      'SELECT id, catalog, serial, cn_name, inci_name FROM cn_inventory WHERE id = ?',
    ),
    allergen: db.query<{ leave_on_pct: number; rinse_off_pct: number; reference_number: string }, [number]>(
      `SELECT a.leave_on_pct, a.rinse_off_pct, e.reference_number FROM ingredient_eu_annex x
         JOIN eu_allergen_entries a ON a.entry_id = x.entry_id JOIN eu_annex_entries e ON e.id = a.entry_id
        WHERE x.ingredient_id = ? ORDER BY e.id LIMIT 1`,
    ),
    euDated: db.query<{ annex: 'II' | 'III' | 'IV' | 'V' | 'VI'; json: string | null }, [number]>(
      `SELECT e.annex, c.json FROM ingredient_eu_annex x JOIN eu_annex_entries e ON e.id = x.entry_id
         LEFT JOIN eu_annex_conditions c ON c.entry_id = e.id WHERE x.ingredient_id = ? ORDER BY e.id`,
    ),
    cosing2026: db.query<{ inci_name: string; functions: string }, [number]>(
      `SELECT c.inci_name, c.functions FROM ingredient_cosing_2026 x JOIN cosing_2026 c ON c.id = x.cosing_2026_id WHERE x.ingredient_id = ? ORDER BY c.id`,
    ),
  }

  function entryOf(r: RegulatedRow): CnEntryValue {
    return {
      table: r.table_name,
      table_no: r.table_no,
      serial: r.serial,
      name: r.cn_name ?? r.en_name ?? r.inci_name ?? '',
      english_name: r.inci_name ?? withoutCasNote(r.en_name),
      status: r.status,
      effective_from: r.effective_from,
      scope: r.scope,
      max_concentration: r.max_conc,
      other_limits: r.other_limits,
      label_warnings: r.label_warnings,
      remark: r.remark,
      conditions: JSON.parse(r.conditions) as CnEntryValue['conditions'],
      moved_to_prohibited: JSON.parse(r.moved_to_prohibited) as string[],
      moved_from: r.moved_from,
      compiler_added: r.compiler_note !== null,
      matched_by: r.matched_by ?? 'own_name',
      source: r.source,
      source_date: dates.get(r.source) ?? null,
      official: false,
      note: CN_STSC_NOTE,
    }
  }

  return {
    /**
     * China facts of ingredient `id`. `inCosing`: the ingredient has a CosIng INCI name (2021 or
     * 2026) — only then is "not in IECIC" a finding (`not_listed`); otherwise `unknown`.
     */
    forIngredient(id: number, inCosing: boolean, cosingRefNo: number | null): ChinaFacts {
      const inv = q.inventory.all(id)
      const listed = inv.find((e) => e.catalog !== 'new_ingredient')
      const use = (json: string) => {
        const u = JSON.parse(json) as HistoricalUse
        return u.kind === 'percent' ? u.value : null
      }
      const cn_inventory: CnInventoryValue = listed
        ? {
            status: 'listed',
            catalog: listed.catalog,
            serial: listed.serial,
            cn_name: listed.cn_name,
            max_historical_use: {
              rinse_off_percent: use(listed.max_rinse_off),
              leave_on_percent: use(listed.max_leave_on),
              rinse_off_not_applicable: (JSON.parse(listed.max_rinse_off) as HistoricalUse).kind === 'not_applicable',
              leave_on_not_applicable: (JSON.parse(listed.max_leave_on) as HistoricalUse).kind === 'not_applicable',
              note: 'highest concentration used in marketed products (IECIC 2021): a fact, not a legal limit',
            },
            remark: listed.remark,
            remark_flag: listed.remark_flag as CnInventoryValue['remark_flag'],
            adjust_date: listed.adjust_date,
            matched_by: listed.matched_by,
            source: listed.in_2021 ? 'cn_iecic_2021' : 'cn_iecic_revised',
            source_date: dates.get(listed.in_2021 ? 'cn_iecic_2021' : 'cn_iecic_revised') ?? null,
            official: listed.in_2021 === 1,
            note: listed.in_revised ? IECIC_NOTE_REVISED : null,
          }
        : {
            status: inCosing ? 'not_listed' : 'unknown',
            catalog: null,
            serial: null,
            cn_name: null,
            max_historical_use: null,
            remark: null,
            remark_flag: null,
            adjust_date: null,
            matched_by: null,
            source: 'cn_iecic_2021',
            source_date: dates.get('cn_iecic_2021') ?? null,
            official: true,
            note: inCosing
              ? 'not in IECIC: a new cosmetic ingredient in China (registration or notification with NMPA before use)'
              : 'known only from MFDS: no INCI name to look up in IECIC',
          }
      const allergen = q.allergen.get(id)
      const c26 = q.cosing2026.all(id)
      return {
        chinese_name: listed?.cn_name ?? null,
        cn_inventory,
        cn_entries: q.regulated.all(id).map(entryOf),
        eu_allergen: allergen
          ? {
              leave_on_percent: allergen.leave_on_pct,
              rinse_off_percent: allergen.rinse_off_pct,
              annex_reference: `III/${allergen.reference_number}`,
              regulation: '(EU) 2023/1545',
            }
          : null,
        cosing_2026: {
          status:
            c26.length > 0
              ? cosingRefNo === null
                ? 'new_since_2021'
                : 'listed'
              : cosingRefNo !== null
                ? 'gone_since_2021'
                : 'not_in_cosing',
          functions: [...new Set(c26.flatMap((c) => JSON.parse(c.functions) as string[]))].sort(),
          source: 'cosing_2026_names',
          source_date: dates.get('cosing_2026_names') ?? null,
        },
      }
    },

    /**
     * STSC rows and IECIC entries that no ingredient is linked to, found by one of their own
     * names (Chinese key: chineseNameKey; English: normaliseName) — so a table row is never
     * lost because it joined no ingredient.
     */
    unlinkedByName(name: string) {
      const key = /[\u3400-\u9fff]/.test(name) ? chineseNameKey(name) : normaliseName(name)
      const hits = q.ownName.all(key)
      return {
        entries: hits.filter((h) => h.target === 'regulated').map((h) => entryOf(q.regulatedById.get(h.target_id)!)),
        inventory: hits.filter((h) => h.target === 'inventory').map((h) => q.inventoryById.get(h.target_id)!),
      }
    },

    /**
     * EU status of ingredient `id` on `date`: an annex entry whose every clause states a date
     * from which it applies (the structured conditions of importer/conditions.ts) counts from
     * the earliest; only future entries → `upcoming`. Same rule as the analysis EU market.
     */
    euStatusOn(id: number, inCosing: boolean, date: string): EuStatusValue {
      const entries = q.euDated.all(id).map((r) => {
        const clauses = r.json ? ((JSON.parse(r.json) as { clauses?: { applies_from: string | null }[] }).clauses ?? []) : []
        const dated = clauses
          .map((c) => c.applies_from)
          .filter((d): d is string => d !== null)
          .sort()
        return { annex: r.annex, from: clauses.length > 0 && dated.length === clauses.length ? dated[0]! : null }
      })
      const inForce = entries.filter((e) => e.from === null || e.from <= date)
      if (inForce.length === 0 && entries.length > 0) return 'upcoming'
      return euStatus(inForce, inCosing)
    },

    /**
     * STSC entries of regulated substance `id`: the rows sharing a name (`matched_by`
     * `substance_name`) or a CAS RN (`substance_cas`) with one of its EU or Korean rows
     * (importer/substance-links.ts), so "Mercury" answers for China as an ingredient does;
     * `rowIds` are the same rows' ids, in the same order (the China market's rule keys).
     */
    forSubstance(id: number): { rowIds: number[]; entries: CnEntryValue[] } {
      const rows = q.substanceRows.all(id)
      return { rowIds: rows.map((r) => r.id), entries: rows.map(entryOf) }
    },

    /** STSC rows carrying CAS RN `cas` that no ingredient is linked to. */
    unlinkedByCas(cas: string) {
      return {
        entries: q.unlinkedByCas.all(cas).map((r) => entryOf(q.regulatedById.get(r.row_id)!)),
        inventory: [] as { id: number; catalog: string; serial: number | null; cn_name: string; inci_name: string | null }[],
      }
    },

    /** An STSC row by id as an entry (reached by its own names, no ingredient linked). */
    entryById(id: number): CnEntryValue | null {
      const r = q.regulatedById.get(id)
      return r ? entryOf(r) : null
    },
  }
}

export type ChinaReader = ReturnType<typeof createChinaReader>

/** A row of `cn_regulated` (one STSC table entry) as `SELECT *` returns it, plus how it was linked. */
export type RegulatedRow = {
  id: number
  table_name: string
  table_no: string
  status: 'prohibited' | 'restricted' | 'allowed_with_conditions'
  serial: string
  cn_name: string | null
  en_name: string | null
  inci_name: string | null
  scope: string | null
  max_conc: string | null
  other_limits: string | null
  label_warnings: string | null
  remark: string | null
  conditions: string
  effective_from: string | null
  moved_to_prohibited: string
  moved_from: string | null
  compiler_note: string | null
  source: string
  matched_by: string | null
}

/**
 * China status on `date` (ISO) from the STSC entries: an entry counts from its
 * `effective_from` (prohibited entries 1291–1297 start in 2027/2028); a permitted-list row whose
 * remark says the substance moved to the prohibited table no longer permits (the prohibited
 * row, linked too, decides) from the date of the move. Worst first: prohibited > restricted > allowed_with_conditions;
 * only future entries → `upcoming`; none → `not_listed` (never read as "allowed").
 */
export function cnStatusOn(
  entries: readonly Pick<CnEntryValue, 'status' | 'effective_from' | 'moved_to_prohibited' | 'moved_from'>[],
  date: string,
): CnStatusValue {
  const inForce = entries.filter((e) => e.effective_from === null || e.effective_from <= date)
  const permits = inForce.filter(
    (e) => e.status === 'prohibited' || e.moved_to_prohibited.length === 0 || (e.moved_from !== null && date < e.moved_from),
  )
  if (permits.some((e) => e.status === 'prohibited')) return 'prohibited'
  if (permits.some((e) => e.status === 'restricted')) return 'restricted'
  if (permits.some((e) => e.status === 'allowed_with_conditions')) return 'allowed_with_conditions'
  if (entries.some((e) => e.effective_from !== null && e.effective_from > date)) return 'upcoming'
  return 'not_listed'
}
