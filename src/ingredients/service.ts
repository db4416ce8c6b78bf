/**
 * Ingredient look-ups: pure functions of a read-only database and plain arguments.
 * Never sees Elysia's context. Every statement is prepared once and parameterised;
 * user text reaches SQLite only as a bound value, and partial search goes through
 * the FTS5 trigram index as a quoted phrase (or an index range for 1–2 characters), so
 * `%`, `_`, `"`, `*` and `\` match literally.
 */
import type { Database } from 'bun:sqlite'
import { KR_TRANSCRIPTION_NOTE } from '../db/schema.ts'
import { ProblemError } from '../errors.ts'
import { isValidCas, normaliseName, stripParentheses } from './identifiers.ts'

export type EuAnnex = 'II' | 'III' | 'IV' | 'V' | 'VI'

export type AnnexEntry = {
  annex: EuAnnex
  reference_number: string
  chemical_name: string | null
  glossary_name: string | null
  product_type: string | null
  max_concentration: string | null
  other: string | null
  conditions: string | null
  colour: string | null
  regulation: string | null
  update_date: string | null
  matched_by: string
}

export type KrEntry = {
  list: '별표1' | '별표2'
  status: 'prohibited' | 'restricted'
  name_ko: string
  name_en: string | null
  category: string | null
  max_limit: string | null
  matched_by: string
}

/**
 * EU status: Annex II → prohibited; III → restricted; IV/V/VI → allowed only as listed
 * (positive lists); `not_in_cosing` for an ingredient known only from MFDS that no annex
 * entry names (the EU side was never established, so "not listed" would overstate it).
 */
export type EuStatus = 'prohibited' | 'restricted' | 'allowed_with_conditions' | 'not_listed' | 'not_in_cosing'
export type KrStatus = 'prohibited' | 'restricted' | 'not_listed'

/** The full record; the tier table decides which fields a caller sees. */
export type Ingredient = {
  id: number
  inci_name: string | null
  korean_name: string | null
  cas_numbers: string[]
  ec_numbers: string[]
  functions: string[]
  eu_status: EuStatus
  kr_status: KrStatus
  synonyms: { english: string[]; korean: string[] }
  description: string | null
  korean_definition: string | null
  eu_annexes: AnnexEntry[]
  kr_rules: { note: string; entries: KrEntry[] }
  provenance: {
    cosing_ref_no: number | null
    cosing_update_date: string | null
    cosing_restriction: string | null
    mfds_no: number | null
    sources: string[]
  }
}

/** How a name look-up matched: as given, through a label spelling, or not at all. */
export type NameMatch = 'exact' | 'label' | 'none'
export type NameLookup = { match: NameMatch; results: Ingredient[] }

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g
const HANGUL = /[\uAC00-\uD7A3]/

/**
 * Spellings of a name key as ingredient labels print it, tried in order when the key
 * itself matches nothing; each item is a list of keys whose matches are joined:
 *  1. tidied: any dash as "-", no spaces around "/", "-" or ",", trailing ".,;:" dropped;
 *     Korean without spaces ("부틸렌 글라이콜" → "부틸렌글라이콜", as MFDS writes names);
 *  2. without parenthesised text: "WATER (AQUA)" → "WATER", "TITANIUM DIOXIDE (CI 77891)";
 *  3. the parenthesised text alone: "FRAGRANCE (PARFUM)" → "PARFUM";
 *  4. a slash list, each part: "WATER/AQUA" → WATER and AQUA.
 * Pure; exported for tests.
 */
export function labelKeys(key: string): string[][] {
  let tidy = key.replace(DASHES, '-').replace(/\s*([/,-])\s*/g, '$1').replace(/[\s.,;:]+$/u, '').trim()
  if (HANGUL.test(tidy)) tidy = tidy.replace(/\s+/g, '')
  const out: string[][] = []
  const push = (keys: string[]) => {
    const clean = [...new Set(keys.map((k) => k.trim()).filter((k) => k !== '' && k !== key))]
    if (clean.length > 0 && !out.some((o) => o.join('\n') === clean.join('\n'))) out.push(clean)
  }
  push([tidy])
  if (tidy.includes('(')) {
    push([stripParentheses(tidy).replace(/\s*([/,-])\s*/g, '$1')])
    push([...tidy.matchAll(/\(([^()]+)\)/g)].map((m) => m[1]!))
  }
  if (tidy.includes('/')) push(tidy.split('/'))
  return out
}

