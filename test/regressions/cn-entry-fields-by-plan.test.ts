/**
 * Regression: a PRO answer naming a China STSC entry (`inci?q=Hydroquinone`, a bulk lookup of
 * `Hydroquinone`) did not match its documented schema: `cn_entries[]` declared `other_limits`,
 * `label_warnings`, `remark`, `conditions`, `moved_to_prohibited`, `moved_from`,
 * `compiler_added` and `matched_by` as always present, while the PRO plan
 * (security/tiers.ts) leaves them out. They are now documented as ULTRA+ fields; every plan's
 * answer validates against the schema the OpenAPI document publishes.
 */
import { beforeAll, expect, test } from 'bun:test'
import { AnalyzeResponse, LookupResponse } from '../../src/analysis/model.ts'
import { IngredientList } from '../../src/ingredients/model.ts'
import type { Plan } from '../../src/security/tiers.ts'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await sampleDb())
})

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).slice(0, 3).map((i) => i.path.join('.'))

test.each<Plan>(['PRO', 'ULTRA', 'MEGA'])('%s: inci?q=Hydroquinone, its bulk lookup and its analysis match their schemas', async (plan) => {
  const get = (await (await t.call('/v1/ingredients/inci?q=Hydroquinone', { 'x-rapidapi-subscription': plan })).json()) as any
  expect(get.results[0].cn_entries.length).toBeGreaterThan(0)
  expect(issues(IngredientList.safeParse(get))).toEqual([])

  const post = (path: string, body: unknown) =>
    t.call(path, { 'x-rapidapi-subscription': plan, 'content-type': 'application/json' }, { method: 'POST', body: JSON.stringify(body) })
  const bulk = (await (await post('/v1/ingredients/lookup', { names: ['Hydroquinone', 'Glycerin'] })).json()) as any
  expect(bulk.results[0].target.cn_entries.length).toBeGreaterThan(0)
  expect(issues(LookupResponse.safeParse(bulk))).toEqual([])

  const analysis = (await (await post('/v1/analyze', { text: 'Water, Hydroquinone' })).json()) as any
  expect(issues(AnalyzeResponse.safeParse(analysis))).toEqual([])
})

test('PRO still leaves the ULTRA+ fields out, ULTRA gets them', async () => {
  const entry = async (plan: Plan) =>
    ((await (await t.call('/v1/ingredients/inci?q=Hydroquinone', { 'x-rapidapi-subscription': plan })).json()) as any).results[0]
      .cn_entries[0]
  expect(Object.keys(await entry('PRO'))).not.toContain('conditions')
  expect(Object.keys(await entry('ULTRA'))).toEqual(expect.arrayContaining(['conditions', 'other_limits', 'matched_by']))
})
