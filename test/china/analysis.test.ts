/**
 * China in label analysis, on the sample: a Chinese label analysed end to end (成分：…、…),
 * per item the CN status, the IECIC answer and the verdict; the summary names the items that
 * need registration in China; `as_of` moves an entry of 2028 from upcoming to prohibited.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await sampleDb())
})
const analyze = async (body: unknown) => {
  const res = await t.call(
    '/v1/analyze',
    { 'x-rapidapi-subscription': 'MEGA', 'content-type': 'application/json' },
    { method: 'POST', body: JSON.stringify(body) },
  )
  return { status: res.status, body: (await res.json()) as any }
}

describe('POST /v1/analyze with a Chinese label', () => {
  test('成分：水、甘油、烟酰胺、氢醌、BAKUCHIOL — resolved, CN blocked by 氢醌, BAKUCHIOL needs registration', async () => {
    const { status, body } = await analyze({ text: '成分：水、甘油、烟酰胺、氢醌、BAKUCHIOL', markets: ['CN', 'EU'] })
    expect(status).toBe(200)
    const items = body.products[0].items
    // IECIC lists 水 twice (6259 AQUA, 6260 WATER), as CosIng lists both: two candidates, no single target.
    expect(items[0].match.candidates.map((c: any) => c.name).sort()).toEqual(['AQUA', 'WATER'])
    expect(items.map((i: any) => [i.name, i.target?.inci_name ?? null])).toEqual([
      ['水', null],
      ['甘油', 'GLYCERIN'],
      ['烟酰胺', 'NIACINAMIDE'],
      ['氢醌', 'HYDROQUINONE'],
      ['BAKUCHIOL', 'BAKUCHIOL'],
    ])
    expect(items.map((i: any) => [i.markets.CN.status, i.markets.CN.inventory.status])).toEqual([
      ['not_listed', 'listed'],
      ['not_listed', 'listed'],
      ['not_listed', 'listed'],
      ['prohibited', 'listed'],
      ['not_listed', 'not_listed'],
    ])
    expect(items[3].markets.CN.why).toBe('Prohibited in CN: CN STSC 表2 34 (氢醌 / 1,4-Dihydroxybenzene (Hydroquinone)).')
    expect(items[3].markets.CN.entries[0].source).toEqual({
      name: 'cn_stsc_prohibited',
      date: '2026-01-12',
      official: false,
      note: 'consolidated from NMPA tables; verify against the official text',
    })
    const cn = body.products[0].summary.markets.CN
    expect(cn.result).toBe('blocked')
    expect(cn.needs_registration).toEqual([{ position: 5, name: 'BAKUCHIOL' }])
    expect(cn.line).toContain('1 not in IECIC (new ingredients in China: register or notify first): BAKUCHIOL')
    expect(body.products[0].summary.markets.EU.result).toBe('blocked')
  })

  test('a table entry of 2028 (丁苯基甲基丙醛, 表2 1293) is upcoming today and prohibited with as_of 2028-06-01', async () => {
    const today = await analyze({ text: '成分：水、丁苯基甲基丙醛', markets: ['CN'], as_of: '2026-12-01' })
    const item = today.body.products[0].items[1]
    expect([item.match.rule, item.markets.CN.status]).toEqual(['cn_table_name', 'upcoming'])
    expect(item.markets.CN.why).toBe('Not in force yet: CN STSC 表2 1293 applies from 2028-01-01.')
    expect(today.body.products[0].summary.markets.CN.result).toBe('check')
    const later = await analyze({ text: '成分：水、丁苯基甲基丙醛', markets: ['CN'], as_of: '2028-06-01' })
    expect(later.body.products[0].items[1].markets.CN.status).toBe('prohibited')
    expect(later.body.products[0].summary.markets.CN.result).toBe('blocked')
  })

  test('a restricted item with concentration and product type gets a limit check against the Chinese maximum', async () => {
    const { body } = await analyze({
      ingredients: [{ name: '水杨酸', concentration_percent: 2.5 }],
      product_type: 'face_leave_on',
      markets: ['CN'],
      as_of: '2026-12-01',
    })
    const v = body.products[0].items[0].markets.CN
    expect(v.status).toBe('restricted')
    expect([v.limit.result, v.limit.max_percent]).toEqual(['over_limit', 2])
  })
})

describe('POST /v1/ingredients/lookup with Chinese names', () => {
  test('Chinese names resolve like the others, each with its CN status', async () => {
    const res = await t.call(
      '/v1/ingredients/lookup',
      { 'x-rapidapi-subscription': 'MEGA', 'content-type': 'application/json' },
      { method: 'POST', body: JSON.stringify({ names: ['甘油', '氢醌', 'Niacinamide'] }) },
    )
    const body = (await res.json()) as any
    expect(res.status).toBe(200)
    expect(body.results.map((r: any) => [r.input, r.target?.inci_name ?? null, r.statuses.CN])).toEqual([
      ['甘油', 'GLYCERIN', 'not_listed'],
      ['氢醌', 'HYDROQUINONE', 'prohibited'],
      ['Niacinamide', 'NIACINAMIDE', 'not_listed'],
    ])
  })
})
