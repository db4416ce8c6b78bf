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

/**
 * `as_of=YYYY-MM-DD`: statuses on that date instead of today (rules with a later start, e.g.
 * China's prohibited entries 1291–1297 from 2027/2028, are `upcoming` before it).
 */
export const AsOf = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date as YYYY-MM-DD' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    error: 'must be a real calendar date',
  })
  .optional()
  .meta({
    description: 'Answer for this date (YYYY-MM-DD) instead of today: rules with a later start date are `upcoming`.',
    examples: ['2028-06-01'],
  })

export const InciQuery = z.object({
  q: text(Q_MAX_CHARS, 'Glycerin', 'INCI name, English name or English synonym; case, spacing and Unicode form do not matter.'),
  as_of: AsOf,
})

export const KoreanQuery = z.object({
  q: text(Q_MAX_CHARS, '나이아신아마이드', 'Korean standard name (표준명) or Korean synonym (이명), exact.'),
  as_of: AsOf,
})

export const ChineseQuery = z.object({
  q: text(
    Q_MAX_CHARS,
    '烟酰胺',
    'Chinese standard name (IECIC 中文名称), a former name of 2025, or a Chinese name of the STSC tables; full-width punctuation and spaces do not matter.',
  ),
  as_of: AsOf,
})

export const AsOfQuery = z.object({ as_of: AsOf })

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
  .meta({
    description: 'Items per page; at most your plan’s page size (PRO 50, ULTRA/MEGA 100), which is also the default.',
    examples: ['20'],
  })
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

export const EuStatus = z.enum(['prohibited', 'restricted', 'allowed_with_conditions', 'upcoming', 'not_listed', 'not_in_cosing']).meta({
  description:
    'Annex II → prohibited, III → restricted, IV–VI → allowed_with_conditions; upcoming: only entries that apply from a date after `as_of` (given only with `as_of`); not_listed: no annex entry names it (never read as "safe"); not_in_cosing: known only from MFDS',
})
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

export const StatusSources = z.object({ eu: StatusSource, kr: StatusSource, cn: StatusSource.optional() })

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

// ---- China, EU as of 2026 (issue #13) ----

export const CnStatus = z.enum(['prohibited', 'restricted', 'allowed_with_conditions', 'upcoming', 'not_listed']).meta({
  description:
    'China, 化妆品安全技术规范 tables: 表2/表2-2 → prohibited; 表3 → restricted; 表4–7 (preservatives, UV filters, colorants, hair dyes: positive lists) → allowed_with_conditions; upcoming: an entry with a future start date (entries 1291–1297 start 2027/2028; see `as_of`); not_listed: no table names it (never read as "allowed")',
})

export const CnCondition = z.object({
  clause: z.string().nullable().meta({ description: 'Clause letter as printed ((a), (b) …)' }),
  scope: z.string().nullable().meta({ description: '使用范围 as printed (layout removed)' }),
  product_types: z.array(z.string()).meta({
    description:
      'Product types the scope names: leave_on, rinse_off, hair, skin, face, eye, lip, hand, body, nail, oral, spray, children, mucous_membrane, professional, hair_dye',
  }),
  not_for: z.array(z.string()).meta({ description: 'Product types excluded (禁用于…, 不得用于…)' }),
  max_percent: z.number().nullable().meta({ description: 'Maximum in the ready-for-use product, %' }),
  basis: z.string().nullable().meta({ description: 'What the maximum is calculated as (以…计), as printed' }),
  total: z.boolean().meta({ description: '总量: the maximum is for the sum of the group' }),
  ph_max: z.number().nullable(),
  ph_min: z.number().nullable(),
  not_for_children_under_3: z.boolean(),
  warnings: z.string().nullable().meta({ description: 'Label warning of the clause, as printed' }),
  applies_from: z.string().nullable().meta({ description: 'ISO date a revised clause applies from (修订后)' }),
  applies_until: z.string().nullable().meta({ description: 'ISO date the clause is replaced by a revision' }),
  parsed: z.boolean().meta({ description: 'False when the text held more than was read: use the raw text' }),
})

