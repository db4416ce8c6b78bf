/**
 * Request and response schemas (zod). Requests are validated with these at the edge of
 * each route; responses are described with them in the OpenAPI document (not validated
 * per request: the service builds them from typed rows).
 */
import { z } from 'zod'

const text = (max: number, example: string, description: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be given once, as text') })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((s) => s.trim().length > 0, { error: 'must not be blank' })
    .meta({ description, examples: [example] })

/**
 * Longest `q`, in characters: every name in the database fits (the longest, a CosIng INCI
 * name, has 1,991 characters in the official data; the longest Korean name 528). The
 * request's query string is also capped in bytes (security/input-guard.ts).
 */
export const Q_MAX_CHARS = 2_000

export const InciQuery = z.object({
  q: text(Q_MAX_CHARS, 'Glycerin', 'INCI name, English name or English synonym; case, spacing and Unicode form do not matter.'),
})

export const KoreanQuery = z.object({
  q: text(Q_MAX_CHARS, '나이아신아마이드', 'Korean standard name (표준명) or Korean synonym (이명), exact.'),
})

export const CasParams = z.object({
  cas: z
    .string()
    .max(20, { error: 'must be at most 20 characters' })
    .meta({ description: 'CAS Registry Number; the check digit is verified.', examples: ['56-81-5'] }),
})

export const IdParams = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, { error: 'must be a positive whole number (the ingredient id)' })
    .meta({ description: 'Ingredient id (stable across rebuilds; CosIng Ref No for CosIng ingredients).', examples: ['35499'] })
    .transform(Number),
})

const limit = z
  .string()
  .regex(/^\d{1,4}$/, { error: 'must be a whole number from 1 to your plan’s page size' })
  .meta({ description: 'Items per page; at most your plan’s page size (PRO 50, ULTRA/MEGA 100), which is also the default.', examples: ['20'] })
  .transform(Number)
  .pipe(z.number().int().min(1, { error: 'must be at least 1' }))
  .optional()

const cursor = z
  .string()
  .max(64, { error: 'is too long' })
  .regex(/^[A-Za-z0-9_.-]+$/, { error: 'must be a cursor returned by this API' })
  .meta({ description: 'Opaque `next_cursor` from the previous page; omit for the first page.', examples: ['k3x9a1.1.2.4711'] })
  .optional()

export const SearchQuery = z.object({
  q: text(Q_MAX_CHARS, 'hyaluron', 'Part of an English or Korean name; every character is literal (% _ " * \\ included).'),
  limit,
  cursor,
})

export const FunctionParams = z.object({
  name: z
    .string()
    .min(1)
    .max(100, { error: 'must be at most 100 characters' })
    .meta({ description: 'CosIng function, case-insensitive.', examples: ['HUMECTANT'] }),
})

export const PageQuery = z.object({ limit, cursor })

// ---- records and responses ----

export const EuStatus = z
  .enum(['prohibited', 'restricted', 'allowed_with_conditions', 'not_listed', 'not_in_cosing'])
  .meta({ description: 'Annex II → prohibited, III → restricted, IV–VI → allowed_with_conditions; not_listed: no annex entry names it (never read as "safe"); not_in_cosing: known only from MFDS' })
export const KrStatus = z
  .enum(['prohibited', 'restricted', 'not_listed'])
  .meta({ description: '별표1 → prohibited, 별표2 → restricted (also when both lists name it); not_listed: neither list names it' })

export const StatusSource = z
  .object({
    source: z.string().meta({ examples: ['cosing_annexes'] }),
    source_date: z.string().nullable().meta({ description: 'ISO date of the data' }),
    official: z.boolean().meta({ description: 'false: a secondary source (a transcription or consolidation)' }),
    note: z.string().optional(),
  })
  .meta({ description: 'Where a status comes from and how official that source is. Every plan.' })

export const StatusSources = z.object({ eu: StatusSource, kr: StatusSource })

export const AnnexEntry = z
  .object({
    annex: z.enum(['II', 'III', 'IV', 'V', 'VI']),
    reference_number: z.string().meta({ examples: ['98'] }),
    chemical_name: z.string().nullable(),
    product_type: z.string().nullable(),
    max_concentration: z.string().nullable(),
    glossary_name: z.string().nullable().optional().meta({ description: 'ULTRA+' }),
    other: z.string().nullable().optional().meta({ description: 'ULTRA+' }),
    conditions: z.string().nullable().optional().meta({ description: 'Wording of conditions of use and warnings. ULTRA+' }),
    colour: z.string().nullable().optional().meta({ description: 'Annex IV only. ULTRA+' }),
    regulation: z.string().nullable().optional().meta({ description: 'ULTRA+' }),
    update_date: z.string().nullable().optional().meta({ description: 'ISO date. ULTRA+' }),
    matched_by: z.string().optional().meta({ description: 'How the annex row was linked. ULTRA+' }),
  })
  .meta({ description: 'A row of EU Regulation (EC) No 1223/2009 Annex II–VI (CosIng export).' })

