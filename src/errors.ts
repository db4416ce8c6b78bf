/**
 * The problem catalogue (RFC 9457 "Problem Details for HTTP APIs"). Every failure the API
 * reports has a stable `code` here, a status, a title and its meaning for a consumer (the
 * OpenAPI document lists them). Bodies never carry internal detail (stack, SQL, file
 * paths, exception text) and never echo the user's input: details name the parameter and
 * the rule, not the value. A leaf module: it imports nothing of ours (error-handler.ts
 * renders the problems).
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/**
 * Stable error codes → HTTP status, a human title and what the code means for the caller.
 * Add new failures here only (a test checks each has a `meaning`; the docs list them).
 */
export const PROBLEMS = {
  invalid_parameter: {
    status: 400,
    title: 'Invalid parameter',
    meaning: 'A parameter is missing or breaks its rule; `errors` names each one.',
  },
  invalid_cas: {
    status: 400,
    title: 'Invalid CAS Registry Number',
    meaning: 'Not a CAS RN (digits-digits-digit), or its check digit is wrong.',
  },
  invalid_cursor: {
    status: 400,
    title: 'Invalid cursor',
    meaning: 'The cursor was not returned by this endpoint for this query; start again without it.',
  },
  invalid_body: { status: 400, title: 'Invalid request body', meaning: 'The body is not valid JSON or does not match the schema.' },
  invalid_request: {
    status: 400,
    title: 'Malformed request',
    meaning: 'The request line or query string cannot be decoded (bad percent-encoding, control characters, repeated parameters).',
  },
  label_unreadable: {
    status: 400,
    title: 'Label cannot be read',
    meaning: 'The label is empty, holds binary data, nests brackets too deep or has an absurdly long item; `detail` names the limit.',
  },
  host_invalid: {
    status: 400,
    title: 'Missing or invalid Host header',
    meaning:
      'The Host header is missing, empty or invalid (RFC 9112 section 3.2), so the path cannot be trusted; only /health answers such requests.',
  },
  proxy_secret_invalid: {
    status: 403,
    title: 'Forbidden',
    meaning: 'The request did not come through RapidAPI (missing or wrong X-RapidAPI-Proxy-Secret).',
  },
  plan_upgrade_required: {
    status: 403,
    title: 'Plan upgrade required',
    meaning: 'The endpoint needs a higher plan; `required_plan` names the lowest one.',
  },
  not_found: { status: 404, title: 'Not found', meaning: 'No such endpoint.' },
  ingredient_not_found: { status: 404, title: 'Ingredient not found', meaning: 'A well-formed id or CAS RN that no ingredient has.' },
  function_not_found: { status: 404, title: 'Function not found', meaning: 'No CosIng function has that name (see GET /v1/functions).' },
  method_not_allowed: {
    status: 405,
    title: 'Method not allowed',
    meaning: 'The path exists under another method; the `Allow` header lists them.',
  },
  payload_too_large: {
    status: 413,
    title: 'Payload too large',
    meaning: 'The request body is larger than the service (or your plan, for POST bodies) accepts; `detail` names the limit.',
  },
  too_many_ingredients: {
    status: 413,
    title: 'Too many ingredients for your plan',
    meaning: 'A label or bulk lookup with more items than your plan allows; `detail` names the limit.',
  },
  query_too_long: { status: 413, title: 'Query string too long', meaning: 'The query string is longer than the service accepts.' },
  path_too_long: { status: 414, title: 'URI too long', meaning: 'The path is longer than the service accepts.' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type', meaning: 'A request body that is not application/json.' },
  rate_limited: {
    status: 429,
    title: 'Too many requests',
    meaning: "The plan's requests per minute are used up; retry after `Retry-After` seconds.",
  },
  internal_error: {
    status: 500,
    title: 'Internal server error',
    meaning: 'A fault on our side; it is logged. Quote `request_id` when you contact us.',
  },
  unavailable: { status: 503, title: 'Service unavailable', meaning: 'The database does not answer; retry later.' },
} as const satisfies Record<string, { status: number; title: string; meaning?: string }>

export type ProblemCode = keyof typeof PROBLEMS

export type ProblemBody = {
  type: string
  title: string
  status: number
  detail: string
  code: ProblemCode
  request_id: string
  /** Per-parameter problems for 400s: where and what, never the raw value. */
  errors?: { parameter: string; message: string }[]
  /** For plan_upgrade_required: the lowest plan that has the route. */
  required_plan?: string
}

/** An error that renders itself as a problem. Throw it anywhere on the request path. */
export class ProblemError extends Error {
  readonly status: number
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: Pick<ProblemBody, 'errors' | 'required_plan'> = {},
  ) {
    super(detail)
    this.name = 'ProblemError'
    this.status = PROBLEMS[code].status
  }
}

/** Builds the RFC 9457 body for `code`. `type` is a URN so it never points at a page we don't run. */
export function problemBody(
  code: ProblemCode,
  detail: string,
  requestId: string,
  extra: Pick<ProblemBody, 'errors' | 'required_plan'> = {},
): ProblemBody {
  const { status, title } = PROBLEMS[code]
  return { type: `urn:kbeauty-api:problem:${code}`, title, status, detail, code, request_id: requestId, ...extra }
}

/**
 * The 400 for failed parameters: `invalid_parameter` naming each (at most 10; names cut to
 * 40 and messages to 200 characters, never the raw value), detail "q is required; …".
 * Used for schema failures wherever they are found (route-input.ts, the error handler).
 */
export function invalidParameters(list: readonly { parameter: string; message: string }[]): ProblemError {
  const errors = list.slice(0, 10).map((e) => ({
    parameter: e.parameter.replace(/^\//, '').slice(0, 40) || 'request',
    message: (e.message || 'is invalid').slice(0, 200),
  }))
  const detail = errors.map((e) => `${e.parameter} ${e.message}`).join('; ') || 'The request is invalid.'
  return new ProblemError('invalid_parameter', detail, { errors })
}
