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
 * Consumer key used for rate limiting: `user:<X-RapidAPI-User>` or `ip:<address>`.
 * `address` may be a function, called only when the user header is unusable (the socket
 * address costs a system call).
 */
export function consumerKey(user: string | null, address: string | (() => string)): string {
  if (user !== null) {
    const u = user.trim()
    if (u !== '' && u.length <= MAX_USER_LENGTH && !CONTROL.test(u)) return `user:${u}`
  }
  return `ip:${typeof address === 'function' ? address() : address}`
}

export type ConsumerOptions = { trustedProxies: readonly string[] }

/**
 * Sets the plan and the consumer key of each request (after the proxy secret passed).
 * Public paths get the client address as consumer and keep BASIC: their headers are not
 * believed. Source of the headers: RapidAPI docs, "Headers sent by RapidAPI".
 */
export function consumer(opts: ConsumerOptions) {
  const trusted = new Set(opts.trustedProxies.map(normaliseIp))
  return new Elysia({ name: 'security.consumer' }).onRequest(function identifyConsumer({ request, server }) {
    const facts = requestFacts(request)
    const address = () => clientAddress(server?.requestIP(request)?.address ?? null, request.headers.get('x-forwarded-for'), trusted)
    if (facts.public) {
      facts.consumer = `ip:${address()}`
      return
    }
    facts.plan = planFromHeader(request.headers.get(SUBSCRIPTION_HEADER))
    facts.consumer = consumerKey(request.headers.get(USER_HEADER), address)
  })
}
