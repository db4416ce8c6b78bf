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

/** The listening line's account of how the database was read, after /health answered 200. */
async function startAndRead(env: Record<string, string>): Promise<{ read: string; unused?: string; ingredients: number }> {
  const server = await startBinary(['serve'], { ...ENV, ...env })
  const health = await fetch(`${server.url}/health`)
  expect(health.status).toBe(200)
  const listening = JSON.parse(server.lines.find((l) => l.includes('"msg":"listening"'))!)
  expect(listening.database).toBe('embedded')
  expect(await server.stop()).toBe(0)
  return {
    read: listening.database_read,
    unused: listening.database_cache_unused,
    ingredients: ((await health.json()) as { ingredients: number }).ingredients,
  }
}

test('the untouched binary serves from a verified copy in CACHE_DIR: written on the first start, read on the next', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'kbeauty-cache-')), 'c')
  const first = await startAndRead({ CACHE_DIR: dir })
  expect(first.read).toBe('cache-written')
  const second = await startAndRead({ CACHE_DIR: dir })
  expect(second).toEqual({ read: 'cache', unused: undefined, ingredients: first.ingredients })
})

test('CACHE_DIR=off: the database is mapped from the executable and held in memory (no read, no second copy)', async () => {
  const r = await startAndRead({ CACHE_DIR: 'off' })
  expect(r.read).toBe(process.platform === 'linux' ? 'mapped' : 'bunfs')
})

test('a CACHE_DIR open to others is refused: the start says why and serves from memory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbeauty-cache-open-'))
  chmodSync(dir, 0o777)
  const r = await startAndRead({ CACHE_DIR: dir })
  expect(r.read).toBe(process.platform === 'linux' ? 'mapped' : 'bunfs')
  expect(r.unused).toContain('is open to group or others')
})

test('a binary with an altered embedded database exits 66 with one line, never listening', async () => {
  const cache = join(mkdtempSync(join(tmpdir(), 'kbeauty-cache-')), 'c')
  const server = await startBinary(['serve'], { ...ENV, CACHE_DIR: cache }, { binary: tamperedBinary(), waitListening: false })
  const code = await server.proc.exited
  await Bun.sleep(50) // stderr drained
  expect(code).toBe(66)
  expect(server.lines.filter((l) => l.includes('"msg":"listening"'))).toEqual([])
  expect(server.stderr()).toMatch(
    /^kbeauty-api: database embedded database has hash [0-9a-f]{16}, the build recorded [0-9a-f]{16} \(the executable is damaged or was altered; reinstall it\)\n$/,
  )
})