/** One line of a result list (search, function browse). */
export type IngredientSummary = {
  id: number
  inci_name: string | null
  korean_name: string | null
  matched_name?: string
}

export type Page<T> = { items: T[]; next_cursor: string | null }

export type Stats = {
  ingredients: number
  with_korean_name: number
  with_cas: number
  functions: number
  eu_annex_entries: Record<EuAnnex, number>
  kr_rules: { prohibited: number; restricted: number }
  sources: {
    name: string
    file: string
    source_date: string | null
    rows_read: number
    rows_used: number
    rows_rejected: number
  }[]
  schema_version: number
  built_at: string | null
}

type IngredientRow = {
  id: number
  inci_name: string | null
  korean_name: string | null
  description: string | null
  korean_definition: string | null
  cosing_ref_no: number | null
  mfds_no: number | null
  cosing_restriction: string | null
  cosing_update_date: string | null
}

const ANNEX_ORDER: Record<EuAnnex, number> = { II: 2, III: 3, IV: 4, V: 5, VI: 6 }

/**
 * Ingredient records kept in memory, most recently used last. The database is read-only,
 * so a cached record never goes stale; the bound keeps memory flat (≈ 2 KB a record).
 */
export const RECORD_CACHE_SIZE = 10_000

/** A bounded LRU map: Map keeps insertion order, so the first key is the oldest. */
class Lru<K, V> {
  private readonly map = new Map<K, V>()
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key)
    if (v !== undefined) {
      this.map.delete(key)
      this.map.set(key, v)
    }
    return v
  }
  set(key: K, value: V): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as K)
    this.map.set(key, value)
  }
}

/** Minimum query length for the trigram index; shorter queries match name prefixes. */
const TRIGRAM = 3

type SearchRow = { id: number; rank: number; sort_name: string; inci_name: string | null; korean_name: string | null; matched_name: string }

/**
 * Partial-match query over names matching `where`, one row per ingredient with its best
 * name. Score (lower is better): exact name < prefix < word start < substring (×100,000),
 * then INCI/Korean standard names before synonyms (+50,000), then shorter names. Keyset
 * pagination on (score, sort name, id). SQLite returns the bare column `n.name` from the
 * row holding the MIN() (SQLite docs, "Bare columns in an aggregate query").
 */
function searchSql(where: string): string {
  return `WITH hits AS (
      SELECT n.ingredient_id AS id,
             MIN(CASE WHEN n.key = $key THEN 0 WHEN substr(n.key, 1, length($key)) = $key THEN 1
                      WHEN instr(' ' || n.key, ' ' || $key) > 0 THEN 2 ELSE 3 END * 100000
                 + CASE WHEN n.kind IN ('inci', 'korean') THEN 0 ELSE 50000 END
                 + min(length(n.key), 49999)) AS rank,
             n.name AS matched_name
        FROM names n
       WHERE ${where}
       GROUP BY n.ingredient_id)
    SELECT h.id, h.rank, i.sort_name, i.inci_name, i.korean_name, h.matched_name
      FROM hits h JOIN ingredients i ON i.id = h.id
     WHERE (h.rank, i.sort_name, h.id) > ($r, $s, $id)
     ORDER BY h.rank, i.sort_name, h.id
     LIMIT $limit`
}

function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url')
}

/**
 * Decodes a cursor made by `encodeCursor` and checks its shape.
 * @throws ProblemError invalid_cursor (400) on anything else.
 */
