/**
 * Enforces the plan table's ROUTE_PLANS (tiers.ts) on every request.
 */
import { Elysia } from 'elysia'
import { ProblemError } from '../errors.ts'
import { requestFacts } from '../request-context.ts'
import { planAllows, ROUTE_PLANS } from './tiers.ts'

/**
 * Refuses a route above the caller's plan with 403 naming the plan it needs. Runs in
 * the transform phase — after the proxy secret, before input validation — so a caller
 * learns about the plan before learning about parameters.
 */
export function planGuard() {
  return new Elysia({ name: 'security.plan-guard' }).onTransform({ as: 'global' }, function requirePlan({ request, route }) {
    // Elysia answers HEAD with the GET route: same plan.
    const method = request.method === 'HEAD' ? 'GET' : request.method
    const required = ROUTE_PLANS[`${method} ${route}`]
    const plan = requestFacts(request).plan
    if (required !== undefined && !planAllows(plan, required)) {
      throw new ProblemError('plan_upgrade_required', `This endpoint needs the ${required} plan or higher; you are on ${plan}.`, {
        required_plan: required,
      })
    }
  })
}
