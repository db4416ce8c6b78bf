/**
 * Brings the CosIng names of 2026 into the catalogue (issue #13, "EU as of 2026"): a 2026 name
 * equal to an ingredient's INCI or English name is linked to it (its functions of today beside
 * the 2021 ones); a name unknown to the catalogue becomes an ingredient of its own, known only
 * by name and functions (source `cosing_2026_names`). CosIng ingredients whose name is not in
 * the 2026 list are "gone since 2021" (renamed or deleted). Pure: no I/O.
 */

import { COSING_2026_ID_OFFSET } from '../db/cn-schema.ts'
import { normaliseName } from '../ingredients/identifiers.ts'
import type { Cosing2026Name } from './cosing-2026.ts'
import type { Catalogue, IngredientRecord, NameRecord } from './merge.ts'

export { COSING_2026_ID_OFFSET }

/** A row of `cosing_2026`: the 2026 name, its functions and the ingredients it names. */
export interface Cosing2026Record {
  /** 1-based position in the file (stable for the same file). */
  id: number
  inciName: string
  functions: string[]
  ingredientIds: number[]
}

export interface Cosing2026Merge {
  catalogue: Catalogue
  records: Cosing2026Record[]
  /** Names linked to an existing ingredient / that became new ingredients. */
  linked: number
  added: number
  /** CosIng 2021 ingredients whose INCI name is not in the 2026 list. */
  goneIds: number[]
}

/**
 * Links and adds the 2026 names. Linking is by `normaliseName` on `inci` and `english` names;
 * a new ingredient gets its name as kind `inci` (CosIng confirms it) and its 2026 functions in
 * the functions table, so browse-by-function finds it. Function ids are re-numbered in sorted
 * order, as mergeIngredients does.
 */
export function mergeCosing2026(catalogue: Catalogue, names: readonly Cosing2026Name[]): Cosing2026Merge {
  const byKey = new Map<string, number[]>()
  for (const n of catalogue.names) {
    if (n.kind !== 'inci' && n.kind !== 'english') continue
    const ids = byKey.get(n.key)
    if (!ids) byKey.set(n.key, [n.ingredientId])
    else if (!ids.includes(n.ingredientId)) ids.push(n.ingredientId)
  }
  const records: Cosing2026Record[] = []
  const newIngredients: IngredientRecord[] = []
  const newNames: NameRecord[] = []
  const newFunctions = new Map<number, string[]>()
  const seen2026 = new Set<string>()
  let linked = 0
  names.forEach((n, i) => {
    const key = normaliseName(n.inciName)
    seen2026.add(key)
    const ids = byKey.get(key)
    if (ids) {
      linked++
      records.push({ id: i + 1, inciName: n.inciName, functions: n.functions, ingredientIds: [...ids] })
      return
    }
    const id = COSING_2026_ID_OFFSET + i + 1
    newIngredients.push({
      id,
      inciName: key,
      koreanName: null,
      innName: null,
      phEurName: null,
      description: null,
      koreanDefinition: null,
      cosingRefNo: null,
      mfdsNo: null,
      cosingRestriction: null,
      cosingUpdateDate: null,
      sortName: key,
    })
    newNames.push({ ingredientId: id, name: n.inciName, key, lang: 'en', kind: 'inci', source: 'cosing_2026_names' })
    newFunctions.set(id, n.functions)
    records.push({ id: i + 1, inciName: n.inciName, functions: n.functions, ingredientIds: [id] })
  })
  const goneIds = catalogue.ingredients
    .filter((r) => r.cosingRefNo !== null && r.inciName !== null && !seen2026.has(normaliseName(r.inciName)))
    .map((r) => r.id)

  const functions = [...new Set([...catalogue.functions, ...[...newFunctions.values()].flat()])].sort()
  const functionId = new Map(functions.map((name, i) => [name, i + 1]))
  const remap = (fid: number) => functionId.get(catalogue.functions[fid - 1]!)!
  const ingredientFunctions = [
    ...catalogue.ingredientFunctions.map((f) => ({ ingredientId: f.ingredientId, functionId: remap(f.functionId) })),
    ...[...newFunctions].flatMap(([ingredientId, fns]) => fns.map((fn) => ({ ingredientId, functionId: functionId.get(fn)! }))),
  ]
  return {
    catalogue: {
      ...catalogue,
      ingredients: [...catalogue.ingredients, ...newIngredients].sort((a, b) => a.id - b.id),
      names: [...catalogue.names, ...newNames],
      functions,
      ingredientFunctions,
    },
    records,
    linked,
    added: newIngredients.length,
    goneIds,
  }
}
