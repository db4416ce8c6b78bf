/**
 * Writes the merged data into a new SQLite file with the schema of src/db/schema.ts.
 */
import { Database } from 'bun:sqlite'
import { BUILD_PRAGMAS, DDL, SCHEMA_VERSION } from '../db/schema.ts'
import { chunkPostings } from '../ingredients/postings.ts'
import { EU_STATUS_CODES, KR_STATUS_CODES } from '../ingredients/status.ts'
import type { AnnexLink } from './annex-links.ts'
import { parseAnnexConditions } from './conditions.ts'
import type { AnnexEntry } from './cosing-annex.ts'
import { parseKrConditions } from './kr-conditions.ts'
import type { KrLink } from './kr-links.ts'
import type { KrRule } from './kr-rules.ts'
import { type Catalogue, PRIMARY_KINDS } from './merge.ts'
import type { SearchOrder } from './search-order.ts'
import type { SourceStats } from './source-stats.ts'
import type { SubstanceSet } from './substances.ts'
import { type CnContent, insertCn } from './write-cn.ts'

/** Everything one database holds. */
export interface DatabaseContent {
  catalogue: Catalogue
  annexEntries: readonly AnnexEntry[]
  annexLinks: readonly AnnexLink[]
  krRules: readonly KrRule[]
  krLinks: readonly KrLink[]
  substances: SubstanceSet
  search: SearchOrder
  /** In `sources.id` order (id = position + 1). */
  sources: readonly SourceStats[]
  /** ISO timestamp stored as meta `built_at`. */
  builtAt: string
  /** China (IECIC, STSC), CosIng 2026, EU allergen flags. */
  cn: CnContent
}

/** The source label of every Korean rule row (matches `sources.name`). */
const KR_RULES_SOURCE = 'kr_rules_transcription'

/**
 * Creates `path` (which must not exist yet) and fills it: BUILD_PRAGMAS (`journal_mode=DELETE`,
 * because a WAL file cannot be embedded or opened read-only, DESIGN.md "Data"; and
 * `user_version = SCHEMA_VERSION`), the DDL, every row in one transaction through prepared
 * statements, the FTS5 trigram index rebuilt from `names`, then VACUUM and `PRAGMA optimize`
 * so the file is compact and its query-planner statistics are fresh. A half-built file never
 * reaches the service: the caller writes to a temporary name and renames when this returns.
 * Meta rows: schema_version, built_at, ingredient_count, build_id, search_tier_starts.
 * Throws whatever bun:sqlite throws (the caller removes the half-written file).
 */
export function writeDatabase(path: string, content: DatabaseContent): void {
  const db = new Database(path, { create: true, readwrite: true, strict: true })
  try {
    for (const pragma of BUILD_PRAGMAS) db.run(pragma)
    // Catches a linking bug at build time instead of as a dangling id in a response.
    db.run('PRAGMA foreign_keys = ON')
    db.run(DDL)
    db.transaction(() => insertAll(db, content))()
    db.run(`INSERT INTO names_fts(names_fts) VALUES('rebuild')`)
    db.run(`INSERT INTO names_fts(names_fts) VALUES('optimize')`) // one b-tree segment: ≈ 250 kB smaller
    db.run(`INSERT INTO cn_names_fts(cn_names_fts) VALUES('rebuild')`)
    db.run('VACUUM')
    db.run('PRAGMA optimize')
  } finally {
    db.close()
  }
}

