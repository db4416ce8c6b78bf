/**
 * Ingredient look-ups: pure functions of a read-only database and plain arguments. Never
 * sees Elysia's context. Composes the resolver (names), the search, function browsing and
 * statistics; every statement is prepared once (queries.ts).
 */
import type { Database } from 'bun:sqlite'
import { COSING_2026_ID_OFFSET } from '../db/cn-schema.ts'
import { sourceInfo } from '../db/source-catalogue.ts'
import { ProblemError } from '../errors.ts'
import { decodeCursor, encodeCursor } from './cursor.ts'
import { isValidCas, normaliseName } from './identifiers.ts'
import type { FunctionItemValue, FunctionPageValue, ResolutionValue, SearchPageValue, StatsValue, TargetRecord } from './model.ts'
import { prepareQueries } from './queries.ts'
import { createRecords, Lru } from './records.ts'
import { createResolver, type ResolveLanguage } from './resolver.ts'
import { createSearch, type SearchMode } from './search.ts'

export { RECORD_CACHE_SIZE } from './records.ts'
export { krStatus } from './status.ts'

/** Name look-ups cached per (language, key): the database is read-only. */
export const RESOLUTION_CACHE_SIZE = 10_000
/**
 * Search pages cached per (plan mode, limit, cursor, query): the database is read-only, and
 * popular queries repeat; a cached page costs what an exact look-up costs (≈ 3 KB a page).
 */
export const SEARCH_PAGE_CACHE_SIZE = 2_000

/**
 * Builds the look-up functions over an open database. Statements are prepared here, once;
 * calls are synchronous and take microseconds (search: bounded by the page size).
 */
