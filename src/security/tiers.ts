/**
 * Plans (RapidAPI "tiers") — the one declarative table. A route's minimum plan, the
 * fields a plan sees, its page size, bulk/label size and requests per minute are all
 * decided here and nowhere else. To add a plan rule, edit PLANS or ROUTE_PLANS.
 *
 * Source of the plan name: RapidAPI adds `X-RapidAPI-Subscription` (BASIC, PRO, ULTRA,
 * MEGA) to every proxied request. It is trusted only after the proxy secret matched.
 */
// A leaf module: it imports nothing, so every layer may read the table without a cycle
// (plan-guard.ts enforces ROUTE_PLANS; routes project with projectIngredient).

export const PLAN_NAMES = ['BASIC', 'PRO', 'ULTRA', 'MEGA'] as const
export type Plan = (typeof PLAN_NAMES)[number]

export type PlanRules = Readonly<{
  /** Order of plans: a route needing PRO is open to PRO, ULTRA, MEGA. */
  rank: number
  /** Requests per minute per consumer (every request counts, failed ones too). */
  requestsPerMinute: number
  /** Maximum `limit` of a paginated list; also the default. */
  pageSize: number
  /** Search on this plan: exact names and primary-name prefixes only, or every class (src/ingredients/search.ts). */
  searchMode: 'prefix' | 'full'
  /** Maximum names/CAS RNs in one bulk lookup (0: route not in plan). */
  bulkSize: number
  /** Maximum ingredients in one analysed label (0: route not in plan). */
  labelSize: number
  /** Largest JSON body of POST /v1/analyze and /v1/ingredients/lookup, bytes (≤ the input guard's 65,536). */
  bodyBytes: number
  /** Top-level ingredient fields in responses (names of the Ingredient record's keys). */
  fields: readonly IngredientField[]
  /** Top-level fields of a regulated substance (a rule's own record) in responses. */
  substanceFields: readonly SubstanceField[]
  /** Fields of each EU annex entry. */
  annexFields: readonly string[]
  /** Fields of each China STSC entry (`cn_entries`). */
  cnEntryFields: readonly string[]
}>

/*
 * Markets per plan (issue #13). Every plan sees every market's status — EU, KR and CN
 * (`cn_status`, `cn_inventory`: IECIC listed or a new ingredient in China) — because "is it
 * allowed / does it need registration" is the question every plan pays for (the market
 * leader gives China only from its third plan; we give the status on every plan, the entries
 * from PRO, the structured conditions from ULTRA — as for the EU annexes).
 */

/** Top-level fields of an ingredient answer that a plan may include. */
export type IngredientField = (typeof ALL_FIELDS)[number]
/** Top-level fields of a regulated-substance answer that a plan may include. */
export type SubstanceField = (typeof PRO_SUBSTANCE_FIELDS)[number]

// status_sources on every plan: which source each status comes from and whether it is official.
const CORE_FIELDS = [
  'kind',
  'id',
  'inci_name',
  'korean_name',
  'chinese_name',
  'cas_numbers',
  'ec_numbers',
  'functions',
  'eu_status',
  'kr_status',
  'cn_status',
  'cn_inventory',
  'eu_allergen',
  'cosing_2026',
  'status_sources',
] as const
const PRO_FIELDS = [
  ...CORE_FIELDS,
  'synonyms',
  'description',
  'korean_definition',
  'eu_annexes',
  'kr_rules',
  'cn_entries',
  'eu_allergen_thresholds',
] as const
const ALL_FIELDS = [...PRO_FIELDS, 'provenance'] as const
const CORE_SUBSTANCE_FIELDS = [
  'kind',
  'id',
  'name',
  'korean_name',
  'is_group',
  'cas_numbers',
  'ec_numbers',
  'eu_status',
  'kr_status',
  'cn_status',
  'status_sources',
  'linked_ingredients',
] as const
const PRO_SUBSTANCE_FIELDS = [...CORE_SUBSTANCE_FIELDS, 'names', 'eu_annexes', 'kr_rules', 'cn_entries'] as const
const PRO_ANNEX_FIELDS = ['annex', 'reference_number', 'chemical_name', 'product_type', 'max_concentration'] as const
const ALL_ANNEX_FIELDS = [
  ...PRO_ANNEX_FIELDS,
  'glossary_name',
  'other',
  'conditions',
  'colour',
  'regulation',
  'update_date',
  'matched_by',
] as const

const PRO_CN_ENTRY_FIELDS = [
  'table',
  'table_no',
  'serial',
  'name',
  'english_name',
  'status',
  'effective_from',
  'scope',
  'max_concentration',
  'source',
  'source_date',
  'official',
  'note',
] as const
const ALL_CN_ENTRY_FIELDS = [
  ...PRO_CN_ENTRY_FIELDS,
  'other_limits',
  'label_warnings',
  'remark',
  'conditions',
  'moved_to_prohibited',
  'moved_from',
  'compiler_added',
  'matched_by',
] as const

