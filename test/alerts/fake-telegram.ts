/**
 * A fake Telegram Bot API for tests: a real HTTP server (Bun.serve) on 127.0.0.1, port 0.
 * Self-contained (imports nothing from src/), so any test — unit or end-to-end against the
 * compiled binary (point TELEGRAM_API_BASE at `fake.url`, TELEGRAM_BOT_TOKEN at
 * `fake.token`) — can use it.
 *
 *   const fake = await FakeTelegram.start()            // or startFakeTelegram()
 *   fake.setModes(['server-error', 'ok'])               // 1st request → 500, 2nd → 200
 *   …
 *   await fake.waitForMessages(1)                       // bounded wait (default 5 s)
 *   fake.messages[0].visibleText                        // what a Telegram user would read
 *   await fake.close()
 *
 * It answers `POST /bot<token>/sendMessage` like the Bot API (JSON in, JSON
 * `{ ok, result | error_code, description, parameters }` out; Bot API docs, "Making
 * requests"). Each request takes the next mode from the list given to `setModes` (then
 * `defaultMode`, 'ok' unless changed):
 *
 *   'ok'            200 — but, like Telegram, it still checks the message: the text must be
 *                   1–4096 characters after entity parsing, and with parse_mode 'HTML' the
 *                   markup must parse (supported tags only, only &lt; &gt; &amp; &quot; and
 *                   numeric entities, no bare < > &); otherwise 400 "can't parse entities".
 *   'parse-error'   400 {"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: …"}
 *   'retry-after'   429 with parameters.retry_after = `retryAfterSeconds` (option, default 1)
 *   { retryAfter }  429 with parameters.retry_after = that many seconds
 *   'server-error'  500 {"ok":false,"error_code":500,"description":"Internal Server Error"}
 *   'hang'          never answers (until the client gives up or the fake is closed)
 *   { status, body } that status with `body` as JSON, verbatim
 *
 * A wrong token answers 401 "Unauthorized" and another method 404 "Not Found", whatever
 * the mode (no mode is consumed). Every request is recorded in `requests`; those answered
 * 200 are also in `messages`.
 */

/** A token that passes the service's config check (`<digits>:<20+ of A-Za-z0-9_->`). */
export const FAKE_BOT_TOKEN = '123456789:TEST-fake-token_abcdefghijklmnop'

export type FakeMode =
  | 'ok'
  | 'parse-error'
  | 'retry-after'
  | 'server-error'
  | 'hang'
  | { retryAfter: number }
  | { status: number; body: unknown }

export type FakeRequest = {
  /** Path as received, token included. */
  path: string
  /** Parsed JSON body (null when it was not JSON). */
  body: Record<string, unknown> | null
  /** The mode this request was answered with ('unauthorized' / 'not-found' for those). */
  mode: FakeMode | 'unauthorized' | 'not-found'
  /** HTTP status answered (0 for a hang). */
  status: number
  /** `Date.now()` on arrival. */
  at: number
}

export type FakeMessage = {
  chatId: unknown
  /** `text` exactly as received. */
  text: string
  parseMode: string | undefined
  /** The text a user would see: HTML parsed (tags dropped, entities decoded), or `text` as is. */
  visibleText: string
  body: Record<string, unknown>
}

export type FakeTelegramOptions = {
  /** @default FAKE_BOT_TOKEN */
  token?: string
  /** Seconds in `parameters.retry_after` for the 'retry-after' mode. @default 1 */
  retryAfterSeconds?: number
}

/** Tags Telegram's HTML style accepts (Bot API docs, "HTML style"). */
const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
])
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' }

/**
 * Parses Telegram-style HTML the way the Bot API does, strictly enough for tests: returns
 * the visible text, or the reason Telegram would give for "can't parse entities".
 */
