/**
 * End to end: compile the executable (README's build), copy it alone to another
 * directory, start it on port 0 and query it over HTTP like a consumer behind RapidAPI.
 * With DATA_SOURCES_DIR set, the embedded database holds the official data and the
 * checks from the issue run against it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBinary, type Running, startBinary } from '../helpers/binary.ts'
import { sampleDb } from '../helpers/sample-db.ts'

const SECRET = 'e2e-proxy-secret-abcdefghijklmnop'
const OFFICIAL = Boolean(process.env.DATA_SOURCES_DIR)
let binary: string
let dir: string
let server: Running

beforeAll(async () => {
  const built = await ensureBinary()
  dir = mkdtempSync(join(tmpdir(), 'kbeauty-e2e-'))
  binary = join(dir, 'kbeauty-api')
  copyFileSync(built, binary) // alone: no node_modules, no data/ beside it
  chmodSync(binary, 0o755)
  server = await startBinary(
    ['serve'],
    { APP_ENV: 'prod', PORT: '0', HOST: '127.0.0.1', RAPIDAPI_PROXY_SECRET: SECRET },
    { binary, cwd: dir },
  )
}, 180_000)

afterAll(async () => {
  await server?.stop()
})

async function get(path: string, plan = 'MEGA') {
  const res = await fetch(`${server.url}${path}`, {
    headers: { 'X-RapidAPI-Proxy-Secret': SECRET, 'X-RapidAPI-Subscription': plan, 'X-RapidAPI-User': `e2e-${plan}` },
  })
  return { status: res.status, headers: res.headers, body: (await res.json()) as any }
}

test('version prints build identity and the data sources', async () => {
  const proc = Bun.spawn([binary, 'version'], { stdout: 'pipe', env: {} })
  const out = await new Response(proc.stdout).text()
  expect(await proc.exited).toBe(0)
  expect(out).toMatch(/^kbeauty-api \d+\.\d+\.\d+\ncommit {6}\S+\nbuilt {7}\d{4}-\d{2}-\d{2}T/)
  expect(out).toMatch(/eu_cosing_ingredients_2021(-sample)?\.csv {2}2021-/)
  expect(out).toMatch(/kr_mfds_cosmetic_ingredients_20260406(-sample)?\.csv {2}2026-04-06/)
})

test('health answers without the secret', async () => {
  const res = await fetch(`${server.url}/health`)
  expect(res.status).toBe(200)
  expect((await res.json()) as any).toMatchObject({ status: 'ok', ingredients: expect.any(Number) })
})

test('korean?q=나이아신아마이드 → NIACINAMIDE, CAS 98-92-0', async () => {
  const { status, body } = await get(`/v1/ingredients/korean?q=${encodeURIComponent('나이아신아마이드')}`)
  expect(status).toBe(200)
  expect(body.results[0].inci_name).toBe('NIACINAMIDE')
  expect(body.results[0].cas_numbers).toContain('98-92-0')
})

test('inci?q=  glycerin  → 글리세린', async () => {
  const { body } = await get('/v1/ingredients/inci?q=%20%20glycerin%20')
  expect(body.results.map((r: { korean_name: string }) => r.korean_name)).toEqual(['글리세린'])
})

test('cas/56-81-5 → GLYCERIN; cas/56-81-6 → 400 (check digit)', async () => {
  const ok = await get('/v1/ingredients/cas/56-81-5')
  expect(ok.body.results.map((r: { inci_name: string }) => r.inci_name)).toContain('GLYCERIN')
  const bad = await get('/v1/ingredients/cas/56-81-6')
  expect(bad.status).toBe(400)
  expect(bad.headers.get('content-type')).toBe('application/problem+json')
  expect(bad.body.code).toBe('invalid_cas')
})

test('search?q=hyaluron finds SODIUM HYALURONATE and HYALURONIC ACID on the first page', async () => {
  const { body } = await get('/v1/ingredients/search?q=hyaluron', 'PRO')
  const names = body.results.map((r: { inci_name: string }) => r.inci_name)
  expect(names).toContain('SODIUM HYALURONATE')
  expect(names).toContain('HYALURONIC ACID')
})

test('search pages with a cursor until the end, without repeats', async () => {
  const seen = new Set<number>()
  let cursor: string | null = null
  for (let page = 0; page < 50; page++) {
    const { status, body } = await get(`/v1/ingredients/search?q=acid&limit=100${cursor ? `&cursor=${cursor}` : ''}`, 'ULTRA')
    expect(status).toBe(200)
    for (const r of body.results) {
      expect(seen.has(r.id)).toBe(false)
      seen.add(r.id)
    }
    cursor = body.next_cursor
    if (!cursor) break
  }
  expect(cursor).toBeNull()
  expect(seen.size).toBeGreaterThan(OFFICIAL ? 500 : 3)
})

test('search?q=% returns only names with a literal %, never everything', async () => {
  const { status, body } = await get('/v1/ingredients/search?q=%25', 'PRO')
  expect(status).toBe(200)
  for (const r of body.results) expect(r.matched_name).toContain('%')
  // Rule names print limits ("containing 1 % or more"): a few hundred names, not all 70,000.
  expect(body.total).toBeLessThan(1_000)
})

test('SALICYLIC ACID carries EU Annex III/98 and Annex V/3 with their conditions', async () => {
  const { body } = await get('/v1/ingredients/inci?q=salicylic%20acid')
  const entries = body.results[0].eu_annexes as {
    annex: string
    reference_number: string
    max_concentration: string | null
    conditions: string | null
    product_type: string | null
  }[]
  const iii = entries.filter((e) => e.annex === 'III' && e.reference_number === '98')
  const v = entries.filter((e) => e.annex === 'V' && e.reference_number === '3')
  expect(iii.length).toBeGreaterThan(0)
  expect(v.length).toBe(1)
  expect(iii.some((e) => (e.max_concentration ?? '').includes('%'))).toBe(true)
  expect(v[0]!.max_concentration).toContain('%')
  expect([...iii, ...v].some((e) => (e.conditions ?? '').length > 10)).toBe(true)
})

describe.skipIf(!OFFICIAL)('official data (DATA_SOURCES_DIR)', () => {
  test('≥ 30,000 ingredients; ≥ 17,000 with a Korean standard name', async () => {
    const { body } = await get('/v1/stats')
    expect(body.ingredients).toBeGreaterThanOrEqual(30_000)
    expect(body.with_korean_name).toBeGreaterThanOrEqual(17_000)
    expect(body.sources).toHaveLength(18) // EU, KR and (issue #13) China and CosIng 2026
  })

  test.each([
    ['SALICYLIC ACID', 'restricted', 'restricted'],
    ['METHYLPARABEN', 'allowed_with_conditions', 'restricted'],
    ['SODIUM BENZOATE', 'allowed_with_conditions', 'restricted'],
    ['HYDROQUINONE', 'prohibited', 'prohibited'],
    ['2,4-DIAMINOPHENOXYETHANOL HCL', 'restricted', 'restricted'], // 별표1 row with a dropped exemption + 별표2 limit
    ['NIACINAMIDE', 'not_listed', 'not_listed'],
    ['HUMAN ADIPOSE DERIVED STEM CELL CONDITIONED MEDIA', 'prohibited', 'not_listed'], // CosIng pointer II/416
    ['GLYCERYL DIRETINOATE', 'prohibited', 'not_listed'], // CosIng pointer II/375
    ['GLYCERIN', 'not_listed', 'not_listed'],
  ])('%s: EU %s, Korea %s', async (inci, eu, kr) => {
    const { body } = await get(`/v1/ingredients/inci?q=${encodeURIComponent(inci)}`)
    expect(body.results[0].eu_status).toBe(eu)
    expect(body.results[0].kr_status).toBe(kr)
  })
})

describe('the binary refuses to start with one clear line', () => {
  async function runFail(env: Record<string, string>, args = ['serve']) {
    const proc = Bun.spawn([binary, ...args], { env: { PATH: '/usr/bin:/bin', ...env }, stdout: 'pipe', stderr: 'pipe', cwd: dir })
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000)
    const [code, err] = await Promise.all([proc.exited, new Response(proc.stderr).text()])
    clearTimeout(timer)
    return { code, err }
  }

  test('no proxy secret in prod → refuses, says how to fix it', async () => {
    const { code, err } = await runFail({ APP_ENV: 'prod', PORT: '0' })
    expect(code).toBe(78)
    expect(err).toContain('RAPIDAPI_PROXY_SECRET is not set')
  })

  test('every config problem at once', async () => {
    const { code, err } = await runFail({ APP_ENV: 'staging', PORT: 'eighty', LOG_LEVEL: 'loud', RAPIDAPI_PROXY_SECRET: SECRET })
    expect(code).toBe(78)
    expect(err).toContain('APP_ENV')
    expect(err).toContain('PORT')
    expect(err).toContain('LOG_LEVEL')
  })

  test('DB_PATH missing → exit 66 with one line', async () => {
    const { code, err } = await runFail({ APP_ENV: 'prod', PORT: '0', RAPIDAPI_PROXY_SECRET: SECRET, DB_PATH: join(dir, 'missing.sqlite') })
    expect(code).toBe(66)
    expect(err.trim().split('\n')).toHaveLength(1)
    expect(err).toContain('does not exist')
  })

  test('DB_PATH not a database → exit 66', async () => {
    const junk = join(dir, 'junk.sqlite')
    writeFileSync(junk, 'junk'.repeat(100))
    const { code, err } = await runFail({ APP_ENV: 'prod', PORT: '0', RAPIDAPI_PROXY_SECRET: SECRET, DB_PATH: junk })
    expect(code).toBe(66)
    expect(err).toContain('is not an SQLite database')
  })

  test('DB_PATH to a good database serves it', async () => {
    const other = await startBinary(
      ['serve'],
      { APP_ENV: 'prod', PORT: '0', HOST: '127.0.0.1', RAPIDAPI_PROXY_SECRET: SECRET, DB_PATH: await sampleDb() },
      { binary, cwd: dir },
    )
    try {
      const res = await fetch(`${other.url}/v1/stats`, { headers: { 'X-RapidAPI-Proxy-Secret': SECRET } })
      expect(res.status).toBe(200)
      expect(((await res.json()) as any).ingredients).toBeLessThan(1_000) // the sample, not the embedded data
    } finally {
      expect(await other.stop()).toBe(0)
    }
  })
})
