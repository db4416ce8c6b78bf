/**
 * Hostile traffic against the release binary (issue #15), bounded in time:
 *
 *   bun bench/hostile.ts [--seconds 30] [--no-build]
 *
 * Builds the binary (official data when DATA_SOURCES_DIR is set), runs it with DB_PATH on a
 * copy of its database (so the file's hash can be compared), attacks it (hostile/attack.ts)
 * and writes bench/results/hostile.json. Exit code 1 when a promise was broken.
 * test/e2e/hostile.test.ts runs the same for 60 s in CI.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { BENCH_SECRET } from './constants.ts'
import { runHostile } from './hostile/attack.ts'
import { freePort, stopProcess, waitFor200 } from './lib/procs.ts'

const ROOT = resolve(import.meta.dir, '..')
const { values: args } = parseArgs({
  options: { seconds: { type: 'string', default: '30' }, 'no-build': { type: 'boolean', default: false } },
})

if (!args['no-build']) {
  const b = Bun.spawnSync(['bun', 'run', 'build', '--', '--native-only'], { cwd: ROOT, stdout: 'pipe', stderr: 'pipe' })
  if (b.exitCode !== 0) throw new Error(`build failed:\n${b.stdout}\n${b.stderr}`)
}
const dir = mkdtempSync(join(tmpdir(), 'kbeauty-hostile-'))
const db = join(dir, 'kbeauty.sqlite')
copyFileSync(join(ROOT, 'data/kbeauty.sqlite'), db)
const port = await freePort()
const proc = Bun.spawn([join(ROOT, 'dist/kbeauty-api'), 'serve'], {
  env: {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    APP_ENV: 'prod',
    PORT: String(port),
    HOST: '127.0.0.1',
    RAPIDAPI_PROXY_SECRET: BENCH_SECRET,
    DB_PATH: db,
    LOG_FILE: join(dir, 'service.log'),
  },
  stdout: 'ignore',
  stderr: 'inherit',
})
const url = `http://127.0.0.1:${port}`
await waitFor200(`${url}/health`)
const report = await runHostile({ url, secret: BENCH_SECRET, seconds: Number(args.seconds), pid: proc.pid, dbFile: db })
await stopProcess(proc)
mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
writeFileSync(join(ROOT, 'bench/results/hostile.json'), `${JSON.stringify(report, null, 2)}\n`)
console.log(JSON.stringify({ ...report, findings: report.findings.length }, null, 2))
for (const f of report.findings) console.log(`FINDING ${f.case}: ${f.problem}${f.detail ? ` — ${f.detail}` : ''}`)
console.log(report.pass ? 'PASS' : 'FAIL')
process.exit(report.pass ? 0 : 1)