export function parseTelegramHtml(html: string): { ok: true; text: string } | { ok: false; error: string } {
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>|&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);|[<>&]/g
  const stack: string[] = []
  let text = ''
  let last = 0
  for (const m of html.matchAll(re)) {
    text += html.slice(last, m.index)
    last = m.index + m[0].length
    const offset = Buffer.byteLength(html.slice(0, m.index))
    if (m[2] !== undefined) {
      const tag = m[2].toLowerCase()
      if (!ALLOWED_TAGS.has(tag)) return { ok: false, error: `Unsupported start tag "${tag}" at byte offset ${offset}` }
      if (m[1] === '/') {
        if (stack.pop() !== tag)
          return { ok: false, error: `Unmatched end tag at byte offset ${offset}, expected "</${stack.at(-1) ?? ''}>", found "</${tag}>"` }
      } else {
        stack.push(tag)
      }
    } else if (m[4] !== undefined) {
      const name = m[4]
      if (name.startsWith('#x')) text += String.fromCodePoint(Number.parseInt(name.slice(2), 16))
      else if (name.startsWith('#')) text += String.fromCodePoint(Number.parseInt(name.slice(1), 10))
      else if (NAMED_ENTITIES[name] !== undefined) text += NAMED_ENTITIES[name]
      else return { ok: false, error: `Unsupported HTML entity "&${name};" at byte offset ${offset}` }
    } else {
      return { ok: false, error: `Character '${m[0]}' is reserved and must be escaped at byte offset ${offset}` }
    }
  }
  text += html.slice(last)
  if (stack.length > 0) return { ok: false, error: `Can't find end tag corresponding to start tag "${stack.at(-1)}"` }
  return { ok: true, text }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

function badRequest(description: string): Response {
  return json(400, { ok: false, error_code: 400, description: `Bad Request: ${description}` })
}

export class FakeTelegram {
  /** Every request, in arrival order. */
  readonly requests: FakeRequest[] = []
  /** Requests answered 200, in order. */
  readonly messages: FakeMessage[] = []
  /** Mode used once `setModes`' list is used up. */
  defaultMode: FakeMode = 'ok'
  readonly token: string

  private modes: FakeMode[] = []
  private readonly hung = new Set<(r: Response) => void>()
  private readonly listeners = new Set<() => void>()
  private messageId = 0
  private server: ReturnType<typeof Bun.serve> | undefined
  private readonly retryAfterSeconds: number

  private constructor(opts: FakeTelegramOptions) {
    this.token = opts.token ?? FAKE_BOT_TOKEN
    this.retryAfterSeconds = opts.retryAfterSeconds ?? 1
  }

