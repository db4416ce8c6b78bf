/**
 * The release binary verifies its embedded database against the hash recorded at
 * build time (scripts/build.ts → src/db/open.ts): a binary whose database bytes were
 * altered refuses to start with one line and exit code 66, before listening.
 */
import { beforeAll, expect, test } from 'bun:test'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBinary, startBinary } from '../helpers/binary.ts'
import { ROOT } from '../helpers/sample-db.ts'

const ENV = { APP_ENV: 'prod', PORT: '0', HOST: '127.0.0.1', RAPIDAPI_PROXY_SECRET: 'embedded-hash-secret-0123456789' }
let built: string

beforeAll(async () => {
  built = await ensureBinary()
}, 180_000)

/** A copy of the binary with one byte of its embedded database flipped (not the 100-byte header). */
function tamperedBinary(): string {
  const exe = readFileSync(built)
  const database = readFileSync(join(ROOT, 'data/kbeauty.sqlite')) // what the build embedded
  const at = exe.indexOf(database.subarray(0, 8192))
  expect(at).toBeGreaterThan(0)
  expect(exe.subarray(at, at + database.length).equals(database)).toBe(true)
  exe[at + Math.floor(database.length / 2)]! ^= 0x01
  const out = join(mkdtempSync(join(tmpdir(), 'kbeauty-tampered-')), 'kbeauty-api')
  writeFileSync(out, exe)
  chmodSync(out, 0o755)
  return out
}

test('the untouched binary serves, its database mapped from the executable (no read, no second copy) on Linux', async () => {
  const server = await startBinary(['serve'], ENV)
  expect((await fetch(`${server.url}/health`)).status).toBe(200)
  const listening = JSON.parse(server.lines.find((l) => l.includes('"msg":"listening"'))!)
  expect(listening.database).toBe('embedded')
  expect(listening.database_read).toBe(process.platform === 'linux' ? 'mapped' : 'bunfs')
  expect(await server.stop()).toBe(0)
})

test('a binary with an altered embedded database exits 66 with one line, never listening', async () => {
  const server = await startBinary(['serve'], ENV, { binary: tamperedBinary(), waitListening: false })
  const code = await server.proc.exited
  await Bun.sleep(50) // stderr drained
  expect(code).toBe(66)
  expect(server.lines.filter((l) => l.includes('"msg":"listening"'))).toEqual([])
  expect(server.stderr()).toMatch(
    /^kbeauty-api: database embedded database has hash [0-9a-f]{16}, the build recorded [0-9a-f]{16} \(the executable is damaged or was altered; reinstall it\)\n$/,
  )
})
