/**
 * `kbeauty-api analyze [FILE|-] [--product-type TYPE] [--markets EU,KR] [--json]`: the
 * label analysis of POST /v1/analyze, offline, for formulators who check a label without
 * running a server. Prints a table (item, match, EU, KR, conditions) and one summary line
 * per market, or with --json the same JSON as the API (MEGA plan: every field).
 *
 * Exit codes: 0 nothing blocked; 1 blocked in at least one market (prohibited, over a
 * limit, or not permitted for the product type); 2 usage error; 65 (EX_DATAERR) the label
 * cannot be read; 66 (EX_NOINPUT) the file or database cannot be opened.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { Database } from 'bun:sqlite'
import { ProblemError } from '../errors.ts'
import { createIngredientService } from '../ingredients/service.ts'
import { analyzerFor } from '../analysis/analyze.ts'
import type { AnalyzeOutput } from '../analysis/model.ts'
import { PRODUCT_TYPE_NAMES, type ProductType } from '../analysis/product-types.ts'
import { PLANS } from '../security/tiers.ts'

export const ANALYZE_USAGE = `usage: kbeauty-api analyze [FILE|-] [--product-type TYPE] [--markets EU,KR] [--json]
  FILE or - (standard input): the ingredient list as printed (Korean or English)
  --product-type  ${PRODUCT_TYPE_NAMES.join(', ')}
  --markets       comma list (default: all)
  --json          print the same JSON as POST /v1/analyze
exit codes: 0 nothing blocked, 1 blocked in a market, 2 usage, 65 label unreadable, 66 no input`

export type AnalyzeCliIo = {
  /** Opens the ingredient database read-only (main.ts: DB_PATH or the embedded one). */
  openDatabase: () => Database
  readStdin: () => Promise<string>
  readFile?: (path: string) => string
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/**
 * Runs the command over `args` (after the word "analyze").
 * @returns the exit code (see the module comment); never throws for bad input.
 */
export async function runAnalyze(args: readonly string[], io: AnalyzeCliIo): Promise<number> {
  let values: { 'product-type'?: string; markets?: string; json?: boolean; help?: boolean }
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({
      args: [...args],
      options: { 'product-type': { type: 'string' }, markets: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }))
  } catch (err) {
    io.stderr(`kbeauty-api analyze: ${(err as Error).message}\n${ANALYZE_USAGE}\n`)
    return 2
  }
  if (values.help) {
    io.stdout(`${ANALYZE_USAGE}\n`)
    return 0
  }
  const type = values['product-type']
  if (type !== undefined && !(PRODUCT_TYPE_NAMES as readonly string[]).includes(type)) {
    io.stderr(`kbeauty-api analyze: --product-type must be one of: ${PRODUCT_TYPE_NAMES.join(', ')}\n`)
    return 2
  }
  if (positionals.length > 1) {
    io.stderr(`kbeauty-api analyze: give one FILE (or - for standard input)\n${ANALYZE_USAGE}\n`)
    return 2
  }
  const source = positionals[0] ?? '-'
  let text: string
  try {
    text = source === '-' ? await io.readStdin() : (io.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(source)
  } catch (err) {
    io.stderr(`kbeauty-api analyze: cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`)
    return 66
  }
  const db = io.openDatabase()
  const analyzer = analyzerFor(db, createIngredientService(db))
  let out: AnalyzeOutput
  try {
    out = analyzer.analyze(
      { text, product_type: type as ProductType | undefined, markets: values.markets?.split(',') },
      { plan: 'MEGA', maxItems: PLANS.MEGA.labelSize },
    )
  } catch (err) {
    if (err instanceof ProblemError) {
      io.stderr(`kbeauty-api analyze: ${err.detail}\n`)
      return err.code === 'invalid_parameter' ? 2 : 65
    }
    throw err
  }
  io.stdout(values.json ? `${JSON.stringify(out, null, 2)}\n` : formatTable(out))
  const blocked = out.products.some((p) => Object.values(p.summary.markets).some((s) => s.result === 'blocked'))
  return blocked ? 1 : 0
}

const MAX_CELL = 48

/** Pads to a display width (Hangul and other wide characters count 2). */
function pad(text: string, width: number): string {
  let t = text
  if (Bun.stringWidth(t) > width) {
    while (Bun.stringWidth(`${t}…`) > width) t = t.slice(0, -1)
    t = `${t}…`
  }
  return t + ' '.repeat(Math.max(0, width - Bun.stringWidth(t)))
}

/** The readable table: one row per item, then one line per market and the differences. */
export function formatTable(out: AnalyzeOutput): string {
  const lines: string[] = []
  for (const p of out.products) {
    if (out.products.length > 1 || p.name) lines.push(`== ${p.name ?? 'product'} ==`)
    const rows = p.items.map((i) => {
      const target = i.target ? (i.target.kind === 'ingredient' ? (i.target.inci_name ?? i.target.korean_name ?? '') : i.target.name) : ''
      const match = i.match.kind === 'none' ? 'unresolved' : `${target} (${i.match.kind})`
      const verdict = (m: string) => {
        const v = i.markets[m]!
        return v.limit && v.limit.result !== 'within_limit' ? `${v.status}: ${v.limit.result}` : v.limit ? `${v.status}: within` : v.status
      }
      const conditions = out.markets
        .map((m) => i.markets[m]!)
        .filter((v) => v.status !== 'not_listed' && v.status !== 'unresolved')
        .map((v) => v.why)
        .join(' | ')
      return [String(i.position), i.text, match, ...out.markets.map(verdict), conditions]
    })
    const header = ['#', 'item', 'match', ...out.markets, 'conditions']
    const widths = header.map((h, c) => Math.min(MAX_CELL, Math.max(Bun.stringWidth(h), ...rows.map((r) => Bun.stringWidth(r[c]!)))))
    const render = (r: string[]) => r.map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c]!))).join('  ').trimEnd()
    lines.push(render(header), render(header.map((_, c) => '-'.repeat(c === header.length - 1 ? 10 : widths[c]!))), ...rows.map(render), '')
    for (const m of out.markets) lines.push(p.summary.markets[m]!.line)
    for (const d of p.summary.differences) lines.push(`difference: ${d.line}`)
    lines.push('')
  }
  if (out.ignored.length > 0) lines.push(`ignored: ${out.ignored.join(' · ')}`)
  lines.push(`sources: ${out.sources.map((s) => `${s.name} ${s.date ?? 'undated'}${s.official ? '' : ' (unofficial)'}`).join(', ')}`)
  return `${lines.join('\n')}\n`
}
