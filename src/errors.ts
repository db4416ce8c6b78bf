/**
 * The problem catalogue and the one error renderer (RFC 9457 "Problem Details for HTTP APIs").
 * Every failure the API reports has a stable `code` here, a status and a title. Bodies
 * never carry internal detail (stack, SQL, file paths, exception text) and never echo
 * the user's input: details name the parameter and the rule, not the value.
 */
import { Elysia } from 'elysia'
import { requestFacts } from './request-context.ts'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** Stable error codes → HTTP status and a human title. Add new failures here only. */
export const PROBLEMS = {
  invalid_parameter: { status: 400, title: 'Invalid parameter' },
  invalid_cas: { status: 400, title: 'Invalid CAS Registry Number' },
  invalid_cursor: { status: 400, title: 'Invalid cursor' },
  invalid_body: { status: 400, title: 'Invalid request body' },
  invalid_request: { status: 400, title: 'Malformed request' },
  label_unreadable: { status: 400, title: 'Label cannot be read' },
  proxy_secret_invalid: { status: 403, title: 'Forbidden' },
  plan_upgrade_required: { status: 403, title: 'Plan upgrade required' },
  not_found: { status: 404, title: 'Not found' },
  ingredient_not_found: { status: 404, title: 'Ingredient not found' },
  function_not_found: { status: 404, title: 'Function not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  too_many_ingredients: { status: 413, title: 'Too many ingredients for your plan' },
  query_too_long: { status: 413, title: 'Query string too long' },
  path_too_long: { status: 414, title: 'URI too long' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>

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

export type ErrorHandlerOptions = {
  /** Called once per failed request with its final status (the request log). */
  onProblem?: (request: Request, route: string, status: number) => void
  /**
   * Methods a path answers to, for 405 instead of 404 when the path exists under another
   * method (RFC 9110 §15.5.6: a 405 carries `Allow`). Empty: unknown path.
   */
  allowedMethods?: (path: string) => readonly string[]
  /** Called for every 500 with the route pattern and the error (for logs and alerts). */
  onInternalError?: (info: { route: string; method: string; error: unknown; requestId: string }) => void
}

type ElysiaErrorLike = { all?: { path?: string; message?: string }[]; status?: number }

/**
 * Renders every error as a problem. Elysia's own errors are mapped (VALIDATION → 400
 * invalid_parameter naming the parameters, NOT_FOUND → 404, PARSE → 400); a
 * ProblemError renders itself; anything else is a 500 with no detail.
 */
export function errorHandler(opts: ErrorHandlerOptions = {}) {
  return new Elysia({ name: 'errors.handler' }).onError({ as: 'global' }, function renderProblem({ code, error, set, request, route }) {
    const requestId = requestFacts(request).id
    let body: ProblemBody
    if (error instanceof ProblemError) {
      body = problemBody(error.code, error.detail, requestId, error.extra)
    } else if (code === 'VALIDATION') {
      const all = (error as ElysiaErrorLike).all ?? []
      const errors = all.slice(0, 10).map((e) => ({
        parameter: String(e.path ?? '').replace(/^\//, '').slice(0, 40) || 'request',
        message: String(e.message ?? 'is invalid').slice(0, 200),
      }))
      const detail = errors.map((e) => `${e.parameter} ${e.message}`).join('; ') || 'The request is invalid.'
      body = problemBody('invalid_parameter', detail, requestId, { errors })
    } else if (code === 'NOT_FOUND') {
      const allowed = opts.allowedMethods?.(requestFacts(request).path) ?? []
      if (allowed.length > 0 && !allowed.includes(request.method)) {
        set.headers['allow'] = allowed.join(', ')
        body = problemBody('method_not_allowed', `This endpoint answers ${allowed.join(', ')} only.`, requestId)
      } else {
        body = problemBody('not_found', 'No such endpoint. See /docs for the API.', requestId)
      }
    } else if (code === 'PARSE') {
      body = problemBody('invalid_body', 'The request body is not valid JSON.', requestId)
    } else if (typeof (error as ElysiaErrorLike).status === 'number' && (error as ElysiaErrorLike).status! === 413) {
      body = problemBody('payload_too_large', 'The request body is too large.', requestId)
    } else {
      body = problemBody('internal_error', 'Something went wrong on our side. It has been logged; quote the request_id if you contact us.', requestId)
      opts.onInternalError?.({ route: route || 'unmatched', method: request.method, error, requestId })
    }
    set.status = body.status
    set.headers['content-type'] = PROBLEM_CONTENT_TYPE
    opts.onProblem?.(request, route, body.status)
    return body
  })
}
