/**
 * Merges the CosIng inventory and the MFDS Korean names into one ingredient catalogue
 * (ingredients, names, CAS/EC numbers, functions). Pure: no I/O.
 *
 * Ids (src/db/schema.ts): a CosIng ingredient keeps its COSING Ref No; an MFDS row that
 * matches no CosIng ingredient becomes its own ingredient, id = MFDS_ID_OFFSET + No.
 */
import { MFDS_ID_OFFSET } from '../db/schema.ts'
import { normaliseName, stripCommonNames } from '../ingredients/identifiers.ts'
import type { CosingIngredient } from './cosing-inventory.ts'
import type { MfdsIngredient } from './mfds-ingredients.ts'
import type { SourceName } from './source-stats.ts'

/** A row of `ingredients`. */
export interface IngredientRecord {
  id: number
  inciName: string | null
  koreanName: string | null
  innName: string | null
  phEurName: string | null
  description: string | null
  koreanDefinition: string | null
  cosingRefNo: number | null
  mfdsNo: number | null
  cosingRestriction: string | null
  cosingUpdateDate: string | null
  sortName: string
}

/**
 * Where a name comes from. Primary names (tier 0): `inci` (CosIng INCI name) and `korean`
 * (MFDS 표준명 of the ingredient's own MFDS row). Synonyms (tier 1): `inn`, `ph_eur`
 * (CosIng INN / Ph. Eur. columns), `english` (MFDS 영문명), `korean_synonym` (MFDS 이명, or
 * the 표준명 of a row that names several ingredients), `description` (names listed in the
 * CosIng description, e.g. "Glycerine; Glycerol (INN)"), `regulation` (a rule row's own name
 * linked to this one ingredient), and other sources' kinds (e.g. Chinese) added through
 * `addNames`.
 */
export type NameKind = 'inci' | 'inn' | 'ph_eur' | 'english' | 'korean' | 'korean_synonym' | 'description' | (string & {})

/** A row of `names` (its id is its position + 1). */
export interface NameRecord {
  ingredientId: number
  name: string
  key: string
  lang: 'en' | 'ko' | 'zh'
  kind: NameKind
  source: SourceName
}

/**
 * Kinds that are an ingredient's primary names (names.tier = 0): INCI name, Korean standard
 * name, and the IECIC standard Chinese name (`cn_name`, added through name-index.ts addNames).
 */
export const PRIMARY_KINDS: ReadonlySet<string> = new Set(['inci', 'korean', 'cn_name'])

/** A row of `cas_numbers` or `ec_numbers`. */
export interface IdentifierRecord {
  ingredientId: number
  value: string
  source: SourceName
}

/**
 * How an MFDS row found its CosIng ingredient(s), tried in this order (first hit wins):
 *  - `inci_name`: an English alternative equals a CosIng INCI name (every CosIng row with
 *    that name is linked: `Water,Aqua` → WATER and AQUA);
 *  - `without_parentheses`: equal once parenthesised common names are removed from both
 *    sides (`Oryza Sativa (Rice) Extract` → ORYZA SATIVA EXTRACT). `stripCommonNames`, not
 *    `stripParentheses`: the latter also removes the parentheses of peptide and polymer
 *    names and merged one MFDS peptide with 58 CosIng peptides (94 false merges in all);
 *  - `cas`: the row's CAS RNs point to exactly one CosIng ingredient;
 *  - `unmatched`: none of these; the row becomes an MFDS-only ingredient.
 * Rule source: SOURCES.md §3 "Overlap with CosIng" (which counts with plain stripping).
 */
export type MergeMethod = 'inci_name' | 'without_parentheses' | 'cas' | 'unmatched'

