/**
 * Request and response schemas of label analysis and bulk lookup (zod): the one source of
 * these shapes. Types are derived (`z.output`); the OpenAPI document is generated from them,
 * enums with a description of every value.
 */
import { z } from 'zod'
import { Candidate, Ingredient, RegulatedSubstance, StatusSources } from '../ingredients/model.ts'
import { FORBIDDEN_IN_TEXT } from './label-parser.ts'
import { PRODUCT_TYPE_NAMES, PRODUCT_TYPES, SCOPE_TAGS } from './product-types.ts'

/** Per-market status of a substance on that market's lists. */
export const STATUS_DESCRIPTIONS = {
  prohibited: 'On a prohibited list (EU Annex II, KR 별표1, CN STSC 表2/表2-2): must not be in the product.',
  restricted: 'On a restricted list (EU Annex III, KR 별표2, CN STSC 表3): allowed only within the conditions listed.',
  allowed_with_conditions:
    'On a positive list (EU Annex IV colorants, V preservatives, VI UV filters; CN STSC 表4–7 preservatives, UV filters, colorants, hair dyes): allowed for that use only, within its limits.',
  upcoming: 'A rule with a future date from which it applies: not in force yet, plan for it.',
  not_listed: 'The lists say nothing about it. This is NOT a statement that it is safe or allowed in every use.',
  unresolved: 'The name could not be matched to an ingredient or regulated substance: nothing is known, so nothing is cleared.',
} as const
export const STATUSES = Object.keys(STATUS_DESCRIPTIONS) as [keyof typeof STATUS_DESCRIPTIONS, ...(keyof typeof STATUS_DESCRIPTIONS)[]]
export type Status = keyof typeof STATUS_DESCRIPTIONS

export const LIMIT_DESCRIPTIONS = {
  within_limit: 'The concentration is at or below every maximum that applies to the product type.',
  over_limit: 'The concentration is above a maximum that applies to the product type.',
  cannot_tell:
    'Concentration or product type unknown, the clause wording was not read with confidence, or the maximum has another basis ("calculated as …").',
  not_permitted_for_product_type: 'No clause of the rule covers this product type: the rule allows the substance only in other products.',
} as const
export const LIMIT_RESULTS = Object.keys(LIMIT_DESCRIPTIONS) as [keyof typeof LIMIT_DESCRIPTIONS, ...(keyof typeof LIMIT_DESCRIPTIONS)[]]
export type LimitResult = keyof typeof LIMIT_DESCRIPTIONS

export const SUMMARY_DESCRIPTIONS = {
  blocked: 'Something is prohibited (without a condition), over a limit, or not permitted for this product type in this market.',
  check: 'Restrictions or conditions to verify (listed), or rules that apply from a future date.',
  no_findings: 'No rule found for the resolved items. Read `not_listed` and `unresolved`: this is not a clean bill.',
} as const
export const SUMMARY_RESULTS = Object.keys(SUMMARY_DESCRIPTIONS) as [
  keyof typeof SUMMARY_DESCRIPTIONS,
  ...(keyof typeof SUMMARY_DESCRIPTIONS)[],
]

export const MATCH_DESCRIPTIONS = {
  exact: 'An INCI name, Korean standard name or CAS RN, as printed (case, spacing and Unicode form aside).',
  synonym: 'A synonym (INN, Ph. Eur. name, MFDS 이명, annex name).',
  label: 'A label spelling: parentheses, slashes, trailing marks, Korean spacing.',
  variant: 'A Korean orthographic variant (에칠↔에틸, 디↔다이, …).',
  common_name: 'A common or trade-style name from the curated table.',
  alternative: 'Not the main name but another name printed with it ("Water (Aqua)" → AQUA).',
  fuzzy: 'A near spelling (typo); see confidence and candidates.',
  none: 'No match.',
} as const
export const MATCH_KINDS = Object.keys(MATCH_DESCRIPTIONS) as [keyof typeof MATCH_DESCRIPTIONS, ...(keyof typeof MATCH_DESCRIPTIONS)[]]
export type MatchKind = keyof typeof MATCH_DESCRIPTIONS

