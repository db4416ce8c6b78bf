/** The text printed by `kbeauty-api version`: build identity and the data sources' dates. */
import { Database } from 'bun:sqlite'
import { readFileSync } from 'node:fs'
import { sourceInfo } from './db/source-catalogue.ts'

/**
 * Lines for `kbeauty-api version`: version, commit, build date and each source file of the
 * embedded database with its market, date, officialness and the rows it contributed. Never throws.
 */
export function versionReport(o: { version: string; commit: string; buildDate: string | null; embeddedDbPath: string }): string {
  const lines = [`kbeauty-api ${o.version}`, `commit      ${o.commit}`, `built       ${o.buildDate ?? 'not a release build'}`]
  try {
    const db = Database.deserialize(new Uint8Array(readFileSync(o.embeddedDbPath)), { readonly: true })
    const rows = db.query('SELECT name, file, source_date, rows_used FROM sources ORDER BY id').all() as {
      name: string
      file: string
      source_date: string | null
      rows_used: number
    }[]
    lines.push('data sources of the embedded database (market, file, date, officialness, rows used):')
    for (const r of rows) {
      const info = sourceInfo(r.name)
      lines.push(
        `  ${info.market}  ${r.file}  ${r.source_date ?? 'undated'}  ${info.officialness}  ${r.rows_used} rows${info.note ? ` (${info.note})` : ''}`,
      )
    }
    db.close()
  } catch {
    lines.push('data sources: embedded database unreadable')
  }
  return `${lines.join('\n')}\n`
}
