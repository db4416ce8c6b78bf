/**
 * Merges the IECIC 2021 edition with the 2025 compilation into one Chinese inventory
 * (SOURCES.md §5–6). The 2021 edition is official and alone gives the historical use %; the
 * compilation gives NMPA's 2025 names, remarks and additions and the former names (kept as
 * synonyms: labels printed before a change use them).
 */

import type { HistoricalUse, Iecic2021Row, IecicCatalog, IecicRevisedRow } from './cn-iecic.ts'
import { chineseNameKey } from './cn-names.ts'

/** Ids: catalogue Ⅰ = serial; Ⅱ = CN_CATALOG_II_OFFSET + serial; new-ingredient records and reused serials above. */
export const CN_CATALOG_II_OFFSET = 100_000
export const CN_NEW_INGREDIENT_OFFSET = 200_000
export const CN_REUSED_SERIAL_OFFSET = 300_000

export type CnInventoryNameKind = 'cn_name' | 'former_cn_name' | 'inci' | 'former_inci'

/** What the remark says, read from its wording (the raw remark is kept). */
export type CnRemarkFlag = 'prohibited' | 'planned_prohibited' | 'use_per_stsc' | 'former_name'

export interface CnInventoryEntry {
  id: number
  catalog: IecicCatalog
  serial: number | null
  cnName: string
  inciName: string | null
  /** Every name, primary first; former names from the 2025 compilation and renamed 2021 names. */
  names: { name: string; kind: CnInventoryNameKind }[]
  maxRinseOff: HistoricalUse
  maxLeaveOn: HistoricalUse
  remark: string | null
  remarkFlag: CnRemarkFlag | null
  adjustDate: string | null
  adjustField: string | null
  /** Which files the entry comes from. */
  in2021: boolean
  inRevised: boolean
}

/** How the two files were merged (counts per rule; shown in the import summary). */
export interface CnInventoryMerge {
  /** Same serial, same Chinese name. */
  same: number
  /** Same serial, Chinese or INCI name changed (the older one kept as a former name). */
  renamed: number
  /** The compilation reuses a 2021 serial for a different, added substance: both kept. */
  serialReused: number
  /** Catalogue-Ⅰ rows merged into another serial (合并到…): their names join that entry. */
  mergedInto: number
  /** Rows only in the 2021 file / only in the compilation's catalogue Ⅰ. */
  only2021: number
  onlyRevised: number
  catalogII: number
  newIngredientRecords: number
}

const NO_DATA: HistoricalUse = { kind: 'no_data' }

/**
 * Builds the inventory. Pure; never throws. Entries are ordered by id.
 * Serial matching: a catalogue-Ⅰ row of the compilation is the 2021 row with its serial. When the
 * Chinese names differ and the compilation marks the row as added (新增), the serial was reused:
 * the 2021 entry stays under its serial and the added one gets CN_REUSED_SERIAL_OFFSET + serial.
 */
