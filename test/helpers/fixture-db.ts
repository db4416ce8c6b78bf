/**
 * The sample data plus a few rows written here (facts only: names, numbers, functions), so
 * the resolver's data quirks can be tested without the official files: KINETIN's CosIng INN
 * cell naming "hyaluronidase", the MFDS 향료 row naming both PARFUM and AROMA, a prohibited
 * group no inventory ingredient stands for (mercury, in the EU, Korean and Chinese lists), a
 * group member only the EU row names (LEAD ACETATE in "Lead and its compounds"), the
 * paraben esters EU Annex II bans, a UV filter China prohibits from a date (4-MBC).
 * Built once per test process into a temporary directory; data/sample itself is untouched.
 */
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importDatabase } from '../../src/importer/index.ts'
import { ROOT } from './sample-db.ts'

export const FIXTURE_INVENTORY_ROWS = [
  '78076,KINETIN,hyaluronidase,,525-79-1,208-382-2,,,SKIN CONDITIONING,15/10/2010',
  '56408,HYALURONIDASE,,,37326-33-3,253-464-3,,,SKIN CONDITIONING,15/10/2010',
  '31992,AROMA,,,,,,,FLAVOURING,15/10/2010',
  '34713,ISOPROPYLPARABEN,,,4191-73-5,224-069-3,Isopropyl 4-hydroxybenzoate,II/1374,PRESERVATIVE,19/11/2015',
  '34612,ISOBUTYLPARABEN,,,4247-02-3,224-208-8,Isobutyl 4-hydroxybenzoate,II/1375,ANTIMICROBIAL,20/03/2017',
  '74496,BENZYLPARABEN,,,94-18-8,202-311-9,Benzyl 4-hydroxybenzoate,II/1377,ANTIMICROBIAL,10/09/2020',
  // Not a CosIng reference number: a fixture id for the UV filter China prohibits from 2027-01-01 (STSC 表2 row 1291).
  '990001,4-METHYLBENZYLIDENE CAMPHOR,,,36861-47-9,253-242-6,,,UV FILTER,15/10/2010',
  // A lead compound: EU Annex II/289 identifies it; the Korean and Chinese lead rows print no salt names.
  '80813,LEAD ACETATE,,,301-04-2,206-104-4,,II/289,HAIR DYEING,15/10/2010',
]
export const FIXTURE_ANNEX_II_ROWS = [
  '221,"Mercury and its compounds, except those special cases included in Annex V",7439-97-6,231-106-7,"(EC) 2009/1223",,,,,,07/01/2011',
  '289,Lead and its compounds,7439-92-1,231-100-4,"(EC) 2009/1223",,,,LEAD ACETATE,,15/10/2010',
]
/** China STSC 表2 (prohibited) row 888: mercury, by its CAS RN (our own wording; no remark). */
export const FIXTURE_CN_PROHIBITED_ROWS = [
  '2,888,汞,Mercury (CAS No.7439-97-6),,,,Mercury,7439-97-6,',
  // Row 859: lead and its compounds (our own wording of the entry's name).
  '2,859,铅及其化合物,Lead (CAS No.7439-92-1) and its compounds,,,,Lead and its compounds,7439-92-1,',
]
export const FIXTURE_KR_RULES = [
  {
    name: '수은 및 그 화합물',
    engName: 'Mercury and its compounds',
    type: 'banned',
    category: '사용 금지 원료',
    description: '',
    limit: '사용 불가 (0%)',
    tip: '',
  },
  {
    name: '납 및 그 화합물',
    engName: 'Lead and its compounds',
    type: 'banned',
    category: '사용 금지 원료',
    description: '',
    limit: '사용 불가 (0%)',
    tip: '',
  },
]

let built: Promise<string> | undefined

/** The path of the fixture database (sample + the rows above). */
export function fixtureDb(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kbeauty-fixture-'))
    const sources = join(dir, 'sources')
    cpSync(join(ROOT, 'data/sample'), sources, { recursive: true })
    const files = readdirSync(sources)
    const file = (re: RegExp) => join(sources, files.find((f) => re.test(f))!)
    const append = (path: string, rows: string[]) => {
      const text = readFileSync(path, 'utf8')
      appendFileSync(path, `${text.endsWith('\n') ? '' : '\n'}${rows.join('\n')}\n`)
    }
    append(file(/^eu_cosing_ingredients_/), FIXTURE_INVENTORY_ROWS)
    append(file(/^eu_cosing_annex_II_/), FIXTURE_ANNEX_II_ROWS)
    append(file(/^cn_stsc_prohibited_2026/), FIXTURE_CN_PROHIBITED_ROWS)
    const kr = file(/^kr_mfds_banned_restricted/)
    writeFileSync(kr, JSON.stringify([...JSON.parse(readFileSync(kr, 'utf8')), ...FIXTURE_KR_RULES]))
    const out = join(dir, 'fixture.sqlite')
    await importDatabase({ sourcesDir: sources, outFile: out })
    return out
  })()
  return built
}
