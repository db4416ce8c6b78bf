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

export const InciQuery = z.object({
  q: text(200, 'Glycerin', 'INCI name, English name or English synonym; case, spacing and Unicode form do not matter.'),
})

export const KoreanQuery = z.object({
  q: text(100, '나이아신아마이드', 'Korean standard name (표준명) or Korean synonym (이명), exact.'),
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
  .max(512, { error: 'is too long' })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'must be a cursor returned by this API' })
  .meta({ description: 'Opaque `next_cursor` from the previous page; omit for the first page.', examples: ['WzEsIkdMWUNFUklOIiwzNDA0MF0'] })
  .optional()

export const SearchQuery = z.object({
  q: text(100, 'hyaluron', 'Part of an English or Korean name; every character is literal (% _ " * \\ included).'),
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

// ---- responses (documentation) ----

const AnnexEntry = z
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

export const Ingredient = z
  .object({
    id: z.number().int().meta({ examples: [35499] }),
    inci_name: z.string().nullable().meta({ examples: ['NIACINAMIDE'] }),
    korean_name: z.string().nullable().meta({ description: 'MFDS 표준명', examples: ['나이아신아마이드'] }),
    cas_numbers: z.array(z.string()).meta({ examples: [['98-92-0']] }),
    ec_numbers: z.array(z.string()),
    functions: z.array(z.string()).meta({ description: 'CosIng functions', examples: [['SMOOTHING']] }),
    eu_status: z
      .enum(['prohibited', 'restricted', 'allowed_with_conditions', 'not_listed', 'not_in_cosing'])
      .meta({ description: 'Annex II → prohibited, III → restricted, IV–VI → allowed_with_conditions; not_in_cosing: known only from MFDS' }),
    kr_status: z.enum(['prohibited', 'restricted', 'not_listed']),
    synonyms: z.object({ english: z.array(z.string()), korean: z.array(z.string()) }).optional().meta({ description: 'PRO+' }),
    description: z.string().nullable().optional().meta({ description: 'CosIng description. PRO+' }),
    korean_definition: z.string().nullable().optional().meta({ description: 'MFDS 기원및정의. PRO+' }),
    eu_annexes: z.array(AnnexEntry).optional().meta({ description: 'PRO+ (conditions and warnings ULTRA+)' }),
    kr_rules: z
      .object({
        note: z.string(),
        entries: z.array(
          z.object({
            list: z.enum(['별표1', '별표2']),
            status: z.enum(['prohibited', 'restricted']),
            name_ko: z.string(),
            name_en: z.string().nullable(),
            category: z.string().nullable(),
            max_limit: z.string().nullable(),
            matched_by: z.string(),
          }),
        ),
      })
      .optional()
      .meta({ description: 'Korean 별표1/별표2 rows (unofficial transcription). PRO+' }),
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

export const IngredientList = z.object({
  query: z.string(),
  match: z
    .enum(['exact', 'label', 'none'])
    .optional()
    .meta({ description: 'Name look-ups: "exact", or "label" when a label spelling matched (e.g. "Water (Aqua)" → WATER), or "none".' }),
  count: z.number().int(),
  results: z.array(Ingredient),
})

const Summary = z.object({
  id: z.number().int(),
  inci_name: z.string().nullable(),
  korean_name: z.string().nullable(),
  matched_name: z.string().optional(),
})

export const SearchPage = z.object({
  query: z.string(),
  results: z.array(Summary),
  next_cursor: z.string().nullable(),
})

export const FunctionPage = z.object({
  function: z.string(),
  results: z.array(Summary),
  next_cursor: z.string().nullable(),
})

export const FunctionList = z.object({
  count: z.number().int(),
  results: z.array(z.object({ name: z.string(), ingredient_count: z.number().int() })),
})

export const Stats = z.object({
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