export const CnEntry = z
  .object({
    table: z.string().meta({ examples: ['restricted'] }),
    table_no: z.string().meta({ description: 'Table of the STSC', examples: ['表3'] }),
    serial: z.string().meta({ description: 'Entry number in the table', examples: ['8'] }),
    name: z.string().meta({ description: 'The table’s Chinese name', examples: ['水杨酸'] }),
    english_name: z.string().nullable(),
    status: z.enum(['prohibited', 'restricted', 'allowed_with_conditions']),
    effective_from: z.string().nullable().meta({ description: 'ISO date a prohibition starts, when in the future (NMPA 2026 No. 6)' }),
    scope: z.string().nullable(),
    max_concentration: z.string().nullable().meta({ description: 'As printed' }),
    other_limits: z.string().nullable().optional().meta({ description: 'ULTRA+' }),
    label_warnings: z.string().nullable().optional().meta({ description: 'ULTRA+' }),
    remark: z.string().nullable().optional().meta({ description: 'ULTRA+' }),
    conditions: z.array(CnCondition).optional().meta({ description: 'Structured where the text allows. ULTRA+' }),
    moved_to_prohibited: z.array(z.string()).optional().meta({ description: 'Prohibited-table serials the substance moved to. ULTRA+' }),
    moved_from: z.string().nullable().optional().meta({ description: 'ULTRA+' }),
    compiler_added: z.boolean().optional().meta({ description: 'The consolidation’s compiler added the row from another list. ULTRA+' }),
    matched_by: z.string().optional().meta({ description: 'How the table row was linked. ULTRA+' }),
    source: z.string(),
    source_date: z.string().nullable(),
    official: z.boolean(),
    note: z.string().meta({ examples: ['consolidated from NMPA tables; verify against the official text'] }),
  })
  .meta({ description: 'A row of China’s 化妆品安全技术规范 tables (consolidated to 2026-01, secondary).' })

export const CnInventory = z
  .object({
    status: z.enum(['listed', 'not_listed', 'unknown']).meta({
      description:
        'listed: in IECIC (已使用化妆品原料目录); not_listed: a new cosmetic ingredient in China — registration or notification needed; unknown: no INCI name to look up',
    }),
    catalog: z.enum(['I', 'II', 'new_ingredient']).nullable(),
    serial: z.number().int().nullable().meta({ description: 'IECIC serial (序号)' }),
    cn_name: z.string().nullable(),
    max_historical_use: z
      .object({
        rinse_off_percent: z.number().nullable(),
        leave_on_percent: z.number().nullable(),
        rinse_off_not_applicable: z.boolean(),
        leave_on_not_applicable: z.boolean(),
        note: z.string(),
      })
      .nullable()
      .meta({ description: 'Highest historical use in marketed products (IECIC 2021), %: facts, not limits' }),
    remark: z.string().nullable(),
    remark_flag: z.enum(['prohibited', 'planned_prohibited', 'use_per_stsc', 'former_name']).nullable(),
    adjust_date: z.string().nullable(),
    matched_by: z.string().nullable(),
    source: z.string(),
    source_date: z.string().nullable(),
    official: z.boolean(),
    note: z.string().nullable(),
  })
  .meta({ description: 'China’s Inventory of Existing Cosmetic Ingredients (IECIC)' })

export const EuAllergen = z
  .object({
    leave_on_percent: z.number(),
    rinse_off_percent: z.number(),
    annex_reference: z.string(),
    regulation: z.string(),
  })
  .meta({
    description:
      'EU fragrance allergen: to be named in the ingredient list above these concentrations (Annex III, Regulation (EU) 2023/1545)',
  })

export const Cosing2026 = z
  .object({
    status: z.enum(['listed', 'new_since_2021', 'gone_since_2021', 'not_in_cosing']).meta({
      description:
        'In the CosIng names of 2026-08; new_since_2021: known only by name and functions; gone_since_2021: renamed or deleted since the 2021 inventory',
    }),
    functions: z.array(z.string()).meta({ description: 'Functions in today’s CosIng nomenclature' }),
    source: z.string(),
    source_date: z.string().nullable(),
  })
  .meta({ description: 'CosIng as of 2026' })

export type CnStatusValue = z.output<typeof CnStatus>
/** A full STSC entry as the service builds it (every field present; plans then remove some). */
export type CnEntryValue = Required<z.output<typeof CnEntry>>
export type CnInventoryValue = z.output<typeof CnInventory>
export type EuAllergenValue = z.output<typeof EuAllergen>
export type Cosing2026Value = z.output<typeof Cosing2026>

