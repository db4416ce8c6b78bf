/**
 * Regression: `search?q=(2` and `search?q=.a` found nothing, although names start with "(2-"
 * ("(2-Isopropylpent-4-enoyl)urea", a prohibited substance) and ".alpha." (".alpha.-tocopherol",
 * a TOCOPHEROL synonym). The stored name starts skipped a name whose first character is a word
 * break, and 1–2 character queries have no substring phase, so nothing could find them (on the
 * official data `(+`, `(e` and `(` found nothing either). A name's first character now starts
 * its prefix terms whatever it is, as the match classes say.
 */
import { beforeAll, expect, test } from 'bun:test'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

let app: TestApp
beforeAll(async () => {
  app = makeApp(await fixtureDb())
})

const search = async (q: string, tier = 'MEGA') =>
  (await (await app.call(`/v1/ingredients/search?q=${encodeURIComponent(q)}`, { 'x-rapidapi-subscription': tier })).json()) as any

test('search?q=(2 lists the substance whose name starts with "(2-", as a prefix match, also on BASIC', async () => {
  for (const tier of ['MEGA', 'BASIC']) {
    const body = await search('(2', tier)
    expect(body.results[0]).toMatchObject({ kind: 'regulated_substance', match: 'prefix' })
    expect(body.results[0].matched_name.startsWith('(2-')).toBe(true)
  }
})

test('search?q=.a lists TOCOPHEROL by its synonym ".alpha.-tocopherol" (a word start)', async () => {
  const body = await search('.a')
  expect(body.results).toContainEqual(
    expect.objectContaining({ inci_name: 'TOCOPHEROL', match: 'word_start', matched_name: '.alpha.-tocopherol' }),
  )
})