export interface Catalogue {
  /** Sorted by id. */
  ingredients: IngredientRecord[]
  /** Grouped by ingredient id (ascending), then by kind in NameKind order. */
  names: NameRecord[]
  cas: IdentifierRecord[]
  ec: IdentifierRecord[]
  /** Function names sorted; a function's id is its index + 1. */
  functions: string[]
  ingredientFunctions: { ingredientId: number; functionId: number }[]
  /** MFDS rows per merge method. */
  mergeCounts: Record<MergeMethod, number>
  /**
   * Synonyms not stored because their key is another ingredient's primary name (CosIng INN
   * "hyaluronidase" on KINETIN; MFDS "Parfum" on AROMA): they would give a wrong exact match.
   * Rule linking still reads them (kr-links.ts): a rule naming 티타늄디옥사이드 covers CI 77891 too.
   */
  shadowedSynonyms: (NameRecord & { primaryOf: number[] })[]
  /** MFDS rows that matched several CosIng ingredients (their 표준명 primary on the first only). */
  multiIngredientRows: number
}

const KIND_ORDER: readonly NameKind[] = ['inci', 'inn', 'ph_eur', 'english', 'description', 'korean', 'korean_synonym']
const LANG: Record<string, 'en' | 'ko'> = {
  inci: 'en',
  inn: 'en',
  ph_eur: 'en',
  english: 'en',
  description: 'en',
  korean: 'ko',
  korean_synonym: 'ko',
}

/** Accumulates one ingredient's names without (kind, key) duplicates. */
class NameSet {
  private readonly byKind = new Map<NameKind, Map<string, { name: string; source: SourceName }>>()

  add(kind: NameKind, name: string | null, source: SourceName): void {
    if (name === null) return
    const key = normaliseName(name)
    if (key === '') return
    let names = this.byKind.get(kind)
    if (!names) {
      names = new Map()
      this.byKind.set(kind, names)
    }
    if (!names.has(key)) names.set(key, { name: name.replace(/\s+/g, ' ').trim(), source })
  }

  has(kind: NameKind, key: string): boolean {
    return this.byKind.get(kind)?.has(key) ?? false
  }

  *records(ingredientId: number): Generator<NameRecord> {
    for (const kind of KIND_ORDER) {
      for (const [key, { name, source }] of this.byKind.get(kind) ?? []) {
        yield { ingredientId, name, key, lang: LANG[kind] ?? 'en', kind, source }
      }
    }
  }
}

/** `Map<key, ids>` helper: the ids in insertion order, without repeats. */
function addTo(index: Map<string, number[]>, key: string, id: number): void {
  const ids = index.get(key)
  if (!ids) index.set(key, [id])
  else if (!ids.includes(id)) ids.push(id)
}

/**
 * Builds the catalogue. Korean data on a CosIng ingredient: every matched MFDS row adds its
 * 표준명 (kind `korean`), its 이명 (`korean_synonym`, unless equal to one of its Korean
 * names) and its English names that differ from the INCI name (`english`); the row with
 * the lowest No gives `korean_name`, `mfds_no` and `korean_definition`. MFDS CAS RNs are
 * added (source `mfds_ingredients`) where CosIng does not already list them.
 * An MFDS-only ingredient's `inci_name` is its first English name upper-cased (null when
 * it has none); all its English names are kind `english`, never `inci`, because CosIng
 * does not confirm them.
 */
