/**
 * Rate limit per consumer and plan, every request counted (failed ones too), with the
 * IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy`
 * and `RateLimit`, structured-field syntax) on every response and `Retry-After`
 * (RFC 9110 §10.2.3, seconds) on 429. Limits come from the plan table (tiers.ts).
 */
import { Elysia } from 'elysia'
import { ProblemError } from '../errors.ts'
import { HEALTH_PATH, type RequestFacts, requestFacts } from '../request-context.ts'
import { type Hit, type RateLimitStore, WINDOW_MS } from './rate-limit-store.ts'
import { PLAN_NAMES, PLANS, type Plan } from './tiers.ts'

export type RateLimitOptions = { store: RateLimitStore }

/** One seed per store object: a second `.use()` with the same store is deduplicated, another store is not. */
const storeIds = new WeakMap<RateLimitStore, number>()
let lastStoreId = 0
function storeId(store: RateLimitStore): number {
  let id = storeIds.get(store)
  if (id === undefined) {
    id = ++lastStoreId
    storeIds.set(store, id)
  }
  return id
}

/** Outside rate limits: exactly /health, so a probe can never be refused (public docs are counted). */
const exempt = (f: RequestFacts) => f.public && f.path === HEALTH_PATH

/** `RateLimit-Policy` per plan, computed once. */
const POLICY: Readonly<Record<Plan, string>> = Object.freeze(
  Object.fromEntries(PLAN_NAMES.map((p) => [p, `"${p.toLowerCase()}";q=${PLANS[p].requestsPerMinute};w=${WINDOW_MS / 1000}`])) as Record<
    Plan,
    string
  >,
)

/** The `RateLimit` item name per plan ("basic", …), computed once. */
const ITEM: Readonly<Record<Plan, string>> = Object.freeze(
  Object.fromEntries(PLAN_NAMES.map((p) => [p, `"${p.toLowerCase()}"`])) as Record<Plan, string>,
)

/**
 * Writes `RateLimit-Policy` and `RateLimit` for a counted request into `headers` (and
 * `Retry-After` when over the limit), straight into the response's header set: this runs
 * on every request, so no intermediate object.
 * @throws ProblemError rate_limited (429) when `hit.count` is past the plan's requests per minute.
 */
export function applyRateLimit(plan: Plan, hit: Hit, headers: Record<string, string | number>): void {
  const limit = PLANS[plan].requestsPerMinute
  const seconds = Math.max(1, Math.ceil(hit.resetMs / 1000))
  headers['ratelimit-policy'] = POLICY[plan]
  headers['ratelimit'] = `${ITEM[plan]};r=${Math.max(0, limit - hit.count)};t=${seconds}`
  if (hit.count > limit) {
    headers['retry-after'] = String(seconds)
    throw new ProblemError('rate_limited', `The ${plan} plan allows ${limit} requests per minute; retry in ${seconds} s.`)
  }
}

/**
 * Counts every request under `<plan>:<consumer>` (failed ones too) and refuses with 429
 * past the plan's requests per minute. /health is exempt. With a synchronous store
 * (memory) the hook is synchronous, so the common path pays no promise.
 */
export function rateLimit(opts: RateLimitOptions) {
  const { store } = opts
  const plugin = new Elysia({ name: 'security.rate-limit', seed: storeId(store) })
  if (store.synchronous) {
    return plugin.onRequest(function enforceRateLimit({ request, set }) {
      const facts = requestFacts(request)
      if (!exempt(facts)) applyRateLimit(facts.plan, store.hit(`${facts.plan}:${facts.consumer}`, WINDOW_MS) as Hit, set.headers)
    })
  }
  return plugin.onRequest(async function enforceRateLimitAsync({ request, set }) {
    const facts = requestFacts(request)
    if (exempt(facts)) return
    applyRateLimit(facts.plan, await store.hit(`${facts.plan}:${facts.consumer}`, WINDOW_MS), set.headers)
  })
}
