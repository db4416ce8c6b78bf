/**
 * The normal client of the hostile run, in its own process so the attacker's CPU use in
 * the parent does not count as the service's latency: one MEGA consumer sending an exact
 * lookup every `intervalMs` for `seconds`, printing one JSON line `{ t, ms, status }` per
 * request (t = Date.now() at send).
 *
 *   bun bench/hostile/normal-client.ts URL SECRET SECONDS [INTERVAL_MS]
 */
const [url, secret, seconds, interval] = process.argv.slice(2)
if (!url || !secret || !seconds) throw new Error('usage: normal-client.ts URL SECRET SECONDS [INTERVAL_MS]')
const intervalMs = Number(interval ?? 20)
const end = Date.now() + Number(seconds) * 1000
const headers = { 'X-RapidAPI-Proxy-Secret': secret, 'X-RapidAPI-Subscription': 'MEGA', 'X-RapidAPI-User': 'normal-client' }
const out: string[] = []
while (Date.now() < end) {
  const t = Date.now()
  const t0 = performance.now()
  let status = 0
  try {
    const res = await fetch(`${url}/v1/ingredients/inci?q=glycerin`, { headers, signal: AbortSignal.timeout(10_000) })
    await res.arrayBuffer()
    status = res.status
  } catch {
    status = -1
  }
  out.push(JSON.stringify({ t, ms: Number((performance.now() - t0).toFixed(3)), status }))
  const wait = intervalMs - (performance.now() - t0)
  if (wait > 0) await Bun.sleep(wait)
}
process.stdout.write(`${out.join('\n')}\n`)

export {}
