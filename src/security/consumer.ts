/**
 * Who is calling, and on which plan. Runs after the proxy secret passed, so the
 * RapidAPI headers can be believed:
 *  - plan from `X-RapidAPI-Subscription` (tiers.ts);
 *  - consumer key from `X-RapidAPI-User`; else the client address: the socket address,
 *    or — only when the socket address is a configured trusted proxy — the right-most
 *    `X-Forwarded-For` hop that is not itself a trusted proxy (RFC 7239 §5.2 reasoning:
 *    only hops added by proxies you run can be believed).
 */
import { Elysia } from 'elysia'
import { requestFacts } from '../request-context.ts'
import { holdsSecret } from './request-id.ts'
import { planFromHeader } from './tiers.ts'

export const USER_HEADER = 'x-rapidapi-user'
export const SUBSCRIPTION_HEADER = 'x-rapidapi-subscription'
const MAX_USER_LENGTH = 128
/** Unicode category Cc: C0, DEL, C1. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** "::ffff:10.0.0.1" → "10.0.0.1"; lower-case IPv6; trims. */
export function normaliseIp(ip: string): string {
  const t = ip.trim().toLowerCase()
  return t.startsWith('::ffff:') && t.includes('.') ? t.slice(7) : t
}

/**
 * The client address given the socket address and X-Forwarded-For.
 * @param trusted normalised addresses of proxies we run (TRUSTED_PROXIES)
 */
export function clientAddress(socketIp: string | null, forwardedFor: string | null, trusted: ReadonlySet<string>): string {
  const socket = socketIp ? normaliseIp(socketIp) : 'unknown'
  if (!forwardedFor || trusted.size === 0 || !trusted.has(socket)) return socket
  const hops = forwardedFor.split(',')
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseIp(hops[i]!)
    if (hop === '' || !/^[0-9a-f:.]{2,45}$/.test(hop)) return socket // garbage: don't trust the header at all
    if (!trusted.has(hop)) return hop
  }
  return socket
}

/**
 * `user:<X-RapidAPI-User>` when the header is usable (non-blank, ≤128 characters, no
 * controls, none of `secrets` inside — the key is logged), else null.
 */
export function userKey(user: string | null, secrets: readonly string[] = []): string | null {
  if (user === null) return null
  const u = user.trim()
  return u !== '' && u.length <= MAX_USER_LENGTH && !CONTROL.test(u) && !holdsSecret(u, secrets) ? `user:${u}` : null
}

/**
 * Consumer key used for rate limiting: `user:<X-RapidAPI-User>` or `ip:<address>`.
 * `address` may be a function, called only when the user header is unusable (the socket
 * address costs a system call).
 */
export function consumerKey(user: string | null, address: string | (() => string)): string {
  return userKey(user) ?? `ip:${typeof address === 'function' ? address() : address}`
}

export type ConsumerOptions = {
  trustedProxies: readonly string[]
  /**
   * The socket address of a request (Bun's `server.requestIP`), null when unknown (e.g.
   * `app.handle` in tests). Passed in rather than read from Elysia's `server` context
   * property: a hook that names that property makes Elysia define a getter on every
   * request's context (Object.defineProperty per request), whether or not it is read.
   */
  socketAddress: (request: Request) => string | null
  /** Values never used as a consumer key (they would reach the log line). @default [] */
  secrets?: readonly string[]
}

/**
 * Sets the plan and the consumer key of each request (after the proxy secret passed).
 * Requests that did not prove the secret (public paths) get the client address as consumer
 * and keep BASIC: their headers are not believed. Source of the headers: RapidAPI docs, "Headers sent by RapidAPI".
 */
export function consumer(opts: ConsumerOptions) {
  const trusted = new Set(opts.trustedProxies.map(normaliseIp))
  const secrets = [...(opts.secrets ?? [])]
  const addressOf = (request: Request) => clientAddress(opts.socketAddress(request), request.headers.get('x-forwarded-for'), trusted)
  // Kept free of `return f(` and `=> f(` so Elysia's source check does not take it for an
  // async hook and await it on every request.
  return new Elysia({ name: 'security.consumer', seed: opts.trustedProxies.join(',') }).onRequest(function identifyConsumer({ request }) {
    const facts = requestFacts(request)
    if (!facts.verified) {
      facts.consumer = `ip:${addressOf(request)}`
    } else {
      facts.plan = planFromHeader(request.headers.get(SUBSCRIPTION_HEADER))
      const user = userKey(request.headers.get(USER_HEADER), secrets)
      facts.consumer = user === null ? `ip:${addressOf(request)}` : user
    }
  })
}
