/**
 * Security headers on every response — 200, 4xx, 5xx, 404, 429 — computed once.
 * Values follow OWASP Secure Headers Project recommendations for JSON APIs; HSTS per
 * RFC 6797, CSP per CSP Level 3. Set in onRequest so error responses keep them.
 */
import { Elysia } from 'elysia'
import { requestFacts } from '../request-context.ts'

/** Headers for API responses. */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-origin',
})

/** Content-Type of every JSON answer that is not a problem (errors.ts has PROBLEM_CONTENT_TYPE). */
export const JSON_CONTENT_TYPE = 'application/json;charset=utf-8'

/**
 * The docs page loads its own script, style and images from /docs/assets and fetches
 * /docs/json and the API itself: nothing else (no inline script, no CDN).
 */
export const DOCS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...API_HEADERS,
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
})

/** Path prefix of the documentation page and its assets. */
export const DOCS_PREFIX = '/docs'

/**
 * Sets the security headers on every response, 404s and errors included: Elysia's
 * default headers (`.headers()`) seed every response's header set, so the values are
 * built once here and copied by Elysia's compiled handler. Only /docs swaps its CSP.
 */
export function securityHeaders() {
  return new Elysia({ name: 'security.headers' }).headers({ ...API_HEADERS }).onRequest(function setDocsPolicy({ set, request }) {
    if (isDocsPath(requestFacts(request).path)) {
      set.headers['content-security-policy'] = DOCS_HEADERS['content-security-policy']!
    }
  })
}

/** True for the docs page and its assets: /docs and /docs/assets/… (not /docs/json, not /docsx). */
export function isDocsPath(path: string): boolean {
  return path === DOCS_PREFIX || path.startsWith(`${DOCS_PREFIX}/assets/`)
}
