/**
 * Request-shape checks before any route sees the request: sizes, content type, and a
 * query string that decodes to exactly one clean value per parameter. Each failure is a
 * clear 4xx problem; nothing reaches the database.
 */
import { Elysia } from 'elysia'
import { ConfigError } from '../config-error.ts'
import { ProblemError } from '../errors.ts'
import { queryOf, requestFacts } from '../request-context.ts'
import { bodyTooLarge } from './body-limit.ts'

export type InputGuardOptions = {
  /**
   * Longest accepted query string (after `?`), bytes. @default 8192 — every name in the
   * database fits percent-encoded (the longest INCI name, 1,991 characters, takes 2,427
   * bytes; the longest Korean name, 528 characters, 4,752), see ingredients/model.ts Q_MAX_CHARS.
   */
  maxQueryBytes?: number
  /** Longest accepted path, bytes. @default 1024 */
  maxPathBytes?: number
  /** Largest accepted request body, bytes (also enforced by Bun.serve). @default 65536 */
  maxBodyBytes?: number
  /** Media types accepted for a request body. @default ['application/json'] */
  bodyTypes?: readonly string[]
}

export const INPUT_GUARD_DEFAULTS = {
  maxQueryBytes: 8_192,
  maxPathBytes: 1_024,
  maxBodyBytes: 65_536,
  bodyTypes: ['application/json'],
} as const satisfies Required<InputGuardOptions>

/**
 * Characters refused in decoded input: C0 and C1 controls, DEL, bidirectional overrides and
 * isolates (they reorder text shown to people: "Trojan Source"), and U+FFFD, which stands
 * for bytes that were not valid UTF-8.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffd]/

function bad(detail: string, parameter?: string): ProblemError {
  return new ProblemError(
    parameter ? 'invalid_parameter' : 'invalid_request',
    detail,
    parameter ? { errors: [{ parameter, message: detail }] } : {},
  )
}

/**
 * Checks one request: its path and query as the router sees them (request-context.ts), and
 * its body headers. Pure; exported for tests.
 * @throws ProblemError query_too_long (413), path_too_long (414), payload_too_large (413),
 *   unsupported_media_type (415), invalid_request / invalid_parameter (400)
 */
export function checkRequest(request: Request, path: string, query: string, o: Required<InputGuardOptions> = INPUT_GUARD_DEFAULTS): void {
  if (query.length > o.maxQueryBytes) {
    throw new ProblemError('query_too_long', `The query string is longer than ${o.maxQueryBytes} bytes.`)
  }
  if (path.length > o.maxPathBytes) throw new ProblemError('path_too_long', `The path is longer than ${o.maxPathBytes} bytes.`)

  // A raw URL holds no control characters; only percent-encoded ones need decoding.
  if (path.includes('%')) {
    let decodedPath: string
    try {
      decodedPath = decodeURIComponent(path)
    } catch {
      throw bad('The path has invalid percent-encoding or is not UTF-8.')
    }
    if (CONTROL.test(decodedPath)) throw bad('The path contains control characters.')
  }

  if (query !== '') checkQuery(query)

  const method = request.method
  const length = request.headers.get('content-length')
  const hasBody =
    (length !== null && length !== '0') ||
    request.headers.has('transfer-encoding') ||
    (method !== 'GET' && method !== 'HEAD' && request.body !== null)
  if (hasBody) {
    if (length !== null && (!/^\d{1,12}$/.test(length) || Number(length) > o.maxBodyBytes)) {
      throw bodyTooLarge(o.maxBodyBytes)
    }
    if (method === 'GET' || method === 'HEAD') throw bad('GET requests take no body.')
    const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (!o.bodyTypes.includes(type)) {
      throw new ProblemError('unsupported_media_type', `Request bodies must be ${o.bodyTypes.join(' or ')}.`)
    }
  }
}

/** One clean value per parameter: valid percent-encoding and UTF-8, no controls, no repeats. */
function checkQuery(query: string): void {
  const encoded = query.includes('%') || query.includes('+')
  // The common case, one raw parameter ("q=glycerin"): nothing to decode, nothing repeated.
  if (!encoded && !query.includes('&')) return
  const names: string[] = []
  for (const pair of query.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    let name = eq < 0 ? pair : pair.slice(0, eq)
    let value = eq < 0 ? '' : pair.slice(eq + 1)
    if (encoded) {
      try {
        name = decodeURIComponent(name.replaceAll('+', ' '))
        value = decodeURIComponent(value.replaceAll('+', ' '))
      } catch {
        throw bad('The query string has invalid percent-encoding or is not UTF-8.')
      }
    }
    // Raw URLs cannot hold control characters, so only decoded text needs the check.
    if (encoded && CONTROL.test(name)) throw bad('A parameter name contains control characters.')
    const shown = name.length <= 32 && /^[A-Za-z0-9_.-]+$/.test(name) ? name : 'query'
    if (encoded && CONTROL.test(value)) throw bad(`${shown} contains control characters (NUL, newline, …).`, shown)
    if (names.includes(name)) throw bad(`${shown} is given more than once.`, shown)
    names.push(name)
  }
}

/**
 * Applies `checkRequest` to every request before routing.
 * @throws ConfigError at build time when a size option is not a positive integer.
 */
export function inputGuard(opts: InputGuardOptions = {}) {
  const o = { ...INPUT_GUARD_DEFAULTS, ...opts } as Required<InputGuardOptions>
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number' && (!Number.isInteger(v) || v <= 0)) throw new ConfigError([`inputGuard: ${k} must be a positive integer`])
  }
  return new Elysia({ name: 'security.input-guard', seed: o }).onRequest(function guardInput({ request }) {
    const facts = requestFacts(request)
    checkRequest(request, facts.path, queryOf(request, facts), o)
  })
}
