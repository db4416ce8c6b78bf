/** `kbeauty-api version`: every source of the database with its market, date and officialness. */
import { expect, test } from 'bun:test'
import { SOURCE_INFO } from '../src/db/source-catalogue.ts'
import { versionReport } from '../src/version-report.ts'
import { sampleDb } from './helpers/sample-db.ts'

test('lists all eighteen sources, each with market, date and officialness; secondary ones say why', async () => {
  const text = versionReport({ version: '1.0.0', commit: 'abc', buildDate: null, embeddedDbPath: await sampleDb() })
  const lines = text.split('\n').filter((l) => l.startsWith('  '))
  expect(lines.length).toBe(18)
  expect(lines).toContain('  CN  cn_nmpa_iecic_2021-sample.csv  2021-04-30  official  139 rows')
  expect(lines).toContain(
    '  CN  cn_stsc_prohibited_2026-01-sample.csv  2026-01-12  secondary  12 rows (consolidated from NMPA tables; verify against the official text)',
  )
  expect(lines).toContain(
    '  KR  kr_mfds_banned_restricted_studyguide-sample.json  undated  secondary  22 rows (unofficial transcription by a study-guide project; not an MFDS export)',
  )
  expect(lines.some((l) => l.startsWith('  EU  eu_cosing_inci_functions_2026-08-sample.csv  2026-08-10  secondary'))).toBe(true)
})

test('every secondary source carries a note', () => {
  for (const info of Object.values(SOURCE_INFO)) if (info.officialness === 'secondary') expect(info.note?.length ?? 0).toBeGreaterThan(10)
})
