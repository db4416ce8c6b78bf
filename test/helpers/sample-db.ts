/**
 * The sample database (data/sample/), built once per test process into a temp dir.
 * Tests that need the official data use `officialDb()` and skip without DATA_SOURCES_DIR.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { importDatabase } from '../../src/importer/index.ts'

export const ROOT = resolve(import.meta.dir, '../..')
let sample: Promise<string> | undefined
let official: Promise<string> | undefined

export function sampleDb(): Promise<string> {
  sample ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kbeauty-sample-')), 'sample.sqlite')
    await importDatabase({ sourcesDir: join(ROOT, 'data/sample'), outFile: out })
    return out
  })()
  return sample
}

export function officialDb(): Promise<string> {
  const dir = process.env.DATA_SOURCES_DIR
  if (!dir) throw new Error('officialDb() needs DATA_SOURCES_DIR')
  official ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kbeauty-official-')), 'official.sqlite')
    await importDatabase({ sourcesDir: resolve(dir), outFile: out })
    return out
  })()
  return official
}
