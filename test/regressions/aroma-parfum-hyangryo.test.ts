/**
 * Regression: `inci?q=Parfum` and `korean?q=향료` answered AROMA (a flavouring) as an exact
 * match beside PARFUM, because the one MFDS row 향료 "Flavor,Fragrance,perfume,Parfum,Aroma"
 * was merged into both. Its 표준명 is now PARFUM's (its first matching English name) and a
 * synonym elsewhere; English names of a row naming several ingredients are not spread.
 */
import { beforeAll, expect, test } from 'bun:test'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'
import { officialDb } from '../helpers/sample-db.ts'

const cases: [string, () => Promise<string>][] = [['fixture', fixtureDb]]
if (process.env.DATA_SOURCES_DIR) cases.push(['official', officialDb])

const apps = new Map<string, TestApp>()
beforeAll(async () => {
  for (const [label, db] of cases) apps.set(label, makeApp(await db()))
}, 120_000)

const labels = cases.map(([label]) => label)
const lookup = async (label: string, path: string) => (await (await apps.get(label)!.call(path)).json()) as any

test.each(labels)('%s data: inci?q=Parfum → PARFUM only', async (label) => {
  const body = await lookup(label, '/v1/ingredients/inci?q=Parfum')
  expect([body.match, body.results.map((r: any) => r.inci_name)]).toEqual(['exact', ['PARFUM']])
})

test.each(labels)('%s data: korean?q=향료 → PARFUM only', async (label) => {
  const body = await lookup(label, `/v1/ingredients/korean?q=${encodeURIComponent('향료')}`)
  expect([body.match, body.results.map((r: any) => r.inci_name)]).toEqual(['exact', ['PARFUM']])
})

test.each(labels)('%s data: AROMA is still found by its own name and shows 향료 as its Korean name', async (label) => {
  const body = await lookup(label, '/v1/ingredients/inci?q=Aroma')
  expect(body.results.map((r: any) => [r.inci_name, r.korean_name])).toEqual([['AROMA', '향료']])
})
