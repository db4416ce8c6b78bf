/**
 * The ingredient endpoints: thin controllers. Each validates its input with a schema from
 * model.ts, calls the service with plain values and projects the result to the caller's
 * plan (security/tiers.ts). The plan a route needs is in ROUTE_PLANS, not here.
 */
import { Elysia } from 'elysia'
import type { z } from 'zod'
import { requireOption } from '../config-error.ts'
import { lazyJsonSchema } from '../docs-schema.ts'
import { ProblemError } from '../errors.ts'
import { pluginSeed } from '../plugin-seed.ts'
import { queryOf, requestFacts } from '../request-context.ts'
import { type openApiParameters, validInput, validQuery, withParameters } from '../route-input.ts'
import { JSON_CONTENT_TYPE } from '../security/headers.ts'
import { PLANS, type Plan, projectIngredient, ROUTE_PLANS } from '../security/tiers.ts'
import { utcToday } from '../today.ts'
import { type AnswerCache, createAnswerCache } from './answer-cache.ts'
import { cnStatusOn } from './china.ts'
import type { CnEntryValue, ResolutionValue, TargetRecord } from './model.ts'
import * as M from './model.ts'
import type { IngredientService } from './service.ts'

/** OpenAPI `responses` for a route: 200 schema plus the problems it can return. */
function responses(ok: z.ZodType, problems: Record<number, string>) {
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
  return {
    200: {
      description: 'OK',
      content: { 'application/json': lazyJsonSchema(ok) },
    },
    ...Object.fromEntries(Object.entries(problems).map(([status, description]) => [status, { description, content: problem }])),
    403: { description: 'Wrong proxy secret, or the route needs a higher plan', content: problem },
    429: { description: 'Rate limit exceeded; see Retry-After', content: problem },
  }
}

function describe(
  route: string,
  summary: string,
  description: string,
  ok: z.ZodType,
  problems: Record<number, string>,
  input: Parameters<typeof openApiParameters>[0] = {},
) {
  const plan = ROUTE_PLANS[route]
  return withParameters(
    {
      summary,
      description: `${description}\n\nPlan: ${plan ?? 'any'}+.`,
      tags: ['ingredients'],
      responses: responses(ok, problems),
      'x-required-plan': plan,
    } as Record<string, unknown>,
    input,
  )
}

/**
 * The answer of a GET route as JSON text: from `cache` when this plan asked exactly this
 * path and query today, else `build(plan)` serialized and kept (answer-cache.ts says why
 * that is sound). Runs inside the handler, so the edge and the schemas have already passed
 * the request; a thrown ProblemError (404, 400) is never cached.
 */
function answer(cache: AnswerCache, request: Request, set: { headers: Record<string, unknown> }, build: (plan: Plan) => unknown): string {
  const f = requestFacts(request)
  const key = `${f.plan} ${utcToday()} ${f.path}?${queryOf(request, f)}`
  let body = cache.get(key)
  if (body === undefined) {
    body = JSON.stringify(build(f.plan))
    cache.set(key, body)
  }
  set.headers['content-type'] = JSON_CONTENT_TYPE
  return body
}

type EuOn = (id: number, inCosing: boolean, date: string) => string

/**
 * The record as `plan` sees it, with its China status on `date` (cn_entries carry their start
 * dates) and, when `as_of` was given, its EU status on that date (annex entries with a date
 * from which they apply).
 */
function project(t: TargetRecord, plan: Plan, date: string, euOn?: EuOn) {
  const out = projectIngredient(t, plan) as Record<string, unknown>
  if ('cn_status' in out) out.cn_status = cnStatusOn(t.cn_entries, date)
  if (t.kind === 'ingredient' && euOn && t.eu_status !== 'not_in_cosing') out.eu_status = euOn(t.id, true, date)
  return out
}

function list(query: string, found: readonly TargetRecord[], plan: Plan, asOf?: string, euOn?: EuOn) {
  const date = asOf ?? utcToday()
  return {
    query,
    ...(asOf ? { as_of: asOf } : {}),
    count: found.length,
    results: found.map((i) => project(i, plan, date, asOf ? euOn : undefined)),
  }
}

