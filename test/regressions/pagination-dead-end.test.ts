/**
 * Regression: the cursor embedded the last item's sort name, so a page ending on a long
 * INCI name gave a `next_cursor` the API then refused (`search?q=hyaluron&limit=7` failed on
 * page 10; `functions/SKIN CONDITIONING/ingredients?limit=100` stopped at 1,100 of 13,066).
 * Cursors are now positions in the precomputed order: every list walks to its end.
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

/** Every result over HTTP, following next_cursor; fails on an error page. */
async function walk(app: TestApp, path: string, limit: number): Promise<{ ids: number[]; total: number }> {
  const ids: number[] = []
  let cursor: string | null = null
  let total = -1
  for (let page = 0; page < 20_000; page++) {
    const res = await app.call(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, {
      'x-rapidapi-user': `walk-${page}`,
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    ids.push(...body.results.map((r: any) => r.id))
    total = body.total
    cursor = body.next_cursor
    if (cursor === null) return { ids, total }
  }
  throw new Error('no end')
}

test.each(cases.map(([label]) => label))('%s data: search?q=hyaluron&limit=7 walks to its end', async (label) => {
  const { ids, total } = await walk(apps.get(label)!, '/v1/ingredients/search?q=hyaluron', 7)
  expect(ids.length).toBe(total)
  expect(new Set(ids).size).toBe(ids.length)
})

test.each(cases.map(([label]) => label))(
  '%s data: functions/SKIN CONDITIONING/ingredients?limit=100 walks to its end',
  async (label) => {
    const { ids, total } = await walk(apps.get(label)!, '/v1/functions/SKIN%20CONDITIONING/ingredients', 100)
    expect(ids.length).toBe(total)
    // 13,066 CosIng 2021 ingredients + 29 known only from the CosIng names of 2026 (issue #13).
    if (label === 'official') expect(total).toBe(13_095)
  },
  60_000,
)
