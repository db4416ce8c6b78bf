/**
 * The one error renderer: every failure becomes an RFC 9457 problem from the catalogue in
 * errors.ts, with the request's id.
 */
import { Elysia } from 'elysia'
import { requireOption } from './config-error.ts'
import { invalidParameters, PROBLEM_CONTENT_TYPE, type ProblemBody, ProblemError, problemBody } from './errors.ts'
import { pluginSeed } from './plugin-seed.ts'
import { requestFacts } from './request-context.ts'

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
  for (const key of ['onProblem', 'allowedMethods', 'onInternalError'] as const) {
    requireOption(opts[key] === undefined || typeof opts[key] === 'function', 'errorHandler', key, 'must be a function')
  }
  return new Elysia({ name: 'errors.handler', seed: pluginSeed(opts.onProblem, opts.allowedMethods, opts.onInternalError) }).onError(
    { as: 'global' },
    function renderProblem({ code, error, set, request, route }) {
      const requestId = requestFacts(request).id
      let body: ProblemBody
      // A ProblemError thrown by a body parser (security/body-limit.ts) arrives wrapped in Elysia's ParseError.
      if (code === 'PARSE' && (error as Error).cause instanceof ProblemError) error = (error as Error).cause as ProblemError
      if (error instanceof ProblemError) {
        body = problemBody(error.code, error.detail, requestId, error.extra)
      } else if (code === 'VALIDATION') {
        const all = (error as ElysiaErrorLike).all ?? []
        const p = invalidParameters(all.slice(0, 10).map((e) => ({ parameter: String(e.path ?? ''), message: String(e.message ?? '') })))
        body = problemBody(p.code, p.detail, requestId, p.extra)
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
        body = problemBody(
          'internal_error',
          'Something went wrong on our side. It has been logged; quote the request_id if you contact us.',
          requestId,
        )
        opts.onInternalError?.({ route: route || 'unmatched', method: request.method, error, requestId })
      }
      set.status = body.status
      set.headers['content-type'] = PROBLEM_CONTENT_TYPE
      opts.onProblem?.(request, route, body.status)
      return body
    },
  )
}