export function mergeIngredients(cosing: readonly CosingIngredient[], mfds: readonly MfdsIngredient[]): Catalogue {
  const records = new Map<number, IngredientRecord>()
  const names = new Map<number, NameSet>()
  const cas = new Map<number, Map<string, SourceName>>()
  const ec = new Map<number, Map<string, SourceName>>()
  const functionsOf = new Map<number, string[]>()
  const inciIndex = new Map<string, number[]>()
  const strippedIndex = new Map<string, number[]>()
  const casIndex = new Map<string, number[]>()

  const namesOf = (id: number): NameSet => {
    let set = names.get(id)
    if (!set) {
      set = new NameSet()
      names.set(id, set)
    }
    return set
  }
  const addIdentifier = (store: Map<number, Map<string, SourceName>>, id: number, value: string, source: SourceName) => {
    let values = store.get(id)
    if (!values) {
      values = new Map()
      store.set(id, values)
    }
    if (!values.has(value)) values.set(value, source)
  }

  for (const row of cosing) {
    const key = normaliseName(row.inciName)
    records.set(row.refNo, {
      id: row.refNo,
      inciName: row.inciName,
      koreanName: null,
      innName: row.innName,
      phEurName: row.phEurName,
      description: row.description,
      koreanDefinition: null,
      cosingRefNo: row.refNo,
      mfdsNo: null,
      cosingRestriction: row.restriction,
      cosingUpdateDate: row.updateDate,
      sortName: key,
    })
    const set = namesOf(row.refNo)
    set.add('inci', row.inciName, 'cosing_inventory')
    set.add('inn', row.innName, 'cosing_inventory')
    set.add('ph_eur', row.phEurName, 'cosing_inventory')
    for (const name of descriptionNames(row.description)) set.add('description', name, 'cosing_inventory')
    for (const value of row.casNumbers) {
      addIdentifier(cas, row.refNo, value, 'cosing_inventory')
      addTo(casIndex, value, row.refNo)
    }
    for (const value of row.ecNumbers) addIdentifier(ec, row.refNo, value, 'cosing_inventory')
    functionsOf.set(row.refNo, row.functions)
    addTo(inciIndex, key, row.refNo)
    addTo(strippedIndex, stripCommonNames(key), row.refNo)
  }

  const mergeCounts: Record<MergeMethod, number> = { inci_name: 0, without_parentheses: 0, cas: 0, unmatched: 0 }
  let multiIngredientRows = 0
  // MFDS rows arrive sorted by No, so the first row linked to an ingredient is its primary name.
  for (const row of mfds) {
    const { method, ids } = findCosingMatch(row, inciIndex, strippedIndex, casIndex)
    mergeCounts[method]++
    if (ids.length > 1) multiIngredientRows++
    if (method === 'unmatched') {
      const id = MFDS_ID_OFFSET + row.no
      const first = row.englishNames[0]
      const inciName = first === undefined ? null : normaliseName(first)
      records.set(id, {
        id,
        inciName,
        koreanName: row.koreanName,
        innName: null,
        phEurName: null,
        description: null,
        koreanDefinition: row.definition,
        cosingRefNo: null,
        mfdsNo: row.no,
        cosingRestriction: null,
        cosingUpdateDate: null,
        sortName: normaliseName(inciName ?? row.koreanName),
      })
      const set = namesOf(id)
      for (const english of row.englishNames) set.add('english', english, 'mfds_ingredients')
      addKoreanNames(set, row)
      for (const value of row.casNumbers) addIdentifier(cas, id, value, 'mfds_ingredients')
      continue
    }
    // A row naming several ingredients ("Flavor,Fragrance,perfume,Parfum,Aroma" → PARFUM and
    // AROMA) gives its 표준명 as the primary Korean name only to the ingredient of its first
    // matching English name; to the others it is a synonym, so 향료 is never an exact AROMA.
    for (const [index, id] of ids.entries()) {
      const record = records.get(id)!
      if (record.koreanName === null) {
        record.koreanName = row.koreanName
        record.mfdsNo = row.no
        record.koreanDefinition = row.definition
      }
      const set = namesOf(id)
      // English names of a row naming several ingredients are ambiguous ("Fragrance" or
      // "Flavor" of PARFUM and AROMA): kept only when the row names one ingredient.
      if (ids.length === 1) {
        for (const english of row.englishNames) {
          if (!set.has('inci', normaliseName(english))) set.add('english', english, 'mfds_ingredients')
        }
      }
      if (index === 0) addKoreanNames(set, row)
      else for (const name of [row.koreanName, ...row.synonyms]) set.add('korean_synonym', name, 'mfds_ingredients')
      for (const value of row.casNumbers) addIdentifier(cas, id, value, 'mfds_ingredients')
    }
  }

  const ingredients = [...records.values()].sort((a, b) => a.id - b.id)
  const functions = [...new Set([...functionsOf.values()].flat())].sort()
  const functionId = new Map(functions.map((name, i) => [name, i + 1]))
  const out: Catalogue = {
    ingredients,
    names: [],
    cas: [],
    ec: [],
    functions,
    ingredientFunctions: [],
    mergeCounts,
    shadowedSynonyms: [],
    multiIngredientRows,
  }
  const primaryOf = new Map<string, number[]>()
  for (const { id } of ingredients) {
    for (const name of names.get(id)?.records(id) ?? []) if (PRIMARY_KINDS.has(name.kind)) addTo(primaryOf, `${name.lang}:${name.key}`, id)
  }
  for (const { id } of ingredients) {
    for (const name of names.get(id)?.records(id) ?? []) {
      const owners = PRIMARY_KINDS.has(name.kind) ? undefined : primaryOf.get(`${name.lang}:${name.key}`)
      if (owners && !owners.includes(id)) out.shadowedSynonyms.push({ ...name, primaryOf: owners })
      else out.names.push(name)
    }
    for (const [value, source] of cas.get(id) ?? []) out.cas.push({ ingredientId: id, value, source })
    for (const [value, source] of ec.get(id) ?? []) out.ec.push({ ingredientId: id, value, source })
    for (const fn of functionsOf.get(id) ?? []) out.ingredientFunctions.push({ ingredientId: id, functionId: functionId.get(fn)! })
  }
  return out
}

