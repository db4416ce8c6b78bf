/**
 * Load generation with Debian's wrk: one lua script per request mix, results parsed from
 * wrk's text output (requests/s, latency percentiles from --latency, non-2xx count).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pin } from './procs.ts'

/** One request of a mix: wrk sends them in proportion to `weight`. */
export type WrkRequest = {
  method: 'GET' | 'POST'
  path: string
  body?: string
  /** Extra headers (the consumer header is added per request when `consumers` is set). */
  headers?: Record<string, string>
  weight?: number
}

export type WrkResult = {
  rps: number
  p50_ms: number
  p99_ms: number
  requests: number
  non_2xx: number
  socket_errors: number
  /** wrk's "Socket errors" line (connect, read, write, timeout), or '' when there were none. */
  socket_error_kinds: string
}

const luaString = (s: string) => `[==[${s}]==]`

/**
 * Writes a wrk script that sends `requests` in a fixed weighted cycle. With `consumers`,
 * each request carries X-RapidAPI-User `<prefix><i mod consumers>`, so a run can stay under
 * the plan's per-minute limit (or, with 1 consumer, storm it).
 */
export function writeLua(dir: string, name: string, requests: WrkRequest[], consumers?: { prefix: string; count: number }): string {
  const cycle: number[] = []
  requests.forEach((r, i) => {
    for (let w = 0; w < (r.weight ?? 1); w++) cycle.push(i + 1)
  })
  // Spread the cycle so weights interleave (1,2,1,3,… rather than 1,1,1,2,…).
  cycle.sort((a, b) => ((a * 7919) % 97) - ((b * 7919) % 97) || a - b)
  const reqs = requests
    .map((r) => {
      const h = Object.entries(r.headers ?? {}).map(([k, v]) => `[ ${luaString(k)} ] = ${luaString(v)}`)
      if (r.body !== undefined) h.push(`["Content-Type"] = "application/json"`)
      return `{ method = "${r.method}", path = ${luaString(r.path)}, body = ${r.body === undefined ? 'nil' : luaString(r.body)}, headers = { ${h.join(', ')} } }`
    })
    .join(',\n  ')
  const lua = `local reqs = {\n  ${reqs}\n}
local cycle = { ${cycle.join(', ')} }
local i = 0
${consumers ? '' : `local fixed = {}\nfor k, r in ipairs(reqs) do fixed[k] = wrk.format(r.method, r.path, r.headers, r.body) end`}
request = function()
  i = i + 1
  local k = cycle[(i % #cycle) + 1]
${
  consumers
    ? `  local r = reqs[k]
  r.headers["X-RapidAPI-User"] = ${luaString(consumers.prefix)} .. (i % ${consumers.count})
  return wrk.format(r.method, r.path, r.headers, r.body)`
    : '  return fixed[k]'
}
end
`
  const file = join(dir, `${name}.lua`)
  writeFileSync(file, lua)
  return file
}

function toMs(value: string, unit: string): number {
  const v = Number(value)
  return unit === 'us' ? v / 1000 : unit === 's' ? v * 1000 : unit === 'm' ? v * 60_000 : v
}

/** Parses wrk's output (with --latency). @throws Error when wrk printed no rate. */
export function parseWrk(out: string): WrkResult {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  if (!Number.isFinite(rps)) throw new Error(`wrk printed no Requests/sec:\n${out}`)
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out)
    return m ? toMs(m[1]!, m[2]!) : Number.NaN
  }
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  return {
    rps,
    p50_ms: pct('50'),
    p99_ms: pct('99'),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
    non_2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    socket_errors: sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    socket_error_kinds: sock ? sock[0] : '',
  }
}

/** Runs wrk (-t1, `connections`, `seconds`, a request timing out after `timeoutS`, default 2) pinned to `core` and parses its result. */
export async function runWrk(o: {
  url: string
  lua: string
  seconds: number
  connections?: number
  core?: number
  timeoutS?: number
}): Promise<WrkResult> {
  const proc = Bun.spawn(
    [
      ...pin(o.core ?? 1),
      'wrk',
      '-t1',
      `-c${o.connections ?? 32}`,
      `-d${o.seconds}s`,
      '--latency',
      '--timeout',
      `${o.timeoutS ?? 2}s`,
      '-s',
      o.lua,
      o.url,
    ],
    { stdout: 'pipe', stderr: 'pipe' },
  )
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited])
  if (code !== 0 || /error/i.test(err)) throw new Error(`wrk failed (${code}) with ${o.lua}:\n${err}${out}`)
  return parseWrk(out)
}
