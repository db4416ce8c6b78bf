/**
 * `kbeauty-api healthcheck`: GET /health of the local service, for a container's
 * HEALTHCHECK (the image has no curl). 200 is healthy; anything else, or no answer within
 * the deadline, is not, with one line saying what happened.
 */

export type HealthcheckResult = { ok: true } | { ok: false; problem: string }

/** The URL checked when none is given: loopback on PORT (default 8000). */
export function defaultHealthUrl(env: Record<string, string | undefined>): string {
  return `http://127.0.0.1:${env.PORT || '8000'}/health`
}

/** Never rejects. `fetchFn` is injected for tests. @default timeoutMs 3000 */
export async function checkHealth(url: string, o: { timeoutMs?: number; fetchFn?: typeof fetch } = {}): Promise<HealthcheckResult> {
  try {
    const res = await (o.fetchFn ?? fetch)(url, { signal: AbortSignal.timeout(o.timeoutMs ?? 3_000) })
    return res.status === 200 ? { ok: true } : { ok: false, problem: `${url} answered ${res.status}` }
  } catch (err) {
    return { ok: false, problem: `${url} did not answer (${(err as Error)?.name ?? 'error'})` }
  }
}
