/**
 * Reads every Chinese source and CosIng 2026 in one step, for the importer: the merged IECIC
 * inventory, the rows of the seven STSC tables, the 2026 names, and one SourceStats per file.
 */
import { basename } from 'node:path'
import { parseIecic2021, parseIecicRevised } from './cn-iecic.ts'
import { type CnInventoryEntry, type CnInventoryMerge, mergeCnInventory } from './cn-inventory.ts'
import { CN_TABLES, type CnRegulatedRow, type CnTable, parseCnTable } from './cn-stsc.ts'
import { type Cosing2026Name, parseCosing2026 } from './cosing-2026.ts'
import type { SourcePaths } from './locate-sources.ts'
import type { SourceStats } from './source-stats.ts'

export interface CnSources {
  inventory: CnInventoryEntry[]
  inventoryMerge: CnInventoryMerge
  /** Rows of all seven tables, in CN_TABLES order then file order. */
  regulated: CnRegulatedRow[]
  cosing2026: Cosing2026Name[]
  /** IECIC 2021, IECIC 2025, the seven tables, CosIng 2026 — in that order. */
  stats: SourceStats[]
}

/**
 * Reads the ten files named in `paths` with `read` (the importer's decoding reader).
 * Throws ImportError (naming the file) for an unreadable or unrecognised file.
 */
export async function readCnSources(paths: SourcePaths, read: (path: string) => Promise<string>): Promise<CnSources> {
  const a = parseIecic2021(await read(paths.cnIecic2021), basename(paths.cnIecic2021))
  const b = parseIecicRevised(await read(paths.cnIecicRevised), basename(paths.cnIecicRevised))
  const { entries, merge } = mergeCnInventory(a.rows, b.rows)
  const regulated: CnRegulatedRow[] = []
  const tableStats: SourceStats[] = []
  for (const table of Object.keys(CN_TABLES) as CnTable[]) {
    const path = paths.cnTables[table]
    const parsed = parseCnTable(await read(path), basename(path), table)
    regulated.push(...parsed.rows)
    tableStats.push(parsed.stats)
  }
  const c = parseCosing2026(await read(paths.cosing2026), basename(paths.cosing2026))
  return { inventory: entries, inventoryMerge: merge, regulated, cosing2026: c.names, stats: [a.stats, b.stats, ...tableStats, c.stats] }
}
