/**
 * `kbeauty-api analyze [FILE|-] [--product-type TYPE] [--markets EU,KR] [--json]`: the
 * label analysis of POST /v1/analyze, offline, for formulators who check a label without
 * running a server. Prints a table (item, match, EU, KR, conditions) and one summary line
 * per market, or with --json the same JSON as the API (MEGA plan: every field). The
 * database is DB_PATH, else the one embedded in the executable.
 *
 * Exit codes: 0 nothing blocked; 1 blocked in at least one market (prohibited, over a
 * limit, or not permitted for the product type); 64 usage; 65 (EX_DATAERR) the label
 * cannot be read; 66 (EX_NOINPUT) the file or the database cannot be opened.
 */
import type { Database } from 'bun:sqlite'
import { readFileSync } from 'node:fs'
import { analyzerFor } from '../analysis/analyze.ts'
import type { AnalyzeOutput } from '../analysis/model.ts'
import { PRODUCT_TYPE_NAMES, type ProductType } from '../analysis/product-types.ts'
import { openDatabase } from '../db/open.ts'
import { ProblemError } from '../errors.ts'
import { createIngredientService } from '../ingredients/service.ts'
import { PLANS } from '../security/tiers.ts'
import { type CliIO, type Command, CommandError, type CommandInput, EXIT, UsageError } from './command.ts'
import { commandUsage } from './usage.ts'

/** EX_DATAERR (sysexits.h): the input data was incorrect. */
export const EX_DATAERR = 65
/** Exit code when a market is blocked. */
export const EXIT_BLOCKED = 1

/** What the command reads from outside; production defaults in `analyze.run`. */
export type AnalyzeDeps = {
  openDatabase: () => Database
  readStdin: () => Promise<string>
  readFile: (path: string) => string
}

export const analyze: Command = {
  name: 'analyze',
  summary: 'check a label offline: a table per item and market (exit 1 when a market is blocked)',
  positionals: { usage: '[FILE|-]', max: 1 },
  options: {
    'product-type': { type: 'string', value: 'TYPE', help: `product class: ${PRODUCT_TYPE_NAMES.join(', ')}` },
    markets: { type: 'string', value: 'EU,KR', help: 'markets to check (default: all)' },
    json: { type: 'boolean', help: 'print the same JSON as POST /v1/analyze' },
  },
  run(input, io) {
    return runAnalyze(input, io, {
      openDatabase: () =>
        io.env.DB_PATH
          ? openDatabase({ kind: 'file', path: io.env.DB_PATH })
          : openDatabase({ kind: 'embedded', bytes: new Uint8Array(readFileSync(io.embeddedDbPath)), label: 'embedded database' }),
      readStdin: () => Bun.stdin.text(),
      readFile: (path) => readFileSync(path, 'utf8'),
    })
  },
}

/**
 * Runs the command (FILE or `-` = standard input, default `-`).
 * @returns 0 or EXIT_BLOCKED.
 * @throws UsageError (64) for a wrong option value; CommandError EX_DATAERR (65) for an
 *   unreadable label, EXIT.noInput (66) for a file that cannot be read; DatabaseError (66).
 */
export async function runAnalyze(input: CommandInput, io: Pick<CliIO, 'out'>, deps: AnalyzeDeps): Promise<number> {
  const type = input.values['product-type'] as string | undefined
  if (type !== undefined && !(PRODUCT_TYPE_NAMES as readonly string[]).includes(type)) {
    throw new UsageError(`analyze: --product-type must be one of: ${PRODUCT_TYPE_NAMES.join(', ')}`, commandUsage(analyze))
  }
  const source = input.positionals[0] ?? '-'
  let text: string
  try {
    text = source === '-' ? await deps.readStdin() : deps.readFile(source)
  } catch (err) {
    throw new CommandError(`analyze: cannot read ${source} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, EXIT.noInput)
  }
  const db = deps.openDatabase()
  const analyzer = analyzerFor(db, createIngredientService(db))
  const markets = input.values.markets as string | undefined
  let out: AnalyzeOutput
  try {
    out = analyzer.analyze(
      { text, product_type: type as ProductType | undefined, markets: markets?.split(',') },
      { plan: 'MEGA', maxItems: PLANS.MEGA.labelSize },
    )
  } catch (err) {
    if (err instanceof ProblemError) {
      if (err.code === 'invalid_parameter') throw new UsageError(`analyze: ${err.detail}`, commandUsage(analyze))
      throw new CommandError(`analyze: ${err.detail}`, EX_DATAERR)
    }
    throw err
  } finally {
    db.close()
  }
  io.out(input.values.json ? `${JSON.stringify(out, null, 2)}\n` : formatTable(out))
  const blocked = out.products.some((p) => Object.values(p.summary.markets).some((s) => s.result === 'blocked'))
  return blocked ? EXIT_BLOCKED : EXIT.ok
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
    const render = (r: string[]) =>
      r
        .map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c]!)))
        .join('  ')
        .trimEnd()
    lines.push(render(header), render(header.map((_, c) => '-'.repeat(c === header.length - 1 ? 10 : widths[c]!))), ...rows.map(render), '')
    for (const m of out.markets) lines.push(p.summary.markets[m]!.line)
    for (const d of p.summary.differences) lines.push(`difference: ${d.line}`)
    lines.push('')
  }
  if (out.ignored.length > 0) lines.push(`ignored: ${out.ignored.join(' · ')}`)
  lines.push(`sources: ${out.sources.map((s) => `${s.name} ${s.date ?? 'undated'}${s.official ? '' : ' (unofficial)'}`).join(', ')}`)
  return `${lines.join('\n')}\n`
}
