/**
 * Search (src/ingredients/search.ts) on the fixture database: order by class then
 * commonness, items that say how they matched and their statuses, a total, and cursors that
 * walk every list to its end at every page size.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { openDatabase } from '../../src/db/open.ts'
import type { SearchItemValue } from '../../src/ingredients/model.ts'
import { createIngredientService, type IngredientService } from '../../src/ingredients/service.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

let service: IngredientService
beforeAll(async () => {
  service = createIngredientService(openDatabase({ kind: 'file', path: await fixtureDb() }))
})

/** Every item of a search, page by page; fails on a repeated item or a page that loops. */
function walk(q: string, limit: number, mode: 'full' | 'prefix' = 'full'): SearchItemValue[] {
  const items: SearchItemValue[] = []
  let cursor: string | undefined
  for (let page = 0; page < 1_000; page++) {
    const p = service.search(q, limit, cursor, mode)
    expect(p.results.length).toBeLessThanOrEqual(limit)
    items.push(...p.results)
    if (p.next_cursor === null) return items
    // A page may be short when the request's scan budget ran out; its cursor goes on.
    expect(p.next_cursor).not.toBe(cursor)
    cursor = p.next_cursor
  }
  throw new Error('pagination did not end')
}

describe('order and items', () => {
  test('hyaluron: HYALURONIC ACID and SODIUM HYALURONATE on top; each item says how it matched', () => {
    const [first, second] = service.search('hyaluron', 10).results
    expect(first).toEqual({
      kind: 'ingredient',
      id: 34315,
      inci_name: 'HYALURONIC ACID',
      korean_name: '하이알루로닉애씨드',
      match: 'prefix',
      matched_name: 'HYALURONIC ACID',
      eu_status: 'not_listed',
      kr_status: 'not_listed',
    })
    expect(second).toMatchObject({ inci_name: 'SODIUM HYALURONATE', match: 'word_start' })
  })

  test('exact → prefix → word start → substring', () => {
    const order = { exact: 0, prefix: 1, word_start: 2, substring: 3 }
    for (const q of ['glycerin', 'acid', 'sodium', '추출물', 'oil']) {
      const classes = walk(q, 50).map((i) => order[i.match])
      expect(classes.slice(0, 1)[0]).toBeLessThanOrEqual(classes.at(-1)!)
      // Within one commonness band classes only go forward; bands interleave prefix and word start.
      expect(classes.filter((c) => c === 0).length).toBeLessThanOrEqual(2)
    }
    expect(service.search('glycerin', 5).results[0]).toMatchObject({ inci_name: 'GLYCERIN', match: 'exact' })
  })

  test('regulated substances are searchable, with their statuses', () => {
    const items = walk('mercury', 10)
    expect(items.some((i) => i.kind === 'regulated_substance' && i.eu_status === 'prohibited' && i.kr_status === 'prohibited')).toBe(true)
  })

  test('common names are searchable: "vitamin" finds TOCOPHEROL and NIACINAMIDE', () => {
    const names = walk('vitamin', 50).map((i) => i.inci_name)
    expect(names).toContain('TOCOPHEROL')
    expect(names).toContain('NIACINAMIDE')
  })

  test('Korean substrings, also of two characters; one character matches name starts', () => {
    expect(walk('추출물', 50).every((i) => (i.matched_name ?? '').includes('추출물'))).toBe(true)
    const oil = walk('오일', 50)
    expect(oil.some((i) => i.match === 'substring' && !i.matched_name.startsWith('오일'))).toBe(true)
    expect(walk('산', 50).every((i) => i.matched_name.includes('산') && i.match !== 'substring')).toBe(true)
  })

  test('%, _, ", * and \\ are literal', () => {
    for (const q of ['%', '_', '"', '*', '\\', 'gly%', 'a"b']) expect(() => service.search(q, 10)).not.toThrow()
    for (const q of ['%', '_', '*']) for (const i of walk(q, 50)) expect(i.matched_name).toContain(q)
    expect(service.search('gly%', 10).results).toEqual([])
  })
})

describe('totals', () => {
  test('a small result set has an exact total equal to what a walk finds', () => {
    for (const q of ['hyaluron', 'glyc', 'paraben', 'extract']) {
      const p = service.search(q, 5)
      if (!p.total_is_estimate) expect(walk(q, 7).length).toBe(p.total)
    }
  })

  test('queries of up to 3 characters have an exact total, in both modes', () => {
    for (const mode of ['full', 'prefix'] as const) {
      for (const q of ['a', 's', 'gl', 'oil', 'act', 'ext', '추출물', '오일', '산', '1', '(2']) {
        const p = service.search(q, 5, undefined, mode)
        expect(p.total_is_estimate).toBe(false)
        expect(walk(q, 7, mode).length).toBe(p.total)
      }
    }
  })

  test('an estimated total is an upper bound of what a walk finds', () => {
    for (const q of ['sodium', 'extract', 'acid', 'glycer']) {
      for (const mode of ['full', 'prefix'] as const) {
        const p = service.search(q, 5, undefined, mode)
        expect(walk(q, 7, mode).length).toBeLessThanOrEqual(p.total)
      }
    }
  })
})

describe('every name', () => {
  test('every stored name (as keyed: Chinese names without spaces) is an exact match of a search for it', async () => {
    const { Database } = await import('bun:sqlite')
    const db = new Database(await fixtureDb(), { readonly: true })
    const names = db.query<{ owner_id: number; key: string }, []>('SELECT owner_id, key FROM search_names').all()
    db.close()
    expect(names.length).toBeGreaterThan(500)
    for (const { owner_id, key } of names) {
      const exact = service.search(key.toLowerCase(), 50).results.filter((i) => i.match === 'exact')
      expect(exact.map((i) => i.id)).toContain(owner_id)
    }
  })
})

describe('pagination never dead-ends', () => {
  test.each([1, 2, 3, 7, 10, 50])('every list walks to its end at limit %p, no item twice, the same items as one big page', (limit) => {
    for (const q of ['a', 'acid', 'hyaluron', 'extract', '추출물', '산', 'ceramide np']) {
      const items = walk(q, limit)
      const ids = items.map((i) => i.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids).toEqual(walk(q, 100).map((i) => i.id))
    }
  })

  test('a function list walks to its end at every page size', () => {
    const all = (limit: number) => {
      const ids: number[] = []
      let cursor: string | undefined
      for (;;) {
        const p = service.functionIngredients('skin conditioning', limit, cursor)
        ids.push(...p.results.map((i) => i.id))
        if (p.next_cursor === null) return { ids, total: p.total }
        cursor = p.next_cursor
      }
    }
    const big = all(100)
    expect(big.ids.length).toBe(big.total)
    for (const limit of [1, 3, 7, 50]) expect(all(limit).ids).toEqual(big.ids)
  })

  test('cursors are short and carry no name', () => {
    const c = service.search('hyaluron', 1).next_cursor!
    expect(c.length).toBeLessThanOrEqual(24)
    expect(c).not.toContain('HYAL')
  })
})

describe('BASIC: exact names and primary-name prefixes only', () => {
  test('prefix mode keeps exact and prefix classes, in order', () => {
    const items = walk('hyaluron', 3, 'prefix')
    expect(items.map((i) => i.match).every((m) => m === 'exact' || m === 'prefix')).toBe(true)
    expect(items.map((i) => i.inci_name)).toContain('HYALURONIC ACID')
    expect(items.map((i) => i.inci_name)).not.toContain('SODIUM HYALURONATE')
  })
})