  /** Starts a fake on 127.0.0.1 with an OS-chosen port. */
  static async start(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(opts)
    fake.server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (req) => fake.handle(req) })
    return fake
  }

  /** Base URL, e.g. "http://127.0.0.1:41234" (what TELEGRAM_API_BASE takes). */
  get url(): string {
    if (!this.server) throw new Error('fake Telegram is not started')
    return `http://127.0.0.1:${this.server.port}`
  }

  /** Modes for the next requests, one each, in order (replaces any left over). */
  setModes(modes: FakeMode[]): void {
    this.modes = [...modes]
  }

  /** Resolves with `messages` once at least `count` were delivered; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs = 5_000): Promise<FakeMessage[]> {
    return this.waitFor(() => this.messages.length >= count, timeoutMs, `${count} message(s)`).then(() => this.messages)
  }

  /** Resolves once at least `count` requests arrived (any mode); rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs = 5_000): Promise<FakeRequest[]> {
    return this.waitFor(() => this.requests.length >= count, timeoutMs, `${count} request(s)`).then(() => this.requests)
  }

  /** Answers every hanging request with 503 and stops the server. */
  async close(): Promise<void> {
    for (const answer of this.hung) answer(json(503, { ok: false, error_code: 503, description: 'fake closed' }))
    this.hung.clear()
    await this.server?.stop(true)
    this.server = undefined
  }

  private waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (done()) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return
        clearTimeout(timer)
        this.listeners.delete(check)
        resolve()
      }
      const timer = setTimeout(() => {
        this.listeners.delete(check)
        reject(
          new Error(
            `fake Telegram: waited ${timeoutMs} ms for ${what}; got ${this.requests.length} request(s), ${this.messages.length} delivered`,
          ),
        )
      }, timeoutMs)
      this.listeners.add(check)
    })
  }

  private record(entry: FakeRequest): void {
    this.requests.push(entry)
    for (const l of [...this.listeners]) l()
  }

  private async handle(req: Request): Promise<Response> {
    const path = new URL(req.url).pathname
    let body: Record<string, unknown> | null = null
    try {
      const parsed: unknown = await req.json()
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>
    } catch {
      body = null
    }
    const at = Date.now()
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path)
    if (!match || decodeURIComponent(match[1]!) !== this.token) {
      this.record({ path, body, mode: 'unauthorized', status: 401, at })
      return json(401, { ok: false, error_code: 401, description: 'Unauthorized' })
    }
    if (req.method !== 'POST' || match[2] !== 'sendMessage') {
      this.record({ path, body, mode: 'not-found', status: 404, at })
      return json(404, { ok: false, error_code: 404, description: 'Not Found' })
    }
    const mode = this.modes.shift() ?? this.defaultMode
    if (mode === 'hang') {
      this.record({ path, body, mode, status: 0, at })
      return new Promise<Response>((resolve) => {
        const answer = (r: Response) => {
          this.hung.delete(answer)
          resolve(r)
        }
        this.hung.add(answer)
        req.signal.addEventListener('abort', () => answer(json(499, { ok: false })), { once: true })
      })
    }
    const answer = this.answer(mode, body)
    this.record({ path, body, mode, status: answer.status, at })
    if (answer.status === 200 && body) this.messages.push(answer.message!)
    for (const l of [...this.listeners]) l()
    return answer.response
  }

  private answer(
    mode: Exclude<FakeMode, 'hang'>,
    body: Record<string, unknown> | null,
  ): { status: number; response: Response; message?: FakeMessage } {
    if (typeof mode === 'object' && 'status' in mode) return { status: mode.status, response: json(mode.status, mode.body) }
    if (typeof mode === 'object' || mode === 'retry-after') {
      const seconds = typeof mode === 'object' ? mode.retryAfter : this.retryAfterSeconds
      return {
        status: 429,
        response: json(429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${seconds}`,
          parameters: { retry_after: seconds },
        }),
      }
    }
    if (mode === 'server-error')
      return { status: 500, response: json(500, { ok: false, error_code: 500, description: 'Internal Server Error' }) }
    if (mode === 'parse-error')
      return { status: 400, response: badRequest('can\'t parse entities: Unsupported start tag "x" at byte offset 0') }
    // 'ok': check the message as Telegram would.
    if (!body) return { status: 400, response: badRequest('invalid JSON body') }
    if (body.chat_id === undefined || body.chat_id === '') return { status: 400, response: badRequest('chat_id is empty') }
    const text = typeof body.text === 'string' ? body.text : ''
    const parseMode = typeof body.parse_mode === 'string' ? body.parse_mode : undefined
    let visibleText = text
    if (parseMode !== undefined) {
      if (parseMode.toUpperCase() !== 'HTML')
        return { status: 400, response: badRequest(`unsupported parse_mode in this fake: ${parseMode}`) }
      const parsed = parseTelegramHtml(text)
      if (!parsed.ok) return { status: 400, response: badRequest(`can't parse entities: ${parsed.error}`) }
      visibleText = parsed.text
    }
    if (visibleText.trim() === '') return { status: 400, response: badRequest('message text is empty') }
    if (visibleText.length > 4096) return { status: 400, response: badRequest('message is too long') }
    const message: FakeMessage = { chatId: body.chat_id, text, parseMode, visibleText, body }
    this.messageId++
    return {
      status: 200,
      message,
      response: json(200, {
        ok: true,
        result: { message_id: this.messageId, date: Math.floor(Date.now() / 1000), chat: { id: body.chat_id }, text: visibleText },
      }),
    }
  }
}

/** Same as `FakeTelegram.start(opts)`. */
export function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  return FakeTelegram.start(opts)
}
