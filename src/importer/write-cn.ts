/**
 * Writes the Chinese sources, CosIng 2026 and the EU allergen flags (tables of src/db/cn-schema.ts)
 * inside writeDatabase's transaction.
 */
import type { Database } from 'bun:sqlite'
import { normaliseName } from '../ingredients/identifiers.ts'
import type { CnCondition } from './cn-conditions.ts'
import type { CnInventoryEntry } from './cn-inventory.ts'
import type { CnLink } from './cn-links.ts'
import { chineseNameKey } from './cn-names.ts'
import { CN_TABLES, type CnRegulatedRow } from './cn-stsc.ts'
import type { Cosing2026Record } from './cosing-2026-merge.ts'
import type { AllergenThresholds } from './eu-allergens.ts'

export interface CnContent {
  inventory: readonly CnInventoryEntry[]
  inventoryLinks: readonly CnLink[]
  regulated: readonly CnRegulatedRow[]
  regulatedLinks: readonly CnLink[]
  /** STSC rows of each regulated substance (substance-links.ts). */
  substanceRows: readonly { substanceId: number; rowId: number; matchedBy: 'name' | 'cas' }[]
  cosing2026: readonly Cosing2026Record[]
  allergens: readonly AllergenThresholds[]
}

/** Inserts every row; the caller runs it in its transaction and rebuilds `cn_names_fts` after. */
export function insertCn(db: Database, c: CnContent): void {
  const inv = db.prepare(
    `INSERT INTO cn_inventory (id, catalog, serial, cn_name, inci_name, max_rinse_off, max_leave_on, remark, remark_flag,
       adjust_date, adjust_field, in_2021, in_revised) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const name = db.prepare('INSERT INTO cn_names (target, target_id, name, key, lang, kind) VALUES (?, ?, ?, ?, ?, ?)')
  for (const e of c.inventory) {
    inv.run(
      e.id,
      e.catalog,
      e.serial,
      e.cnName,
      e.inciName,
      JSON.stringify(e.maxRinseOff),
      JSON.stringify(e.maxLeaveOn),
      e.remark,
      e.remarkFlag,
      e.adjustDate,
      e.adjustField,
      e.in2021 ? 1 : 0,
      e.inRevised ? 1 : 0,
    )
    for (const n of e.names) {
      const zh = n.kind === 'cn_name' || n.kind === 'former_cn_name'
      name.run('inventory', e.id, n.name, zh ? chineseNameKey(n.name) : normaliseName(n.name), zh ? 'zh' : 'en', n.kind)
    }
  }
  const reg = db.prepare(
    `INSERT INTO cn_regulated (id, table_name, table_no, status, serial, cn_name, en_name, inci_name, cas_numbers, scope, max_conc,
       other_limits, label_warnings, remark, conditions, effective_from, revised_from, announcement, moved_to_prohibited, moved_from, compiler_note, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const cas = db.prepare('INSERT OR IGNORE INTO cn_regulated_cas (row_id, cas) VALUES (?, ?)')
  for (const r of c.regulated) {
    const t = CN_TABLES[r.table]
    reg.run(
      r.id,
      r.table,
      t.tableNo,
      t.status,
      r.serial,
      r.cnName,
      r.enName,
      r.inciName,
      JSON.stringify(r.casNumbers),
      r.scope,
      r.maxConc,
      r.otherLimits,
      r.labelWarnings,
      r.remark,
      JSON.stringify(r.conditions.map(snakeCondition)),
      r.effectiveFrom,
      r.revisedFrom,
      r.announcement,
      JSON.stringify(r.movedToProhibited),
      r.movedFrom,
      r.compilerNote,
      t.source,
    )
    for (const n of r.names)
      name.run('regulated', r.id, n.name, n.lang === 'zh' ? chineseNameKey(n.name) : normaliseName(n.name), n.lang, n.kind)
    for (const x of r.casNumbers) cas.run(r.id, x)
  }
  const invLink = db.prepare(
    'INSERT OR IGNORE INTO ingredient_cn_inventory (ingredient_id, entry_id, matched_by, matched_name) VALUES (?, ?, ?, ?)',
  )
  for (const l of c.inventoryLinks) invLink.run(l.ingredientId, l.targetId, l.rule, l.matchedName)
  const regLink = db.prepare(
    'INSERT OR IGNORE INTO ingredient_cn_regulated (ingredient_id, row_id, matched_by, matched_name) VALUES (?, ?, ?, ?)',
  )
  for (const l of c.regulatedLinks) regLink.run(l.ingredientId, l.targetId, l.rule, l.matchedName)
  const substanceRow = db.prepare('INSERT INTO substance_cn_regulated (substance_id, row_id, matched_by) VALUES (?, ?, ?)')
  for (const s of c.substanceRows) substanceRow.run(s.substanceId, s.rowId, s.matchedBy)

  const c26 = db.prepare('INSERT INTO cosing_2026 (id, inci_name, functions) VALUES (?, ?, ?)')
  const c26Link = db.prepare('INSERT OR IGNORE INTO ingredient_cosing_2026 (ingredient_id, cosing_2026_id) VALUES (?, ?)')
  for (const r of c.cosing2026) {
    c26.run(r.id, r.inciName, JSON.stringify(r.functions))
    for (const id of r.ingredientIds) c26Link.run(id, r.id)
  }
  const allergen = db.prepare('INSERT INTO eu_allergen_entries (entry_id, leave_on_pct, rinse_off_pct) VALUES (?, ?, ?)')
  for (const a of c.allergens) allergen.run(a.entryId, a.leaveOnPct, a.rinseOffPct)
}

/** The structured condition as stored and served (snake_case, like every JSON field). */
export function snakeCondition(c: CnCondition) {
  return {
    clause: c.clause,
    scope: c.scope,
    product_types: c.productTypes,
    not_for: c.notFor,
    max_percent: c.maxPercent,
    basis: c.basis,
    total: c.total,
    ph_max: c.phMax,
    ph_min: c.phMin,
    not_for_children_under_3: c.notForChildrenUnder3,
    warnings: c.warnings,
    applies_from: c.appliesFrom,
    applies_until: c.appliesUntil,
    parsed: c.parsed,
  }
}