export const Ingredient = z
  .object({
    kind: z.literal('ingredient').meta({ description: 'An inventory ingredient (CosIng, MFDS)' }),
    id: z
      .number()
      .int()
      .meta({ examples: [35499] }),
    inci_name: z
      .string()
      .nullable()
      .meta({ examples: ['NIACINAMIDE'] }),
    korean_name: z
      .string()
      .nullable()
      .meta({ description: 'MFDS 표준명', examples: ['나이아신아마이드'] }),
    cas_numbers: z.array(z.string()).meta({ examples: [['98-92-0']] }),
    ec_numbers: z.array(z.string()),
    functions: z.array(z.string()).meta({ description: 'CosIng functions', examples: [['SMOOTHING']] }),
    eu_status: EuStatus,
    kr_status: KrStatus,
    status_sources: StatusSources,
    chinese_name: z
      .string()
      .nullable()
      .meta({ description: 'IECIC standard Chinese name', examples: ['烟酰胺'] }),
    cn_inventory: CnInventory,
    cn_status: CnStatus,
    eu_allergen: z.boolean().meta({ description: 'An EU fragrance allergen (Annex III labelling duty)' }),
    eu_allergen_thresholds: EuAllergen.nullable(),
    cosing_2026: Cosing2026,
    synonyms: z
      .object({ english: z.array(z.string()), korean: z.array(z.string()), chinese: z.array(z.string()).optional() })
      .optional()
      .meta({ description: 'PRO+' }),
    cn_entries: z.array(CnEntry).optional().meta({ description: 'China STSC entries. PRO+ (structured conditions ULTRA+)' }),
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
    kind: z.literal('regulated_substance').meta({
      description: 'A substance named by a rule (EU annex entry, Korean rule row) that no single inventory ingredient stands for',
    }),
    id: z
      .number()
      .int()
      .meta({ examples: [2200223] }),
    name: z.string().meta({ description: 'The rule’s English name as printed', examples: ['Mercury and its compounds'] }),
    korean_name: z.string().nullable().meta({ description: 'The Korean rule’s name as printed' }),
    is_group: z.boolean().meta({ description: 'The rule names a group ("… and its salts") or several substances' }),
    cas_numbers: z.array(z.string()),
    ec_numbers: z.array(z.string()),
    eu_status: EuStatus,
    kr_status: KrStatus,
    status_sources: StatusSources,
    cn_status: CnStatus,
    linked_ingredients: z
      .array(z.object({ id: z.number().int(), inci_name: z.string().nullable(), korean_name: z.string().nullable() }))
      .meta({ description: 'Inventory ingredients the rule rows are linked to (group members included)' }),
    names: z.array(z.string()).optional().meta({ description: 'Its own names. PRO+' }),
    eu_annexes: z.array(AnnexEntry).optional().meta({ description: 'PRO+ (conditions and warnings ULTRA+)' }),
    kr_rules: KrRules.optional(),
    cn_entries: z.array(CnEntry).optional().meta({
      description:
        'China STSC entries sharing a name or a CAS RN with its EU or Korean rows (`matched_by` substance_name / substance_cas). PRO+ (structured conditions ULTRA+)',
    }),
  })
  .meta({ description: 'Fields above your plan are absent.' })

/** What a name resolves to: an ingredient or a regulated substance. */
export const Target = z.discriminatedUnion('kind', [Ingredient, RegulatedSubstance])

/** The full records the service builds (every field present; plans then remove some). */
export type IngredientRecord = Omit<Required<z.output<typeof Ingredient>>, 'cn_entries'> & { cn_entries: CnEntryValue[] }
export type SubstanceRecord = Omit<Required<z.output<typeof RegulatedSubstance>>, 'cn_entries'> & { cn_entries: CnEntryValue[] }
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
  rule: z.string().nullable().meta({
    description:
      'Which rule matched, e.g. "inci_name", "inn", "mfds_synonym", "label_without_parentheses", "korean_spelling", "common_name", "edit_distance", "cas_number"',
  }),
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
  as_of: z.string().optional().meta({ description: 'The date the statuses are for (today when not given)' }),
  match: MatchKind.optional().meta({ description: 'Name look-ups: how the name matched (see Resolution)' }),
  rule: z.string().nullable().optional(),
  matched_name: z.string().nullable().optional(),
  confidence: z.number().optional(),
  note: z.string().nullable().optional(),
  candidates: z.array(Candidate).optional(),
  count: z.number().int(),
  results: z.array(Target),
  cn_unlinked: z
    .object({
      entries: z.array(CnEntry),
      inventory: z.array(
        z.object({
          id: z.number().int(),
          catalog: z.string(),
          serial: z.number().int().nullable(),
          cn_name: z.string(),
          inci_name: z.string().nullable(),
        }),
      ),
    })
    .optional()
    .meta({
      description:
        'Chinese and CAS look-ups: STSC rows and IECIC entries found by their own names or CAS RN that no ingredient is linked to (PRO+ shows the STSC rows’ details)',
    }),
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
  total_is_estimate: z.boolean().meta({
    description:
      'true: total is an upper bound (a common query of 4+ characters: the items having its rarest 3-character piece); false: exact',
  }),
  results: z.array(SearchItem),
  next_cursor: z.string().nullable().meta({
    description:
      'Cursor of the next page; null at the end. A page may hold fewer items than `limit` (bounded work per request): follow the cursor until null.',
  }),
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
  cn: z
    .object({
      iecic_entries: z.number().int(),
      iecic_linked: z.number().int().meta({ description: 'IECIC entries joined to an ingredient' }),
      stsc_rows: z.record(z.string(), z.number().int()).meta({ description: 'Rows per STSC table (表2 … 表7)' }),
    })
    .optional(),
  cosing_2026: z.object({ names: z.number().int(), new_since_2021: z.number().int(), gone_since_2021: z.number().int() }).optional(),
  sources: z.array(
    z.object({
      name: z.string(),
      market: z.enum(['EU', 'KR', 'CN']),
      title: z.string(),
      file: z.string(),
      source_date: z.string().nullable(),
      official: z.boolean().meta({ description: 'false: a secondary source (transcription, consolidation, enumeration) — see note' }),
      note: z.string().nullable(),
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
