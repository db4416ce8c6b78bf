/** The service (src/ingredients/service.ts): caches that never change an answer, CAS errors, stats. */
import { beforeAll, expect, test } from 'bun:test'
import { openDatabase } from '../../src/db/open.ts'
import { ProblemError } from '../../src/errors.ts'
import { createResolver } from '../../src/ingredients/resolver.ts'
import { createIngredientService, type IngredientService } from '../../src/ingredients/service.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

let service: IngredientService
let path: string
beforeAll(async () => {
  path = await fixtureDb()
  service = createIngredientService(openDatabase({ kind: 'file', path }))
})

test('a cached resolution is the resolver’s answer, with the query as the caller typed it', () => {
  const fresh = createResolver(openDatabase({ kind: 'file', path })).resolve('  glycerin ')
  expect(service.resolve('glycerin')).toEqual({ ...fresh, query: 'glycerin' })
  expect(service.resolve('  glycerin ')).toEqual(fresh)
})

test('a cached search page is the same page', () => {
  const a = service.search('hyaluron', 3)
  expect(service.search('hyaluron', 3)).toEqual(a)
  expect(service.search('hyaluron', 3, a.next_cursor!)).not.toEqual(a)
})

test('byCas refuses a wrong check digit with invalid_cas, and finds substances', () => {
  expect(() => service.byCas('56-81-6')).toThrow(ProblemError)
  expect(service.byCas('7439-97-6').map((t) => t.kind)).toEqual(['regulated_substance'])
})

test('stats count regulated substances', () => {
  expect(service.stats().regulated_substances).toBeGreaterThan(0)
})
