import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { CN_TABLES, type CnTable } from './cn-stsc.ts'
import type { AnnexNumber } from './cosing-annex.ts'
import { ImportError } from './import-error.ts'

/** Paths of the source files the importer needs (EU, KR, and since issue #13 China and CosIng 2026). */
export interface SourcePaths {
  cosingInventory: string
  annexes: Record<AnnexNumber, string>
  mfdsIngredients: string
  krRules: string
  cosing2026: string
  cnIecic2021: string
  cnIecicRevised: string
  cnTables: Record<CnTable, string>
}

interface Pattern {
  /** How the file is named in messages. */
  label: string
  what: string
  test: RegExp
}

/** The annex number must be followed by `_` or `.`, so `_V` never picks up `_VI`. */
const annexPattern = (annex: AnnexNumber): Pattern => ({
  label: `eu_cosing_annex_${annex}*.csv`,
  what: `the CosIng Annex ${annex} export`,
  test: new RegExp(`^eu_cosing_annex_${annex}(?:_[^/]*)?\\.csv$`),
})

/** File names as in ../shared/data (SOURCES.md table); dates and suffixes may vary. */
export const SOURCE_PATTERNS = {
  cosingInventory: { label: 'eu_cosing_ingredients_*.csv', what: 'the CosIng inventory', test: /^eu_cosing_ingredients_.+\.csv$/ },
  annexes: {
    II: annexPattern('II'),
    III: annexPattern('III'),
    IV: annexPattern('IV'),
    V: annexPattern('V'),
    VI: annexPattern('VI'),
  },
  mfdsIngredients: {
    label: 'kr_mfds_cosmetic_ingredients_*.csv',
    what: 'the MFDS 화장품 원료성분정보 file',
    test: /^kr_mfds_cosmetic_ingredients_.+\.csv$/,
  },
  krRules: { label: 'kr_mfds_banned_restricted*.json', what: 'the 별표1/별표2 transcription', test: /^kr_mfds_banned_restricted.*\.json$/ },
  cosing2026: {
    label: 'eu_cosing_inci_functions_*.csv',
    what: 'the CosIng 2026 names and functions',
    test: /^eu_cosing_inci_functions_[^/]*\.csv$/,
  },
  cnIecic2021: { label: 'cn_nmpa_iecic_*.csv', what: 'the NMPA IECIC 2021 inventory', test: /^cn_nmpa_iecic_[^/]*\.csv$/ },
  cnIecicRevised: { label: 'cn_iecic_revised_*.csv', what: 'the IECIC with the 2025 adjustments', test: /^cn_iecic_revised_[^/]*\.csv$/ },
  cnTables: Object.fromEntries(
    (Object.keys(CN_TABLES) as CnTable[]).map((t) => [
      t,
      { label: CN_TABLES[t].label, what: `the STSC ${CN_TABLES[t].tableNo} table`, test: CN_TABLES[t].file },
    ]),
  ) as Record<CnTable, Pattern>,
} satisfies { annexes: Record<AnnexNumber, Pattern> } & Record<string, unknown>

/**
 * Finds each source file in `dir` by its name pattern. All eighteen are required.
 * Throws ImportError when the directory cannot be listed, a file is missing, or a pattern
 * matches more than one file (which edition to use is the operator's decision).
 */
export async function locateSources(dir: string): Promise<SourcePaths> {
  let files: string[]
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    files = entries
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => e.name)
      .sort()
  } catch (err) {
    throw new ImportError(`sources directory ${dir}: cannot list it (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err })
  }
  const pick = (p: Pattern): string => {
    const found = files.filter((f) => p.test.test(f))
    if (found.length === 0) throw new ImportError(`${p.label}: required file not found in ${dir} (expected ${p.what})`)
    if (found.length > 1) throw new ImportError(`${p.label}: ${found.length} files match in ${dir} (${found.join(', ')}); keep only one`)
    return join(dir, found[0]!)
  }
  const a = SOURCE_PATTERNS.annexes
  return {
    cosingInventory: pick(SOURCE_PATTERNS.cosingInventory),
    annexes: { II: pick(a.II), III: pick(a.III), IV: pick(a.IV), V: pick(a.V), VI: pick(a.VI) },
    mfdsIngredients: pick(SOURCE_PATTERNS.mfdsIngredients),
    krRules: pick(SOURCE_PATTERNS.krRules),
    cosing2026: pick(SOURCE_PATTERNS.cosing2026),
    cnIecic2021: pick(SOURCE_PATTERNS.cnIecic2021),
    cnIecicRevised: pick(SOURCE_PATTERNS.cnIecicRevised),
    cnTables: Object.fromEntries((Object.keys(CN_TABLES) as CnTable[]).map((t) => [t, pick(SOURCE_PATTERNS.cnTables[t])])) as Record<
      CnTable,
      string
    >,
  }
}
