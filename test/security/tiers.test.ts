/** Fields by plan: fields above the plan are absent (not null). */
import { beforeAll, expect, test } from 'bun:test'
import { krStatus } from '../../src/ingredients/service.ts'
import { PLANS, planFromHeader } from '../../src/security/tiers.ts'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await sampleDb())
})

const SALICYLIC_ACID = '/v1/ingredients/inci?q=salicylic%20acid'

// What the README promises each plan, written out here (not read from the code's table).
const CORE = [
  'kind',
  'id',
  'inci_name',
  'korean_name',
  'chinese_name',
  'cas_numbers',
  'ec_numbers',
  'functions',
  'eu_status',
  'kr_status',
  'cn_status',
  'cn_inventory',
  'eu_allergen',
  'cosing_2026',
  'status_sources',
]
const PRO = [...CORE, 'synonyms', 'description', 'korean_definition', 'eu_annexes', 'kr_rules', 'cn_entries', 'eu_allergen_thresholds']
const ALL = [...PRO, 'provenance']
const PRO_ANNEX = ['annex', 'reference_number', 'chemical_name', 'product_type', 'max_concentration']
const ALL_ANNEX = [...PRO_ANNEX, 'glossary_name', 'other', 'conditions', 'colour', 'regulation', 'update_date', 'matched_by']
const PROMISED: Record<string, [string[], string[]]> = {
  BASIC: [CORE, []],
  PRO: [PRO, PRO_ANNEX],
  ULTRA: [ALL, ALL_ANNEX],
  MEGA: [ALL, ALL_ANNEX],
}

test.each(['BASIC', 'PRO', 'ULTRA', 'MEGA'] as const)('%s sees exactly the fields the README promises', async (plan) => {
  const res = await t.call(SALICYLIC_ACID, { 'x-rapidapi-subscription': plan, 'x-rapidapi-user': `f-${plan}` })
  expect(res.status).toBe(200)
  const [ing] = ((await res.json()) as any).results
  const [fields, annexFields] = PROMISED[plan]!
  expect(Object.keys(ing).sort()).toEqual([...fields].sort())
  if (plan !== 'BASIC') {
    expect(ing.eu_annexes.length).toBeGreaterThan(0)
    for (const e of ing.eu_annexes) expect(Object.keys(e).sort()).toEqual([...annexFields].sort())
  }
  expect(PLANS[plan].fields.length).toBe(fields.length)
})

test('every plan says where each status comes from and how official it is (the Korean transcription note included)', async () => {
  for (const plan of ['BASIC', 'PRO', 'ULTRA', 'MEGA']) {
    const res = await t.call(SALICYLIC_ACID, { 'x-rapidapi-subscription': plan, 'x-rapidapi-user': `src-${plan}` })
    const [ing] = ((await res.json()) as any).results
    expect(ing.status_sources.eu).toMatchObject({ source: 'cosing_annexes', official: true })
    expect(ing.status_sources.eu.source_date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(ing.status_sources.kr).toMatchObject({ source: 'kr_rules_transcription', official: false })
    expect(ing.status_sources.kr.note).toContain('Unofficial transcription')
  }
})

test('BASIC: no synonyms, no conditions, no provenance — absent, not null', async () => {
  const res = await t.call(SALICYLIC_ACID, { 'x-rapidapi-subscription': 'BASIC', 'x-rapidapi-user': 'f-basic2' })
  const text = await res.text()
  for (const field of ['synonyms', 'eu_annexes', 'provenance', 'conditions', 'description']) expect(text).not.toContain(`"${field}"`)
  const [ing] = JSON.parse(text).results
  expect(ing.eu_status).toBe('restricted')
})

test('ULTRA sees Annex III/98 and Annex V/3 with their conditions', async () => {
  const res = await t.call(SALICYLIC_ACID, { 'x-rapidapi-subscription': 'ULTRA', 'x-rapidapi-user': 'f-ultra2' })
  const [ing] = ((await res.json()) as any).results
  const refs = ing.eu_annexes.map((e: { annex: string; reference_number: string }) => `${e.annex}/${e.reference_number}`)
  expect(refs).toContain('III/98')
  expect(refs).toContain('V/3')
  const v3 = ing.eu_annexes.find((e: { annex: string }) => e.annex === 'V')
  expect(v3.max_concentration).toBeTruthy()
  expect(ing.eu_annexes.some((e: { conditions: string | null }) => (e.conditions ?? '').length > 0)).toBe(true)
})

test.each([
  ['MEGA', 'MEGA'],
  ['mega', 'MEGA'],
  [' Ultra ', 'ULTRA'],
  ['FREE', 'BASIC'],
  ['', 'BASIC'],
  [null, 'BASIC'],
  ['PRO,MEGA', 'BASIC'],
])('X-RapidAPI-Subscription %p → %s', (header, plan) => {
  expect(planFromHeader(header as string | null)).toBe(plan as never)
})

test.each([
  [[], 'not_listed'],
  [[{ status: 'prohibited' }], 'prohibited'],
  [[{ status: 'restricted' }], 'restricted'],
  [[{ status: 'prohibited' }, { status: 'restricted' }], 'restricted'],
] as const)('Korean status of linked rows %p → %s', (entries, status) => {
  expect(krStatus(entries as never)).toBe(status)
})

test('an ingredient known only from MFDS says not_in_cosing, not not_listed', async () => {
  const res = await t.call('/v1/ingredients/1002057', { 'x-rapidapi-user': 'mfds-only' })
  const body = (await res.json()) as any
  expect(body.korean_name).toBe('에칠아스코빌에텔')
  expect(body.eu_status).toBe('not_in_cosing')
  const glycerin = (await (await t.call('/v1/ingredients/34040', { 'x-rapidapi-user': 'mfds-only' })).json()) as any
  expect(glycerin.eu_status).toBe('not_listed')
})