function insertAll(db: Database, content: DatabaseContent): void {
  const { catalogue } = content
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)')
  meta.run('schema_version', String(SCHEMA_VERSION))
  meta.run('built_at', content.builtAt)
  meta.run('ingredient_count', String(catalogue.ingredients.length))
  meta.run('build_id', buildId(content))
  // First search position of commonness tiers 1 and 2 (owners are ordered by tier first).
  meta.run('search_tier_starts', JSON.stringify(tierStarts(content.search)))

  const source = db.prepare(
    `INSERT INTO sources (id, name, file, source_date, rows_read, rows_used, rows_rejected, reject_reasons)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const [i, s] of content.sources.entries()) {
    source.run(i + 1, s.name, s.file, s.sourceDate, s.rowsRead, s.rowsUsed, s.rowsRejected, JSON.stringify(sortedReasons(s.rejectReasons)))
  }

  const ingredient = db.prepare(
    `INSERT INTO ingredients (id, inci_name, korean_name, inn_name, ph_eur_name, description, korean_definition,
       cosing_ref_no, mfds_no, cosing_restriction, cosing_update_date, sort_name, rank)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const { search } = content
  const lastRank = search.rank.size
  for (const r of catalogue.ingredients) {
    ingredient.run(
      r.id,
      r.inciName,
      r.koreanName,
      r.innName,
      r.phEurName,
      r.description,
      r.koreanDefinition,
      r.cosingRefNo,
      r.mfdsNo,
      r.cosingRestriction,
      r.cosingUpdateDate,
      r.sortName,
      search.rank.get(r.id) ?? lastRank,
    )
  }

  const name = db.prepare('INSERT INTO names (id, ingredient_id, name, key, lang, kind, tier, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const allNames = [...catalogue.names, ...content.substances.ingredientNames]
  for (const [i, n] of allNames.entries())
    name.run(i + 1, n.ingredientId, n.name, n.key, n.lang, n.kind, PRIMARY_KINDS.has(n.kind) ? 0 : 1, n.source)

  const cas = db.prepare('INSERT INTO cas_numbers (ingredient_id, cas, source) VALUES (?, ?, ?)')
  for (const c of catalogue.cas) cas.run(c.ingredientId, c.value, c.source)
  const ec = db.prepare('INSERT INTO ec_numbers (ingredient_id, ec, source) VALUES (?, ?, ?)')
  for (const e of catalogue.ec) ec.run(e.ingredientId, e.value, e.source)

  const fn = db.prepare('INSERT INTO functions (id, name) VALUES (?, ?)')
  for (const [i, f] of catalogue.functions.entries()) fn.run(i + 1, f)
  const ingredientFn = db.prepare('INSERT INTO ingredient_functions (ingredient_id, function_id, rank) VALUES (?, ?, ?)')
  for (const f of catalogue.ingredientFunctions)
    ingredientFn.run(f.ingredientId, f.functionId, content.search.rank.get(f.ingredientId) ?? content.search.rank.size)

  const entry = db.prepare(
    `INSERT INTO eu_annex_entries (id, annex, reference_number, chemical_name, glossary_name, cas_numbers, ec_numbers,
       product_type, max_concentration, other, conditions, colour, regulation, cmr, update_date, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const e of content.annexEntries) {
    entry.run(
      e.id,
      e.annex,
      e.referenceNumber,
      e.chemicalName,
      e.glossaryName,
      JSON.stringify(e.casNumbers),
      JSON.stringify(e.ecNumbers),
      e.productType,
      e.maxConcentration,
      e.other,
      e.conditions,
      e.colour,
      e.regulation,
      e.cmr,
      e.updateDate,
      `cosing_annex_${e.annex}`,
    )
  }
  const annexLink = db.prepare('INSERT INTO ingredient_eu_annex (ingredient_id, entry_id, matched_by) VALUES (?, ?, ?)')
  for (const l of content.annexLinks) annexLink.run(l.ingredientId, l.entryId, l.matchedBy)

  const rule = db.prepare(
    `INSERT INTO kr_rules (id, list, status, name_ko, name_en, category, max_limit, description, source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const r of content.krRules) {
    rule.run(r.id, r.list, r.status, r.nameKo, r.nameEn, r.category, r.maxLimit, r.description, KR_RULES_SOURCE)
  }
  const krLink = db.prepare('INSERT INTO ingredient_kr_rules (ingredient_id, rule_id, matched_by) VALUES (?, ?, ?)')
  for (const l of content.krLinks) krLink.run(l.ingredientId, l.ruleId, l.matchedBy)

  const substance = db.prepare('INSERT INTO substances (id, name, korean_name, is_group, sort_name, rank) VALUES (?, ?, ?, ?, ?, ?)')
  const member = db.prepare('INSERT INTO substance_members (substance_id, eu_entry_id, kr_rule_id) VALUES (?, ?, ?)')
  const substanceCas = db.prepare('INSERT INTO substance_cas (substance_id, cas) VALUES (?, ?)')
  const substanceEc = db.prepare('INSERT INTO substance_ec (substance_id, ec) VALUES (?, ?)')
  for (const s of content.substances.substances) {
    substance.run(s.id, s.name, s.koreanName, s.isGroup ? 1 : 0, s.sortName, search.rank.get(s.id) ?? lastRank)
    for (const e of s.euEntryIds) member.run(s.id, e, null)
    for (const r of s.krRuleIds) member.run(s.id, null, r)
    for (const c of s.cas) substanceCas.run(s.id, c)
    for (const e of s.ec) substanceEc.run(s.id, e)
  }
  const substanceName = db.prepare(
    'INSERT INTO substance_names (id, substance_id, name, key, lang, kind, tier, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  for (const [i, n] of content.substances.names.entries())
    substanceName.run(i + 1, n.substanceId, n.name, n.key, n.lang, n.kind, n.tier, n.source)

  const searchName = db.prepare('INSERT INTO search_names (pos, owner_id, name, key, tier) VALUES (?, ?, ?, ?, ?)')
  for (const n of search.names) searchName.run(n.pos, n.ownerId, n.name, n.key, n.tier)
  const owner = db.prepare(
    'INSERT INTO search_owners (owner_id, first_pos, last_pos, name, korean_name, eu_status, kr_status, tier) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  for (const o of search.owners)
    owner.run(
      o.ownerId,
      o.firstPos,
      o.lastPos,
      o.name,
      o.koreanName,
      EU_STATUS_CODES.indexOf(o.euStatus),
      KR_STATUS_CODES.indexOf(o.krStatus),
      o.tier,
    )
  insertSearchTerms(db, search.terms)
  const extraKey = db.prepare('INSERT INTO search_extra_keys (key, owner_id) VALUES (?, ?)')
  for (const e of search.extraKeys) extraKey.run(e.key, e.ownerId)

  insertCn(db, content.cn)
  insertConditions(db, content)
}

/**
 * The data build's id, carried by every cursor: a short hash of the build time and the
 * source statistics, so a cursor from another build is refused instead of misread.
 */
function buildId(content: DatabaseContent): string {
  const text = JSON.stringify([content.builtAt, content.sources])
  return (Bun.hash.wyhash(text) & 0xffffffffn).toString(36)
}

/**
 * search_terms: per (term, cls), its owners' matching-name positions as a posting list —
 * ascending, each the difference from the previous one (the first of a chunk from 0) as an
 * unsigned LEB128 varint (src/ingredients/postings.ts) — in chunks of at most CHUNK_BYTES,
 * one row each with its last position and count. Rows go in primary-key order (a WITHOUT
 * ROWID table fills faster appended).
 */
function insertSearchTerms(db: Database, terms: SearchOrder['terms']): void {
  const row = db.prepare('INSERT INTO search_terms (term, cls, last, n, positions) VALUES (?, ?, ?, ?, ?)')
  for (const term of [...terms.keys()].sort()) {
    const groups = terms.get(term)!
    for (const cls of [...groups.keys()].sort((a, b) => a - b)) {
      for (const chunk of chunkPostings(groups.get(cls)!)) row.run(term, cls, chunk.last, chunk.n, chunk.bytes)
    }
  }
}

/** The first position of each commonness tier after 0 (one past the end when a tier is empty). */
function tierStarts(search: SearchOrder): [number, number] {
  const end = search.names.length + 1
  const start = (tier: number) => search.owners.find((o) => o.tier >= tier)?.firstPos ?? end
  return [start(1), start(2)]
}

/** Structured conditions of every Annex III–VI entry and every 별표2 row (importer/conditions.ts). */
function insertConditions(db: Database, content: DatabaseContent): void {
  const annex = db.prepare('INSERT INTO eu_annex_conditions (entry_id, parsed, json) VALUES (?, ?, ?)')
  for (const e of content.annexEntries) {
    if (e.annex === 'II') continue
    const c = parseAnnexConditions(e)
    annex.run(e.id, c.parsed ? 1 : 0, JSON.stringify(c))
  }
  const kr = db.prepare('INSERT INTO kr_rule_conditions (rule_id, parsed, json) VALUES (?, ?, ?)')
  for (const r of content.krRules) {
    if (r.status !== 'restricted') continue
    const c = parseKrConditions(r.maxLimit)
    kr.run(r.id, c.parsed ? 1 : 0, JSON.stringify(c))
  }
}

/** Reasons in a stable order, so two builds of the same sources write the same JSON. */
function sortedReasons(reasons: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(reasons).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