export const PLANS: Readonly<Record<Plan, PlanRules>> = Object.freeze({
  BASIC: {
    rank: 0,
    requestsPerMinute: 60,
    pageSize: 10,
    searchMode: 'prefix',
    bulkSize: 0,
    labelSize: 0,
    bodyBytes: 0,
    fields: CORE_FIELDS,
    substanceFields: CORE_SUBSTANCE_FIELDS,
    annexFields: [],
    cnEntryFields: [],
  },
  PRO: {
    rank: 1,
    requestsPerMinute: 300,
    pageSize: 50,
    searchMode: 'full',
    bulkSize: 50,
    labelSize: 60,
    bodyBytes: 16_384,
    fields: PRO_FIELDS,
    substanceFields: PRO_SUBSTANCE_FIELDS,
    annexFields: PRO_ANNEX_FIELDS,
    cnEntryFields: PRO_CN_ENTRY_FIELDS,
  },
  ULTRA: {
    rank: 2,
    requestsPerMinute: 1_200,
    pageSize: 100,
    searchMode: 'full',
    bulkSize: 200,
    labelSize: 150,
    bodyBytes: 32_768,
    fields: ALL_FIELDS,
    substanceFields: PRO_SUBSTANCE_FIELDS,
    annexFields: ALL_ANNEX_FIELDS,
    cnEntryFields: ALL_CN_ENTRY_FIELDS,
  },
  MEGA: {
    rank: 3,
    requestsPerMinute: 6_000,
    pageSize: 100,
    searchMode: 'full',
    bulkSize: 500,
    labelSize: 300,
    bodyBytes: 65_536,
    fields: ALL_FIELDS,
    substanceFields: PRO_SUBSTANCE_FIELDS,
    annexFields: ALL_ANNEX_FIELDS,
    cnEntryFields: ALL_CN_ENTRY_FIELDS,
  },
})

/**
 * Minimum plan per route ("METHOD pattern" as Elysia names it). Routes absent here need
 * no plan beyond the proxy secret (/health, /docs).
 */
export const ROUTE_PLANS: Readonly<Record<string, Plan>> = Object.freeze({
  'GET /v1/ingredients/inci': 'BASIC',
  'GET /v1/ingredients/korean': 'BASIC',
  'GET /v1/ingredients/chinese': 'BASIC',
  'GET /v1/ingredients/cas/:cas': 'BASIC',
  'GET /v1/ingredients/:id': 'BASIC',
  // BASIC: exact names and name prefixes, small pages (PLANS.searchMode, pageSize); PRO+: every class.
  'GET /v1/ingredients/search': 'BASIC',
  'GET /v1/functions': 'BASIC',
  'GET /v1/functions/:name/ingredients': 'PRO',
  'GET /v1/stats': 'BASIC',
  'POST /v1/analyze': 'PRO',
  'POST /v1/ingredients/lookup': 'PRO',
})

const BY_HEADER: ReadonlyMap<string, Plan> = new Map(PLAN_NAMES.map((p) => [p, p]))

/**
 * Checks that every /v1 route of an app has a plan in ROUTE_PLANS, so a new endpoint
 * cannot ship open to every plan by omission.
 * @throws Error at build time naming the routes without a plan.
 */
export function assertRoutePlans(routes: readonly { method: string; path: string }[]): void {
  const missing = routes
    .filter((r) => r.path.startsWith('/v1/') && ROUTE_PLANS[`${r.method} ${r.path}`] === undefined)
    .map((r) => `${r.method} ${r.path}`)
  if (missing.length > 0) throw new Error(`ROUTE_PLANS has no plan for: ${missing.join(', ')}`)
}

/** Plan from the `X-RapidAPI-Subscription` value, case-insensitive; anything else → BASIC. */
export function planFromHeader(value: string | null): Plan {
  if (value === null) return 'BASIC'
  // RapidAPI sends the names in capitals; only other spellings pay for trim + upper-case.
  return BY_HEADER.get(value) ?? BY_HEADER.get(value.trim().toUpperCase()) ?? 'BASIC'
}

/** True when `plan` may call a route that needs `required`. */
export function planAllows(plan: Plan, required: Plan): boolean {
  return PLANS[plan].rank >= PLANS[required].rank
}

/**
 * The ingredient or regulated substance (`kind`) as `plan` may see it: fields above the
 * plan are absent (not null).
 */
export function projectIngredient<T extends { kind: string; eu_annexes: readonly object[] }>(record: T, plan: Plan): Partial<T> {
  const rules = PLANS[plan]
  const out: Record<string, unknown> = {}
  const fields: readonly string[] = record.kind === 'regulated_substance' ? rules.substanceFields : rules.fields
  const source = record as unknown as Record<string, unknown>
  for (const f of fields) {
    if (f === 'eu_annexes') {
      out[f] = record.eu_annexes.map((e) => pick(e as Record<string, unknown>, rules.annexFields))
    } else if (f === 'cn_entries' && Array.isArray(source.cn_entries)) {
      out[f] = (source.cn_entries as Record<string, unknown>[]).map((e) => pick(e, rules.cnEntryFields))
    } else {
      out[f] = source[f]
    }
  }
  return out as Partial<T>
}

function pick(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of keys) out[k] = obj[k]
  return out
}