export function createIngredientService(db: Database) {
  const q = prepareQueries(db)
  const records = createRecords(q)
  const resolver = createResolver(db, { queries: q, records })
  const buildId = q.meta.get('build_id')?.value ?? 'nobuild'
  const searcher = createSearch(db, buildId)
  const fn = {
    list: db.query<{ name: string; ingredient_count: number }, []>(
      `SELECT f.name, count(x.ingredient_id) AS ingredient_count
         FROM functions f LEFT JOIN ingredient_functions x ON x.function_id = f.id
        GROUP BY f.id ORDER BY f.name`,
    ),
    byName: db.query<{ id: number; name: string; n: number }, [string]>(
      `SELECT f.id, f.name, (SELECT count(*) FROM ingredient_functions x WHERE x.function_id = f.id) AS n
         FROM functions f WHERE upper(f.name) = ?`,
    ),
    page: db.query<FunctionItemValue & { rank: number }, [number, number, number]>(
      `SELECT i.id, i.inci_name, i.korean_name, x.rank
         FROM ingredient_functions x JOIN ingredients i ON i.id = x.ingredient_id
        WHERE x.function_id = ? AND x.rank > ? ORDER BY x.rank LIMIT ?`,
    ),
    probe: db.query<{ ok: number }, []>('SELECT 1 AS ok FROM ingredients LIMIT 1'),
  }

  const pages = new Lru<string, SearchPageValue>(SEARCH_PAGE_CACHE_SIZE)
  let ingredientCount: number | undefined
  const cache = new Map<string, ResolutionValue>()
  function resolveCached(name: string, lang: ResolveLanguage): ResolutionValue {
    const key = `${lang}:${normaliseName(name)}`
    let hit = cache.get(key)
    if (hit === undefined) {
      hit = resolver.resolve(name, { lang })
      if (cache.size >= RESOLUTION_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
      cache.set(key, hit)
    }
    return hit.query === name ? hit : { ...hit, query: name }
  }

  return {
    /** By id (an ingredient or a regulated substance); null when unknown. */
    byId(id: number): TargetRecord | null {
      return records.get(id)
    },

    /**
     * Resolves one name or CAS RN in any language (resolver.ts): match kind, rule,
     * confidence, matched name, the target(s) and candidates. Never throws.
     */
    resolve(name: string, lang: ResolveLanguage = 'any'): ResolutionValue {
      return resolveCached(name, lang)
    },

    /** English/INCI name, synonym, label spelling, common name or typo (English names only). */
    byEnglishName(name: string): ResolutionValue {
      return resolveCached(name, 'en')
    },

    /** Chinese standard name (IECIC), a former name of 2025, or an STSC table's Chinese name; spacing aside. */
    byChineseName(name: string): ResolutionValue {
      return resolveCached(name, 'zh')
    },

    /** EU status of an ingredient on an ISO date (entries with a future start are not in force yet; china.ts). */
    euStatusOn(id: number, inCosing: boolean, date: string) {
      return q.china.euStatusOn(id, inCosing, date)
    },

    /** STSC rows with this CAS RN that no ingredient is linked to (the CAS RN already checked by byCas). */
    cnUnlinkedByCas(cas: string) {
      return q.china.unlinkedByCas(cas.trim().replace(/^0+(?=\d{2,}-)/, ''))
    },

    /** STSC rows and IECIC entries with this name that no ingredient is linked to (china.ts). */
    cnUnlinked(name: string) {
      return q.china.unlinkedByName(name)
    },

    /** Korean standard name (표준명), 이명, a rule's Korean name, label spelling, variant or typo. */
    byKoreanName(name: string): ResolutionValue {
      return resolveCached(name, 'ko')
    },

    /**
     * By CAS RN: ingredients and regulated substances carrying it.
     * @throws ProblemError invalid_cas (400) when the shape or check digit is wrong.
     * Rule: CAS RN check digit (see identifiers.ts).
     */
    byCas(cas: string): TargetRecord[] {
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
      return resolver.resolve(trimmed, { fuzzy: false }).targets
    },

    /**
     * Partial match over every English and Korean name (search.ts for the order and the
     * bounds). `mode` "prefix" is the BASIC plan's search.
     * @param limit items per page (1..page size of the plan)
     * @throws ProblemError invalid_cursor (400)
     */
    search(text: string, limit: number, cursor?: string, mode: SearchMode = 'full'): SearchPageValue {
      const key = `${mode}\u0000${limit}\u0000${cursor ?? ''}\u0000${text}`
      let page = pages.get(key)
      if (page === undefined) {
        page = searcher.search(text, limit, cursor, mode)
        pages.set(key, page)
      }
      return page
    },

    /** Every CosIng function with its ingredient count, by name (computed once: read-only data). */
    listFunctions: once((): { name: string; ingredient_count: number }[] => fn.list.all()),

    /**
     * Ingredients having one CosIng function (name case-insensitive), commonest first,
     * paginated by a position cursor (never dead-ends).
     * @throws ProblemError function_not_found (404), invalid_cursor (400)
     */
    functionIngredients(name: string, limit: number, cursor?: string): FunctionPageValue {
      const f = fn.byName.get(normaliseName(name))
      if (!f) throw new ProblemError('function_not_found', 'No CosIng function has that name; GET /v1/functions lists them.')
      const [from] = cursor ? decodeCursor(cursor, buildId, 1) : [-1]
      const rows = fn.page.all(f.id, from!, limit + 1)
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return {
        function: f.name,
        total: f.n,
        results: page.map(({ rank: _r, ...x }): FunctionItemValue => x),
        next_cursor: rows.length > limit && last ? encodeCursor(buildId, [last.rank]) : null,
      }
    },

    /** Counts and source dates. Computed once: the database is read-only. */
    stats: once((): StatsValue => {
      const n = (sql: string) => (db.query(sql).get() as { n: number }).n
      const annex = Object.fromEntries(
        (['II', 'III', 'IV', 'V', 'VI'] as const).map((a) => [
          a,
          (db.query('SELECT count(*) AS n FROM eu_annex_entries WHERE annex = ?').get(a) as { n: number }).n,
        ]),
      )
      const meta = q.meta.get('built_at')
      return {
        regulated_substances: n('SELECT count(*) AS n FROM substances'),
        ingredients: n('SELECT count(*) AS n FROM ingredients'),
        with_korean_name: n('SELECT count(*) AS n FROM ingredients WHERE korean_name IS NOT NULL'),
        with_cas: n('SELECT count(DISTINCT ingredient_id) AS n FROM cas_numbers'),
        functions: n('SELECT count(*) AS n FROM functions'),
        eu_annex_entries: annex,
        kr_rules: {
          prohibited: n("SELECT count(*) AS n FROM kr_rules WHERE status = 'prohibited'"),
          restricted: n("SELECT count(*) AS n FROM kr_rules WHERE status = 'restricted'"),
        },
        cn: {
          iecic_entries: n('SELECT count(*) AS n FROM cn_inventory'),
          iecic_linked: n('SELECT count(DISTINCT entry_id) AS n FROM ingredient_cn_inventory'),
          stsc_rows: Object.fromEntries(
            (
              db.query('SELECT table_no, count(*) AS n FROM cn_regulated GROUP BY table_no ORDER BY table_no').all() as {
                table_no: string
                n: number
              }[]
            ).map((r) => [r.table_no, r.n]),
          ),
        },
        cosing_2026: {
          names: n('SELECT count(*) AS n FROM cosing_2026'),
          new_since_2021: n(
            `SELECT count(*) AS n FROM ingredients WHERE id >= ${COSING_2026_ID_OFFSET} AND id < ${COSING_2026_ID_OFFSET + 1_000_000}`,
          ),
          gone_since_2021: n(
            'SELECT count(*) AS n FROM ingredients WHERE cosing_ref_no IS NOT NULL AND id NOT IN (SELECT ingredient_id FROM ingredient_cosing_2026)',
          ),
        },
        // Every source with its market, date and officialness (db/source-catalogue.ts).
        sources: (
          db.query('SELECT name, file, source_date, rows_read, rows_used, rows_rejected FROM sources ORDER BY id').all() as Omit<
            StatsValue['sources'][number],
            'market' | 'title' | 'official' | 'note'
          >[]
        ).map((s) => {
          const info = sourceInfo(s.name)
          return {
            name: s.name,
            market: info.market,
            title: info.title,
            file: s.file,
            source_date: s.source_date,
            official: info.officialness === 'official',
            note: info.note,
            rows_read: s.rows_read,
            rows_used: s.rows_used,
            rows_rejected: s.rows_rejected,
          }
        }),
        schema_version: (db.query('PRAGMA user_version').get() as { user_version: number }).user_version,
        built_at: meta?.value ?? null,
      }
    }),

    /** Number of ingredients, counted on the first call (a full scan, ≈ 2–4 ms on the official data; the database is read-only). */
    ping(): number {
      ingredientCount ??= q.ping.get()!.n
      return ingredientCount
    },

    /**
     * Proves the database answers, in constant time (one row of one index), for /health.
     * @throws Error when the database cannot be read or holds no ingredient.
     */
    probe(): void {
      if (fn.probe.get()?.ok !== 1) throw new Error('database holds no ingredient')
    },

    /** The resolver itself (label analysis uses it directly). */
    resolver,
  }
}

export type IngredientService = ReturnType<typeof createIngredientService>

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