/** A name look-up's answer: how it matched, then the records (projected to the plan, statuses on `asOf`). */
function resolution(r: ResolutionValue, plan: Plan, asOf?: string, euOn?: EuOn) {
  const date = asOf ?? utcToday()
  return {
    query: r.query,
    ...(asOf ? { as_of: asOf } : {}),
    match: r.match,
    rule: r.rule,
    matched_name: r.matched_name,
    confidence: r.confidence,
    note: r.note,
    candidates: r.candidates,
    count: r.targets.length,
    results: r.targets.map((t) => project(t, plan, date, asOf ? euOn : undefined)),
  }
}

/**
 * Adds `cn_unlinked` (China table rows and IECIC entries no ingredient is linked to), fields by
 * plan — leaving out the rows a regulated substance of the answer (`found`) already carries
 * in its `cn_entries` where the plan sees them (PRO+), so no row is listed twice.
 */
function withUnlinked<T extends object>(
  answer: T,
  all: { entries: CnEntryValue[]; inventory: object[] },
  plan: Plan,
  found: readonly TargetRecord[] = [],
) {
  // Only where the plan sees `cn_entries`: on BASIC the row stays listed here, its one trace.
  const shown = (PLANS[plan].substanceFields as readonly string[]).includes('cn_entries')
  const carried = new Set(shown ? found.flatMap((r) => (r.kind === 'regulated_substance' ? r.cn_entries.map(entryKey) : [])) : [])
  const unlinked = carried.size === 0 ? all : { ...all, entries: all.entries.filter((e) => !carried.has(entryKey(e))) }
  if (unlinked.entries.length === 0 && unlinked.inventory.length === 0) return answer
  const fields = PLANS[plan].cnEntryFields.length ? PLANS[plan].cnEntryFields : BASIC_CN_ENTRY_FIELDS
  return {
    ...answer,
    cn_unlinked: {
      entries: unlinked.entries.map((e) => Object.fromEntries(fields.map((f) => [f, (e as Record<string, unknown>)[f]]))),
      inventory: unlinked.inventory,
    },
  }
}

/** One STSC row's identity in an answer: table, serial and name (a serial may hold several substances). */
const entryKey = (e: Pick<CnEntryValue, 'table_no' | 'serial' | 'name'>) => `${e.table_no}\t${e.serial}\t${e.name}`

/** What BASIC sees of an unlinked China table row: enough to know it is there and what it says. */
const BASIC_CN_ENTRY_FIELDS = ['table_no', 'serial', 'name', 'status', 'effective_from', 'note'] as const

/**
 * Checks `limit` against the plan's page size.
 * @throws ProblemError invalid_parameter (400) naming the maximum.
 */
function pageLimit(limit: number | undefined, plan: Plan): number {
  const max = PLANS[plan].pageSize
  if (limit === undefined) return max
  if (limit > max) {
    throw new ProblemError('invalid_parameter', `limit must be at most ${max} on the ${plan} plan.`, {
      errors: [{ parameter: 'limit', message: `must be from 1 to ${max}` }],
    })
  }
  return limit
}

/**
 * Registers the ingredient, function and stats routes over `service`.
 * @throws ConfigError when `service` is not an ingredient service (checked when the app is built).
 */
