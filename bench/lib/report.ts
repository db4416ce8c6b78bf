/**
 * The bench's results as a file: the JSON shape, the markdown table the README shows and
 * an SVG bar chart (drawn here, no external service).
 */
export const SERVERS = ['product', 'limit', 'floor', 'fastapi'] as const
export type Server = (typeof SERVERS)[number]

export type ServerResult = { rps: number; p50_ms: number; p99_ms: number; non_2xx: number; socket_errors: number; rps_per_round: number[] }
export type Ratio = { median: number; per_round: number[] }

export type ScenarioResult = {
  name: string
  title: string
  status: 'measured' | 'skipped'
  reason?: string
  /** Requests in the mix (method, path). */
  mix: string[]
  servers: Partial<Record<Server, ServerResult>>
  ratios: Partial<Record<'limit' | 'floor' | 'fastapi', Ratio>>
}

export type Target = { name: string; value: number | null; target: string; status: 'PASS' | 'FAIL' | 'SKIP'; note?: string }

export type BenchResults = {
  date: string
  command: string
  mode: 'full' | 'smoke'
  machine: { cpu: string; cores: number; kernel: string; bun: string; python_peer: string | null }
  data: string
  rounds: number
  seconds: number
  wrk: string
  binary_mb: number
  cold_start_ms: { median: number; runs: number[] }
  rss_mb: { product_rest: number | null; product_load: number; product_after: number | null; fastapi_worker_load: number | null }
  /** "<peer> <path>" where a reference server's body is not the product's, byte for byte. */
  peer_bodies_differ: string[]
  scenarios: ScenarioResult[]
  targets: Target[]
}

const n0 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : Math.round(x).toLocaleString('en-US'))
const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : x < 1 ? x.toFixed(2) : x.toFixed(1))
const ratio = (r: Ratio | undefined) => (r ? `${r.median.toFixed(2)}` : '–')

/** The results as markdown: scenario table, start/memory line, targets. */
export function markdown(r: BenchResults): string {
  const lines = [
    `Numbers from ${r.date.slice(0, 10)} run by \`${r.command}\` (${r.mode}: ${r.rounds} round(s) × ${r.seconds} s per server and scenario, ${r.wrk}; ${r.data} data) on ${r.machine.cpu}, ${r.machine.cores} cores, Linux ${r.machine.kernel}, Bun ${r.machine.bun}.`,
    '',
    '| scenario | product req/s | p50 ms | p99 ms | limit req/s | floor req/s | FastAPI req/s | ÷ limit | ÷ floor | ÷ FastAPI |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ]
  for (const s of r.scenarios) {
    if (s.status === 'skipped') {
      lines.push(`| ${s.title} | skipped: ${s.reason} | | | | | | | | |`)
      continue
    }
    const p = s.servers.product
    lines.push(
      `| ${s.title} | ${n0(p?.rps)} | ${ms(p?.p50_ms)} | ${ms(p?.p99_ms)} | ${n0(s.servers.limit?.rps)} | ${n0(s.servers.floor?.rps)} | ${n0(s.servers.fastapi?.rps)} | ${ratio(s.ratios.limit)} | ${ratio(s.ratios.floor)} | ${ratio(s.ratios.fastapi)} |`,
    )
  }
  const rss = r.rss_mb
  lines.push(
    '',
    `Cold start (exec → first 200 on /health, median of ${r.cold_start_ms.runs.length}): **${ms(r.cold_start_ms.median)} ms**. ` +
      `RSS per worker: ${ms(rss.product_rest ?? undefined)} MB at rest, ${ms(rss.product_load)} MB under load (FastAPI worker: ${ms(rss.fastapi_worker_load ?? undefined)} MB). ` +
      `Binary: ${r.binary_mb.toFixed(1)} MB. Ratios are medians of per-round ratios. ` +
      (r.peer_bodies_differ.length === 0
        ? 'The reference servers answered the product’s exact-lookup bodies byte for byte.'
        : `Bodies that differ from the product’s (the peer builds bench/peers/lookup.sql’s, with fewer fields, so its ratio is conservative): ${r.peer_bodies_differ.join(', ')}.`),
    '',
    '| target | measured | needed | |',
    '|---|--:|---|---|',
    ...r.targets.map(
      (t) => `| ${t.name} | ${t.value === null ? '–' : t.value.toFixed(2)} | ${t.target} | ${t.status}${t.note ? ` (${t.note})` : ''} |`,
    ),
  )
  return `${lines.join('\n')}\n`
}

const COLOURS: Record<Server, string> = { product: '#1f6feb', limit: '#8b949e', floor: '#bf8700', fastapi: '#cf222e' }
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A horizontal grouped bar chart of requests/s per scenario and server. */
export function svg(r: BenchResults): string {
  const measured = r.scenarios.filter((s) => s.status === 'measured')
  const rows = measured.flatMap((s) => SERVERS.filter((k) => s.servers[k]).map((k) => ({ s, k, rps: s.servers[k]!.rps })))
  const max = Math.max(1, ...rows.map((x) => x.rps))
  const left = 200
  const width = 760
  const barW = width - left - 90
  const bar = 14
  let y = 40
  const parts: string[] = []
  for (const s of measured) {
    parts.push(`<text x="8" y="${y + bar - 2}" font-weight="bold">${esc(s.title)}</text>`)
    for (const k of SERVERS) {
      const v = s.servers[k]
      if (!v) continue
      const w = Math.max(1, (v.rps / max) * barW)
      parts.push(
        `<text x="${left - 6}" y="${y + bar - 3}" text-anchor="end">${k === 'fastapi' ? 'FastAPI' : k}</text>`,
        `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${COLOURS[k]}"/>`,
        `<text x="${(left + w + 4).toFixed(1)}" y="${y + bar - 3}">${n0(v.rps)}</text>`,
      )
      y += bar + 3
    }
    y += 12
  }
  const skipped = r.scenarios.filter((s) => s.status === 'skipped')
  for (const s of skipped) {
    parts.push(`<text x="8" y="${y + 10}" fill="#57606a">${esc(`${s.title}: skipped (${s.reason})`)}</text>`)
    y += 18
  }
  const title = `requests/s, ${r.date.slice(0, 10)}, ${r.machine.cores} cores, ${r.mode} (${r.rounds}×${r.seconds} s), cold start ${ms(r.cold_start_ms.median)} ms`
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" viewBox="0 0 ${width} ${y + 10}" font-family="sans-serif" font-size="12">
<title>${esc(title)}</title>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="8" y="20" font-size="14" font-weight="bold">${esc(title)}</text>
${parts.join('\n')}
</svg>
`
}
