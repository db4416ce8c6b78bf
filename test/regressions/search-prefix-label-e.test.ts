/**
 * Regression: `search?q=e` labelled ETHYL ASCORBYL ETHER `prefix`, while the BASIC plan's
 * prefix search (exact names and primary-name prefixes) left it out. The ingredient is known
 * only from the MFDS list: its primary name is Korean, "Ethyl Ascorbyl Ether" a synonym, so it
 * was ordered as a word start but labelled from the upper-cased INCI field as if primary. The
 * label now is the class that orders the item (and that BASIC filters on): word_start.
 */
import { beforeAll, expect, test } from 'bun:test'
import { openDatabase } from '../../src/db/open.ts'
import type { SearchItemValue } from '../../src/ingredients/model.ts'
import { createIngredientService, type IngredientService } from '../../src/ingredients/service.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

let service: IngredientService
beforeAll(async () => {
  service = createIngredientService(openDatabase({ kind: 'file', path: await fixtureDb() }))
})

function walk(q: string, mode: 'full' | 'prefix'): SearchItemValue[] {
  const items: SearchItemValue[] = []
  let cursor: string | undefined
  for (let page = 0; page < 100; page++) {
    const p = service.search(q, 50, cursor, mode)
    items.push(...p.results)
    if (p.next_cursor === null) return items
    cursor = p.next_cursor
  }
  throw new Error('pagination did not end')
}

test('search?q=e: ETHYL ASCORBYL ETHER is a word_start match on its synonym', () => {
  expect(walk('e', 'full')).toContainEqual(
    expect.objectContaining({ inci_name: 'ETHYL ASCORBYL ETHER', match: 'word_start', matched_name: 'Ethyl Ascorbyl Ether' }),
  )
})

test.each(['e', 'a', 's', 'c', 'glyc', 'sod'])('%p: the full search labels prefix exactly what the BASIC prefix search lists', (q) => {
  const labelled = walk(q, 'full')
    .filter((i) => i.match === 'exact' || i.match === 'prefix')
    .map((i) => i.id)
  expect(walk(q, 'prefix').map((i) => i.id)).toEqual(labelled)
})
