/**
 * POST /v1/analyze and POST /v1/ingredients/lookup over the sample database (always runs):
 * answers, plan limits from the plan table, and every kind of bad input as a problem.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { MAX_ITEM_CHARS, MAX_NESTING } from '../../src/analysis/label-parser.ts'
import { PLANS } from '../../src/security/tiers.ts'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await sampleDb())
})

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  t.call(
    path,
    { 'content-type': 'application/json', ...headers },
    { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) },
  )

/** The whole problem body a caller sees. */
async function problem(
  res: Response,
  code: string,
  status: number,
  title: string,
  detail: string,
  errors?: { parameter: string; message: string }[],
) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  expect(await res.json()).toEqual({
    type: `urn:kbeauty-api:problem:${code}`,
    title,
    status,
    detail,
    code,
    request_id: res.headers.get('x-request-id')!,
    ...(errors ? { errors } : {}),
  })
}

describe('POST /v1/analyze', () => {
  test('a mixed Korean/English label with hydroquinone: EU and KR blocked, saying why; order and matches kept', async () => {
    const res = await post('/v1/analyze', {
      text: '[전성분] 정제수, 글리세린, 나이아신아마이드(4%), Hydroquinone, 향료',
      product_type: 'face_leave_on',
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    const items = body.products[0].items
    expect(items.map((i: any) => [i.position, i.name, i.match.kind, i.concentration_percent])).toEqual([
      [1, '정제수', 'exact', null],
      [2, '글리세린', 'exact', null],
      [3, '나이아신아마이드', 'exact', 4],
      [4, 'Hydroquinone', 'exact', null],
      [5, '향료', expect.any(String), null],
    ])
    const hq = items[3]
    expect(hq.markets.KR.status).toBe('prohibited')
    expect(body.products[0].summary.markets.KR.result).toBe('blocked')
    expect(body.products[0].summary.markets.KR.line).toContain('Hydroquinone (#4)')
    expect(body.products[0].summary.markets.EU.result).toBe('blocked')
    expect(hq.markets.EU.why).toStartWith('Prohibited in EU: EU Annex II 1339')
  })

  test('English label, hydroquinone: EU blocked, Annex II named', async () => {
    const res = await post('/v1/analyze', {
      text: 'Ingredients: Water, Glycerin, Hydroquinone, Phenoxyethanol',
      product_type: 'face_leave_on',
    })
    const body = (await res.json()) as any
    const eu = body.products[0].summary.markets.EU
    expect(eu.result).toBe('blocked')
    expect(eu.findings[0]).toMatchObject({ position: 3, name: 'Hydroquinone', status: 'prohibited' })
    expect(eu.findings[0].why).toStartWith('Prohibited in EU: EU Annex II 1339')
  })

  test('ingredients array with concentrations: a limit check with the numbers compared', async () => {
    const res = await post('/v1/analyze', {
      ingredients: ['Water', { name: 'Phenoxyethanol', concentration_percent: 1.5 }],
      product_type: 'face_leave_on',
      markets: ['eu'],
    })
    const body = (await res.json()) as any
    expect(body.markets).toEqual(['EU'])
    expect(body.products[0].items[1].markets.EU.limit).toEqual({
      result: 'over_limit',
      concentration_percent: 1.5,
      max_percent: 1,
      basis: null,
      clause: 'EU Annex V 29',
      reason: '1.5 % is above the maximum 1 % (EU Annex V 29)',
    })
    expect(body.products[0].summary.markets.EU.result).toBe('blocked')
  })

  test('concentrations given by name fill items the label prints without one', async () => {
    const res = await post('/v1/analyze', {
      text: 'Water, Phenoxyethanol, Niacinamide (4%)',
      product_type: 'face_leave_on',
      concentrations: { phenoxyethanol: 1.5, Niacinamide: 9 },
    })
    const items = ((await res.json()) as any).products[0].items
    expect(items.map((i: any) => i.concentration_percent)).toEqual([null, 1.5, 4])
    expect(items[1].markets.EU.limit).toMatchObject({ result: 'over_limit', concentration_percent: 1.5, max_percent: 1 })
  })

  test('unresolved items are listed as such, never as allowed; no_findings counts them', async () => {
    const res = await post('/v1/analyze', { text: 'Water, Zzyzx Miracle Complex' })
    const body = (await res.json()) as any
    expect(body.products[0].items[1].markets.EU.status).toBe('unresolved')
    expect(body.products[0].summary.unresolved).toEqual([{ position: 2, text: 'Zzyzx Miracle Complex' }])
    expect(body.products[0].summary.markets.EU.result).toBe('no_findings')
    expect(body.products[0].summary.markets.EU.counts).toEqual({ not_listed: 1, unresolved: 1 })
    expect(body.products[0].summary.markets.EU.line).toContain('1 not listed, 1 unresolved')
  })

  test('the answer is the analysis as JSON (UTF-8, application/json), the same on a repeat from cached items', async () => {
    const body = {
      text: '전성분: 정제수, 글리세린, 나이아신아마이드(4%), Hydroquinone, Zzyzx Root',
      product_type: 'face_leave_on' as const,
    }
    const want = JSON.stringify(t.analyzer.analyze(structuredClone(body), { plan: 'PRO', maxItems: PLANS.PRO.labelSize }))
    for (let i = 0; i < 2; i++) {
      const res = await post('/v1/analyze', body, { 'x-rapidapi-subscription': 'PRO' })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/json;charset=utf-8')
      expect(await res.text()).toBe(want)
    }
    const answer = JSON.parse(want)
    expect(answer.status_sources.kr.official).toBe(false)
    expect(Object.keys(answer.products[0].items[0].target)).not.toContain('status_sources')
  })

  test('PRO sees no rule text; ULTRA does', async () => {
    const ask = async (plan: string) =>
      ((await (await post('/v1/analyze', { text: 'Phenoxyethanol' }, { 'x-rapidapi-subscription': plan })).json()) as any).products[0]
        .items[0].markets.EU.entries[0]
    expect((await ask('PRO')).raw).toBeUndefined()
    expect((await ask('ULTRA')).raw).toEqual(expect.objectContaining({ max_concentration: expect.any(String) }))
  })
})

describe('bad input → a problem, never a 500', () => {
  test.each([
    ['empty text', { text: '' }, 'The label holds no ingredient names.'],
    ['whitespace only', { text: ' \n\t  ' }, 'The label holds no ingredient names.'],
    ['absurd nesting', { text: `${'('.repeat(2_000)}Water${')'.repeat(2_000)}` }, `Brackets are nested deeper than ${MAX_NESTING} levels.`],
    ['absurdly long item', { text: `Water, ${'x'.repeat(MAX_ITEM_CHARS + 1)}` }, `An item is longer than ${MAX_ITEM_CHARS} characters.`],
  ])('%s → 400 label_unreadable', async (_, body, detail) => {
    await problem(await post('/v1/analyze', body), 'label_unreadable', 400, 'Label cannot be read', detail, [
      { parameter: 'text', message: detail },
    ])
  })

  test('neither or both of text / ingredients → 400', async () => {
    for (const body of [{}, { text: 'Water', ingredients: ['Water'] }]) {
      await problem(
        await post('/v1/analyze', body),
        'invalid_body',
        400,
        'Invalid request body',
        'Give the label as `text` or as `ingredients`, not both.',
        [{ parameter: 'text', message: 'give text or ingredients' }],
      )
    }
  })

  test('wrong types, unknown fields, not JSON, no body → 400', async () => {
    const r1 = await post('/v1/analyze', { text: 42 })
    expect([r1.status, ((await r1.json()) as any).code]).toEqual([400, 'invalid_body'])
    const r2 = await post('/v1/analyze', { text: 'Water', colour: 'red' })
    expect([r2.status, ((await r2.json()) as any).code]).toEqual([400, 'invalid_body'])
    await problem(
      await post('/v1/analyze', '{"text": "Water"'),
      'invalid_body',
      400,
      'Invalid request body',
      'The request body is not valid JSON.',
    )
    await problem(
      await t.call('/v1/analyze', { 'content-type': 'application/json' }, { method: 'POST' }),
      'invalid_body',
      400,
      'Invalid request body',
      'The request body is not valid JSON.',
    )
  })

  test('unknown market → 400 naming the known ones', async () => {
    await problem(
      await post('/v1/analyze', { text: 'Water', markets: ['EU', 'MARS'] }),
      'invalid_parameter',
      400,
      'Invalid parameter',
      'markets must be a non-empty list of: EU, KR, CN.',
      [{ parameter: 'markets', message: 'known markets: EU, KR, CN' }],
    )
  })

  test(`more items than the plan allows → 413 naming the limit (PRO ${PLANS.PRO.labelSize})`, async () => {
    const text = Array.from({ length: PLANS.PRO.labelSize + 1 }, () => 'Water').join(', ')
    await problem(
      await post('/v1/analyze', { text }, { 'x-rapidapi-subscription': 'PRO' }),
      'too_many_ingredients',
      413,
      'Too many ingredients for your plan',
      `The label has ${PLANS.PRO.labelSize + 1} ingredients; the PRO plan analyses at most ${PLANS.PRO.labelSize} per request.`,
    )
    expect((await post('/v1/analyze', { text }, { 'x-rapidapi-subscription': 'ULTRA' })).status).toBe(200)
  })

  test(`a body over the plan's bytes → 413 naming the limit (PRO ${PLANS.PRO.bodyBytes})`, async () => {
    // 140 items of 120 characters: within ULTRA's 150 items, over PRO's bytes.
    const text = Array.from({ length: 140 }, (_, i) => `${'Hydrolyzedextract'.repeat(7)}${i}`).join(', ')
    expect(Buffer.byteLength(JSON.stringify({ text }))).toBeGreaterThan(PLANS.PRO.bodyBytes)
    await problem(
      await post('/v1/analyze', { text }, { 'x-rapidapi-subscription': 'PRO' }),
      'payload_too_large',
      413,
      'Payload too large',
      `Request bodies are limited to ${PLANS.PRO.bodyBytes} bytes on the PRO plan.`,
    )
    // Chunked (no Content-Length): the same limit.
    const bytes = new TextEncoder().encode(JSON.stringify({ text }))
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(bytes)
        c.close()
      },
    })
    const res = await t.call(
      '/v1/analyze',
      { 'content-type': 'application/json', 'x-rapidapi-subscription': 'PRO' },
      { method: 'POST', body: stream },
    )
    await problem(
      res,
      'payload_too_large',
      413,
      'Payload too large',
      `Request bodies are limited to ${PLANS.PRO.bodyBytes} bytes on the PRO plan.`,
    )
    expect((await post('/v1/analyze', { text }, { 'x-rapidapi-subscription': 'ULTRA' })).status).toBe(200)
  })

  test('BASIC → 403 naming the plan needed', async () => {
    const res = await post('/v1/analyze', { text: 'Water' }, { 'x-rapidapi-subscription': 'BASIC' })
    expect([res.status, ((await res.json()) as any).required_plan]).toEqual([403, 'PRO'])
  })
})

