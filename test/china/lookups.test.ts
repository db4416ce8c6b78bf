/**
 * China in the look-ups, on the sample: Chinese names, cn_inventory, cn_status with as_of,
 * STSC entries by plan, EU allergens and CosIng 2026 — as a caller sees them over the API.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await sampleDb())
})
const get = async (path: string, plan = 'MEGA') => {
  const res = await t.call(path, { 'x-rapidapi-subscription': plan })
  return { status: res.status, body: (await res.json()) as any }
}
const q = encodeURIComponent

describe('GET /v1/ingredients/chinese', () => {
  test.each([
    ['甘油', 'GLYCERIN', 2421],
    ['烟酰胺', 'NIACINAMIDE', 7359],
    ['光果甘草（GLYCYRRHIZA GLABRA）根提取物', 'GLYCYRRHIZA GLABRA ROOT EXTRACT', null],
  ])('%s → %s, listed in IECIC', async (name, inci, serial) => {
    const { status, body } = await get(`/v1/ingredients/chinese?q=${q(name)}`)
    expect(status).toBe(200)
    expect([body.match, body.rule, body.count]).toEqual(['exact', 'cn_name', 1])
    const r = body.results[0]
    expect([r.inci_name, r.chinese_name, r.cn_inventory.status]).toEqual([inci, name, 'listed'])
    if (serial !== null) expect(r.cn_inventory.serial).toBe(serial)
  })

  test('full-width punctuation and spaces do not matter; a former name of 2025 still finds the entry', async () => {
    const spaced = await get(`/v1/ingredients/chinese?q=${q('抗坏血酸(维生素C)')}`)
    expect(spaced.body.results[0].inci_name).toBe('ASCORBIC ACID')
    // 2278 joins no sample ingredient: its entry is found by the former name, among cn_unlinked.
    const former = await get(`/v1/ingredients/chinese?q=${q('番茄（SOLANUM LYCOPERSICUM）提取物')}`)
    expect(former.body.cn_unlinked.inventory).toEqual([
      {
        id: 2278,
        catalog: 'I',
        serial: 2278,
        cn_name: '番茄（LYCOPERSICON ESCULENTUM）提取物',
        inci_name: 'LYCOPERSICON ESCULENTUM EXTRACT',
      },
    ])
  })

  test('a table row no ingredient is linked to stays reachable by its own name (丁苯基甲基丙醛, prohibited from 2028)', async () => {
    const { body } = await get(`/v1/ingredients/chinese?q=${q('丁苯基甲基丙醛')}`)
    expect(body.count).toBe(0)
    expect(body.cn_unlinked.entries.map((e: any) => [e.table_no, e.serial, e.status, e.effective_from])).toEqual([
      ['表2', '1293', 'prohibited', '2028-01-01'],
    ])
  })

  test('a bad as_of is a 400 naming the parameter', async () => {
    const { status, body } = await get(`/v1/ingredients/chinese?q=${q('甘油')}&as_of=2027-02-30`)
    expect(status).toBe(400)
    expect(body.errors).toEqual([{ parameter: 'as_of', message: 'must be a real calendar date' }])
  })
})

describe('cn_inventory and cn_status', () => {
  test('BAKUCHIOL is not in IECIC: not_listed, a new ingredient in China', async () => {
    const { body } = await get('/v1/ingredients/inci?q=Bakuchiol')
    const r = body.results[0]
    expect(r.cn_inventory.status).toBe('not_listed')
    expect(r.cn_inventory.note).toContain('new cosmetic ingredient in China')
    expect(r.cn_status).toBe('not_listed')
  })

  test('HYDROQUINONE (表2 entry 34, CAS shared with EU Annex II) is prohibited in China', async () => {
    const { body } = await get('/v1/ingredients/cas/123-31-9')
    const r = body.results.find((x: any) => x.inci_name === 'HYDROQUINONE')
    expect([r.eu_status, r.cn_status]).toEqual(['prohibited', 'prohibited'])
    const e = r.cn_entries.find((x: any) => x.table_no === '表2')
    expect([e.serial, e.official, e.note]).toEqual(['34', false, 'consolidated from NMPA tables; verify against the official text'])
  })

  test('a restricted-table entry carries its scope and maximum, with the 2028 revision (salicylic acid)', async () => {
    const { body } = await get('/v1/ingredients/inci?q=Salicylic%20Acid')
    const r = body.results[0]
    expect(r.cn_status).toBe('restricted')
    const restricted = r.cn_entries.filter((e: any) => e.table_no === '表3')
    const clauses = restricted.flatMap((e: any) => e.conditions)
    expect(clauses).toContainEqual(
      expect.objectContaining({ clause: 'a', max_percent: 2, scope: '驻留类产品和淋洗类肤用产品', applies_until: '2028-01-01' }),
    )
    expect(clauses).toContainEqual(
      expect.objectContaining({ clause: 'a', max_percent: 3, scope: '淋洗类发用产品', applies_from: '2028-01-01' }),
    )
  })

  test('PRO sees the entries without structured conditions; BASIC sees the status only', async () => {
    const pro = (await get('/v1/ingredients/inci?q=Salicylic%20Acid', 'PRO')).body.results[0]
    expect(pro.cn_entries[0].conditions).toBeUndefined()
    expect(pro.cn_entries[0].max_concentration).not.toBeUndefined()
    const basic = (await get('/v1/ingredients/inci?q=Salicylic%20Acid', 'BASIC')).body.results[0]
    expect([basic.cn_status, basic.cn_entries]).toEqual(['restricted', undefined])
  })
})

describe('EU as of 2026', () => {
  test('LINALOOL is an EU fragrance allergen with its thresholds', async () => {
    const r = (await get('/v1/ingredients/inci?q=Linalool')).body.results[0]
    expect([r.eu_allergen, r.eu_allergen_thresholds]).toEqual([
      true,
      { leave_on_percent: 0.001, rinse_off_percent: 0.01, annex_reference: 'III/84', regulation: '(EU) 2023/1545' },
    ])
    expect((await get('/v1/ingredients/inci?q=Glycerin')).body.results[0].eu_allergen).toBe(false)
  })

  test('a CosIng-2026-only name is found, known by name and functions; a 2021 name gone since is marked', async () => {
    const r = (await get('/v1/ingredients/inci?q=Calcium%20Hyaluronate')).body.results[0]
    expect([r.inci_name, r.cosing_2026.status, r.cosing_2026.source, r.functions]).toEqual([
      'CALCIUM HYALURONATE',
      'new_since_2021',
      'cosing_2026_names',
      ['SKIN CONDITIONING - HUMECTANT', 'SKIN PROTECTING'],
    ])
    expect((await get('/v1/ingredients/inci?q=Royal%20Jelly')).body.results[0].cosing_2026.status).toBe('gone_since_2021')
    const n = (await get('/v1/ingredients/inci?q=Niacinamide')).body.results[0]
    expect([n.cosing_2026.status, n.cosing_2026.functions, n.functions]).toEqual(['listed', ['SMOOTHING'], ['SMOOTHING']])
  })
})

describe('GET /v1/stats', () => {
  test('every source with its market, date and officialness; China and CosIng 2026 counts', async () => {
    const { body } = await get('/v1/stats', 'BASIC')
    expect(body.sources.length).toBe(18)
    expect(body.sources.find((s: any) => s.name === 'cn_stsc_restricted')).toMatchObject({
      market: 'CN',
      source_date: '2026-01-12',
      official: false,
      note: 'consolidated from NMPA tables; verify against the official text',
    })
    expect(body.sources.find((s: any) => s.name === 'cn_iecic_2021')).toMatchObject({
      market: 'CN',
      source_date: '2021-04-30',
      official: true,
      note: null,
    })
    expect(body.sources.find((s: any) => s.name === 'kr_rules_transcription')).toMatchObject({ market: 'KR', official: false })
    expect(body.cn).toEqual({
      iecic_entries: 142,
      iecic_linked: 136,
      stsc_rows: { 表2: 12, '表2-2': 3, 表3: 20, 表4: 46, 表5: 13, 表6: 9, 表7: 2 },
    })
    expect(body.cosing_2026).toEqual({ names: 142, new_since_2021: 5, gone_since_2021: 1 })
  })
})

describe('as_of on EU entries that carry a date from which they apply', () => {
  test('KOJIC ACID (Annex III/375, from 2025-02-01): upcoming on 2024-06-01, restricted on 2026-06-01; without as_of as before', async () => {
    const before = (await get('/v1/ingredients/inci?q=Kojic%20Acid&as_of=2024-06-01')).body
    expect([before.as_of, before.results[0].eu_status]).toEqual(['2024-06-01', 'upcoming'])
    expect((await get('/v1/ingredients/inci?q=Kojic%20Acid&as_of=2026-06-01')).body.results[0].eu_status).toBe('restricted')
    expect((await get('/v1/ingredients/inci?q=Kojic%20Acid')).body.results[0].eu_status).toBe('restricted')
  })
})

describe('Chinese names in search', () => {
  test('search?q=甘油 lists GLYCERIN first (exact), then names starting with it (甘油硬脂酸酯 → GLYCERYL STEARATE)', async () => {
    const { status, body } = await get(`/v1/ingredients/search?q=${q('甘油')}&limit=5`, 'PRO')
    expect(status).toBe(200)
    expect(body.results[0]).toMatchObject({ inci_name: 'GLYCERIN', match: 'exact', matched_name: '甘油' })
    expect(body.results.map((r: any) => r.matched_name)).toContain('甘油硬脂酸酯')
    // Chinese names have no spaces: two characters anywhere match too (乙基己基甘油 → ETHYLHEXYLGLYCERIN).
    const all = await get(`/v1/ingredients/search?q=${q('甘油')}&limit=50`, 'PRO')
    expect(all.body.results).toContainEqual(expect.objectContaining({ inci_name: 'ETHYLHEXYLGLYCERIN', matched_name: '乙基己基甘油' }))
  })
})

describe('China table rows no ingredient is linked to, by CAS RN', () => {
  test('cas/13463-41-7 (zinc pyrithione, 表2 1297 from 2028; no sample ingredient) answers the row instead of a 404', async () => {
    const { status, body } = await get('/v1/ingredients/cas/13463-41-7', 'BASIC')
    expect(status).toBe(200)
    expect([body.count, body.cn_unlinked.entries]).toEqual([
      0,
      [
        {
          table_no: '表2',
          serial: '1297',
          name: '吡硫𬭩锌',
          status: 'prohibited',
          effective_from: '2028-01-01',
          note: 'consolidated from NMPA tables; verify against the official text',
        },
      ],
    ])
    expect((await get('/v1/ingredients/cas/50-00-0')).status).toBe(200)
    expect((await get('/v1/ingredients/cas/7732-18-5')).body.cn_unlinked).toBeUndefined()
  })
})
