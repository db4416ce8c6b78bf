/**
 * The Chinese market: NMPA 化妆品安全技术规范 (STSC) tables 2–7 as consolidated to 2026-01
 * (secondary: every entry says "consolidated from NMPA tables; verify against the official
 * text"), plus the IECIC inventory — an ingredient not in IECIC is a new ingredient in China,
 * to be registered or notified before use (`inventory`). 表2/表2-2 → prohibited (entries
 * 1291–1297 from their 2027/2028 start dates), 表3 → restricted, 表4–7 → allowed with conditions.
 * Conditions are the structured reading stored at import (importer/cn-conditions.ts), mapped to
 * the clause shape every market shares.
 */
import type { Database } from 'bun:sqlite'
import { CN_INVENTORY_KEY_OFFSET, CN_STSC_NOTE, withoutCasNote } from '../../db/cn-schema.ts'
import type { RegulatedRow } from '../../ingredients/china.ts'
import type { RuleEntry } from '../model.ts'
import type { ScopeTag } from '../product-types.ts'
import { type InventoryFact, type Market, pushTo, type Subject, sourceDates, worstStatus } from './market.ts'

/** A `cn_regulated` row (`SELECT *`): one declaration of its shape, in ingredients/china.ts. */
type Row = Omit<RegulatedRow, 'matched_by'>

type StoredClause = {
  clause: string | null
  scope: string | null
  product_types: string[]
  not_for: string[]
  max_percent: number | null
  basis: string | null
  ph_max: number | null
  ph_min: number | null
  not_for_children_under_3: boolean
  warnings: string | null
  applies_from: string | null
  parsed: boolean
}

const EXPOSURES = new Set(['leave_on', 'rinse_off'])
const AREAS = new Set(['hair', 'oral', 'eye', 'lip', 'nail', 'face', 'body', 'hand'])
/** Chinese-scope product types → the shared scope tags ('skin' has none: it only says "not hair"). */
const TAG: Record<string, ScopeTag | null> = {
  leave_on: 'leave_on',
  rinse_off: 'rinse_off',
  hair: 'hair',
  oral: 'oral',
  eye: 'eye',
  lip: 'lip',
  nail: 'nail',
  face: 'face',
  body: 'body',
  hand: 'hand',
  spray: 'spray',
  children: 'children_under_3',
  mucous_membrane: 'mucous_membranes',
  professional: 'professional',
  hair_dye: 'hair_dye',
  skin: null,
}

/**
 * One stored clause in the shared shape. A scope naming both leave-on and rinse-off, or
 * several body parts with one exposure, is an OR-list; anything the mapping cannot say for
 * sure is `known: false`, so the verdict answers `cannot_tell` rather than guess.
 */
export function toSharedClause(c: StoredClause): NonNullable<RuleEntry['conditions']>['clauses'][number] {
  const types = c.product_types.filter((t) => t !== 'children' || /[三3]\s*岁以下/.test(c.scope ?? ''))
  const tags = types.map((t) => TAG[t] ?? null)
  const exposure = tags.filter((t): t is ScopeTag => t !== null && EXPOSURES.has(t))
  const areas = tags.filter((t): t is ScopeTag => t !== null && AREAS.has(t))
  const classes = tags.filter((t): t is ScopeTag => t !== null && !EXPOSURES.has(t) && !AREAS.has(t))
  const other = c.scope !== null && /^其他|其它/.test(c.scope)
  let any_of: ScopeTag[][] | null = null
  let known = true
  if (c.scope !== null && !other) {
    if (types.length === 0) known = false
    else if (exposure.length > 1) any_of = exposure.map((e) => [e, ...classes])
    else if (areas.length > 1) any_of = areas.map((a) => [...exposure, a, ...classes])
    else any_of = [[...exposure, ...areas, ...classes]]
    if (exposure.length > 1 && areas.length > 0) known = false
  }
  return {
    label: c.clause,
    product_type_text: c.scope,
    scope: {
      any_of,
      none_of: c.not_for
        .map((t) => TAG[t])
        .filter((t): t is ScopeTag => t != null)
        .map((t) => [t]),
      other,
      known,
    },
    max_percent: c.max_percent,
    basis: c.basis,
    ph_min: c.ph_min,
    ph_max: c.ph_max,
    not_under_age_years: c.not_for_children_under_3 ? 3 : null,
    warning: c.warnings,
    applies_from: c.applies_from,
  }
}

