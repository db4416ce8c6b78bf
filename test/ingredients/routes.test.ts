/** The ingredient routes over HTTP (app.handle) on the fixture database: what a caller sees. */
import { beforeAll, describe, expect, test } from 'bun:test'
import { Q_MAX_CHARS } from '../../src/ingredients/model.ts'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { fixtureDb } from '../helpers/fixture-db.ts'

let t: TestApp
let n = 0
beforeAll(async () => {
  t = makeApp(await fixtureDb())
})
const get = async (path: string, plan = 'MEGA') => {
  const res = await t.call(path, { 'x-rapidapi-subscription': plan, 'x-rapidapi-user': `routes-${n++}` })
  return { status: res.status, body: (await res.json()) as any }
}

describe('name look-ups say how they matched', () => {
  test('inci: match, rule, matched_name, confidence on every answer', async () => {
    const { status, body } = await get('/v1/ingredients/inci?q=Glycerine', 'BASIC')
    expect(status).toBe(200)
    expect(body).toMatchObject({
      query: 'Glycerine',
      match: 'synonym',
      rule: 'cosing_description',
      matched_name: 'Glycerine',
      confidence: 0.95,
      count: 1,
    })
    expect(body.results[0]).toMatchObject({ kind: 'ingredient', inci_name: 'GLYCERIN' })
  })

  test('korean: a rule’s own name reaches a regulated substance with both markets’ statuses', async () => {
    const { body } = await get(`/v1/ingredients/korean?q=${encodeURIComponent('수은')}`, 'BASIC')
    expect(body.match).toBe('synonym')
    expect(body.results).toHaveLength(1)
    expect(body.results[0]).toMatchObject({ kind: 'regulated_substance', eu_status: 'prohibited', kr_status: 'prohibited', is_group: true })
    expect(body.results[0].status_sources.kr.official).toBe(false)
    expect(body.results[0].eu_annexes).toBeUndefined()
  })

  test('cas: a regulated substance no ingredient carries is found by its CAS RN, not a 404', async () => {
    const { status, body } = await get('/v1/ingredients/cas/7439-97-6', 'PRO')
    expect(status).toBe(200)
    expect(body.results[0]).toMatchObject({ kind: 'regulated_substance', eu_status: 'prohibited' })
    expect(body.results[0].eu_annexes.map((e: any) => `${e.annex}/${e.reference_number}`)).toEqual(['II/221'])
  })

  test('by id: a regulated substance id answers its record', async () => {
    const { body: found } = await get('/v1/ingredients/cas/7439-97-6')
    const { status, body } = await get(`/v1/ingredients/${found.results[0].id}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ kind: 'regulated_substance', cas_numbers: ['7439-97-6'] })
  })

  test('a common name with several INCI names lists candidates and says why', async () => {
    const { body } = await get('/v1/ingredients/inci?q=Iron%20Oxides')
    expect(body).toMatchObject({ match: 'common_name', count: 3, confidence: 0.5 })
    expect(body.note).toContain('iron oxides')
    expect(body.candidates.map((c: any) => c.name)).toEqual(['CI 77491', 'CI 77492', 'CI 77499'])
  })

  test(`q takes up to ${Q_MAX_CHARS} characters; one more is a 400 naming the limit`, async () => {
    expect((await get(`/v1/ingredients/inci?q=${'a'.repeat(Q_MAX_CHARS)}`)).status).toBe(200)
    const { status, body } = await get(`/v1/ingredients/inci?q=${'a'.repeat(Q_MAX_CHARS + 1)}`)
    expect(status).toBe(400)
    expect(body.errors).toEqual([{ parameter: 'q', message: `must be at most ${Q_MAX_CHARS} characters` }])
  })

  test('a 528-character Korean name fits the query string', async () => {
    const { status } = await get(`/v1/ingredients/korean?q=${encodeURIComponent('가'.repeat(528))}`)
    expect(status).toBe(200)
  })
})

describe('search', () => {
  test('items carry match, matched_name and both statuses; the page carries a total', async () => {
    const { status, body } = await get('/v1/ingredients/search?q=hyaluron&limit=2', 'PRO')
    expect(status).toBe(200)
    expect(body).toMatchObject({ query: 'hyaluron', total: expect.any(Number), total_is_estimate: false })
    expect(body.results).toHaveLength(2)
    expect(Object.keys(body.results[0]).sort()).toEqual(
      ['eu_status', 'id', 'inci_name', 'kind', 'korean_name', 'match', 'matched_name', 'kr_status'].sort(),
    )
    expect(body.next_cursor).toMatch(/^[0-9a-z]+\.\d\.\d\.[0-9a-z]+$/)
  })

  test('BASIC: prefix search with pages of at most 10', async () => {
    const { status, body } = await get('/v1/ingredients/search?q=hyaluron', 'BASIC')
    expect(status).toBe(200)
    expect(body.results.every((i: any) => i.match === 'exact' || i.match === 'prefix')).toBe(true)
    const over = await get('/v1/ingredients/search?q=hyaluron&limit=11', 'BASIC')
    expect(over.status).toBe(400)
    expect(over.body.detail).toBe('limit must be at most 10 on the BASIC plan.')
  })

  test('a cursor of another data build is a 400 invalid_cursor', async () => {
    const { status, body } = await get('/v1/ingredients/search?q=hyaluron&cursor=zzzz.1.1.1', 'PRO')
    expect(status).toBe(400)
    expect(body.code).toBe('invalid_cursor')
    expect(body.detail).toBe('The cursor belongs to an earlier data build; start again without a cursor.')
  })
})

describe('function browse', () => {
  test('commonest first, a total, and a cursor that walks to the end', async () => {
    let cursor = ''
    const ids: number[] = []
    let total = -1
    for (let i = 0; i < 100; i++) {
      const { body } = await get(`/v1/functions/SKIN%20CONDITIONING/ingredients?limit=7${cursor ? `&cursor=${cursor}` : ''}`, 'PRO')
      total = body.total
      ids.push(...body.results.map((r: any) => r.id))
      if (body.next_cursor === null) break
      cursor = body.next_cursor
    }
    expect(ids.length).toBe(total)
    expect(new Set(ids).size).toBe(total)
  })
})
