/**
 * X-Request-Id: the first step of the edge. A client's id is kept only when it matches
 * REQUEST_ID_PATTERN (so it cannot smuggle control characters or huge values into logs
 * and headers); otherwise a random UUID is generated. Echoed on every response.
 */
import { Elysia } from 'elysia'
import { startRequest } from '../request-context.ts'

/** 8–64 characters of letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$/

/** Returns the id to use for a request given its X-Request-Id header (or null). */
export function chooseRequestId(header: string | null): string {
  return header !== null && REQUEST_ID_PATTERN.test(header) ? header : crypto.randomUUID()
}

/**
 * The first edge step: records the request's facts (request-context.ts) with its id and
 * sets `X-Request-Id` on the response, errors included.
 */
export function requestId() {
  return new Elysia({ name: 'security.request-id' }).onRequest(function assignRequestId({ request, set }) {
    set.headers['x-request-id'] = startRequest(request, chooseRequestId(request.headers.get('x-request-id'))).id
  })
}
