/**
 * The RapidAPI proxy secret: RapidAPI adds `X-RapidAPI-Proxy-Secret` to every request it
 * forwards (RapidAPI docs, "Additional request headers"); a request without the right
 * value did not come through RapidAPI and gets 403 with no data. Required on every path
 * except exactly `/health`. Several secrets may be accepted at once (rotation).
 */
import { Elysia } from 'elysia'
import { ConfigError } from '../config-error.ts'
import { ProblemError } from '../errors.ts'
import { requestFacts } from '../request-context.ts'

export const PROXY_SECRET_HEADER = 'x-rapidapi-proxy-secret'

export type ProxySecretOptions = {
  /** Accepted secrets. Empty means "no check" and is allowed only by the caller's explicit dev opt-out. */
  secrets: readonly string[]
  /** Set only with APP_ENV=dev and ALLOW_MISSING_PROXY_SECRET=true. @default false */
  allowMissing?: boolean
}

/**
 * Compares `presented` with `expected` in time that depends only on `expected.length`:
 * the loop always runs over every character of `expected`, without branches on the
 * data, and folds in the length difference (reading past the end of `presented` gives
 * NaN, which `| 0` turns into 0). So neither content nor length of the presented value
 * changes the running time.
 */
export function constantTimeEqual(presented: string, expected: string): boolean {
  let diff = presented.length ^ expected.length
  for (let i = 0; i < expected.length; i++) diff |= (presented.charCodeAt(i) | 0) ^ expected.charCodeAt(i)
  return diff === 0
}

/**
 * Builds the check. Comparison is constant-time also when lengths differ (see
 * constantTimeEqual), and every accepted secret is compared (no early exit).
 * @throws ConfigError at build time when `secrets` is empty without `allowMissing`: an unset
 *   secret must never mean "open".
 */
export function createSecretCheck(opts: ProxySecretOptions): (presented: string | null) => boolean {
  if (opts.secrets.length === 0) {
    if (!opts.allowMissing) throw new ConfigError(['proxySecret: `secrets` is empty; refusing to run without a proxy secret'])
    return () => true
  }
  const expected = [...opts.secrets]
  return function matchesProxySecret(presented) {
    const got = presented ?? ''
    let ok = 0
    for (const e of expected) ok |= constantTimeEqual(got, e) ? 1 : 0
    return ok === 1 && presented !== null
  }
}

/**
 * Refuses every request to a non-public path (every path but exactly `/health`, and the
 * docs with DOCS=public; request-target.ts) whose `X-RapidAPI-Proxy-Secret` matches none
 * of `opts.secrets`: 403 proxy_secret_invalid, no data — unknown paths included, so routes
 * cannot be enumerated without the secret. A verified request whose Host header Bun could
 * not use (missing, empty, invalid) is then refused with 400 host_invalid (RFC 9112 §3.2):
 * its path cannot be trusted to mean what the client meant.
 * Source: RapidAPI docs, "Secure your API" (proxy secret header).
 * @throws ConfigError at build time when `secrets` is empty without `allowMissing`.
 */
export function proxySecret(opts: ProxySecretOptions) {
  const matches = createSecretCheck(opts)
  return new Elysia({ name: 'security.proxy-secret', seed: `${opts.secrets.length}:${opts.allowMissing === true}` }).onRequest(
    function checkProxySecret({ request }) {
      // Written without an early `return` (app.ts: hooks must not look async once minified).
      const facts = requestFacts(request)
      if (!facts.public) {
        if (!matches(request.headers.get(PROXY_SECRET_HEADER))) {
          throw new ProblemError('proxy_secret_invalid', 'Requests must come through RapidAPI with a valid proxy secret.')
        }
        facts.verified = true
        if (!facts.hostValid) throw new ProblemError('host_invalid', 'The request needs a valid Host header (RFC 9112 section 3.2).')
      }
    },
  )
}
