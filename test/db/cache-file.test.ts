/**
 * The verified on-disk copy of the embedded database (src/db/cache-file.ts): written once,
 * proven at every open, replaced when anything about it is off, never used from a
 * directory another user could write to.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CacheOptions, openCachedCopy } from '../../src/db/cache-file.ts'
import { databaseHash, openDatabase } from '../../src/db/open.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let bytes: Uint8Array
let hash: string
let ingredients: number

beforeAll(async () => {
  bytes = new Uint8Array(readFileSync(await sampleDb()))
  hash = databaseHash(bytes)
  const db = openDatabase({ kind: 'embedded', bytes, hash })
  ingredients = (db.query('SELECT count(*) AS n FROM ingredients').get() as { n: number }).n
  db.close()
})

function options(dir: string, over: Partial<CacheOptions> = {}): CacheOptions {
  return {
    dir,
    hash,
    size: bytes.length,
    embedded: () => ({ bytes, release: () => {} }),
    hashOf: databaseHash,
    open: (file) => openDatabase({ kind: 'file', path: file, verified: true }),
    ...over,
  }
}
const freshDir = () => join(mkdtempSync(join(tmpdir(), 'kbeauty-cache-test-')), 'cache')
const count = (r: ReturnType<typeof openCachedCopy>) => {
  expect(r.db).not.toBeNull()
  const n = (r.db!.query('SELECT count(*) AS n FROM ingredients').get() as { n: number }).n
  r.db!.close()
  return n
}

describe('openCachedCopy', () => {
  test('writes the copy once (0600 in a 0700 directory), then opens it without writing', () => {
    const dir = freshDir()
    const first = openCachedCopy(options(dir))
    expect(first.db && first.wrote).toBe(true)
    expect(count(first)).toBe(ingredients)
    const file = join(dir, `kbeauty-${hash}.sqlite`)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    const second = openCachedCopy(options(dir))
    expect(second.db && second.wrote).toBe(false)
    expect(count(second)).toBe(ingredients)
  })

  test('the copy opens read-only: a write is refused', () => {
    const r = openCachedCopy(options(freshDir()))
    expect(() => r.db!.run('DELETE FROM ingredients')).toThrow()
    expect(count(r)).toBe(ingredients)
  })

  test.each([
    [
      'one byte flipped',
      (file: string) => {
        const b = readFileSync(file)
        b[Math.floor(b.length / 2)]! ^= 1
        writeFileSync(file, b)
      },
    ],
    ['cut short', (file: string) => writeFileSync(file, readFileSync(file).subarray(0, 8192))],
    ['writable by group and others', (file: string) => chmodSync(file, 0o666)],
  ])('a copy %s is replaced by a good one, never served', (_name, damage) => {
    const dir = freshDir()
    expect(count(openCachedCopy(options(dir)))).toBe(ingredients)
    const file = join(dir, `kbeauty-${hash}.sqlite`)
    damage(file)
    const again = openCachedCopy(options(dir))
    expect(again.db && again.wrote).toBe(true)
    expect(count(again)).toBe(ingredients)
    expect(databaseHash(readFileSync(file))).toBe(hash)
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  test('a copy that is a symlink is not followed: it is replaced by a file, its target untouched', () => {
    const dir = freshDir()
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const target = join(dir, '..', 'elsewhere.sqlite')
    writeFileSync(target, bytes)
    const file = join(dir, `kbeauty-${hash}.sqlite`)
    symlinkSync(target, file)
    const r = openCachedCopy(options(dir))
    expect(r.db && r.wrote).toBe(true)
    expect(count(r)).toBe(ingredients)
    expect(lstatSync(file).isSymbolicLink()).toBe(false)
    expect(databaseHash(readFileSync(target))).toBe(hash)
  })

  test('a directory open to group or others is not used, and nothing is written there', () => {
    const dir = freshDir()
    mkdirSync(dir, { recursive: true })
    chmodSync(dir, 0o777)
    const r = openCachedCopy(options(dir))
    expect(r.db).toBeNull()
    expect(r.db === null && r.reason).toMatch(/open to group or others \(mode 777\); make it 0700/)
    expect(existsSync(join(dir, `kbeauty-${hash}.sqlite`))).toBe(false)
  })

  test('embedded bytes that do not have the build hash are never written', () => {
    const dir = freshDir()
    const altered = new Uint8Array(bytes)
    altered[altered.length - 10]! ^= 1
    const r = openCachedCopy(options(dir, { embedded: () => ({ bytes: altered, release: () => {} }) }))
    expect(r.db).toBeNull()
    expect(r.db === null && r.reason).toContain('the embedded bytes do not have the build hash')
    expect(existsSync(join(dir, `kbeauty-${hash}.sqlite`))).toBe(false)
  })

  test('a path that cannot be a directory gives a reason, not an exception', () => {
    const base = mkdtempSync(join(tmpdir(), 'kbeauty-cache-test-'))
    const notDir = join(base, 'file')
    writeFileSync(notDir, 'x')
    const r = openCachedCopy(options(notDir))
    expect(r.db).toBeNull()
    expect(r.db === null && r.reason).toContain(notDir)
  })
})
