/**
 * The RapidAPI proxy secret: RapidAPI adds `X-RapidAPI-Proxy-Secret` to every request it
 * forwards (RapidAPI docs, "Additional request headers"); a request without the right
 * value did not come through RapidAPI and gets 403 with no data. Required on every path
 * except exactly `/health`. Several secrets may be accepted at once (rotation).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { Elysia } from 'elysia'
import { ProblemError } from '../errors.ts'

export const PROXY_SECRET_HEADER = 'x-rapidapi-proxy-secret'

/** Paths served without the secret: exactly these, no prefix matching. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/health'])

export type ProxySecretOptions = {
  /** Accepted secrets. Empty means "no check" and is allowed only by the caller's explicit dev opt-out. */
  secrets: readonly string[]
  /** Set only with APP_ENV=dev and ALLOW_MISSING_PROXY_SECRET=true. @default false */
  allowMissing?: boolean
}

const digest = (s: string) => createHash('sha256').update(s).digest()

/**
 * Builds the check. Comparison is constant-time also when lengths differ: both sides are
 * hashed with SHA-256 first, and every accepted secret is compared (no early exit).
 * @throws Error at build time when `secrets` is empty without `allowMissing`: an unset
 *   secret must never mean "open".
 */
export function createSecretCheck(opts: ProxySecretOptions): (presented: string | null) => boolean {
  if (opts.secrets.length === 0) {
    if (!opts.allowMissing) throw new Error('proxySecret: `secrets` is empty; refusing to run without a proxy secret')
    return () => true
  }
  const expected = opts.secrets.map(digest)
  return function matchesProxySecret(presented) {
    if (presented === null) return false
    const got = digest(presented)
    let ok = 0
    for (const e of expected) ok |= timingSafeEqual(got, e) ? 1 : 0
    return ok === 1
  }
}

/** Path of a request URL without parsing the whole URL (hot path). */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  if (start < 0) return '/'
  const q = url.indexOf('?', start)
  return q < 0 ? url.slice(start) : url.slice(start, q)
}

export function proxySecret(opts: ProxySecretOptions) {
  const matches = createSecretCheck(opts)
  return new Elysia({ name: 'security.proxy-secret' }).onRequest(function checkProxySecret({ request }) {
    if (PUBLIC_PATHS.has(pathOf(request.url))) return
    if (!matches(request.headers.get(PROXY_SECRET_HEADER))) {
      throw new ProblemError('proxy_secret_invalid', 'Requests must come through RapidAPI with a valid proxy secret.')
    }
  })
}