export const KrEntry = z.object({
  list: z.enum(['별표1', '별표2']),
  status: z.enum(['prohibited', 'restricted']),
  name_ko: z.string(),
  name_en: z.string().nullable(),
  category: z.string().nullable(),
  max_limit: z.string().nullable(),
  matched_by: z.string(),
})

export const KrRules = z
  .object({ note: z.string(), entries: z.array(KrEntry) })
  .meta({ description: 'Korean 별표1/별표2 rows (unofficial transcription). PRO+' })

export const Ingredient = z
  .object({
    kind: z.literal('ingredient').meta({ description: 'An inventory ingredient (CosIng, MFDS)' }),
    id: z.number().int().meta({ examples: [35499] }),
    inci_name: z.string().nullable().meta({ examples: ['NIACINAMIDE'] }),
    korean_name: z.string().nullable().meta({ description: 'MFDS 표준명', examples: ['나이아신아마이드'] }),
    cas_numbers: z.array(z.string()).meta({ examples: [['98-92-0']] }),
    ec_numbers: z.array(z.string()),
    functions: z.array(z.string()).meta({ description: 'CosIng functions', examples: [['SMOOTHING']] }),
    eu_status: EuStatus,
    kr_status: KrStatus,
    status_sources: StatusSources,
    synonyms: z.object({ english: z.array(z.string()), korean: z.array(z.string()) }).optional().meta({ description: 'PRO+' }),
    description: z.string().nullable().optional().meta({ description: 'CosIng description. PRO+' }),
    korean_definition: z.string().nullable().optional().meta({ description: 'MFDS 기원및정의. PRO+' }),
    eu_annexes: z.array(AnnexEntry).optional().meta({ description: 'PRO+ (conditions and warnings ULTRA+)' }),
    kr_rules: KrRules.optional(),
    provenance: z
      .object({
        cosing_ref_no: z.number().nullable(),
        cosing_update_date: z.string().nullable(),
        cosing_restriction: z.string().nullable(),
        mfds_no: z.number().nullable(),
        sources: z.array(z.string()),
      })
      .optional()
      .meta({ description: 'ULTRA+' }),
  })
  .meta({ description: 'Fields above your plan are absent.' })

export const RegulatedSubstance = z
  .object({
    kind: z.literal('regulated_substance').meta({ description: 'A substance named by a rule (EU annex entry, Korean rule row) that no single inventory ingredient stands for' }),
    id: z.number().int().meta({ examples: [2200223] }),
    name: z.string().meta({ description: 'The rule’s English name as printed', examples: ['Mercury and its compounds'] }),
    korean_name: z.string().nullable().meta({ description: 'The Korean rule’s name as printed' }),
    is_group: z.boolean().meta({ description: 'The rule names a group ("… and its salts") or several substances' }),
    cas_numbers: z.array(z.string()),
    ec_numbers: z.array(z.string()),
    eu_status: EuStatus,
    kr_status: KrStatus,
    status_sources: StatusSources,
    linked_ingredients: z
      .array(z.object({ id: z.number().int(), inci_name: z.string().nullable(), korean_name: z.string().nullable() }))
      .meta({ description: 'Inventory ingredients the rule rows are linked to (group members included)' }),
    names: z.array(z.string()).optional().meta({ description: 'Its own names. PRO+' }),
    eu_annexes: z.array(AnnexEntry).optional().meta({ description: 'PRO+ (conditions and warnings ULTRA+)' }),
    kr_rules: KrRules.optional(),
  })
  .meta({ description: 'Fields above your plan are absent.' })

/** What a name resolves to: an ingredient or a regulated substance. */
export const Target = z.discriminatedUnion('kind', [Ingredient, RegulatedSubstance])

/** The full records the service builds (every field present; plans then remove some). */
export type IngredientRecord = Required<z.output<typeof Ingredient>>
export type SubstanceRecord = Required<z.output<typeof RegulatedSubstance>>
export type TargetRecord = IngredientRecord | SubstanceRecord
export type AnnexEntryRecord = Required<z.output<typeof AnnexEntry>>
export type KrEntryRecord = z.output<typeof KrEntry>
export type EuStatusValue = z.output<typeof EuStatus>
export type KrStatusValue = z.output<typeof KrStatus>
export type StatusSourcesValue = z.output<typeof StatusSources>

/**
 * How a name matched, in the order the resolver tries: `exact` (an INCI name, a Korean
 * standard name, a rule's own name, a CAS RN), `synonym`, `label` (a label spelling),
 * `variant` (a Korean orthographic variant), `common_name` (the curated table), `fuzzy`
 * (a typo), `none`.
 */