const enumWith = <T extends [string, ...string[]]>(values: T, descriptions: Record<T[number], string>, what: string) =>
  z.enum(values).meta({
    description: `${what}\n\n${values.map((v) => `- \`${v}\`: ${descriptions[v as T[number]]}`).join('\n')}`,
  })

export const ProductTypeSchema = enumWith(
  PRODUCT_TYPE_NAMES,
  Object.fromEntries(Object.entries(PRODUCT_TYPES).map(([k, v]) => [k, v.description])) as Record<
    (typeof PRODUCT_TYPE_NAMES)[number],
    string
  >,
  'The product class the annexes distinguish. Without it, limits that depend on the product type answer `cannot_tell`.',
)

// ---- request ----

const percent = z.number().min(0, { error: 'must be from 0 to 100' }).max(100, { error: 'must be from 0 to 100' })

/** A label may hold tab, newline and carriage return; a single name may not. */
const FORBIDDEN_IN_NAME = /[\t\n\r]/
const CLEAN_TEXT = { error: 'must not contain control characters, bidirectional overrides, U+FFFD or lone surrogates' }
const cleanText = (s: string) => !FORBIDDEN_IN_TEXT.test(s)
const cleanName = (s: string) => cleanText(s) && !FORBIDDEN_IN_NAME.test(s)

/** Largest counts a body may hold at all; the caller's plan sets the real limits (413). */
export const MAX_LIST = 500
export const MAX_NAME_CHARS = 2_048

const name = z
  .string()
  .max(MAX_NAME_CHARS, { error: `must be at most ${MAX_NAME_CHARS} characters` })
  .refine(cleanName, {
    error: 'must not contain control characters (tab and newline included), bidirectional overrides, U+FFFD or lone surrogates',
  })

const IngredientInput = z.union([
  name.meta({ description: 'An ingredient as printed.', examples: ['Niacinamide (5%)'] }),
  z.object({ name, concentration_percent: percent.optional() }).strict(),
])

export const AnalyzeRequest = z
  .object({
    text: z
      .string()
      .max(65_536, { error: 'must be at most 65,536 characters' })
      .refine(cleanText, CLEAN_TEXT)
      .optional()
      .meta({
        description: 'The label as printed: Korean 전성분 or English INCI, headings, boilerplate, kits and all.',
        examples: ['[전성분] 정제수, 글리세린, 나이아신아마이드(5%), 1,2-헥산다이올, 하이드로퀴논'],
      }),
    ingredients: z
      .array(IngredientInput)
      .max(MAX_LIST, { error: `must have at most ${MAX_LIST} items` })
      .optional()
      .meta({ description: 'Or: one entry per ingredient, in label order.' }),
    product_type: ProductTypeSchema.optional(),
    markets: z
      .array(z.string().max(8).refine(cleanName, CLEAN_TEXT))
      .max(10)
      .optional()
      .meta({ description: 'Markets to check (default: every market this API knows).', examples: [['EU', 'KR']] }),
    as_of: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date as YYYY-MM-DD' })
      .optional()
      .meta({
        description:
          'Analyse for this date instead of today: rules with a later start date (CN entries 1291–1297, dated EU clauses) are `upcoming` before it.',
        examples: ['2028-06-01'],
      }),
    concentrations: z
      .record(z.string().max(MAX_NAME_CHARS).refine(cleanName, CLEAN_TEXT), percent)
      .optional()
      .meta({
        description: 'Concentration (% w/w) by ingredient name as printed, for items the label prints without one.',
        examples: [{ Niacinamide: 5 }],
      }),
  })
  .strict()
  .meta({ description: 'Give `text` or `ingredients` (not both).' })
export type AnalyzeInput = z.output<typeof AnalyzeRequest>

export const LookupRequest = z
  .object({
    names: z
      .array(name)
      .min(1, { error: 'must hold at least one name' })
      .max(MAX_LIST, { error: `must have at most ${MAX_LIST} items` })
      .meta({
        description: 'Names in any language the resolver knows (INCI, English, Korean) or CAS RNs.',
        examples: [['Glycerin', '나이아신아마이드', '7439-97-6']],
      }),
  })
  .strict()

// ---- response ----

const Tag = z.enum(SCOPE_TAGS)
const ScopeSchema = z.object({
  any_of: z.array(z.array(Tag)).nullable().meta({ description: 'OR-list of AND-groups of product tags; null = every product.' }),
  none_of: z.array(z.array(Tag)).meta({ description: 'Products excluded ("except …", "not to be used in …").' }),
  other: z.boolean().meta({ description: '"Other products": applies where no sibling clause does.' }),
  known: z.boolean().meta({ description: 'False when the wording was not recognised.' }),
})

export const ClauseSchema = z.object({
  label: z.string().nullable().meta({ description: 'Clause letter as printed ((a), (b), …).' }),
  product_type_text: z.string().nullable(),
  scope: ScopeSchema,
  max_percent: z.number().nullable().meta({ description: 'Maximum concentration in the ready-for-use preparation, % w/w.' }),
  basis: z.string().nullable().meta({ description: 'What the maximum is calculated as, when stated.' }),
  ph_min: z.number().nullable(),
  ph_max: z.number().nullable(),
  not_under_age_years: z.number().nullable(),
  warning: z.string().nullable().meta({ description: 'Mandatory label wording, as printed.' }),
  applies_from: z.string().nullable().meta({ description: 'ISO date from which the clause applies.' }),
  applies: z.enum(['applies', 'does_not_apply', 'unknown']).optional().meta({ description: 'For the product type given.' }),
})

export const ConditionsSchema = z.object({
  parsed: z.boolean().meta({ description: 'False when the text was not read with confidence: read the raw text.' }),
  notes: z.array(z.string()),
  clauses: z.array(ClauseSchema),
  labelling_duty: z
    .object({ leave_on_percent: z.number(), rinse_off_percent: z.number(), label_name: z.string().nullable() })
    .nullable()
    .meta({
      description: 'EU fragrance allergen (Annex III, Regulation (EU) 2023/1545): must be named on the label above these concentrations.',
    }),
})

export const SourceSchema = z.object({
  name: z.string().meta({ examples: ['cosing_annex_III'] }),
  date: z.string().nullable().meta({ description: 'ISO date of the source data.' }),
  official: z.boolean().meta({ description: 'False for secondary sources (the Korean list is a transcription).' }),
  note: z.string().nullable(),
})

export const RuleEntrySchema = z.object({
  list: z.string().meta({ examples: ['EU Annex III', 'KR 별표2'] }),
  reference: z.string().meta({ description: 'Annex reference number, or the Korean row number in the transcription.', examples: ['98'] }),
  name: z.string().nullable().meta({ description: 'The rule’s own name of the substance.' }),
  status: z.enum(['prohibited', 'restricted', 'allowed_with_conditions']),
  prohibition_condition: z.string().nullable().optional().meta({
    description:
      'A prohibited-list entry that prohibits only in some cases ("except for normal content in natural essences", "if they contain ≥ 0.1 % benzene", "when used in hair dye products"): the case, as printed. The verdict is then `cannot_tell`, not blocked.',
  }),
  effective_from: z.string().nullable().meta({ description: 'ISO date from which the entry applies, when it is in the future or stated.' }),
  source: SourceSchema,
  raw: z.record(z.string(), z.string().nullable()).optional().meta({ description: 'The rule text as published (ULTRA+).' }),
  conditions: ConditionsSchema.nullable(),
})
export type RuleEntry = z.output<typeof RuleEntrySchema>

export const LimitCheckSchema = z.object({
  result: enumWith(LIMIT_RESULTS, LIMIT_DESCRIPTIONS, 'Concentration against the limits for the product type.'),
  concentration_percent: z.number().nullable(),
  max_percent: z.number().nullable(),
  basis: z.string().nullable(),
  clause: z.string().nullable().meta({ description: '`list reference (label)` of the clause compared.' }),
  reason: z.string(),
})
export type LimitCheck = z.output<typeof LimitCheckSchema>

export const MarketVerdictSchema = z.object({
  status: enumWith(STATUSES, STATUS_DESCRIPTIONS, 'What this market’s lists say about the item.'),
  limit: LimitCheckSchema.nullable().meta({ description: 'For restricted / allowed-with-conditions items.' }),
  fragrance_allergen: z
    .object({
      leave_on_percent: z.number(),
      rinse_off_percent: z.number(),
      must_be_labelled: z.boolean().nullable(),
      label_name: z.string().nullable(),
    })
    .nullable()
    .meta({ description: 'EU: an Annex III fragrance allergen with the labelling duty of Regulation (EU) 2023/1545.' }),
  why: z.string().meta({ description: 'One sentence a person can act on.' }),
  entries: z.array(RuleEntrySchema),
  inventory: z
    .object({
      status: z.enum(['listed', 'not_listed', 'unknown']),
      serial: z.number().int().nullable(),
      cn_name: z.string().nullable(),
      note: z.string(),
    })
    .optional()
    .meta({
      description:
        'CN only: IECIC (已使用化妆品原料目录). not_listed = a new ingredient in China: registration or notification before use.',
    }),
})
export type MarketVerdict = z.output<typeof MarketVerdictSchema>

export const MatchSchema = z.object({
  kind: enumWith(MATCH_KINDS, MATCH_DESCRIPTIONS, 'How the name matched.'),
  rule: z.string().meta({ description: 'The resolver rule that matched, e.g. "label: without parentheses".' }),
  confidence: z.number().min(0).max(1),
  matched_name: z.string().nullable(),
  note: z.string().nullable().meta({ description: 'Why a common name maps as it does (the curated table’s reason).' }),
  candidates: z.array(Candidate).meta({ description: 'When the name is ambiguous or fuzzy.' }),
})

/**
 * The ingredient or regulated substance of an analysed item: the look-up record (fields by
 * plan) without `eu_annexes` and `kr_rules` — the item's market entries carry the same rows
 * with their structured conditions — and without `status_sources`, the same for every
 * record of a build and given once in the answer's `status_sources`.
 */
const ANALYSIS_OMITS = { eu_annexes: true, kr_rules: true, status_sources: true } as const
export const AnalysisTarget = z.discriminatedUnion('kind', [Ingredient.omit(ANALYSIS_OMITS), RegulatedSubstance.omit(ANALYSIS_OMITS)])

export const AnalyzedItemSchema = z.object({
  position: z.number().int(),
  text: z.string().meta({ description: 'As printed.' }),
  name: z.string().meta({ description: 'The name resolved (marks, percentages and alternatives removed).' }),
  alternatives: z.array(z.string()),
  concentration_percent: z.number().nullable(),
  nano: z.boolean(),
  may_contain: z.boolean(),
  footnote_marks: z.array(z.string()),
  match: MatchSchema,
  target: AnalysisTarget.nullable().meta({
    description:
      'The ingredient or regulated substance (fields by plan; its rule rows are in `markets`, where its statuses come from is in the answer’s `status_sources`), or null when unresolved or ambiguous (see match.candidates).',
  }),
  functions: z.array(z.string()),
  markets: z.record(z.string(), MarketVerdictSchema),
})
export type AnalyzedItem = z.output<typeof AnalyzedItemSchema>

export const MarketSummarySchema = z.object({
  result: enumWith(SUMMARY_RESULTS, SUMMARY_DESCRIPTIONS, 'One line per market.'),
  line: z.string(),
  findings: z.array(z.object({ position: z.number().int(), name: z.string(), status: z.string(), why: z.string() })),
  counts: z.record(z.string(), z.number().int()).meta({ description: 'Items per status.' }),
  needs_registration: z
    .array(z.object({ position: z.number().int(), name: z.string() }))
    .optional()
    .meta({
      description: 'CN only: items not in IECIC — new ingredients in China, to be registered or notified before the product is sold.',
    }),
})

export const ProductAnalysisSchema = z.object({
  name: z.string().nullable().meta({ description: 'Kit part heading, else null.' }),
  items: z.array(AnalyzedItemSchema),
  summary: z.object({
    markets: z.record(z.string(), MarketSummarySchema),
    differences: z.array(
      z.object({ position: z.number().int(), name: z.string(), statuses: z.record(z.string(), z.string()), line: z.string() }),
    ),
    functions: z.record(z.string(), z.number().int()).meta({ description: 'Items per CosIng function.' }),
    unresolved: z.array(z.object({ position: z.number().int(), text: z.string() })),
  }),
})

export const AnalyzeResponse = z.object({
  product_type: z.string().nullable(),
  markets: z.array(z.string()),
  products: z.array(ProductAnalysisSchema),
  footnotes: z.array(z.object({ mark: z.string(), text: z.string() })),
  ignored: z.array(z.string()).meta({ description: 'Text that is not an ingredient (headings, boilerplate, prose).' }),
  sources: z.array(SourceSchema).meta({ description: 'Every list the markets asked read, with its date and officialness.' }),
  status_sources: StatusSources.meta({
    description:
      'Where the `eu_status`, `kr_status` and `cn_status` of every item’s `target` come from, and how official each source is (the same for every record of this build, so given once).',
  }),
})
export type AnalyzeOutput = z.output<typeof AnalyzeResponse>

/**
 * The record of a bulk lookup result: the look-up record (fields by plan, its `eu_annexes`
 * and `kr_rules` included) without `status_sources`, given once in the answer's
 * `status_sources` as in an analysis.
 */
const LOOKUP_OMITS = { status_sources: true } as const
export const LookupTarget = z.discriminatedUnion('kind', [Ingredient.omit(LOOKUP_OMITS), RegulatedSubstance.omit(LOOKUP_OMITS)])

export const LookupResultSchema = z.object({
  input: z.string(),
  match: MatchSchema,
  target: LookupTarget.nullable().meta({
    description:
      'The ingredient or regulated substance (fields by plan; where its statuses come from is in the answer’s `status_sources`), or null when unresolved or ambiguous (see match.candidates).',
  }),
  statuses: z.record(z.string(), z.string()).meta({ description: 'Per market status (see /v1/analyze).' }),
})
export type LookupResult = z.output<typeof LookupResultSchema>

export const LookupResponse = z.object({
  count: z.number().int(),
  results: z.array(LookupResultSchema),
  status_sources: StatusSources.meta({
    description:
      'Where the `eu_status`, `kr_status` and `cn_status` of every result’s `target` come from, and how official each source is (the same for every record of this build, so given once).',
  }),
})
export type LookupOutput = z.output<typeof LookupResponse>
