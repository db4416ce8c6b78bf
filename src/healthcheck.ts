/**
 * `kbeauty-api healthcheck`: GET the local /health and say in plain words what failed.
 * Through node:http on purpose: Bun's fetch sends even a loopback request through
 * HTTP_PROXY / HTTPS_PROXY (NO_PROXY unset is common in containers), so a healthy
 * container was reported unhealthy by its proxy; node:http never reads proxy variables.
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

export type HealthcheckResult = { ok: true } | { ok: false; problem: string }

/** @default 3000 ms for the whole exchange */
export const HEALTHCHECK_TIMEOUT_MS = 3_000

/** The URL `healthcheck` asks by default: HOST (loopback when it is a wildcard) and PORT (8000). */
export function defaultHealthUrl(env: Record<string, string | undefined>): string {
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT || '8000'}/health`
}

/**
 * Resolves `{ ok: true }` when `url` answers 200 within `o.timeoutMs`, else
 * `{ ok: false, problem }` with "invalid URL", "connection refused", "timed out after N ms",
 * "HTTP 503: <start of the body>" or the socket error's code. Never rejects.
 */
export function checkHealth(url: string, o: { timeoutMs?: number } = {}): Promise<HealthcheckResult> {
  const timeoutMs = o.timeoutMs ?? HEALTHCHECK_TIMEOUT_MS
  let u: URL
  try {
    u = new URL(url)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol')
  } catch {
    return Promise.resolve({ ok: false, problem: 'invalid URL' })
  }
  return new Promise((resolve) => {
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, { method: 'GET', headers: { connection: 'close' } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        if (body.length < 200) body += chunk
      })
      res.on('end', () => {
        clearTimeout(timer)
        if (res.statusCode === 200) resolve({ ok: true })
        else
          resolve({
            ok: false,
            problem: `HTTP ${res.statusCode}: ${body.replace(/\s+/g, ' ').trim().slice(0, 200) || res.statusMessage || ''}`,
          })
      })
    })
    const timer = setTimeout(() => {
      resolve({ ok: false, problem: `timed out after ${timeoutMs} ms` })
      req.destroy()
    }, timeoutMs)
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      resolve({ ok: false, problem: err.code === 'ECONNREFUSED' ? 'connection refused' : (err.code ?? err.message) })
    })
    req.end()
  })
}
