/**
 * Release build: the database, then one executable per target with the database inside,
 * each with a SHA-256 checksum file beside it (`sha256sum -c` format).
 *
 *   bun run build                      # dist/kbeauty-api (this machine), + linux-arm64 when fetchable
 *   DATA_SOURCES_DIR=../shared/data bun run build   # with the official data
 *   bun run build -- --skip-db         # reuse data/kbeauty.sqlite if it exists (bun run start does)
 *   bun run build -- --native-only     # no cross-compiled binary
 *
 * The arm64 target: Bun cross-compiles with a Bun executable for that platform; it is
 * taken from the npm package @oven/bun-linux-aarch64 (same version as this Bun), since
 * only the npm registry is reachable. When it cannot be fetched, the build says so and
 * still succeeds with the native binary.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import pkg from '../package.json' with { type: 'json' }
import { databaseHash } from '../src/db/open.ts'
import { formatSummary, importDatabase } from '../src/importer/index.ts'
import { MINIFY_FLAGS } from './build-flags.ts'

const root = resolve(import.meta.dir, '..')
const args = process.argv.slice(2)
const dbFile = join(root, 'data/kbeauty.sqlite')
const dist = join(root, 'dist')

function run(cmd: string[], opts: { cwd?: string } = {}): { ok: boolean; out: string } {
  try {
    const p = Bun.spawnSync(cmd, { cwd: opts.cwd ?? root, stdout: 'pipe', stderr: 'pipe' })
    return { ok: p.exitCode === 0, out: `${p.stdout.toString()}${p.stderr.toString()}` }
  } catch (err) {
    return { ok: false, out: String(err) } // e.g. git not installed (container build)
  }
}

function sha256File(path: string): void {
  const sum = createHash('sha256').update(readFileSync(path)).digest('hex')
  writeFileSync(`${path}.sha256`, `${sum}  ${basename(path)}\n`)
}

async function main() {
  if (!args.includes('--skip-db') || !existsSync(dbFile)) {
    const sources = process.env.DATA_SOURCES_DIR ? resolve(process.env.DATA_SOURCES_DIR) : join(root, 'data/sample')
    console.log(`database: importing ${sources}`)
    const summary = await importDatabase({ sourcesDir: sources, outFile: dbFile })
    console.log(formatSummary(summary))
  }

  // KBEAUTY_COMMIT lets a build without git (a container) still record its commit.
  const commit = process.env.KBEAUTY_COMMIT ?? run(['git', 'rev-parse', '--short=12', 'HEAD']).out.trim()
  const defines = [
    '--define',
    `KBEAUTY_BUILD_VERSION=${JSON.stringify(pkg.version)}`,
    '--define',
    `KBEAUTY_BUILD_COMMIT=${JSON.stringify(/^[0-9a-f]{7,40}$/.test(commit) ? commit : 'unknown')}`,
    '--define',
    `KBEAUTY_BUILD_DATE=${JSON.stringify(new Date().toISOString())}`,
    // The service checks the embedded database against this hash at start instead of
    // running PRAGMA quick_check over it (src/db/open.ts): it also sees altered content, and costs ~5 ms, not ~300.
    '--define',
    `KBEAUTY_DB_HASH=${JSON.stringify(databaseHash(readFileSync(dbFile)))}`,
  ]
  mkdirSync(dist, { recursive: true })
  // --bytecode: the bundle is compiled to JavaScriptCore bytecode here, not at every start
  // (≈ 50 ms of the cold start); functions keep their source text, which Elysia reads.
  const base = [
    'bun',
    'build',
    '--compile',
    '--no-compile-autoload-dotenv',
    '--no-compile-autoload-bunfig',
    ...MINIFY_FLAGS,
    '--bytecode',
    '--format=esm', // with two entry points (main, worker thread) --bytecode otherwise falls back to CommonJS, which has no top-level await
    '--sourcemap=none',
    ...defines,
    'src/main.ts',
    'src/worker.ts',
  ]

  const native = join(dist, 'kbeauty-api')
  const r = run([...base, '--outfile', native])
  if (!r.ok) throw new Error(`bun build failed:\n${r.out}`)
  sha256File(native)
  console.log(`built ${native}`)

  if (args.includes('--native-only')) return
  if (process.platform !== 'linux') return
  const arm = join(dist, 'kbeauty-api-linux-arm64')
  const tmp = mkdtempSync(join(tmpdir(), 'kbeauty-bun-arm64-'))
  try {
    const fetched = run(['npm', 'pack', '--silent', `@oven/bun-linux-aarch64@${Bun.version}`], { cwd: tmp })
    const tarball = fetched.out.trim().split('\n').pop() ?? ''
    if (!fetched.ok || !tarball.endsWith('.tgz') || !run(['tar', 'xzf', tarball], { cwd: tmp }).ok) {
      console.log(`linux-arm64: skipped (could not fetch @oven/bun-linux-aarch64@${Bun.version} from the npm registry)`)
      return
    }
    const bunArm = join(tmp, 'package/bin/bun')
    const c = run([...base, '--target=bun-linux-arm64', `--compile-executable-path=${bunArm}`, '--outfile', arm])
    if (!c.ok) {
      console.log(`linux-arm64: skipped (cross-compile failed: ${c.out.trim().split('\n').pop()})`)
      return
    }
    sha256File(arm)
    console.log(`built ${arm}`)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(`build failed: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
