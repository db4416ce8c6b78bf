/**
 * Regression: `GET /v1/ingredients/cas/7439-97-6` listed STSC 表2 #888 (mercury) twice on PRO —
 * in the regulated substance's `cn_entries` (since substances carry their China rows) and again
 * in `cn_unlinked`. A row the answer's substance carries is no longer repeated there where the
 * plan sees `cn_entries`; on BASIC, which does not, `cn_unlinked` still names it.
 */
import { beforeAll, expect, test } from 'bun:test'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await fixtureDb())
})
const get = async (path: string, plan: string) => (await (await t.call(path, { 'x-rapidapi-subscription': plan })).json()) as any
const rows = (entries: { table_no: string; serial: string }[] = []) => entries.map((e) => `${e.table_no} ${e.serial}`)

test('PRO: 表2 #888 in the substance’s cn_entries, not again in cn_unlinked', async () => {
  const body = await get('/v1/ingredients/cas/7439-97-6', 'PRO')
  const substance = body.results.find((r: any) => r.kind === 'regulated_substance')
  expect(substance.cn_status).toBe('prohibited')
  expect(rows(substance.cn_entries)).toContain('表2 888')
  expect(rows(body.cn_unlinked?.entries)).not.toContain('表2 888')
})

test('BASIC: the substance says prohibited, and cn_unlinked still names 表2 #888', async () => {
  const body = await get('/v1/ingredients/cas/7439-97-6', 'BASIC')
  const substance = body.results.find((r: any) => r.kind === 'regulated_substance')
  expect([substance.cn_status, substance.cn_entries]).toEqual(['prohibited', undefined])
  expect(rows(body.cn_unlinked.entries)).toContain('表2 888')
})
