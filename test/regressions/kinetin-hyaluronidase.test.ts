/**
 * Regression: `inci?q=hyaluronidase` answered KINETIN as an exact match, because CosIng's INN
 * cell on the KINETIN row says "hyaluronidase". A synonym equal to another ingredient's
 * primary name is no longer stored, and primary names are tried before synonyms.
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

test.each(cases.map(([label]) => label))('%s data: inci?q=hyaluronidase → HYALURONIDASE only, exact', async (label) => {
  const body = (await (await apps.get(label)!.call('/v1/ingredients/inci?q=hyaluronidase')).json()) as any
  expect(body.match).toBe('exact')
  expect(body.results.map((r: any) => r.inci_name)).toEqual(['HYALURONIDASE'])
})

test.each(cases.map(([label]) => label))(
  '%s data: KINETIN keeps its own name and does not list hyaluronidase as a synonym',
  async (label) => {
    const body = (await (await apps.get(label)!.call('/v1/ingredients/inci?q=kinetin')).json()) as any
    expect(body.results.map((r: any) => r.inci_name)).toEqual(['KINETIN'])
    expect(body.results[0].synonyms.english.map((s: string) => s.toUpperCase())).not.toContain('HYALURONIDASE')
  },
)