export function ingredientRoutes(service: IngredientService) {
  requireOption(
    typeof service?.byId === 'function' && typeof service.search === 'function',
    'ingredientRoutes',
    'service',
    'must be an ingredient service (createIngredientService)',
  )
  const answers = createAnswerCache()
  /** A name look-up route's handler: `q` (and `as_of`) validated by `schema`, resolved by `lookup`. */
  const nameLookup =
    (schema: typeof M.InciQuery, lookup: (q: string) => ResolutionValue) =>
    ({ request, set }: { request: Request; set: { headers: Record<string, unknown> } }) =>
      answer(answers, request, set, (plan) => {
        const query = validQuery(schema, request)
        return resolution(lookup(query.q), plan, query.as_of, service.euStatusOn)
      })
  return new Elysia({ name: 'ingredients.routes', seed: pluginSeed(service) })
    .get('/v1/ingredients/inci', nameLookup(M.InciQuery, service.byEnglishName), {
      detail: describe(
        'GET /v1/ingredients/inci',
        'Look up by INCI or English name',
        'Resolves an English name: INCI names and the names of regulated substances (`exact`), synonyms — CosIng INN and Ph. Eur. names, MFDS English names, names in CosIng descriptions, rule names (`synonym`), label spellings — "Water (Aqua)", "CI77891", "Glycerin*", "Water/Aqua" (`label`), the curated common names — "Vitamin E", "Shea Butter", "Iron Oxides" (`common_name`, with its reason in `note`), typos (`fuzzy`, with `candidates`). `rule`, `matched_name` and `confidence` say how. A result is an ingredient or a regulated substance (`kind`); a regulated substance appears when no ingredient found carries its rules, so a prohibition is never hidden. `q` takes up to 2,000 characters (every name in the database).',
        M.IngredientList,
        { 400: 'Missing or invalid q' },
        { query: M.InciQuery },
      ),
    })
    .get('/v1/ingredients/korean', nameLookup(M.KoreanQuery, service.byKoreanName), {
      detail: describe(
        'GET /v1/ingredients/korean',
        'Look up by Korean standard name',
        'Resolves a Korean name: MFDS Korean standard names (표준명) and the Korean rules’ own names (`exact`), 이명 (`synonym`), spacing ("부틸렌 글라이콜", `label`), older spellings — 메칠/메틸, 에칠/에틸, 히드로/하이드로, 디/다이, 실록산/실록세인, 치오/티오 (`variant`) — and typos (`fuzzy`). `rule`, `matched_name` and `confidence` say how.',
        M.IngredientList,
        { 400: 'Missing or invalid q' },
        { query: M.KoreanQuery },
      ),
    })
    .get(
      '/v1/ingredients/chinese',
      ({ request, set }) =>
        answer(answers, request, set, (plan) => {
          const query = validQuery(M.ChineseQuery, request)
          // Rows of the Chinese tables that joined no ingredient stay reachable by their own names.
          const r = service.byChineseName(query.q)
          return withUnlinked(resolution(r, plan, query.as_of, service.euStatusOn), service.cnUnlinked(query.q), plan, r.targets)
        }),
      {
        detail: describe(
          'GET /v1/ingredients/chinese',
          'Look up by Chinese name',
          'Resolves a Chinese name: the IECIC standard name (`exact`, rule `cn_name`), former names of the 2025 adjustments (`cn_former_name`) and the STSC tables’ Chinese names and synonyms (`cn_stsc_name`, `synonym`); full-width punctuation and spaces do not matter (`label`). Each result carries `cn_inventory` (IECIC serial and historical use, or `not_listed`: a new ingredient in China) and `cn_status` on `as_of` (default today). Table rows and inventory entries that no ingredient is linked to are listed in `cn_unlinked`, so a prohibition is never hidden (from PRO, not the rows a returned regulated substance already lists in its `cn_entries`).',
          M.IngredientList,
          { 400: 'Missing or invalid q or as_of' },
          { query: M.ChineseQuery },
        ),
      },
    )
    .get(
      '/v1/ingredients/cas/:cas',
      ({ params: raw, request, set }) =>
        answer(answers, request, set, (plan) => {
          const params = validInput(M.CasParams, raw)
          const query = validQuery(M.AsOfQuery, request)
          const found = service.byCas(params.cas)
          // A China table row with this CAS RN that joined no ingredient: never hidden behind a 404.
          const unlinked = service.cnUnlinkedByCas(params.cas)
          if (found.length === 0 && unlinked.entries.length === 0)
            throw new ProblemError('ingredient_not_found', 'No ingredient or regulated substance has that CAS Registry Number.')
          return withUnlinked(list(params.cas.trim(), found, plan, query.as_of, service.euStatusOn), unlinked, plan, found)
        }),
      {
        detail: describe(
          'GET /v1/ingredients/cas/:cas',
          'Look up by CAS Registry Number',
          'All ingredients and regulated substances carrying the CAS RN (a substance with its China STSC rows in `cn_entries` from PRO), and (`cn_unlinked`) the other China table rows with it that no ingredient is linked to. A CAS RN with a wrong check digit is a 400.',
          M.IngredientList,
          { 400: 'Not a CAS RN, or wrong check digit', 404: 'No ingredient has that CAS RN' },
          { params: M.CasParams, query: M.AsOfQuery },
        ),
      },
    )
    .get(
      '/v1/ingredients/search',
      ({ request, set }) =>
        answer(answers, request, set, (plan) => {
          const query = validQuery(M.SearchQuery, request)
          return service.search(query.q, pageLimit(query.limit, plan), query.cursor, PLANS[plan].searchMode)
        }),
      {
        detail: describe(
          'GET /v1/ingredients/search',
          'Partial-name search',
          'Partial match over every English and Korean name of ingredients and regulated substances. Order: exact name, then primary-name prefix, then word start, then substring; within each, commonly used ingredients first (a commonness rank computed at import). Each item says how it matched (`match`, `matched_name`) and its `eu_status` and `kr_status`; `total` counts every match (`total_is_estimate` when it is approximate). BASIC: exact names and name prefixes, pages of 10; PRO+: every class. 1–2 characters match starts of names and words (two Korean characters also anywhere); 3 or more anywhere. `%`, `_`, `"`, `*` are literal. Paginate with `cursor` (valid for the data build that issued it; a page may be short when the request’s bounded scan ran out; follow the cursor until null: every list can be walked to its end).',
          M.SearchPage,
          { 400: 'Invalid q, limit or cursor' },
          { query: M.SearchQuery },
        ),
      },
    )
    .get(
      '/v1/ingredients/:id',
      ({ params: raw, request, set }) =>
        answer(answers, request, set, (plan) => {
          const params = validInput(M.IdParams, raw)
          const query = validQuery(M.AsOfQuery, request)
          const found = service.byId(params.id)
          if (!found) throw new ProblemError('ingredient_not_found', 'No ingredient or regulated substance has that id.')
          return project(found, plan, query.as_of ?? utcToday(), query.as_of ? service.euStatusOn : undefined)
        }),
      {
        detail: describe(
          'GET /v1/ingredients/:id',
          'Get an ingredient by id',
          'An ingredient or (ids from 2,000,000) a regulated substance. Ids are stable across database rebuilds.',
          M.Target,
          { 400: 'Not an id', 404: 'Unknown id' },
          { params: M.IdParams, query: M.AsOfQuery },
        ),
      },
    )
    .get(
      '/v1/functions',
      () => {
        const results = service.listFunctions()
        return { count: results.length, results }
      },
      {
        detail: describe(
          'GET /v1/functions',
          'List CosIng functions',
          'Every CosIng function with the number of ingredients that have it.',
          M.FunctionList,
          {},
        ),
      },
    )
    .get(
      '/v1/functions/:name/ingredients',
      ({ params: raw, request, set }) =>
        answer(answers, request, set, (plan) => {
          const params = validInput(M.FunctionParams, raw)
          const query = validQuery(M.PageQuery, request)
          return service.functionIngredients(params.name, pageLimit(query.limit, plan), query.cursor)
        }),
      {
        detail: describe(
          'GET /v1/functions/:name/ingredients',
          'Ingredients with a function',
          'Ingredients having the CosIng function, commonly used ones first. Paginate with `cursor`: every list can be walked to its end.',
          M.FunctionPage,
          { 400: 'Invalid limit or cursor', 404: 'Unknown function' },
          { params: M.FunctionParams, query: M.PageQuery },
        ),
      },
    )
    .get('/v1/stats', () => service.stats(), {
      detail: describe('GET /v1/stats', 'Database statistics', 'Counts and source dates of the database in use.', M.Stats, {}),
    })
}
