/** `kbeauty-api analyze`: table, JSON, exit codes, bad input — over the sample database. */
import { beforeAll, expect, test } from 'bun:test'
import { openDatabase } from '../../src/db/open.ts'
import { runAnalyze } from '../../src/cli/analyze.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let path: string
beforeAll(async () => {
  path = await sampleDb()
})

async function run(args: string[], stdin = '', files: Record<string, string> = {}) {
  let out = ''
  let err = ''
  const code = await runAnalyze(args, {
    openDatabase: () => openDatabase({ kind: 'file', path }),
    readStdin: async () => stdin,
    readFile: (p) => {
      if (!(p in files)) throw Object.assign(new Error('no such file'), { code: 'ENOENT' })
      return files[p]!
    },
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  })
  return { code, out, err }
}

test('a label with a prohibited ingredient: table rows in order, summary lines, exit 1', async () => {
  const r = await run(['-', '--product-type', 'face_leave_on'], '전성분: Water, Glycerin, Hydroquinone, Phenoxyethanol (0.5%)')
  expect(r.code).toBe(1)
  expect(r.err).toBe('')
  const lines = r.out.split('\n')
  expect(lines[0]).toMatch(/^#\s+item\s+match\s+EU\s+KR\s+conditions$/)
  expect(lines.slice(2, 6).map((l) => l.split(/\s{2,}/).slice(0, 5))).toEqual([
    ['1', 'Water', 'WATER (exact)', 'not_listed', 'not_listed'],
    ['2', 'Glycerin', 'GLYCERIN (exact)', 'not_listed', 'not_listed'],
    ['3', 'Hydroquinone', 'HYDROQUINONE (exact)', 'prohibited', 'prohibited'],
    ['4', 'Phenoxyethanol (0.5%)', 'PHENOXYETHANOL (exact)', 'allowed_with_conditions: within', 'restricted: within'],
  ])
  expect(r.out).toContain('EU: blocked — Hydroquinone (#3). Prohibited in EU: EU Annex II 1339')
  expect(r.out).toContain('KR: blocked — Hydroquinone (#3).')
})

test('nothing blocked → exit 0; --json prints the API shape', async () => {
  const r = await run(['label.txt', '--json'], '', { 'label.txt': 'Water, Glycerin, Niacinamide' })
  expect(r.code).toBe(0)
  const body = JSON.parse(r.out)
  expect(body.markets).toEqual(['EU', 'KR'])
  expect(body.products[0].items.map((i: any) => i.target?.inci_name)).toEqual(['WATER', 'GLYCERIN', 'NIACINAMIDE'])
  expect(body.products[0].summary.markets.EU.result).toBe('no_findings')
})

test.each([
  [['--product-type', 'face'], 2, '--product-type must be one of: leave_on, rinse_off'],
  [['--colour'], 2, "Unknown option '--colour'"],
  [['a.txt', 'b.txt'], 2, 'give one FILE'],
  [['missing.txt'], 66, 'cannot read missing.txt: ENOENT'],
  [['--markets', 'MARS', '-'], 2, 'markets must be a non-empty list of: EU, KR.'],
])('%p → exit %p', async (args, code, message) => {
  const r = await run(args, 'Water')
  expect(r.code).toBe(code)
  expect(r.err).toContain(message)
})

test('an unreadable label → exit 65 with the reason', async () => {
  const r = await run(['-'], '   \n  ')
  expect([r.code, r.err]).toEqual([65, 'kbeauty-api analyze: The label holds no ingredient names.\n'])
})
