/**
 * What each source is: its market, what it gives, how current, how official. Shown by
 * /v1/stats, `kbeauty-api version` and next to every fact that names its source.
 * "official": the file is the authority's own export (cells unchanged); "secondary": a third
 * party's transcription, consolidation or enumeration — shown with its note.
 * Source: ../shared/data/SOURCES.md (one section per file).
 */
import type { SourceName } from '../importer/source-stats.ts'

export type Officialness = 'official' | 'secondary'

export interface SourceInfo {
  market: 'EU' | 'KR' | 'CN'
  title: string
  officialness: Officialness
  /** Said wherever a fact from a secondary source is shown. */
  note: string | null
}

const CN_STSC = 'consolidated from NMPA tables; verify against the official text'
const annex = (n: string, what: string): SourceInfo => ({
  market: 'EU',
  title: `EU Regulation (EC) No 1223/2009 Annex ${n} (${what}), CosIng export`,
  officialness: 'official',
  note: null,
})
const stsc = (table: string, what: string): SourceInfo => ({
  market: 'CN',
  title: `China 化妆品安全技术规范 (STSC) ${table} ${what}, to 2026-01`,
  officialness: 'secondary',
  note: CN_STSC,
})

export const SOURCE_INFO: Readonly<Record<SourceName, SourceInfo>> = Object.freeze({
  cosing_inventory: {
    market: 'EU',
    title: 'EU CosIng Ingredients & Fragrance Inventory (Dec 2021 export)',
    officialness: 'official',
    note: null,
  },
  cosing_annex_II: annex('II', 'prohibited'),
  cosing_annex_III: annex('III', 'restricted'),
  cosing_annex_IV: annex('IV', 'colorants'),
  cosing_annex_V: annex('V', 'preservatives'),
  cosing_annex_VI: annex('VI', 'UV filters'),
  cosing_2026_names: {
    market: 'EU',
    title: 'EU CosIng INCI names and functions, 2026-08-10',
    officialness: 'secondary',
    note: 'enumerated from the CosIng search service by a third party; names and functions only',
  },
  mfds_ingredients: { market: 'KR', title: 'Korean MFDS 화장품 원료성분정보 (data.go.kr 15111774)', officialness: 'official', note: null },
  kr_rules_transcription: {
    market: 'KR',
    title: 'Korean MFDS 별표1 (prohibited) / 별표2 (restricted)',
    officialness: 'secondary',
    note: 'unofficial transcription by a study-guide project; not an MFDS export',
  },
  cn_iecic_2021: { market: 'CN', title: 'China NMPA 已使用化妆品原料目录 (IECIC), 2021 edition', officialness: 'official', note: null },
  cn_iecic_revised: {
    market: 'CN',
    title: 'IECIC with the NMPA adjustments of 2025-06-23 and 2025-10-20, former names',
    officialness: 'secondary',
    note: 'a third-party compilation of NMPA announcements; verify against the official text',
  },
  cn_stsc_prohibited: stsc('表2', 'prohibited'),
  cn_stsc_prohibited_plant_animal: stsc('表2-2', 'prohibited plants and animals'),
  cn_stsc_restricted: stsc('表3', 'restricted'),
  cn_stsc_preservatives: stsc('表4', 'permitted preservatives'),
  cn_stsc_uv_filters: stsc('表5', 'permitted UV filters'),
  cn_stsc_colorants: stsc('表6', 'permitted colorants'),
  cn_stsc_hair_dyes: stsc('表7', 'permitted hair dyes'),
})

/** The info of a `sources.name` value; an unknown name (a newer database) is shown as secondary. */
export function sourceInfo(name: string): SourceInfo {
  return (
    (SOURCE_INFO as Record<string, SourceInfo>)[name] ?? { market: 'EU', title: name, officialness: 'secondary', note: 'unknown source' }
  )
}