export function mergeCnInventory(
  rows2021: readonly Iecic2021Row[],
  revised: readonly IecicRevisedRow[],
): {
  entries: CnInventoryEntry[]
  merge: CnInventoryMerge
} {
  const merge: CnInventoryMerge = {
    same: 0,
    renamed: 0,
    serialReused: 0,
    mergedInto: 0,
    only2021: 0,
    onlyRevised: 0,
    catalogII: 0,
    newIngredientRecords: 0,
  }
  const byId = new Map<number, CnInventoryEntry>()
  for (const r of rows2021) {
    byId.set(r.serial, {
      id: r.serial,
      catalog: 'I',
      serial: r.serial,
      cnName: r.cnName,
      inciName: r.inciName,
      names: namesOf(r.cnName, r.inciName, [], []),
      maxRinseOff: r.maxRinseOff,
      maxLeaveOn: r.maxLeaveOn,
      remark: r.remark,
      remarkFlag: remarkFlag(r.remark),
      adjustDate: null,
      adjustField: null,
      in2021: true,
      inRevised: false,
    })
  }
  const mergers: { from: IecicRevisedRow; into: number }[] = []
  let newIngredients = 0
  for (const r of revised) {
    if (r.catalog === 'new_ingredient') {
      merge.newIngredientRecords++
      const id = CN_NEW_INGREDIENT_OFFSET + ++newIngredients
      byId.set(id, fromRevised(id, r))
      continue
    }
    if (r.catalog === 'II') {
      merge.catalogII++
      byId.set(CN_CATALOG_II_OFFSET + r.serial!, fromRevised(CN_CATALOG_II_OFFSET + r.serial!, r))
      continue
    }
    const into = /^合并到\s*0*(\d+)$/.exec(r.adjustField ?? '')
    if (into) {
      mergers.push({ from: r, into: Number(into[1]) })
      continue
    }
    const old = byId.get(r.serial!)
    if (!old) {
      merge.onlyRevised++
      byId.set(r.serial!, fromRevised(r.serial!, r))
      continue
    }
    const sameName = chineseNameKey(old.cnName) === chineseNameKey(r.cnName)
    if (!sameName && r.adjustField === '新增' && !r.formerCnNames.length) {
      merge.serialReused++
      byId.set(CN_REUSED_SERIAL_OFFSET + r.serial!, fromRevised(CN_REUSED_SERIAL_OFFSET + r.serial!, r))
      continue
    }
    const sameInci = (old.inciName ?? '') === (r.inciName ?? '')
    if (sameName && sameInci) merge.same++
    else merge.renamed++
    const formerCn = sameName ? r.formerCnNames : [...r.formerCnNames, old.cnName]
    const formerInci = sameInci || old.inciName === null ? r.formerInciNames : [...r.formerInciNames, old.inciName]
    byId.set(r.serial!, {
      ...old,
      cnName: r.cnName,
      inciName: r.inciName ?? old.inciName,
      names: namesOf(r.cnName, r.inciName ?? old.inciName, formerCn, formerInci),
      remark: r.remark ?? old.remark,
      remarkFlag: remarkFlag(r.remark ?? old.remark),
      adjustDate: r.adjustDate,
      adjustField: r.adjustField,
      inRevised: true,
    })
  }
  for (const { from, into } of mergers) {
    const target = byId.get(into)
    const source = byId.get(from.serial!)
    if (!target) {
      merge.onlyRevised++
      byId.set(from.serial!, fromRevised(from.serial!, from))
      continue
    }
    merge.mergedInto++
    byId.delete(from.serial!)
    const extra = namesOf(
      from.cnName,
      from.inciName,
      [...from.formerCnNames, ...(source ? [source.cnName] : [])],
      from.formerInciNames,
    ).map((n) => ({
      name: n.name,
      kind: n.kind === 'cn_name' ? ('former_cn_name' as const) : n.kind === 'inci' ? ('former_inci' as const) : n.kind,
    }))
    target.names = dedupeNames([...target.names, ...extra])
  }
  merge.only2021 = [...byId.values()].filter((e) => e.in2021 && !e.inRevised).length
  return { entries: [...byId.values()].sort((a, b) => a.id - b.id), merge }
}

function fromRevised(id: number, r: IecicRevisedRow): CnInventoryEntry {
  return {
    id,
    catalog: r.catalog,
    serial: r.serial,
    cnName: r.cnName,
    inciName: r.inciName,
    names: namesOf(r.cnName, r.inciName, r.formerCnNames, r.formerInciNames),
    maxRinseOff: NO_DATA,
    maxLeaveOn: NO_DATA,
    remark: r.remark,
    remarkFlag: remarkFlag(r.remark),
    adjustDate: r.adjustDate,
    adjustField: r.adjustField,
    in2021: false,
    inRevised: true,
  }
}

function namesOf(cn: string, inci: string | null, formerCn: readonly string[], formerInci: readonly string[]) {
  const names: { name: string; kind: CnInventoryNameKind }[] = [{ name: cn, kind: 'cn_name' }]
  if (inci) names.push({ name: inci, kind: 'inci' })
  for (const n of formerCn) names.push({ name: n, kind: 'former_cn_name' })
  for (const n of formerInci) names.push({ name: n, kind: 'former_inci' })
  return dedupeNames(names)
}

function dedupeNames(names: { name: string; kind: CnInventoryNameKind }[]) {
  const seen = new Set<string>()
  return names.filter((n) => {
    const key = (n.kind === 'cn_name' || n.kind === 'former_cn_name' ? 'cn:' : 'en:') + chineseNameKey(n.name)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Reads the remark's wording: 拟调整…禁用 (to become prohibited), 禁用 (prohibited by the STSC),
 * 技术规范 (use as the STSC requires), 曾用名 (the row is a former name). Null for anything else.
 */
export function remarkFlag(remark: string | null): CnRemarkFlag | null {
  if (!remark) return null
  if (/拟调整/.test(remark) && /禁用/.test(remark)) return 'planned_prohibited'
  if (/禁用/.test(remark)) return 'prohibited'
  if (/技术规范/.test(remark)) return 'use_per_stsc'
  if (/曾用名/.test(remark)) return 'former_name'
  return null
}