describe('POST /v1/ingredients/lookup', () => {
  test('one result per input, in input order, each with its match and statuses', async () => {
    const res = await post('/v1/ingredients/lookup', {
      names: ['Glycerin', '나이아신아마이드', '56-81-5', 'Hydroquinone', 'Nothing Such', 'Glycerin'],
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.count).toBe(6)
    expect(body.results.map((r: any) => [r.input, r.match.kind, r.target?.inci_name ?? null, r.statuses.EU])).toEqual([
      ['Glycerin', 'exact', 'GLYCERIN', 'not_listed'],
      ['나이아신아마이드', 'exact', 'NIACINAMIDE', 'not_listed'],
      ['56-81-5', 'exact', 'GLYCERIN', 'not_listed'],
      ['Hydroquinone', 'exact', 'HYDROQUINONE', 'prohibited'],
      ['Nothing Such', 'none', null, 'unresolved'],
      ['Glycerin', 'exact', 'GLYCERIN', 'not_listed'],
    ])
  })

  test(`more names than the plan allows → 413 (PRO ${PLANS.PRO.bulkSize}); none → 400`, async () => {
    const names = Array.from({ length: PLANS.PRO.bulkSize + 1 }, (_, i) => `Name ${i}`)
    await problem(
      await post('/v1/ingredients/lookup', { names }, { 'x-rapidapi-subscription': 'PRO' }),
      'too_many_ingredients',
      413,
      'Too many ingredients for your plan',
      `${PLANS.PRO.bulkSize + 1} names given; the PRO plan looks up at most ${PLANS.PRO.bulkSize} per request.`,
    )
    await problem(
      await post('/v1/ingredients/lookup', { names: [] }),
      'invalid_body',
      400,
      'Invalid request body',
      'names: must hold at least one name',
      [{ parameter: 'names', message: 'must hold at least one name' }],
    )
  })
})

describe('OpenAPI', () => {
  test('the analyze route documents every status and verdict as enums with descriptions, and a worked example', async () => {
    const doc = (await (await t.call('/docs/json')).json()) as any
    const op = doc.paths['/v1/analyze'].post
    const text = JSON.stringify(op)
    for (const v of [
      'prohibited',
      'restricted',
      'allowed_with_conditions',
      'upcoming',
      'not_listed',
      'unresolved',
      'within_limit',
      'over_limit',
      'cannot_tell',
      'blocked',
      'check',
      'no_findings',
      'face_leave_on',
      'hair_rinse_off',
      'children_under_3',
    ]) {
      expect(text).toContain(`"${v}"`)
    }
    expect(text).toContain('NOT a statement that it is safe')
    expect(op.requestBody.content['application/json'].examples.label.value.text).toContain('전성분')
    expect(Object.keys(op.responses['200'].content['application/json'].examples.label.value)).toContain('products')
    // Where the statuses come from is given once per answer, not per item.
    expect(op.responses['200'].content['application/json'].schema.properties.status_sources).toBeDefined()
    expect(op.responses['200'].content['application/json'].examples.label.value.status_sources.kr.official).toBe(false)
    expect(doc.paths['/v1/ingredients/lookup'].post.requestBody.content['application/json'].schema.properties.names).toBeDefined()
  })
})
