/**
 * The importer step for issue #13: CosIng 2026 names into the catalogue, the Chinese inventory
 * and tables joined to ingredients, the EU allergen flags — everything writeDatabase's `cn`
 * needs, and the counts for the import summary.
 */

import { normaliseName } from '../ingredients/identifiers.ts'
import type { CnInventoryMerge } from './cn-inventory.ts'
import { type CnLink, type CnLinkReport, type IngredientLookup, linkCnInventory, linkCnRegulated } from './cn-links.ts'
import type { CnSources } from './cn-sources.ts'
import { CN_TABLES, type CnTable } from './cn-stsc.ts'
import { mergeCosing2026 } from './cosing-2026-merge.ts'
import type { AnnexEntry } from './cosing-annex.ts'
import { allergenThresholds } from './eu-allergens.ts'
import type { Catalogue } from './merge.ts'
import { addNames, type NewName } from './name-index.ts'
import type { SourceName } from './source-stats.ts'
import type { CnContent } from './write-cn.ts'

export interface CnSummary {
  cosing2026: { names: number; linked: number; added: number; goneSince2021: number }
  inventory: { entries: number; merge: CnInventoryMerge; links: CnLinkReport }
  /** Per STSC table: rows, entries (distinct serials), links. */
  tables: Record<CnTable, { rows: number; entries: number; links: CnLinkReport }>
  euAllergens: number
  /** Chinese names added to the name index, and those not stored (another ingredient's primary name). */
  chineseNames: { stored: number; shadowed: number }
  /** STSC links made by following another market's row (substance-links.ts; set by the importer). */
  throughSubstances: number
}

/** Pure; never throws. */
export function chinaStep(
  catalogue: Catalogue,
  cn: CnSources,
  annexEntries: readonly AnnexEntry[],
): { catalogue: Catalogue; content: CnContent; summary: CnSummary } {
  const c26 = mergeCosing2026(catalogue, cn.cosing2026)
  const lookup = ingredientLookup(c26.catalogue)
  const inv = linkCnInventory(cn.inventory, lookup)
  const reg = linkCnRegulated(cn.regulated, lookup, { entries: cn.inventory, links: inv.links })
  const tables = {} as CnSummary['tables']
  for (const row of cn.regulated) {
    tables[row.table] ??= { rows: 0, entries: 0, links: { linked: 0, unlinked: 0, byRule: { ...reg.report.byRule } } }
    const t = tables[row.table]
    t.rows++
  }
  for (const [table, t] of Object.entries(tables) as [CnTable, CnSummary['tables'][CnTable]][]) {
    const rows = cn.regulated.filter((r) => r.table === table)
    t.entries = new Set(rows.map((r) => r.serial)).size
    const ids = new Set(rows.map((r) => r.id))
    const linkedRows = new Set(reg.links.filter((l) => ids.has(l.targetId)).map((l) => l.targetId))
    t.links = {
      linked: linkedRows.size,
      unlinked: rows.length - linkedRows.size,
      byRule: countRules(reg.links.filter((l) => ids.has(l.targetId)).map((l) => l.rule)),
    }
  }
  const allergens = annexEntries.map(allergenThresholds).filter((a) => a !== null)
  const withChinese = { ...c26.catalogue, names: [...c26.catalogue.names] }
  const chinese = addNames(withChinese, chineseNames(cn, inv.links, reg.links))
  withChinese.names.sort((a, b) => a.ingredientId - b.ingredientId)
  return {
    catalogue: withChinese,
    content: {
      inventory: cn.inventory,
      inventoryLinks: inv.links,
      regulated: cn.regulated,
      regulatedLinks: reg.links,
      substanceRows: [],
      cosing2026: c26.records,
      allergens,
    },
    summary: {
      cosing2026: { names: cn.cosing2026.length, linked: c26.linked, added: c26.added, goneSince2021: c26.goneIds.length },
      inventory: { entries: cn.inventory.length, merge: cn.inventoryMerge, links: inv.report },
      tables,
      euAllergens: allergens.length,
      chineseNames: chinese,
      throughSubstances: 0,
    },
  }
}

/**
 * The Chinese names of linked ingredients, for the one name index (resolver, search):
 * `cn_name` (IECIC standard name, a primary name), `cn_former_name` (IECIC former names of
 * 2025), `cn_stsc_name` (a table's Chinese name or synonym). Keys: `cnIndexKey`.
 */
function chineseNames(cn: CnSources, invLinks: readonly CnLink[], regLinks: readonly CnLink[]): NewName[] {
  const out: NewName[] = []
  const seen = new Set<string>()
  const add = (ingredientId: number, name: string, kind: string, source: SourceName) => {
    const key = cnIndexKey(name)
    const id = `${ingredientId}\t${key}`
    // A "Chinese" name without Han characters (IECIC prints colorants as "CI 77891") is the
    // INCI name again: indexed as Chinese it would out-rank the INCI name's own rules.
    if (key === '' || seen.has(id) || !/[\u3400-\u9fff]/.test(name)) return
    seen.add(id)
    out.push({ ingredientId, name, lang: 'zh', kind, source })
  }
  const entries = new Map(cn.inventory.map((e) => [e.id, e]))
  for (const l of invLinks) {
    const e = entries.get(l.targetId)!
    const source: SourceName = e.inRevised ? 'cn_iecic_revised' : 'cn_iecic_2021'
    for (const n of e.names) {
      if (n.kind === 'cn_name') add(l.ingredientId, n.name, 'cn_name', e.in2021 && n.name === e.cnName ? 'cn_iecic_2021' : source)
      else if (n.kind === 'former_cn_name') add(l.ingredientId, n.name, 'cn_former_name', 'cn_iecic_revised')
    }
  }
  const rows = new Map(cn.regulated.map((r) => [r.id, r]))
  for (const l of regLinks) {
    const r = rows.get(l.targetId)!
    for (const n of r.names) if (n.lang === 'zh') add(l.ingredientId, n.name, 'cn_stsc_name', CN_TABLES[r.table].source)
  }
  return out
}

/** Name-index key of a Chinese name: `normaliseName` without spaces (the tables space CJK unevenly). */
export function cnIndexKey(name: string): string {
  return normaliseName(name).replace(/\s+/g, '')
}

function ingredientLookup(catalogue: Catalogue): IngredientLookup {
  const byName = new Map<string, number[]>()
  for (const n of catalogue.names) {
    if (n.lang !== 'en') continue
    const ids = byName.get(n.key)
    if (!ids) byName.set(n.key, [n.ingredientId])
    else if (!ids.includes(n.ingredientId)) ids.push(n.ingredientId)
  }
  const byCas = new Map<string, number[]>()
  for (const c of catalogue.cas) {
    const ids = byCas.get(c.value)
    if (!ids) byCas.set(c.value, [c.ingredientId])
    else if (!ids.includes(c.ingredientId)) ids.push(c.ingredientId)
  }
  return { byNameKey: (k) => byName.get(k) ?? [], byCas: (c) => byCas.get(c) ?? [] }
}

function countRules(rules: readonly string[]): CnLinkReport['byRule'] {
  const out = { exact: 0, punctuation: 0, without_common_name: 0, spacing: 0, iecic_chinese_name: 0, cas: 0, substance: 0 }
  for (const r of rules) out[r as keyof typeof out]++
  return out
}
