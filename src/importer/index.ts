/**
 * The database importer: reads the eight official source files (../shared/data/SOURCES.md)
 * or the sample in data/sample, merges them, and writes one SQLite file with the schema of
 * src/db/schema.ts. No side effects at import time; no environment access (the caller
 * passes every path).
 */
import { mkdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { COMMON_NAMES } from '../ingredients/common-names.ts'
import { type AnnexMatch, linkAnnexEntries } from './annex-links.ts'
import { type CnSummary, chinaStep } from './china-step.ts'
import { readCnSources } from './cn-sources.ts'
import { commonnessScores } from './commonness.ts'
import { ANNEXES, type AnnexEntry, parseAnnex } from './cosing-annex.ts'
import { parseCosingInventory } from './cosing-inventory.ts'
import { type KrMatch, linkKrRules } from './kr-links.ts'
import { parseKrRules } from './kr-rules.ts'
import { locateSources } from './locate-sources.ts'
import { type MergeMethod, mergeIngredients } from './merge.ts'
import { parseMfdsIngredients } from './mfds-ingredients.ts'
import { buildSearchOrder } from './search-order.ts'
import type { SourceStats } from './source-stats.ts'
import { readSourceText } from './source-text.ts'
import { linkThroughSubstances } from './substance-links.ts'
import { buildSubstances, type SubstanceSet, substanceReach } from './substances.ts'
import { writeDatabase } from './write-database.ts'

export { ImportError } from './import-error.ts'
export type { SourceStats } from './source-stats.ts'

export interface ImportOptions {
  /** Directory holding the eight source files (found by name; see locate-sources.ts). */
  sourcesDir: string
  /** The database to write; replaced atomically (written next to it, then renamed). */
  outFile: string
  /** Receives one progress line per step. @default no logging */
  log?: (line: string) => void
  /** ISO timestamp stored as meta `built_at`. @default the current time */
  builtAt?: string
  /** Monotonic clock in ms, for `durationMs`. @default performance.now */
  clock?: () => number
}

/** What an import did; `formatSummary` turns it into a few lines for humans. */
export interface ImportSummary {
  outFile: string
  builtAt: string
  /** Wall time of the whole import, in ms. */
  durationMs: number
  /** One per source file, in `sources.id` order. */
  sources: SourceStats[]
  ingredients: {
    total: number
    /** Ingredients from the CosIng inventory (id = COSING Ref No). */
    cosing: number
    /** Ingredients known only from MFDS (id = MFDS_ID_OFFSET + No). */
    mfdsOnly: number
    /** Ingredients with a Korean standard name (CosIng-merged or MFDS-only). */
    withKoreanName: number
    /** CosIng ingredients that got a Korean standard name through the merge. */
    cosingWithKoreanName: number
  }
  names: number
  /** MFDS rows per merge method (see MergeMethod in merge.ts). */
  merges: Record<MergeMethod, number>
  euAnnex: { entries: number; entriesLinked: number; links: number; byMethod: Record<AnnexMatch, number> }
  krRules: { rules: number; rulesLinked: number; links: number; byMethod: Record<KrMatch, number> }
  /** China (IECIC, STSC), CosIng 2026, EU allergens. */
  china: CnSummary
  /** Regulated substances (grouped rule rows) and how each list's rows can be reached. */
  substances: { total: number; groups: number; reach: SubstanceSet['reach'] }
  /** Synonyms not stored because they are another ingredient's primary name (see merge.ts). */
  shadowedSynonyms: number
  /** MFDS rows naming several CosIng ingredients (merged with a primary Korean name on one only). */
  multiIngredientRows: number
}

/**
 * Builds the database from `opts.sourcesDir` into `opts.outFile`.
 * All eight source files are required. The file is written to a temporary name in the same
 * directory and renamed over `outFile` only when complete, so a running service never sees
 * a half-written database and a failed import leaves the old one in place.
 * Throws ImportError (message names the file and what was expected) for a missing,
 * unreadable or unrecognised source; other errors (disk full, SQLite) propagate as is.
 */
export async function importDatabase(opts: ImportOptions): Promise<ImportSummary> {
  const clock = opts.clock ?? (() => performance.now())
  const log = opts.log ?? (() => {})
  const started = clock()
  const builtAt = opts.builtAt ?? new Date().toISOString()

  const paths = await locateSources(opts.sourcesDir)

  const read = async (path: string, allowCp949 = false) => {
    const { text, encoding } = await readSourceText(path, { allowCp949 })
    if (encoding !== 'utf-8') log(`${basename(path)}: decoded as ${encoding}`)
    return text
  }
  const done = (s: SourceStats) =>
    log(`read ${s.file}: ${s.rowsRead} rows, ${s.rowsUsed} used, ${s.rowsRejected} rejected${reasonsText(s.rejectReasons)}`)

  const cosing = parseCosingInventory(await read(paths.cosingInventory), basename(paths.cosingInventory))
  done(cosing.stats)
  const annexEntries: AnnexEntry[] = []
  const annexStats: SourceStats[] = []
  for (const { annex } of ANNEXES) {
    const path = paths.annexes[annex]
    const parsed = parseAnnex(await read(path), basename(path), annex)
    done(parsed.stats)
    annexEntries.push(...parsed.entries)
    annexStats.push(parsed.stats)
  }
  const mfds = parseMfdsIngredients(await read(paths.mfdsIngredients, true), basename(paths.mfdsIngredients))
  done(mfds.stats)
  const kr = parseKrRules(await read(paths.krRules), basename(paths.krRules))
  done(kr.stats)

  const cnSources = await readCnSources(paths, (p) => read(p))
  for (const s of cnSources.stats) done(s)

  const step = (label: string) => log(`${label} (${Math.round(clock() - started)} ms)`)
  const merged = mergeIngredients(cosing.ingredients, mfds.ingredients)
  step('merged ingredients')
  const ownAnnexLinks = linkAnnexEntries(merged, annexEntries)
  const ownKrLinks = linkKrRules(merged, kr.rules)
  step('linked rule rows')
  const china = chinaStep(merged, cnSources, annexEntries)
  const catalogue = china.catalogue
  step('joined China and CosIng 2026')
  const substances = buildSubstances(catalogue, annexEntries, kr.rules, ownAnnexLinks, ownKrLinks)
  step('built regulated substances')
  // Group rows followed across markets ("Lead and its compounds" in all three lists).
  const through = linkThroughSubstances({
    catalogue,
    entries: annexEntries,
    rules: kr.rules,
    cnRows: cnSources.regulated,
    annexLinks: ownAnnexLinks,
    krLinks: ownKrLinks,
    cnLinks: china.content.regulatedLinks,
    substances: substances.substances,
  })
  const annexLinks = [...ownAnnexLinks, ...through.eu]
  const krLinks = [...ownKrLinks, ...through.kr]
  const cn = {
    ...china.content,
    regulatedLinks: [...china.content.regulatedLinks, ...through.cn],
    substanceRows: through.substanceCn,
  }
  step('followed group rows across markets')
  const search = buildSearchOrder(
    catalogue,
    substances,
    commonnessScores(catalogue),
    {
      entries: annexEntries,
      rules: kr.rules,
      annexLinks,
      krLinks,
    },
    COMMON_NAMES,
  )
  step('ordered search')
  const sources = [cosing.stats, ...annexStats, mfds.stats, kr.stats, ...cnSources.stats]

  await mkdir(dirname(opts.outFile), { recursive: true })
  const temp = join(dirname(opts.outFile), `.${basename(opts.outFile)}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`)
  try {
    writeDatabase(temp, {
      catalogue,
      annexEntries,
      annexLinks,
      krRules: kr.rules,
      krLinks,
      substances,
      search,
      sources,
      builtAt,
      cn,
    })
    await rename(temp, opts.outFile)
  } catch (err) {
    await rm(temp, { force: true })
    await rm(`${temp}-journal`, { force: true })
    throw err
  }

  const summary: ImportSummary = {
    outFile: opts.outFile,
    builtAt,
    durationMs: Math.round(clock() - started),
    sources,
    ingredients: {
      total: catalogue.ingredients.length,
      cosing: catalogue.ingredients.filter((i) => i.cosingRefNo !== null).length,
      mfdsOnly: catalogue.ingredients.filter((i) => i.cosingRefNo === null && i.mfdsNo !== null).length,
      withKoreanName: catalogue.ingredients.filter((i) => i.koreanName !== null).length,
      cosingWithKoreanName: catalogue.ingredients.filter((i) => i.cosingRefNo !== null && i.koreanName !== null).length,
    },
    names: catalogue.names.length,
    merges: catalogue.mergeCounts,
    euAnnex: {
      entries: annexEntries.length,
      entriesLinked: new Set(annexLinks.map((l) => l.entryId)).size,
      links: annexLinks.length,
      byMethod: countBy(
        annexLinks.map((l) => l.matchedBy),
        ['identified_ingredient', 'name', 'cas', 'cosing_restriction', 'substance'],
      ),
    },
    krRules: {
      rules: kr.rules.length,
      rulesLinked: new Set(krLinks.map((l) => l.ruleId)).size,
      links: krLinks.length,
      byMethod: countBy(
        krLinks.map((l) => l.matchedBy),
        ['korean_name', 'english_name', 'group', 'substance'],
      ),
    },
    china: { ...china.summary, throughSubstances: through.cn.length },
    substances: {
      total: substances.substances.length,
      groups: substances.substances.filter((s) => s.isGroup).length,
      reach: substanceReach(substances, annexLinks, krLinks),
    },
    shadowedSynonyms: catalogue.shadowedSynonyms.length,
    multiIngredientRows: catalogue.multiIngredientRows,
  }
  log(`wrote ${basename(opts.outFile)} in ${summary.durationMs} ms`)
  return summary
}

/** A few lines for a terminal: totals, merge methods, links, then one line per source. */
export function formatSummary(s: ImportSummary): string {
  const n = (v: number) => v.toLocaleString('en-US')
  const m = s.merges
  const a = s.euAnnex
  const k = s.krRules
  const lines = [
    `${basename(s.outFile)}: ${n(s.ingredients.total)} ingredients (${n(s.ingredients.cosing)} CosIng, ${n(s.ingredients.mfdsOnly)} MFDS-only), ` +
      `${n(s.ingredients.withKoreanName)} with a Korean name, ${n(s.names)} names; built in ${(s.durationMs / 1000).toFixed(1)} s`,
    `MFDS rows merged: ${n(m.inci_name)} by INCI name, ${n(m.without_parentheses)} without parentheses, ${n(m.cas)} by CAS, ${n(m.unmatched)} unmatched`,
    `EU annexes: ${n(a.entries)} entries, ${n(a.entriesLinked)} linked by ${n(a.links)} links ` +
      `(${n(a.byMethod.identified_ingredient)} identified ingredient, ${n(a.byMethod.name)} name, ${n(a.byMethod.cas)} CAS, ${n(a.byMethod.cosing_restriction)} CosIng pointer, ${n(a.byMethod.substance)} through the same substance)`,
    `KR rules (unofficial transcription): ${n(k.rules)} rows, ${n(k.rulesLinked)} linked by ${n(k.links)} links ` +
      `(${n(k.byMethod.korean_name)} Korean name, ${n(k.byMethod.english_name)} English name, ${n(k.byMethod.group)} group, ${n(k.byMethod.substance)} through the same substance)`,
    `regulated substances: ${n(s.substances.total)} (${n(s.substances.groups)} groups); ` +
      `EU annex rows ${n(s.substances.reach.eu.linked)} linked / ${n(s.substances.reach.eu.ownNamesOnly)} reachable only by their own names / ${n(s.substances.reach.eu.unreachable)} unreachable; ` +
      `KR rows ${n(s.substances.reach.kr.linked)} / ${n(s.substances.reach.kr.ownNamesOnly)} / ${n(s.substances.reach.kr.unreachable)}`,
    `synonyms not stored (another ingredient's primary name): ${n(s.shadowedSynonyms)}; MFDS rows naming several ingredients: ${n(s.multiIngredientRows)} (표준명 primary on the first)`,
    ...chinaLines(s.china),
    'sources:',
    ...s.sources.map(
      (src) =>
        `  ${src.file} [${src.sourceDate ?? 'no date'}]: ${n(src.rowsRead)} read, ${n(src.rowsUsed)} used, ${n(src.rowsRejected)} rejected` +
        reasonsText(src.rejectReasons),
    ),
  ]
  return lines.join('\n')
}

function chinaLines(c: CnSummary): string[] {
  const n = (v: number) => v.toLocaleString('en-US')
  const m = c.inventory.merge
  const tables = Object.entries(c.tables).map(([t, x]) => `${t} ${n(x.entries)} entries/${n(x.rows)} rows, ${n(x.links.linked)} linked`)
  return [
    `CosIng 2026: ${n(c.cosing2026.names)} names, ${n(c.cosing2026.linked)} linked, ${n(c.cosing2026.added)} new ingredients, ${n(c.cosing2026.goneSince2021)} CosIng 2021 names gone`,
    `IECIC: ${n(c.inventory.entries)} entries (${n(m.same)} unchanged, ${n(m.renamed)} renamed, ${n(m.serialReused)} serial reused, ${n(m.mergedInto)} merged, ` +
      `${n(m.catalogII)} catalogue II, ${n(m.newIngredientRecords)} new-ingredient records), ${n(c.inventory.links.linked)} linked, ${n(c.inventory.links.unlinked)} reachable by own names only`,
    `STSC (consolidated, secondary): ${tables.join('; ')}`,
    `STSC rows reached through the same substance: ${n(c.throughSubstances)} links`,
    `EU fragrance allergens (Annex III labelling duty): ${n(c.euAllergens)} entries`,
  ]
}

function reasonsText(reasons: Record<string, number>): string {
  const parts = Object.entries(reasons).map(([reason, count]) => `${reason}: ${count}`)
  return parts.length ? ` (${parts.join('; ')})` : ''
}

function countBy<K extends string>(values: readonly K[], keys: readonly K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>
  for (const v of values) out[v]++
  return out
}