export const MatchKind = z.enum(['exact', 'synonym', 'label', 'variant', 'common_name', 'fuzzy', 'none'])
export type MatchKindValue = z.output<typeof MatchKind>

export const Candidate = z
  .object({
    kind: z.enum(['ingredient', 'regulated_substance']),
    id: z.number().int(),
    name: z.string().nullable().meta({ description: 'INCI name, or the rule’s name' }),
    korean_name: z.string().nullable(),
    matched_name: z.string(),
    confidence: z.number().min(0).max(1),
  })
  .meta({ description: 'A possible match when the answer is ambiguous or fuzzy.' })

/** The resolver's answer for one name (src/ingredients/resolver.ts). */
export const Resolution = z.object({
  query: z.string(),
  match: MatchKind,
  rule: z
    .string()
    .nullable()
    .meta({ description: 'Which rule matched, e.g. "inci_name", "inn", "mfds_synonym", "label_without_parentheses", "korean_spelling", "common_name", "edit_distance", "cas_number"' }),
  confidence: z.number().min(0).max(1).meta({ description: '1 exact … 0 none' }),
  matched_name: z.string().nullable().meta({ description: 'The stored name that matched' }),
  note: z.string().nullable().meta({ description: 'Why a common name maps as it does (the curated table’s reason)' }),
  target: Target.nullable().meta({ description: 'The one match, or null when none or ambiguous (see targets)' }),
  targets: z.array(Target).meta({ description: 'Every record the winning rule found' }),
  candidates: z.array(Candidate),
})
export type ResolutionValue = Omit<z.output<typeof Resolution>, 'target' | 'targets'> & {
  target: TargetRecord | null
  targets: TargetRecord[]
}

export const IngredientList = z.object({
  query: z.string(),
  match: MatchKind.optional().meta({ description: 'Name look-ups: how the name matched (see Resolution)' }),
  rule: z.string().nullable().optional(),
  matched_name: z.string().nullable().optional(),
  confidence: z.number().optional(),
  note: z.string().nullable().optional(),
  candidates: z.array(Candidate).optional(),
  count: z.number().int(),
  results: z.array(Target),
})

export const SearchItem = z.object({
  kind: z.enum(['ingredient', 'regulated_substance']),
  id: z.number().int(),
  inci_name: z.string().nullable().meta({ description: 'INCI name, or the rule’s name for a regulated substance' }),
  korean_name: z.string().nullable(),
  match: z.enum(['exact', 'prefix', 'word_start', 'substring']),
  matched_name: z.string(),
  eu_status: EuStatus,
  kr_status: KrStatus,
})
export type SearchItemValue = z.output<typeof SearchItem>

export const SearchPage = z.object({
  query: z.string(),
  total: z.number().int(),
  total_is_estimate: z.boolean().meta({ description: 'true: total is approximate (a very common substring: counted over names, capped at 2,000)' }),
  results: z.array(SearchItem),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: 'Cursor of the next page; null at the end. A page may hold fewer items than `limit` (bounded work per request): follow the cursor until null.' }),
})
export type SearchPageValue = z.output<typeof SearchPage>

export const FunctionItem = z.object({
  id: z.number().int(),
  inci_name: z.string().nullable(),
  korean_name: z.string().nullable(),
})
export type FunctionItemValue = z.output<typeof FunctionItem>

export const FunctionPage = z.object({
  function: z.string(),
  total: z.number().int(),
  results: z.array(FunctionItem),
  next_cursor: z.string().nullable(),
})
export type FunctionPageValue = z.output<typeof FunctionPage>

export type FunctionListValue = z.output<typeof FunctionList>
export const FunctionList = z.object({
  count: z.number().int(),
  results: z.array(z.object({ name: z.string(), ingredient_count: z.number().int() })),
})

export const Stats = z.object({
  regulated_substances: z.number().int(),
  ingredients: z.number().int(),
  with_korean_name: z.number().int(),
  with_cas: z.number().int(),
  functions: z.number().int(),
  eu_annex_entries: z.record(z.string(), z.number().int()),
  kr_rules: z.object({ prohibited: z.number().int(), restricted: z.number().int() }),
  sources: z.array(
    z.object({
      name: z.string(),
      file: z.string(),
      source_date: z.string().nullable(),
      rows_read: z.number().int(),
      rows_used: z.number().int(),
      rows_rejected: z.number().int(),
    }),
  ),
  schema_version: z.number().int(),
  built_at: z.string().nullable(),
})

export const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  version: z.string(),
  uptime_s: z.number(),
  ingredients: z.number().int().nullable(),
})

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    request_id: z.string(),
    errors: z.array(z.object({ parameter: z.string(), message: z.string() })).optional(),
    required_plan: z.string().optional(),
  })
  .meta({ description: 'RFC 9457 problem details (application/problem+json).' })

export type StatsValue = z.output<typeof Stats>
