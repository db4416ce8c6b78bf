/**
 * Regression (issue #15): the start-up check of the embedded database was `PRAGMA
 * quick_check`, which verifies the file's structure, not its content. An embedded database
 * whose stored text was altered — e.g. "Annex II" → "Annex XI" inside a record — passed it
 * and would have been served. The build now records the database's hash and the start
 * refuses any other bytes with one line.
 */
import { beforeAll, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { DatabaseError, databaseHash, openDatabase } from '../../src/db/open.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let original: Uint8Array
let altered: Uint8Array

beforeAll(async () => {
  original = new Uint8Array(readFileSync(await sampleDb()))
  altered = new Uint8Array(original)
  const at = Buffer.from(altered.buffer).indexOf('Annex II', 100)
  expect(at).toBeGreaterThan(100)
  altered[at + 6] = 'X'.charCodeAt(0)
})

test('quick_check alone does not notice the altered text', () => {
  openDatabase({ kind: 'embedded', bytes: altered, hash: null }).close()
})

test('"Annex II" → "Annex XI" in the embedded database: the start is refused with one line', () => {
  let error: unknown
  try {
    openDatabase({ kind: 'embedded', bytes: altered, label: 'embedded database', hash: databaseHash(original) }).close()
  } catch (err) {
    error = err
  }
  expect(error).toBeInstanceOf(DatabaseError)
  expect((error as Error).message).toMatch(
    /^database embedded database has hash [0-9a-f]{16}, the build recorded [0-9a-f]{16} \(the executable is damaged or was altered; reinstall it\)$/,
  )
})