/**
 * Names a CosIng description lists ("Glycerine ;Glycerol (INN); Glycerolum (EP)"): a cell
 * split on ";", each part without a trailing "(INN)"-style qualifier, kept when it reads as
 * a name (at most 60 characters, no sentence words). A description without ";" counts only
 * when it is itself such a name ("Hyaluronic acid").
 */
export function descriptionNames(description: string | null): string[] {
  if (description === null) return []
  const parts = description.includes(';') ? description.split(';') : description.length <= 60 ? [description] : []
  const out: string[] = []
  for (const part of parts) {
    const name = part
      .replace(/\s*\((?:INN|INNM|EP|RIFM|USAN|BAN|JAN|IUPAC|CAS)\)\s*$/i, '')
      .replace(/\s+/g, ' ')
      .trim()
    if (name.length < 3 || name.length > 60) continue
    if (/\b(?:is|are|of|the|which|obtained|from|with|by|for|used|mixture|derived|consisting|product)\b/i.test(name)) continue
    if (!out.includes(name)) out.push(name)
  }
  return out
}

/** 표준명 as `korean`, then 이명 as `korean_synonym` unless it repeats one of the Korean names. */
function addKoreanNames(set: NameSet, row: MfdsIngredient): void {
  set.add('korean', row.koreanName, 'mfds_ingredients')
  for (const synonym of row.synonyms) {
    if (!set.has('korean', normaliseName(synonym))) set.add('korean_synonym', synonym, 'mfds_ingredients')
  }
}

/** The MergeMethod rules, in order; `ids` are CosIng ref nos in first-seen order. */
export function findCosingMatch(
  row: MfdsIngredient,
  inciIndex: ReadonlyMap<string, number[]>,
  strippedIndex: ReadonlyMap<string, number[]>,
  casIndex: ReadonlyMap<string, number[]>,
): { method: MergeMethod; ids: number[] } {
  const ids: number[] = []
  for (const english of row.englishNames) {
    for (const id of inciIndex.get(normaliseName(english)) ?? []) if (!ids.includes(id)) ids.push(id)
  }
  if (ids.length) return { method: 'inci_name', ids }
  for (const english of row.englishNames) {
    for (const id of strippedIndex.get(stripCommonNames(normaliseName(english))) ?? []) if (!ids.includes(id)) ids.push(id)
  }
  if (ids.length) return { method: 'without_parentheses', ids }
  const byCas = new Set<number>()
  for (const value of row.casNumbers) for (const id of casIndex.get(value) ?? []) byCas.add(id)
  if (byCas.size === 1) return { method: 'cas', ids: [...byCas] }
  return { method: 'unmatched', ids: [] }
}