function decodeCursor<T extends (string | number)[]>(cursor: string, shape: ('string' | 'number')[]): T {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (
      Array.isArray(parts) &&
      parts.length === shape.length &&
      parts.every((p, i) => typeof p === shape[i] && (typeof p !== 'number' || Number.isSafeInteger(p)))
    ) {
      return parts as T
    }
  } catch {
    /* fall through */
  }
  throw new ProblemError('invalid_cursor', 'The cursor is not one this API returned; start again without a cursor.')
}

/**
 * Builds the look-up functions over an open database. Statements are prepared here,
 * once; calls are synchronous and take microseconds to a few milliseconds.
 */
export function createIngredientService(db: Database) {
  const q = {
    ingredient: db.query<IngredientRow, [number]>(
      `SELECT id, inci_name, korean_name, description, korean_definition, cosing_ref_no, mfds_no,
              cosing_restriction, cosing_update_date
         FROM ingredients WHERE id = ?`,
    ),
    idsByKey: db.query<{ id: number }, [string, string]>(
      `SELECT DISTINCT n.ingredient_id AS id FROM names n JOIN ingredients i ON i.id = n.ingredient_id
        WHERE n.key = ? AND n.lang = ? ORDER BY i.sort_name, i.id LIMIT 50`,
    ),
    idsByCas: db.query<{ id: number }, [string]>(
      `SELECT DISTINCT c.ingredient_id AS id FROM cas_numbers c JOIN ingredients i ON i.id = c.ingredient_id
        WHERE c.cas = ? ORDER BY i.sort_name, i.id LIMIT 50`,
    ),
    names: db.query<{ name: string; key: string; lang: 'en' | 'ko'; kind: string; source: string }, [number]>(
      `SELECT name, key, lang, kind, source FROM names WHERE ingredient_id = ? ORDER BY id`,
    ),
    cas: db.query<{ cas: string; source: string }, [number]>(
      `SELECT cas, source FROM cas_numbers WHERE ingredient_id = ? ORDER BY cas`,
    ),
    ec: db.query<{ ec: string }, [number]>(`SELECT ec FROM ec_numbers WHERE ingredient_id = ? ORDER BY ec`),
    functions: db.query<{ name: string }, [number]>(
      `SELECT f.name FROM ingredient_functions x JOIN functions f ON f.id = x.function_id
        WHERE x.ingredient_id = ? ORDER BY f.name`,
    ),
    annex: db.query<Omit<AnnexEntry, never> & { source: string }, [number]>(
      `SELECT e.annex, e.reference_number, e.chemical_name, e.glossary_name, e.product_type,
              e.max_concentration, e.other, e.conditions, e.colour, e.regulation, e.update_date,
              x.matched_by, e.source
         FROM ingredient_eu_annex x JOIN eu_annex_entries e ON e.id = x.entry_id
        WHERE x.ingredient_id = ? ORDER BY e.id`,
    ),
    kr: db.query<KrEntry & { source: string }, [number]>(
      `SELECT r.list, r.status, r.name_ko, r.name_en, r.category, r.max_limit, x.matched_by, r.source
         FROM ingredient_kr_rules x JOIN kr_rules r ON r.id = x.rule_id
        WHERE x.ingredient_id = ? ORDER BY r.id`,
    ),
    searchFts: db.query<SearchRow, { phrase: string; key: string; r: number; s: string; id: number; limit: number }>(
      searchSql('n.id IN (SELECT rowid FROM names_fts WHERE names_fts MATCH $phrase)'),
    ),
    // 1–2 characters: name prefixes only, by a range on the names_key index. A substring
    // scan of every name took 23–37 ms and let one consumer hold the event loop.
    searchPrefix: db.query<SearchRow, { key: string; end: string; r: number; s: string; id: number; limit: number }>(
      searchSql('n.key >= $key AND n.key < $end'),
    ),
    functionList: db.query<{ name: string; ingredient_count: number }, []>(
      `SELECT f.name, count(x.ingredient_id) AS ingredient_count
         FROM functions f LEFT JOIN ingredient_functions x ON x.function_id = f.id
        GROUP BY f.id ORDER BY f.name`,
    ),
    functionByName: db.query<{ id: number; name: string }, [string]>(
      `SELECT id, name FROM functions WHERE upper(name) = ?`,
    ),
    functionIngredients: db.query<
      { id: number; sort_name: string; inci_name: string | null; korean_name: string | null },
      { fid: number; s: string; id: number; limit: number }
    >(
      `SELECT i.id, i.sort_name, i.inci_name, i.korean_name
         FROM ingredient_functions x JOIN ingredients i ON i.id = x.ingredient_id
        WHERE x.function_id = $fid AND (i.sort_name, i.id) > ($s, $id)
        ORDER BY i.sort_name, i.id LIMIT $limit`,
    ),
    ping: db.query<{ n: number }, []>('SELECT count(*) AS n FROM ingredients'),
    probe: db.query<{ ok: number }, []>('SELECT 1 AS ok FROM ingredients LIMIT 1'),
  }

  const records = new Lru<number, Ingredient | null>(RECORD_CACHE_SIZE)
  const idsByName = new Lru<string, { ids: number[]; match: NameMatch }>(RECORD_CACHE_SIZE)

  function load(id: number): Ingredient | null {
    let rec = records.get(id)
    if (rec === undefined) {
      rec = read(id)
      records.set(id, rec)
    }
    return rec
  }

  /** Exact-name ids, cached per (language, key). */
  const idsFor = (key: string, lang: 'en' | 'ko') => q.idsByKey.all(key, lang).map((r) => r.id)

  /** Exact key first; only when it finds nothing, the label-style variants (labelKeys). */
  function byName(name: string, lang: 'en' | 'ko'): NameLookup {
    const key = normaliseName(name)
    const cacheKey = `${lang}:${key}`
    let hit = idsByName.get(cacheKey)
    if (hit === undefined) {
      hit = { ids: idsFor(key, lang), match: 'exact' }
      if (hit.ids.length === 0) {
        for (const variant of labelKeys(key)) {
          const ids = variant.flatMap((k) => idsFor(k, lang))
          if (ids.length > 0) {
            hit = { ids: [...new Set(ids)], match: 'label' }
            break
          }
        }
        if (hit.ids.length === 0) hit = { ids: [], match: 'none' }
      }
      idsByName.set(cacheKey, hit)
    }
    return { match: hit.match, results: loadAll(hit.ids) }
  }

  function read(id: number): Ingredient | null {
    const row = q.ingredient.get(id)
    if (!row) return null
    const names = q.names.all(id)
    const cas = q.cas.all(id)
    const annex = q.annex.all(id)
    const kr = q.kr.all(id)
    const sources = new Set<string>()
    for (const n of names) sources.add(n.source)
    for (const c of cas) sources.add(c.source)
    for (const a of annex) sources.add(a.source)
    for (const k of kr) sources.add(k.source)
    // Synonyms are the other names: compared by key, so "salicylic acid" (INN) is not
    // listed again beside SALICYLIC ACID.
    const inciKey = row.inci_name ? normaliseName(row.inci_name) : null
    const koreanKey = row.korean_name ? normaliseName(row.korean_name) : null
    const english = uniqueByKey(names.filter((n) => n.lang === 'en' && n.key !== inciKey))
    const korean = uniqueByKey(names.filter((n) => n.lang === 'ko' && n.key !== koreanKey))
    const annexes = annex.map(({ source: _s, ...e }) => e).sort((a, b) => ANNEX_ORDER[a.annex] - ANNEX_ORDER[b.annex])
    const entries = kr.map(({ source: _s, ...e }) => e)
    return {
      id: row.id,
      inci_name: row.inci_name,
      korean_name: row.korean_name,
      cas_numbers: [...new Set(cas.map((c) => c.cas))],
      ec_numbers: q.ec.all(id).map((e) => e.ec),
      functions: q.functions.all(id).map((f) => f.name),
      eu_status: annexes.some((a) => a.annex === 'II')
        ? 'prohibited'
        : annexes.some((a) => a.annex === 'III')
          ? 'restricted'
          : annexes.length > 0
            ? 'allowed_with_conditions'
            : row.cosing_ref_no === null
              ? 'not_in_cosing'
              : 'not_listed',
      kr_status: krStatus(entries),
      synonyms: { english, korean },
      description: row.description,
      korean_definition: row.korean_definition,
      eu_annexes: annexes,
      kr_rules: { note: KR_TRANSCRIPTION_NOTE, entries },
      provenance: {
        cosing_ref_no: row.cosing_ref_no,
        cosing_update_date: row.cosing_update_date,
        cosing_restriction: row.cosing_restriction,
        mfds_no: row.mfds_no,
        sources: [...sources].sort(),
      },
    }
  }

  function loadAll(ids: number[]): Ingredient[] {
    const out: Ingredient[] = []
    for (const id of ids) {
      const ing = load(id)
      if (ing) out.push(ing)
    }
    return out
  }

  return {
    /** By id; null when unknown. */
    byId(id: number): Ingredient | null {
      return load(id)
    },

    /**
     * English/INCI name or synonym (case, whitespace and NFKC insensitive); when nothing
     * matches exactly, label spellings are tried (labelKeys). At most 50.
     */
    byEnglishName(name: string): NameLookup {
      return byName(name, 'en')
    },

    /** Korean standard name (표준명) or Korean synonym (이명), then label spellings. At most 50. */
    byKoreanName(name: string): NameLookup {
      return byName(name, 'ko')
    },

    /**
     * By CAS RN. @throws ProblemError invalid_cas (400) when the shape or check digit is wrong.
     * Rule: CAS RN check digit (see identifiers.ts).
     */
    byCas(cas: string): Ingredient[] {
      // CAS RNs are printed without leading zeros: 0056-81-5 is 56-81-5.
      const trimmed = cas.trim().replace(/^0+(?=\d{2,}-)/, '')
      if (!isValidCas(trimmed)) {
        throw new ProblemError(
          'invalid_cas',
          /^\d{2,7}-\d{2}-\d$/.test(trimmed)
            ? 'The CAS Registry Number has a wrong check digit.'
            : 'A CAS Registry Number looks like 56-81-5: 2–7 digits, 2 digits, 1 check digit.',
          { errors: [{ parameter: 'cas', message: 'not a valid CAS Registry Number' }] },
        )
      }
      return loadAll(q.idsByCas.all(trimmed).map((r) => r.id))
    },

    /**
     * Partial match over every English and Korean name and synonym, best first (see
     * searchSql for the order). Queries of 3+ characters match anywhere in a name (FTS5
     * trigram index); 1–2 characters match the start of a name. Keyset pagination.
     * @param limit items per page (1..page size of the plan)
     * @throws ProblemError invalid_cursor (400)
     */
    search(text: string, limit: number, cursor?: string): Page<IngredientSummary> {
      const key = normaliseName(text)
      const [r, s, id] = cursor ? decodeCursor<[number, string, number]>(cursor, ['number', 'string', 'number']) : [-1, '', -1]
      const rows =
        Array.from(key).length >= TRIGRAM
          ? q.searchFts.all({ phrase: `"${key.replaceAll('"', '""')}"`, key, r, s, id, limit: limit + 1 })
          : q.searchPrefix.all({ key, end: `${key}\u{10FFFF}`, r, s, id, limit: limit + 1 })
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return {
        items: page.map((x) => ({ id: x.id, inci_name: x.inci_name, korean_name: x.korean_name, matched_name: x.matched_name })),
        next_cursor: rows.length > limit && last ? encodeCursor([last.rank, last.sort_name, last.id]) : null,
      }
    },

    /** Every CosIng function with its ingredient count, by name (computed once: read-only data). */
    listFunctions: once((): { name: string; ingredient_count: number }[] => q.functionList.all()),

    /**
     * Ingredients having one CosIng function (name case-insensitive), by name, paginated.
     * @throws ProblemError function_not_found (404), invalid_cursor (400)
     */
    functionIngredients(name: string, limit: number, cursor?: string): Page<IngredientSummary> & { function: string } {
      const fn = q.functionByName.get(normaliseName(name))
      if (!fn) throw new ProblemError('function_not_found', 'No CosIng function has that name; GET /v1/functions lists them.')
      const [s, id] = cursor ? decodeCursor<[string, number]>(cursor, ['string', 'number']) : ['', -1]
      const rows = q.functionIngredients.all({ fid: fn.id, s, id, limit: limit + 1 })
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return {
        function: fn.name,
        items: page.map((x) => ({ id: x.id, inci_name: x.inci_name, korean_name: x.korean_name })),
        next_cursor: rows.length > limit && last ? encodeCursor([last.sort_name, last.id]) : null,
      }
    },

    /** Counts and source dates. Computed once: the database is read-only. */
    stats: once((): Stats => {
      const n = (sql: string) => (db.query(sql).get() as { n: number }).n
      const annex = Object.fromEntries(
        (['II', 'III', 'IV', 'V', 'VI'] as const).map((a) => [
          a,
          (db.query('SELECT count(*) AS n FROM eu_annex_entries WHERE annex = ?').get(a) as { n: number }).n,
        ]),
      ) as Record<EuAnnex, number>
      const meta = db.query("SELECT value FROM meta WHERE key = 'built_at'").get() as { value: string } | null
      return {
        ingredients: n('SELECT count(*) AS n FROM ingredients'),
        with_korean_name: n('SELECT count(*) AS n FROM ingredients WHERE korean_name IS NOT NULL'),
        with_cas: n('SELECT count(DISTINCT ingredient_id) AS n FROM cas_numbers'),
        functions: n('SELECT count(*) AS n FROM functions'),
        eu_annex_entries: annex,
        kr_rules: {
          prohibited: n("SELECT count(*) AS n FROM kr_rules WHERE status = 'prohibited'"),
          restricted: n("SELECT count(*) AS n FROM kr_rules WHERE status = 'restricted'"),
        },
        sources: db
          .query('SELECT name, file, source_date, rows_read, rows_used, rows_rejected FROM sources ORDER BY id')
          .all() as Stats['sources'],
        schema_version: (db.query('PRAGMA user_version').get() as { user_version: number }).user_version,
        built_at: meta?.value ?? null,
      }
    }),

    /** Number of ingredients, counted now (a full scan, ≈1 ms on the official data: call once). */
    ping(): number {
      return q.ping.get()!.n
    },

    /**
     * Proves the database answers, in constant time (one row of one index), for /health.
     * @throws Error when the database cannot be read or holds no ingredient.
     */
    probe(): void {
      if (q.probe.get()?.ok !== 1) throw new Error('database holds no ingredient')
    },
  }
}

export type IngredientService = ReturnType<typeof createIngredientService>

/**
 * Korean status from the linked 별표1/별표2 rows. When an ingredient is named on both lists,
 * the 별표2 row is the regulation's permission with a limit, and the 별표1 row is one whose
 * "(다만, … 제외)" exemption the transcription dropped (e.g. hair dyes such as
 * 2,4-DIAMINOPHENOXYETHANOL HCL): the status is `restricted`, and both rows are listed.
 */
export function krStatus(entries: readonly Pick<KrEntry, 'status'>[]): KrStatus {
  const restricted = entries.some((e) => e.status === 'restricted')
  if (restricted) return 'restricted'
  return entries.length > 0 ? 'prohibited' : 'not_listed'
}

/** Names in order, the first of each key kept. */
function uniqueByKey(names: { name: string; key: string }[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const n of names) {
    if (seen.has(n.key)) continue
    seen.add(n.key)
    out.push(n.name)
  }
  return out
}

function once<T>(fn: () => T): () => T {
  let value: T | undefined
  let done = false
  return () => {
    if (!done) {
      value = fn()
      done = true
    }
    return value as T
  }
}
