/**
 * China and EU-2026 on the official data (DATA_SOURCES_DIR; skipped without it): what issue
 * #13 says must be shown, through the API as a caller sees it.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { officialDb } from '../helpers/sample-db.ts'

const OFFICIAL = process.env.DATA_SOURCES_DIR
const q = encodeURIComponent

describe.skipIf(!OFFICIAL)('China and EU 2026 on the official data', () => {
  let t: TestApp
  beforeAll(async () => {
    t = makeApp(await officialDb())
  }, 120_000)
  const get = async (path: string) => (await (await t.call(path)).json()) as any

  test.each([
    ['甘油', 'GLYCERIN'],
    ['烟酰胺', 'NIACINAMIDE'],
  ])('%s → %s, listed in IECIC with its historical use', async (name, inci) => {
    const body = await get(`/v1/ingredients/chinese?q=${q(name)}`)
    expect([body.match, body.results.map((r: any) => r.inci_name)]).toEqual(['exact', [inci]])
    expect(body.results[0].cn_inventory.status).toBe('listed')
  })

  test('an ingredient absent from IECIC is not_listed in China (a new ingredient)', async () => {
    const r = (await get('/v1/ingredients/inci?q=Bakuchiol')).results[0]
    expect([r.inci_name, r.cn_inventory.status]).toEqual(['BAKUCHIOL', 'not_listed'])
  })

  test('a prohibited-table entry whose CAS is also in EU Annex II (hydroquinone, 123-31-9) is prohibited in China', async () => {
    const r = (await get('/v1/ingredients/cas/123-31-9')).results.find((x: any) => x.inci_name === 'HYDROQUINONE')
    expect([r.eu_status, r.cn_status]).toEqual(['prohibited', 'prohibited'])
    expect(
      r.cn_entries.some((e: any) => e.table_no === '表2' && e.note === 'consolidated from NMPA tables; verify against the official text'),
    ).toBe(true)
  })

  test('entries of NMPA 2026 No. 6: upcoming before their date, prohibited with as_of after it', async () => {
    const lilial = (await get('/v1/ingredients/inci?q=Butylphenyl%20Methylpropional&as_of=2026-12-01')).results[0]
    expect(lilial.cn_status).toBe('upcoming')
    expect(lilial.cn_entries.find((e: any) => e.table_no === '表2')).toMatchObject({ serial: '1293', effective_from: '2028-01-01' })
    expect((await get('/v1/ingredients/inci?q=Butylphenyl%20Methylpropional&as_of=2028-06-01')).results[0].cn_status).toBe('prohibited')
    // 4-MBC (entry 1291, from 2027-01-01) is still a permitted UV filter until then.
    expect((await get('/v1/ingredients/inci?q=4-Methylbenzylidene%20Camphor&as_of=2026-12-01')).results[0].cn_status).toBe(
      'allowed_with_conditions',
    )
    expect((await get('/v1/ingredients/inci?q=4-Methylbenzylidene%20Camphor&as_of=2028-06-01')).results[0].cn_status).toBe('prohibited')
  })

  test('a restricted-table entry carries its scope and maximum (benzalkonium chloride: 3 % total as benzalkonium chloride in rinse-off hair products)', async () => {
    const r = (await get('/v1/ingredients/inci?q=Benzalkonium%20Chloride')).results[0]
    expect(r.cn_status).toBe('restricted')
    const clauses = r.cn_entries.filter((e: any) => e.table_no === '表3').flatMap((e: any) => e.conditions)
    expect(clauses).toContainEqual(
      expect.objectContaining({ clause: 'a', scope: '淋洗类发用产品', max_percent: 3, basis: '苯扎氯铵', total: true }),
    )
  })

  test('a CosIng-2026-only name is found (source cosing_2026_names); an EU allergen is flagged (LINALOOL)', async () => {
    const c = (await get('/v1/ingredients/inci?q=Calcium%20Hyaluronate')).results[0]
    expect([c.inci_name, c.cosing_2026.status, c.cas_numbers]).toEqual(['CALCIUM HYALURONATE', 'new_since_2021', []])
    const l = (await get('/v1/ingredients/inci?q=Linalool')).results[0]
    expect([l.eu_allergen, l.eu_allergen_thresholds?.leave_on_percent, l.eu_allergen_thresholds?.rinse_off_percent]).toEqual([
      true,
      0.001,
      0.01,
    ])
  })

  test('a Chinese label analysed end to end', async () => {
    const res = await t.call(
      '/v1/analyze',
      { 'content-type': 'application/json' },
      {
        method: 'POST',
        body: JSON.stringify({ text: '成分：水、甘油、丁二醇、烟酰胺、透明质酸钠、苯氧乙醇、氢醌', markets: ['CN'], as_of: '2026-12-01' }),
      },
    )
    const body = (await res.json()) as any
    expect(res.status).toBe(200)
    const items = body.products[0].items
    expect(items.map((i: any) => i.match.kind)).not.toContain('none')
    expect(items.find((i: any) => i.name === '苯氧乙醇').markets.CN.status).toBe('allowed_with_conditions')
    expect(items.find((i: any) => i.name === '氢醌').markets.CN.status).toBe('prohibited')
    expect(body.products[0].summary.markets.CN.result).toBe('blocked')
  })
})