/** Loads every STSC row, link and IECIC listing once; `entries` and `inventory` are then map lookups. */
export function createCnMarket(db: Database): Market {
  const dates = sourceDates(db)
  const byId = new Map<number, { entry: RuleEntry; moved: boolean; movedFrom: string | null }>()
  // Entries are the same on every date; the verdict compares their dates with the analysis date.
  for (const r of db.query<Row, []>('SELECT * FROM cn_regulated ORDER BY id').all()) {
    const stored = JSON.parse(r.conditions) as StoredClause[]
    const clauses = stored.map(toSharedClause)
    byId.set(r.id, {
      entry: {
        list: `CN STSC ${r.table_no}`,
        reference: r.serial,
        name: [r.cn_name, r.inci_name ?? withoutCasNote(r.en_name)].filter(Boolean).join(' / ') || null,
        status: r.status,
        effective_from: r.effective_from,
        source: { name: r.source, date: dates.get(r.source) ?? null, official: false, note: CN_STSC_NOTE },
        raw: {
          scope: r.scope,
          max_concentration: r.max_conc,
          other_limits: r.other_limits,
          label_warnings: r.label_warnings,
          remark: r.remark,
        },
        conditions: r.status === 'prohibited' ? null : { parsed: stored.every((c) => c.parsed), notes: [], clauses, labelling_duty: null },
      },
      moved: (JSON.parse(r.moved_to_prohibited) as string[]).length > 0,
      movedFrom: r.moved_from,
    })
  }
  const byIngredient = new Map<number, number[]>()
  for (const l of db
    .query<{ ingredient_id: number; row_id: number }, []>('SELECT ingredient_id, row_id FROM ingredient_cn_regulated ORDER BY row_id')
    .all()) {
    pushTo(byIngredient, l.ingredient_id, l.row_id)
  }
  const listed = new Map<number, { serial: number | null; cn_name: string }>()
  for (const r of db
    .query<{ ingredient_id: number; serial: number | null; cn_name: string }, []>(
      `SELECT x.ingredient_id, e.serial, e.cn_name FROM ingredient_cn_inventory x JOIN cn_inventory e ON e.id = x.entry_id
        WHERE e.catalog <> 'new_ingredient' ORDER BY e.catalog, e.id`,
    )
    .all()) {
    if (!listed.has(r.ingredient_id)) listed.set(r.ingredient_id, { serial: r.serial, cn_name: r.cn_name })
  }
  const inCosing = new Set(
    db
      .query<{ id: number }, []>(
        'SELECT id FROM ingredients WHERE cosing_ref_no IS NOT NULL OR id IN (SELECT ingredient_id FROM ingredient_cosing_2026)',
      )
      .all()
      .map((r) => r.id),
  )
  const sources = [...dates.entries()]
    .filter(([name]) => name.startsWith('cn_'))
    .map(([name, date]) => ({
      name,
      date,
      official: name === 'cn_iecic_2021',
      note:
        name === 'cn_iecic_2021'
          ? null
          : name === 'cn_iecic_revised'
            ? 'a third-party compilation of NMPA announcements; verify against the official text'
            : CN_STSC_NOTE,
    }))

  return {
    code: 'CN',
    name: 'China (NMPA 化妆品安全技术规范 tables, consolidated to 2026-01; IECIC 2021 + 2025 adjustments)',
    sources,
    entries(subject: Subject): RuleEntry[] {
      // Member keys of STSC rows are the row ids themselves (db/cn-schema.ts).
      const ids = new Set<number>(subject.ruleKeys.filter((k) => byId.has(k)))
      for (const i of subject.ingredientIds) for (const id of byIngredient.get(i) ?? []) ids.add(id)
      return (
        [...ids]
          .sort((a, b) => a - b)
          .map((id) => byId.get(id))
          // A permitted row whose substance has moved to the prohibited table permits no longer (the 表2
          // row decides); one moving on a future date still permits until then (the 表2 row is upcoming).
          .filter((x) => x !== undefined && !(x.moved && x.movedFrom === null))
          .map((x) => x!.entry)
      )
    },
    status: worstStatus,
    inventory(subject: Subject): InventoryFact {
      for (const i of subject.ingredientIds) {
        const hit = listed.get(i)
        if (hit) return { status: 'listed', serial: hit.serial, cn_name: hit.cn_name, note: 'in IECIC (已使用化妆品原料目录)' }
      }
      if (subject.ruleKeys.some((k) => k >= CN_INVENTORY_KEY_OFFSET))
        return { status: 'listed', serial: null, cn_name: null, note: 'an IECIC entry found by its own name' }
      if (subject.ingredientIds.some((i) => inCosing.has(i))) {
        return {
          status: 'not_listed',
          serial: null,
          cn_name: null,
          note: 'not in IECIC: a new cosmetic ingredient in China — registration or notification with NMPA before use',
        }
      }
      return { status: 'unknown', serial: null, cn_name: null, note: 'no INCI name to look up in IECIC' }
    },
  }
}
