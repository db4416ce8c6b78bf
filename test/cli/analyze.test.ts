/** `kbeauty-api analyze`: table, JSON, exit codes, bad input — over the sample database. */
import { beforeAll, expect, test } from 'bun:test'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAnalyze } from '../../src/cli/analyze.ts'
import { runCli } from '../../src/cli/run.ts'
import { openDatabase } from '../../src/db/open.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let path: string
let dir: string
beforeAll(async () => {
  path = await sampleDb()
  dir = mkdtempSync(join(tmpdir(), 'kbeauty-analyze-'))
})

/** The command line as the executable runs it (runCli), with DB_PATH = the sample database. */
async function cli(args: string[], files: Record<string, string> = {}) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  let out = ''
  let err = ''
  const code = await runCli(['analyze', ...args.map((a) => (a in files ? join(dir, a) : a))], {
    env: { DB_PATH: path },
    out: (t) => {
      out += t
    },
    err: (t) => {
      err += t
    },
    embeddedDbPath: '/nonexistent',
  })
  return { code, out, err }
}

test('standard input with a prohibited ingredient: table rows in order, summary lines, exit 1', async () => {
  let out = ''
  const code = await runAnalyze(
    { values: { 'product-type': 'face_leave_on' }, positionals: ['-'] },
    {
      out: (t) => {
        out += t
      },
    },
    {
      openDatabase: () => openDatabase({ kind: 'file', path }),
      readStdin: async () => '전성분: Water, Glycerin, Hydroquinone, Phenoxyethanol (0.5%)',
      readFile: () => '',
    },
  )
  expect(code).toBe(1)
  const lines = out.split('\n')
  expect(lines[0]).toMatch(/^#\s+item\s+match\s+EU\s+KR\s+CN\s+conditions$/)
  expect(lines.slice(2, 6).map((l) => l.split(/\s{2,}/).slice(0, 5))).toEqual([
    ['1', 'Water', 'WATER (exact)', 'not_listed', 'not_listed'],
    ['2', 'Glycerin', 'GLYCERIN (exact)', 'not_listed', 'not_listed'],
    ['3', 'Hydroquinone', 'HYDROQUINONE (exact)', 'prohibited', 'prohibited'],
    ['4', 'Phenoxyethanol (0.5%)', 'PHENOXYETHANOL (exact)', 'allowed_with_conditions: within', 'restricted: within'],
  ])
  expect(out).toContain('EU: blocked — Hydroquinone (#3). Prohibited in EU: EU Annex II 1339')
  expect(out).toContain('KR: blocked — Hydroquinone (#3).')
})

test('a file with nothing blocked → exit 0; --json prints the API shape', async () => {
  const r = await cli(['label.txt', '--json'], { 'label.txt': 'Water, Glycerin, Niacinamide' })
  expect([r.code, r.err]).toEqual([0, ''])
  const body = JSON.parse(r.out)
  expect(body.markets).toEqual(['EU', 'KR', 'CN'])
  expect(body.products[0].items.map((i: any) => i.target?.inci_name)).toEqual(['WATER', 'GLYCERIN', 'NIACINAMIDE'])
  expect(body.products[0].summary.markets.EU.result).toBe('no_findings')
})

test.each([
  [['--product-type', 'face', 'l.txt'], 64, 'kbeauty-api: analyze: --product-type must be one of: leave_on, rinse_off'],
  [['--colour', 'l.txt'], 64, 'kbeauty-api: '],
  [['l.txt', 'l.txt'], 64, 'kbeauty-api: '],
  [['missing.txt'], 66, 'kbeauty-api: analyze: cannot read missing.txt (ENOENT)'],
  [['--markets', 'MARS', 'l.txt'], 64, 'kbeauty-api: analyze: markets must be a non-empty list of: EU, KR, CN.'],
  [['blank.txt'], 65, 'kbeauty-api: analyze: The label holds no ingredient names.'],
])('%p → exit %p', async (args, code, message) => {
  const r = await cli(args, { 'l.txt': 'Water', 'blank.txt': '  \n ' })
  expect(r.code).toBe(code)
  expect(r.err).toStartWith(message)
  expect(r.out).toBe('')
})

test('--help lists the options', async () => {
  const r = await cli(['--help'])
  expect(r.code).toBe(0)
  expect(r.out).toContain('--product-type TYPE')
  expect(r.out).toContain('[FILE|-]')
})
