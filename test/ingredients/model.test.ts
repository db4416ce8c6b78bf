/** The zod schemas (src/ingredients/model.ts) describe what the service really returns. */
import { beforeAll, expect, test } from 'bun:test'
import { openDatabase } from '../../src/db/open.ts'
import { FunctionPage, SearchPage, Stats, Target } from '../../src/ingredients/model.ts'
import { createIngredientService, type IngredientService } from '../../src/ingredients/service.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

let service: IngredientService
beforeAll(async () => {
  service = createIngredientService(openDatabase({ kind: 'file', path: await fixtureDb() }))
})

test('every record kind parses as a Target (ingredient, regulated substance)', () => {
  const records = ['Glycerin', 'Mercury', 'Iron Oxides', 'Tretinoin', '7439-97-6'].flatMap((n) => service.resolve(n).targets)
  expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['ingredient', 'regulated_substance']))
  for (const r of records) expect(Target.safeParse(r).error).toBeUndefined()
})

test('search pages, function pages and stats parse as their schemas', () => {
  expect(SearchPage.safeParse(service.search('hyaluron', 5)).error).toBeUndefined()
  expect(FunctionPage.safeParse(service.functionIngredients('HUMECTANT', 5)).error).toBeUndefined()
  expect(Stats.safeParse(service.stats()).error).toBeUndefined()
})
