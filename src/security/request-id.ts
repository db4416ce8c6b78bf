/**
 * X-Request-Id from the client: taken only once the proxy secret passed (before that the
 * service keeps the id it generated in request-target.ts), and only when it matches
 * REQUEST_ID_PATTERN (no control characters, no huge values in logs and headers) and
 * holds none of the configured secrets (a secret sent as an id is never echoed or logged).
 */
import { Elysia } from 'elysia'
import { requestFacts } from '../request-context.ts'

/** 8–64 characters of letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{7,63}$/

/** True when `value` contains one of `secrets` (each compared whole; secrets are ≥ 16 characters). */
export function holdsSecret(value: string, secrets: readonly string[]): boolean {
  for (const s of secrets) if (s !== '' && value.includes(s)) return true
  return false
}

/** The client's id when usable (pattern, no secret inside), else null. */
export function clientRequestId(header: string | null, secrets: readonly string[] = []): string | null {
  return header !== null && REQUEST_ID_PATTERN.test(header) && !holdsSecret(header, secrets) ? header : null
}

export type RequestIdOptions = {
  /** Values that must never be echoed or logged (proxy secrets, Telegram token, Redis password). */
  secrets: readonly string[]
}

/**
 * Adopts the client's `X-Request-Id` for verified requests (after the proxy secret).
 * Public paths keep the generated id: their headers are not believed.
 */
export function requestId(opts: RequestIdOptions) {
  const secrets = [...opts.secrets]
  return new Elysia({ name: 'security.request-id', seed: secrets.length }).onRequest(function adoptClientRequestId({ request, set }) {
    const facts = requestFacts(request)
    const id = facts.verified ? clientRequestId(request.headers.get('x-request-id'), secrets) : null
    if (id !== null) {
      facts.id = id
      set.headers['x-request-id'] = id
    }
  })
}
