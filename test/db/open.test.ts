/** Read-only access and start-up checks of the database. */
import { Database } from 'bun:sqlite'
import { beforeAll, describe, expect, test } from 'bun:test'
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseError, databaseHash, openDatabase } from '../../src/db/open.ts'
import { SCHEMA_VERSION } from '../../src/db/schema.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let db: string
let dir: string
beforeAll(async () => {
  db = await sampleDb()
  dir = mkdtempSync(join(tmpdir(), 'kbeauty-open-'))
})

describe.each([
  ['file (DB_PATH)', () => openDatabase({ kind: 'file', path: db })],
  ['embedded bytes', () => openDatabase({ kind: 'embedded', bytes: new Uint8Array(readFileSync(db)) })],
])('%s', (_label, open) => {
  test('a write fails, even after PRAGMA query_only=OFF', () => {
    const conn = open()
    expect(() => conn.run("INSERT INTO meta(key, value) VALUES ('x', 'y')")).toThrow()
    conn.run('PRAGMA query_only = OFF')
    expect(() => conn.run("INSERT INTO meta(key, value) VALUES ('x', 'y')")).toThrow(/readonly|read-only|read only/i)
    expect(() => conn.run('DELETE FROM ingredients')).toThrow()
    expect(() => conn.run('DROP TABLE names')).toThrow()
    expect((conn.query('SELECT count(*) AS n FROM ingredients').get() as { n: number }).n).toBeGreaterThan(80)
    conn.close()
  })
})

/** Makes a broken copy of the sample database and returns the error message for it. */
function failureFor(mutate: (path: string) => void): string {
  const path = join(dir, `${crypto.randomUUID()}.sqlite`)
  copyFileSync(db, path)
  mutate(path)
  try {
    openDatabase({ kind: 'file', path }).close()
  } catch (err) {
    expect(err).toBeInstanceOf(DatabaseError)
    const msg = (err as Error).message
    expect(msg).not.toContain('\n')
    return msg
  }
  throw new Error('expected openDatabase to fail')
}

test('missing file → one clear line', () => {
  expect(() => openDatabase({ kind: 'file', path: join(dir, 'nope.sqlite') })).toThrow(/does not exist/)
})

test('WAL-mode database is refused', () => {
  const msg = failureFor((p) => {
    const w = new Database(p)
    w.run('PRAGMA journal_mode = WAL')
    w.close()
  })
  expect(msg).toContain('WAL mode')
})

test('wrong schema version is refused', () => {
  const msg = failureFor((p) => {
    const w = new Database(p)
    w.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
    w.close()
  })
  expect(msg).toContain(`has schema version ${SCHEMA_VERSION + 1}, this build needs ${SCHEMA_VERSION}`)
})

test('a corrupt file is refused', () => {
  const msg = failureFor((p) => {
    const bytes = readFileSync(p)
    for (let i = 8192; i < bytes.length; i += 4096) bytes.fill(0xa5, i + 100, i + 2000)
    writeFileSync(p, bytes)
  })
  expect(msg).toMatch(/corrupt|quick_check/)
})

test('a file that is not SQLite is refused', () => {
  const msg = failureFor((p) => writeFileSync(p, 'hello, this is not a database'.repeat(10)))
  expect(msg).toContain('is not an SQLite database')
})

test('an SQLite file that is not ours is refused', () => {
  const msg = failureFor((p) => {
    writeFileSync(p, '')
    const w = new Database(p)
    w.run('CREATE TABLE t (x)')
    w.run(`PRAGMA user_version = ${SCHEMA_VERSION}`)
    w.close()
  })
  expect(msg).toContain('not a kbeauty-api database')
})

describe('embedded database with the hash recorded by the build', () => {
  test('the recorded hash opens it', () => {
    const bytes = new Uint8Array(readFileSync(db))
    const conn = openDatabase({ kind: 'embedded', bytes, hash: databaseHash(bytes) })
    expect((conn.query('SELECT count(*) AS n FROM ingredients').get() as { n: number }).n).toBeGreaterThan(80)
    conn.close()
  })

  test('one altered byte inside a page → refused with one line naming the hashes', () => {
    const bytes = new Uint8Array(readFileSync(db))
    const recorded = databaseHash(bytes)
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01 // a value inside a page: quick_check may well pass
    let message = ''
    try {
      openDatabase({ kind: 'embedded', bytes, label: 'embedded database', hash: recorded }).close()
    } catch (err) {
      expect(err).toBeInstanceOf(DatabaseError)
      message = (err as Error).message
    }
    expect(message).toBe(
      `database embedded database has hash ${databaseHash(bytes)}, the build recorded ${recorded} (the executable is damaged or was altered; reinstall it)`,
    )
  })

  test('without a recorded hash (running from source) a corrupt embedded database fails quick_check', () => {
    const bytes = new Uint8Array(readFileSync(db))
    for (let i = 8192; i < bytes.length; i += 4096) bytes.fill(0xa5, i + 100, i + 2000)
    expect(() => openDatabase({ kind: 'embedded', bytes, hash: null })).toThrow(/corrupt|quick_check/)
  })
})
