/** The text printed by `kbeauty-api version`: build identity and the data sources' dates. */
import { Database } from 'bun:sqlite'
import { readFileSync } from 'node:fs'

/**
 * Lines for `kbeauty-api version`: version, commit, build date and each source file of the
 * embedded database with its date and the rows it contributed. Never throws.
 */
export function versionReport(o: { version: string; commit: string; buildDate: string | null; embeddedDbPath: string }): string {
  const lines = [`kbeauty-api ${o.version}`, `commit      ${o.commit}`, `built       ${o.buildDate ?? 'not a release build'}`]
  try {
    const db = Database.deserialize(new Uint8Array(readFileSync(o.embeddedDbPath)), { readonly: true })
    const rows = db.query('SELECT file, source_date, rows_used FROM sources ORDER BY id').all() as {
      file: string
      source_date: string | null
      rows_used: number
    }[]
    lines.push('data sources of the embedded database (file, date, rows used):')
    for (const r of rows) lines.push(`  ${r.file}  ${r.source_date ?? 'undated'}  ${r.rows_used} rows`)
    db.close()
  } catch {
    lines.push('data sources: embedded database unreadable')
  }
  return `${lines.join('\n')}\n`
}
