/**
 * One Bot API `sendMessage` call (Bot API docs, "sendMessage", "Making requests") and what
 * its answer means for delivery: ok; retry (network error, per-attempt timeout, 429 with
 * `parameters.retry_after` seconds from the body, else a `Retry-After` header, else the
 * caller's backoff; 5xx); bad request (400, e.g. "can't parse entities": try plain text);
 * rejected (any other 4xx: 401 bad token, 403 bot kicked …: drop).
 */
import type { Mode } from './format.ts'

/** `fetch` as used here (a subset, so tests can pass a plain function). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export type AttemptResult =
  | { type: 'ok' }
  | { type: 'aborted' }
  | { type: 'retry'; reason: 'timeout' | 'network' | 'http-429' | 'http-5xx'; status?: number; description?: string; retryAfterMs?: number }
  | { type: 'bad-request'; status: number; description?: string }
  | { type: 'rejected'; status: number; description?: string }

export type BotApiOptions = {
  /** `<apiBase>/bot<token>/sendMessage`: holds the token, so never logged. */
  url: string
  chatId: string | number
  fetch: FetchLike
  attemptTimeoutMs: number
  setTimer: (ms: number, fn: () => void) => () => void
  /** Short "Name code: message" of a thrown error, redacted by the caller's rules. */
  describe: (err: unknown) => string
}

/** Sends `text` once; never throws. `stop` aborting makes it resolve `{ type: 'aborted' }`. */
export async function sendMessage(o: BotApiOptions, text: string, mode: Mode, stop: AbortSignal): Promise<AttemptResult> {
  const controller = new AbortController()
  let timedOut = false
  const cancelTimer = o.setTimer(o.attemptTimeoutMs, () => {
    timedOut = true
    controller.abort()
  })
  const onStop = () => controller.abort()
  stop.addEventListener('abort', onStop, { once: true })
  try {
    const payload: Record<string, unknown> = { chat_id: o.chatId, text, link_preview_options: { is_disabled: true } }
    if (mode === 'html') payload.parse_mode = 'HTML'
    const res = await o.fetch(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: controller.signal,
    })
    return classify(res.status, res.headers, await res.text())
  } catch (err) {
    if (stop.aborted) return { type: 'aborted' }
    if (timedOut) return { type: 'retry', reason: 'timeout', description: `no answer within ${o.attemptTimeoutMs} ms` }
    return { type: 'retry', reason: 'network', description: o.describe(err) }
  } finally {
    cancelTimer()
    stop.removeEventListener('abort', onStop)
  }
}

/** Classifies one HTTP answer of the Bot API (see the module comment). */
export function classify(status: number, headers: Headers, raw: string): AttemptResult {
  let body: { ok?: unknown; description?: unknown; parameters?: { retry_after?: unknown } } = {}
  try {
    const parsed: unknown = JSON.parse(raw)
    if (parsed && typeof parsed === 'object') body = parsed as typeof body
  } catch {
    /* a proxy's HTML error page: classify by status alone */
  }
  const description = typeof body.description === 'string' ? body.description : undefined
  if (status >= 200 && status < 300 && body.ok !== false) return { type: 'ok' }
  if (status === 429) {
    const fromBody = body.parameters?.retry_after
    const header = headers.get('retry-after')
    const seconds =
      typeof fromBody === 'number' && fromBody >= 0 ? fromBody : header !== null && Number(header) >= 0 ? Number(header) : undefined
    return {
      type: 'retry',
      reason: 'http-429',
      status,
      description,
      retryAfterMs: seconds === undefined ? undefined : Math.ceil(seconds * 1000),
    }
  }
  if (status >= 500) return { type: 'retry', reason: 'http-5xx', status, description }
  if (status === 400) return { type: 'bad-request', status, description }
  return { type: 'rejected', status, description }
}

/**
 * The token can surface in error messages that quote the URL, raw or percent-encoded:
 * `redact` replaces both; `describe` gives a thrown error's "Name code: message", redacted.
 */
export function tokenRedactor(token: string, maxLength: number) {
  const secrets = [...new Set([token, encodeURIComponent(token)])].sort((a, b) => b.length - a.length)
  const redact = (s: string) => secrets.reduce((acc, t) => acc.split(t).join('<redacted>'), s)
  const describe = (err: unknown) => {
    const code = (err as { code?: unknown })?.code
    const text = err instanceof Error ? `${err.name}${typeof code === 'string' ? ` ${code}` : ''}: ${err.message}` : String(err)
    return redact(text).slice(0, maxLength)
  }
  return { redact, describe }
}
