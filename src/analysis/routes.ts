/**
 * POST /v1/analyze and POST /v1/ingredients/lookup: thin controllers. The body is
 * validated with the zod schemas of model.ts, sizes are checked against the caller's plan
 * (security/tiers.ts: labelSize, bulkSize, bodyBytes), and the analyzer does the rest.
 */
import { Elysia } from 'elysia'
import type { z } from 'zod'
import { lazyJsonSchema } from '../docs-schema.ts'
import { ProblemError } from '../errors.ts'
import { requestFacts } from '../request-context.ts'
import { JSON_CONTENT_TYPE } from '../security/headers.ts'
import { PLANS, type Plan, ROUTE_PLANS } from '../security/tiers.ts'
import type { Analyzer } from './analyze.ts'
import { EXAMPLE_REQUEST, EXAMPLE_RESPONSE } from './example.ts'
import * as M from './model.ts'

/** The content type of a JSON answer, as Bun's Response.json sends it. */
const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }

function detail(
  route: string,
  summary: string,
  description: string,
  ok: z.ZodType,
  example?: { request: unknown; response: unknown | undefined },
) {
  return {
    summary,
    description: `${description}\n\nPlan: ${ROUTE_PLANS[route]}+. Limits per plan: ${Object.entries(PLANS)
      .filter(([, r]) => r.labelSize > 0)
      .map(([p, r]) => `${p} ${r.labelSize} label items / ${r.bulkSize} names / ${r.bodyBytes} body bytes`)
      .join('; ')}.`,
    tags: ['analysis'],
    'x-required-plan': ROUTE_PLANS[route],
    requestBody: {
      required: true,
      content: {
        'application/json': lazyJsonSchema(
          route.endsWith('analyze') ? M.AnalyzeRequest : M.LookupRequest,
          example
            ? {
                examples: {
                  label: {
                    summary: route.endsWith('analyze') ? 'A Korean essence label' : 'Names in two languages and a CAS RN',
                    value: example.request,
                  },
                },
              }
            : {},
        ),
      },
    },
    responses: {
      200: {
        description: 'OK',
        content: {
          'application/json': lazyJsonSchema(
            ok,
            example?.response ? { examples: { label: { summary: 'Its answer (shortened)', value: example.response } } } : {},
          ),
        },
      },
      400: {
        description: 'Invalid body, unknown market, or a label that cannot be read (empty, binary, nested too deep, an item too long)',
        content: problem,
      },
      403: { description: 'Wrong proxy secret, or the route needs a higher plan', content: problem },
      413: { description: 'Body or item count over the plan’s limit (the detail names it)', content: problem },
      415: { description: 'Body is not application/json', content: problem },
      429: { description: 'Rate limit exceeded; see Retry-After', content: problem },
    },
  } as Record<string, unknown>
}

/**
 * Checks the body against the plan's byte limit (the edge's body-limit parser already
 * refused anything over the service's 65,536). Content-Length when sent; for a chunked
 * upload, the validated input re-serialised — validated first, so the value is shallow
 * and cheap to serialise (a deeply nested body is refused by the schema in microseconds).
 * @throws ProblemError payload_too_large (413) naming the plan's limit.
 */
function checkPlanBytes(request: Request, input: unknown, plan: Plan): void {
  const max = PLANS[plan].bodyBytes
  const length = request.headers.get('content-length')
  const bytes = length !== null ? Number(length) : Buffer.byteLength(JSON.stringify(input))
  if (bytes > max) throw new ProblemError('payload_too_large', `Request bodies are limited to ${max} bytes on the ${plan} plan.`)
}

/**
 * Validates the parsed body with its zod schema here rather than through Elysia's `body`
 * option: Elysia's ValidationError pretty-prints the rejected value, which takes seconds
 * for a deeply nested 64 KB body (14.7 s at depth 30,000: test/regressions/deep-json-body.test.ts).
 * @throws ProblemError invalid_body (400) naming at most 10 parameters, never echoing values.
 */
function validated<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body)
  if (r.success) return r.data
  const errors = r.error.issues.slice(0, 10).map((i) => ({
    parameter: i.path.slice(0, 4).map(String).join('.').slice(0, 40) || 'body',
    message: i.message.slice(0, 200),
  }))
  throw new ProblemError('invalid_body', errors.map((e) => `${e.parameter}: ${e.message}`).join('; '), { errors })
}

function unavailable(): never {
  throw new ProblemError('unavailable', 'Label analysis is not available on this instance.')
}

/** Registers the analysis routes over `analyzer` (routes answer 503 when it is absent). */
export function analysisRoutes(analyzer: Analyzer | undefined) {
  return new Elysia({ name: 'analysis.routes' })
    .post(
      '/v1/analyze',
      ({ body, request, set }) => {
        const plan = requestFacts(request).plan
        const input = validated(M.AnalyzeRequest, body)
        checkPlanBytes(request, input, plan)
        if (!analyzer) unavailable()
        // The answer as UTF-8 JSON, joined from each item's cached JSON (analyze.ts analyzeJson).
        const answer = analyzer.analyzeJson(input, { plan, maxItems: PLANS[plan].labelSize })
        set.headers['content-type'] = JSON_CONTENT_TYPE
        return answer
      },
      {
        detail: detail(
          'POST /v1/analyze',
          'Analyse a whole label',
          'Give the ingredient list as printed (`text`: Korean 전성분 or English INCI, headings, boilerplate, kits, `May contain`, footnotes and percentages all understood) or as `ingredients`. ' +
            'Each item comes back in printed order with how it matched, the ingredient, its CosIng functions and, per market, a `status`, the rule entries with structured conditions and, when a concentration and `product_type` are known, a limit check. ' +
            'Each product gets a summary per market: `blocked`, `check` or `no_findings` (with the counts of `not_listed` and `unresolved` items — never a clean bill).',
          M.AnalyzeResponse,
          { request: EXAMPLE_REQUEST, response: EXAMPLE_RESPONSE },
        ),
      },
    )
    .post(
      '/v1/ingredients/lookup',
      ({ body, request, set }) => {
        const plan = requestFacts(request).plan
        const input = validated(M.LookupRequest, body)
        checkPlanBytes(request, input, plan)
        if (!analyzer) unavailable()
        // The answer as UTF-8 JSON, joined from each result's cached JSON (analyze.ts lookupJson).
        const answer = analyzer.lookupJson(input.names, { plan, maxNames: PLANS[plan].bulkSize })
        set.headers['content-type'] = JSON_CONTENT_TYPE
        return answer
      },
      {
        detail: detail(
          'POST /v1/ingredients/lookup',
          'Bulk lookup',
          'Names (INCI, English, Korean) or CAS RNs; one result per input, in input order, each with its match, the record on your plan and per-market status; where the statuses come from is given once, in `status_sources`.',
          M.LookupResponse,
          { request: { names: ['Glycerin', '나이아신아마이드', 'Vitamin E', '7439-97-6'] }, response: undefined },
        ),
      },
    )
}
