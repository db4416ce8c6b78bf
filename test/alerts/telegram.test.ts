/**
 * Telegram alerter against a real loopback HTTP fake of the Bot API (fake-telegram.ts).
 * Time is fake: `sleep` records the wait and returns at once, timers fire only when a test
 * fires them, so no test waits on a wall clock.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import escapeHtml from 'escape-html'
import {
  AlerterConfigError,
  type AlertLogEvent,
  createTelegramAlerter,
  ELLIPSIS,
  type ErrorInfo,
  errorFingerprint,
  fitEscaped,
  renderErrorMessage,
  renderStartupMessage,
  TELEGRAM_MESSAGE_LIMIT,
  type TelegramAlerterOptions,
} from '../../src/alerts/telegram.ts'
import { FakeTelegram, parseTelegramHtml } from './fake-telegram.ts'

const T0 = Date.parse('2026-04-06T09:00:00.000Z')
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** A fake clock whose sleep returns at once and moves time on; timers fire on demand. */
function fakeTime() {
  let t = T0
  const sleeps: number[] = []
  const timers = new Set<{ ms: number; fn: () => void }>()
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms
    },
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      t += ms
    },
    setTimer: (ms: number, fn: () => void) => {
      const entry = { ms, fn }
      timers.add(entry)
      return () => {
        timers.delete(entry)
      }
    },
    /** Fires every pending timer set for exactly `ms`; returns how many fired. */
    fire(ms: number): number {
      let n = 0
      for (const e of [...timers]) {
        if (e.ms !== ms) continue
        timers.delete(e)
        e.fn()
        n++
      }
      return n
    },
    pendingTimers: () => [...timers].map((e) => e.ms),
  }
}

/**
 * Waits (bounded: at most `maxMs` of wall time) until `cond()` holds, yielding to the event
 * loop between checks — a turn at first, then 1 ms, so a loaded machine (a real fetch to the
 * fake Bot API) gets time rather than a count of turns: 2,000 turns ran out once in CI.
 */
async function until(cond: () => boolean, what: string, maxMs = 10_000): Promise<void> {
  const end = performance.now() + maxMs
  for (let i = 0; performance.now() < end; i++) {
    if (cond()) return
    await (i < 1_000 ? new Promise((r) => setImmediate(r)) : Bun.sleep(1))
  }
  if (cond()) return
  throw new Error(`condition not met: ${what}`)
}

const ATTEMPT_TIMEOUT = 5_000
const NO_DEADLINE = 3_600_000 // a flush deadline the tests never fire: flush resolves on drain

let fake: FakeTelegram
let time: ReturnType<typeof fakeTime>
let events: AlertLogEvent[]

beforeEach(async () => {
  fake = await FakeTelegram.start()
  time = fakeTime()
  events = []
})

afterEach(async () => {
  await fake.close()
})

function alerter(overrides: Partial<TelegramAlerterOptions> = {}) {
  return createTelegramAlerter({
    botToken: fake.token,
    chatId: '-100123',
    apiBase: fake.url,
    now: time.now,
    sleep: time.sleep,
    setTimer: time.setTimer,
    random: () => 0.5,
    attemptTimeoutMs: ATTEMPT_TIMEOUT,
    log: (e) => events.push(e),
    ...overrides,
  })
}

const boom: ErrorInfo = {
  route: '/v1/ingredients/:id',
  method: 'GET',
  errorType: 'TypeError',
  message: 'x is undefined',
  requestId: 'req-1',
}

describe('message content and escaping', () => {
  test('a message containing <script>&" arrives escaped, and Telegram shows it verbatim', async () => {
    const a = alerter()
    const hostile = `<script>alert("pwn")</script> & 'quote' <b>not bold</b>`
    a.error({ route: '/v1/x?<q>', method: 'POST', errorType: 'Error<T>', message: hostile, requestId: 'r&1' })
    await a.flush(NO_DEADLINE)
    const [m] = await fake.waitForMessages(1)
    expect(m!.parseMode).toBe('HTML')
    expect(m!.text).toContain(escapeHtml(hostile))
    expect(m!.text).not.toContain('<script>')
    expect(parseTelegramHtml(m!.text).ok).toBe(true)
    expect(m!.visibleText).toContain(hostile)
    expect(m!.visibleText).toContain('/v1/x?<q>')
    expect(m!.visibleText).toContain('Error<T>')
    expect(m!.visibleText).toContain('r&1')
  })

  test('the request carries chat_id, parse_mode HTML and link previews off (Bot API "sendMessage")', async () => {
    const a = alerter()
    a.error(boom)
    await a.flush(NO_DEADLINE)
    const body = fake.requests[0]!.body!
    expect(body.chat_id).toBe('-100123')
    expect(body.parse_mode).toBe('HTML')
    expect(body.link_preview_options).toEqual({ is_disabled: true })
    expect(fake.requests[0]!.path).toBe(`/bot${fake.token}/sendMessage`)
  })

  test('the startup message names version, APP_ENV, records, source dates, host, workers and time', async () => {
    const a = alerter()
    a.startup({
      version: '1.2.3',
      appEnv: 'prod',
      records: 30070,
      sourceDates: [
        { file: 'eu_cosing_ingredients_2021.csv', date: '2021-12-01' },
        { file: 'kr_mfds_cosmetic_ingredients_20260406.csv', date: '2026-04-06' },
        { file: 'kr_mfds_banned_restricted_studyguide.json', date: null },
      ],
      host: 'vm-1',
      workers: 2,
      time: new Date('2026-04-06T08:59:58.000Z'),
      deployId: '1.2.3-abc',
    })
    await a.flush(NO_DEADLINE)
    const [m] = await fake.waitForMessages(1)
    for (const part of [
      'kbeauty-api started',
      'version: 1.2.3',
      'APP_ENV: prod',
      'deploy: 1.2.3-abc',
      'records: 30,070',
      'host: vm-1',
      'workers: 2',
      'time: 2026-04-06T08:59:58.000Z',
      '• eu_cosing_ingredients_2021.csv: 2021-12-01',
      '• kr_mfds_cosmetic_ingredients_20260406.csv: 2026-04-06',
      '• kr_mfds_banned_restricted_studyguide.json: date unknown',
    ]) {
      expect(m!.visibleText).toContain(part)
    }
  })

  test('the error message names route, method, error type, message, request id and time', () => {
    const text = renderErrorMessage(boom, { at: T0, mode: 'plain' })
    expect(text).toBe(
      [
        '🔥 kbeauty-api: HTTP 500',
        'route: /v1/ingredients/:id',
        'method: GET',
        'error: TypeError',
        'request id: req-1',
        'time: 2026-04-06T09:00:00.000Z',
        'message:',
        'x is undefined',
      ].join('\n'),
    )
  })
})

describe('cutting to 4096 characters', () => {
  // Each filler length moves the cut to a different spot among emoji (surrogate pairs),
  // a ZWJ family emoji, Hangul and the characters escaping lengthens (& < > " ').
  const tail = '👩‍👩‍👧&<>"\'한국어😀'.repeat(400)
  test.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])(
    'filler %i: fits, parses, never splits an entity or a surrogate pair',
    async (filler) => {
      const message = 'x'.repeat(filler) + tail
      const html = renderErrorMessage({ ...boom, message }, { at: T0 })
      expect(html.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT)
      expect(html.length).toBeGreaterThan(TELEGRAM_MESSAGE_LIMIT - 20) // cut close to the limit, not far below
      expect(LONE_SURROGATE.test(html)).toBe(false)
      const parsed = parseTelegramHtml(html)
      if (!parsed.ok) throw new Error(parsed.error)
      const shown = parsed.text.slice(parsed.text.indexOf('message:\n') + 'message:\n'.length)
      expect(shown.endsWith(ELLIPSIS)).toBe(true)
      expect(message.startsWith(shown.slice(0, -1))).toBe(true)
      const plain = renderErrorMessage({ ...boom, message }, { at: T0, mode: 'plain' })
      expect(plain.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT)
      expect(LONE_SURROGATE.test(plain)).toBe(false)
    },
  )

  test('a long emoji-and-markup message is accepted by the fake Bot API (which checks length after parsing)', async () => {
    const a = alerter()
    a.error({ ...boom, message: 'a&b'.repeat(3000) + tail })
    await a.flush(NO_DEADLINE)
    const [m] = await fake.waitForMessages(1)
    expect(m!.text.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT)
    expect(m!.visibleText.endsWith(`${ELLIPSIS}`)).toBe(true)
  })

  test.each([
    // [raw, max, expected]
    ['abc', 3, 'abc'],
    ['abcd', 3, 'ab…'],
    ['a&b', 5, 'a…'], // "a&amp;" is 6: the & may not be half-included
    ['a&bc', 7, 'a&amp;…'],
    ['a&b', 7, 'a&amp;b'],
    ['😀😀', 3, '😀…'],
    ['😀😀', 2, '…'], // a lone high surrogate would fit in 2, but is never produced
    ['<<', 4, '…'], // one "&lt;" needs 4, leaving no room for the mark
    ['', 0, ''],
    ['abc', 0, ''],
  ])('fitEscaped(%p, %p) → %p', (raw, max, expected) => {
    const out = fitEscaped(raw, max)
    expect(out).toBe(expected)
    expect(out.length).toBeLessThanOrEqual(max)
  })

  test('a startup message with huge and many fields still fits', () => {
    const html = renderStartupMessage({
      version: 'v'.repeat(10_000),
      appEnv: '<prod>',
      records: 1,
      sourceDates: Array.from({ length: 500 }, (_, i) => ({ file: `f${i}&${'😀'.repeat(200)}.csv`, date: '2026-01-01' })),
      host: 'h&'.repeat(5_000),
      workers: 4,
      time: new Date(T0),
    })
    expect(html.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT)
    expect(parseTelegramHtml(html).ok).toBe(true)
    expect(LONE_SURROGATE.test(html)).toBe(false)
  })
})

describe('delivery and retries', () => {
  test('500 then 500 then 200: three attempts, waits with full-jitter backoff (500 ms base)', async () => {
    const a = alerter()
    fake.setModes(['server-error', 'server-error', 'ok'])
    a.error(boom)
    await a.flush(NO_DEADLINE)
    expect(fake.requests.map((r) => r.status)).toEqual([500, 500, 200])
    expect(fake.messages).toHaveLength(1)
    // random() = 0.5: floor(0.5 · min(30000, 500 · 2^(n−1))) for n = 1, 2
    expect(time.sleeps).toEqual([250, 500])
    expect(events.filter((e) => e.event === 'alert.retry').map((e) => [e.reason, e.status, e.delayMs])).toEqual([
      ['http-5xx', 500, 250],
      ['http-5xx', 500, 500],
    ])
    expect(events.at(-1)).toEqual({ level: 'info', event: 'alert.sent', kind: 'error', attempt: 3 })
  })

  test('429 honours parameters.retry_after (seconds) from the JSON body, even above maxDelayMs', async () => {
    const a = alerter({ maxDelayMs: 1_000 })
    fake.setModes([{ retryAfter: 7 }, 'ok'])
    a.error(boom)
    await a.flush(NO_DEADLINE)
    expect(time.sleeps).toEqual([7_000])
    expect(fake.messages).toHaveLength(1)
    expect(events.find((e) => e.event === 'alert.retry')).toMatchObject({ reason: 'http-429', status: 429, delayMs: 7_000 })
  })

  test('a hanging Bot API: the attempt is aborted at attemptTimeoutMs and retried', async () => {
    const a = alerter()
    fake.setModes(['hang', 'ok'])
    a.error(boom)
    const flushed = a.flush(NO_DEADLINE)
    await fake.waitForRequests(1)
    expect(time.pendingTimers()).toContain(ATTEMPT_TIMEOUT)
    expect(time.fire(ATTEMPT_TIMEOUT)).toBe(1)
    await flushed
    expect(fake.messages).toHaveLength(1)
    expect(events.find((e) => e.event === 'alert.retry')).toMatchObject({ reason: 'timeout', attempt: 1 })
  })

  test("400 can't parse entities: sent once more as plain text, without parse_mode", async () => {
    const a = alerter()
    fake.setModes(['parse-error', 'ok'])
    a.error({ ...boom, message: 'a <tag> & more' })
    await a.flush(NO_DEADLINE)
    expect(fake.requests).toHaveLength(2)
    expect(fake.requests[0]!.body!.parse_mode).toBe('HTML')
    expect(fake.requests[1]!.body!).not.toHaveProperty('parse_mode')
    const m = fake.messages[0]!
    expect(m.parseMode).toBeUndefined()
    expect(m.text).toContain('a <tag> & more') // plain text: not escaped
    expect(m.text).not.toContain('<b>')
    expect(time.sleeps).toEqual([]) // no backoff for the switch
    expect(events.find((e) => e.event === 'alert.plain-text-fallback')).toMatchObject({ level: 'warn', status: 400 })
  })

  test('400 again in plain text: dropped and reported, not retried further', async () => {
    const a = alerter()
    fake.setModes(['parse-error', 'parse-error', 'ok'])
    a.error(boom)
    await a.flush(NO_DEADLINE)
    expect(fake.requests).toHaveLength(2)
    expect(events.find((e) => e.event === 'alert.dropped')).toMatchObject({ reason: 'rejected', status: 400, count: 1 })
  })

  test('other 4xx (403 bot kicked) is dropped and reported; the next alert says so', async () => {
    const a = alerter()
    fake.setModes([{ status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was kicked from the group chat' } }])
    a.error(boom)
    a.error({ ...boom, route: '/v1/other' })
    await a.flush(NO_DEADLINE)
    expect(fake.requests.map((r) => r.status)).toEqual([403, 200])
    expect(events.find((e) => e.event === 'alert.dropped')).toMatchObject({
      reason: 'rejected',
      status: 403,
      description: 'Forbidden: bot was kicked from the group chat',
    })
    expect(fake.messages[0]!.visibleText).toContain('1 earlier alert(s) were dropped')
  })

  test('maxAttempts 500s in a row: dropped as attempts-exhausted', async () => {
    const a = alerter({ maxAttempts: 3 })
    fake.defaultMode = 'server-error'
    a.error(boom)
    await a.flush(NO_DEADLINE)
    expect(fake.requests).toHaveLength(3)
    expect(events.at(-1)).toMatchObject({ event: 'alert.dropped', reason: 'attempts-exhausted', attempt: 3, status: 500 })
  })

  test('one send at a time, in order', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const a = alerter({
      fetch: async (url, init) => {
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        try {
          return await fetch(url, init)
        } finally {
          inFlight--
        }
      },
    })
    for (let i = 0; i < 5; i++) a.error({ ...boom, route: `/r${'x'.repeat(i)}`, requestId: `req-${i}` })
    await a.flush(NO_DEADLINE)
    expect(maxInFlight).toBe(1)
    expect(fake.messages.map((m) => /request id: (\S+)/.exec(m.visibleText)?.[1])).toEqual(['req-0', 'req-1', 'req-2', 'req-3', 'req-4'])
  })
})

describe('dedupe', () => {
  test('10 similar errors in the window → 1 alert; the next one after the window says "+9 similar suppressed"', async () => {
    const a = alerter()
    for (let i = 0; i < 10; i++) {
      a.error({ ...boom, message: `ingredient ${1000 + i} not found`, requestId: `req-${i}` })
      time.advance(1_000)
    }
    await until(() => a.stats().queued === 0 && !a.stats().sending, 'queue drained')
    expect(fake.messages).toHaveLength(1)
    expect(fake.messages[0]!.visibleText).toContain('ingredient 1000 not found')
    expect(a.stats().suppressed).toBe(9)

    time.advance(600_000)
    a.error({ ...boom, message: 'ingredient 77 not found' })
    await until(() => fake.messages.length === 2, 'second alert')
    expect(fake.messages[1]!.visibleText).toContain('(+9 similar suppressed since 2026-04-06T09:00:00.000Z)')
    expect(fake.messages[1]!.visibleText).toContain('ingredient 77 not found')

    await a.flush(NO_DEADLINE) // nothing left to summarise
    expect(fake.messages).toHaveLength(2)
  })

  test('flush (shutdown) sends a summary for counts still inside the window', async () => {
    const a = alerter()
    for (let i = 0; i < 10; i++) a.error(boom)
    await a.flush(NO_DEADLINE)
    expect(fake.messages).toHaveLength(2)
    expect(fake.messages[1]!.visibleText).toContain('repeated errors')
    expect(fake.messages[1]!.visibleText).toContain('(+9 similar suppressed since')
  })

  test('different route, type or message are different fingerprints; digits and ids are not', () => {
    const base = { route: '/v1/ingredients/:id', errorType: 'Error', message: 'row 12 missing (id 3f2a9c1d-0b1e-4c2a-9f00-1234567890ab)' }
    expect(errorFingerprint({ ...base, message: 'row 999 missing (id 00000000-0000-4000-8000-000000000000)' })).toBe(errorFingerprint(base))
    expect(errorFingerprint({ ...base, route: '/v1/stats' })).not.toBe(errorFingerprint(base))
    expect(errorFingerprint({ ...base, errorType: 'TypeError' })).not.toBe(errorFingerprint(base))
    expect(errorFingerprint({ ...base, message: 'row 12 present' })).not.toBe(errorFingerprint(base))
  })
})

describe('queue bound, flush and close', () => {
  test('a full queue drops the newest alerts, reports each, and the next delivered message counts them', async () => {
    const a = alerter({ maxQueue: 3 })
    fake.setModes(['hang'])
    for (let i = 0; i < 10; i++) a.error({ ...boom, route: `/r/${'x'.repeat(i)}`, requestId: `req-${i}` })
    expect(a.stats().queued).toBe(3)
    const drops = events.filter((e) => e.event === 'alert.dropped')
    expect(drops).toHaveLength(7)
    expect(drops[0]).toEqual({ level: 'error', event: 'alert.dropped', reason: 'queue-full', count: 1, kind: 'error' })
    await fake.waitForRequests(1)
    time.fire(ATTEMPT_TIMEOUT) // the hung first attempt times out; everything else goes through
    await a.flush(NO_DEADLINE)
    expect(fake.messages.map((m) => /request id: (\S+)/.exec(m.visibleText)?.[1])).toEqual(['req-0', 'req-1', 'req-2'])
    expect(fake.messages[0]!.visibleText).toContain('7 earlier alert(s) were dropped')
    expect(fake.messages[1]!.visibleText).not.toContain('dropped')
  })

  test('flush resolves at once when idle, and on drain otherwise', async () => {
    const a = alerter()
    await a.flush(NO_DEADLINE)
    a.error(boom)
    await a.flush(NO_DEADLINE)
    expect(fake.messages).toHaveLength(1)
    expect(time.pendingTimers()).toEqual([]) // the deadline timer was cancelled
  })

  test('flush deadline: the attempt in flight is aborted, the rest dropped and reported; the alerter stays usable', async () => {
    const a = alerter()
    fake.defaultMode = 'hang'
    const outcomes: string[] = []
    a.startup(
      { version: '1', appEnv: 'prod', records: 1, sourceDates: [], host: 'h', workers: 1, time: new Date(T0) },
      { onSettled: (o) => outcomes.push(o) },
    )
    a.error(boom)
    a.error({ ...boom, route: '/other' })
    const flushed = a.flush(2_000)
    await fake.waitForRequests(1)
    expect(time.fire(2_000)).toBe(1)
    await flushed
    expect(a.stats().queued).toBe(0)
    expect(outcomes).toEqual(['dropped'])
    expect(events.find((e) => e.event === 'alert.dropped')).toEqual({
      level: 'error',
      event: 'alert.dropped',
      reason: 'deadline',
      count: 3,
    })
    expect(fake.messages).toHaveLength(0)

    fake.defaultMode = 'ok'
    a.error({ ...boom, route: '/after' })
    await a.flush(NO_DEADLINE)
    expect(fake.messages).toHaveLength(1)
    expect(fake.messages[0]!.visibleText).toContain('3 earlier alert(s) were dropped')
  })

  test('close() drops what is queued (reported) and ignores later calls', async () => {
    const a = alerter()
    fake.defaultMode = 'hang'
    a.error(boom)
    a.error({ ...boom, route: '/b' })
    await fake.waitForRequests(1)
    a.close()
    expect(events.find((e) => e.event === 'alert.dropped')).toMatchObject({ reason: 'closed', count: 2 })
    a.error({ ...boom, route: '/c' })
    a.close()
    await a.flush(NO_DEADLINE)
    expect(a.stats().queued).toBe(0)
    expect(fake.requests).toHaveLength(1)
  })
})

describe('never throws, never leaks the token', () => {
  test('the bot token never appears in a log event (network error quoting the URL, 401, 404 quoting the path)', async () => {
    const token = fake.token
    const a = alerter({ maxAttempts: 2 })
    fake.setModes([{ status: 404, body: { ok: false, error_code: 404, description: `Not Found: /bot${token}/sendMessage` } }])
    a.error({ ...boom, route: '/404' })
    await a.flush(NO_DEADLINE)

    const refusing = alerter({
      maxAttempts: 2,
      fetch: (url) =>
        Promise.reject(Object.assign(new Error(`connect ECONNREFUSED ${url} (${encodeURIComponent(token)})`), { code: 'ECONNREFUSED' })),
    })
    refusing.error(boom)
    await refusing.flush(NO_DEADLINE)

    const wrongToken = alerter({ botToken: `${token}x` })
    wrongToken.error(boom)
    await wrongToken.flush(NO_DEADLINE)

    // A real connection refused from Bun's fetch, too.
    const closed = await FakeTelegram.start({ token })
    const deadUrl = closed.url
    await closed.close()
    const unreachable = alerter({ apiBase: deadUrl, maxAttempts: 2 })
    unreachable.error(boom)
    await unreachable.flush(NO_DEADLINE)

    const descriptions = events.map((e) => e.description ?? '')
    expect(descriptions.some((d) => d.includes('ECONNREFUSED') && d.includes('<redacted>'))).toBe(true)
    expect(events.some((e) => e.status === 401)).toBe(true)
    expect(events.some((e) => e.status === 404 && e.description?.includes('/bot<redacted>/'))).toBe(true)
    expect(events.filter((e) => e.reason === 'network').length).toBeGreaterThanOrEqual(2)
    const all = JSON.stringify(events)
    expect(all).not.toContain(token)
    expect(all).not.toContain(encodeURIComponent(token))
    expect(all).not.toContain(token.split(':')[1]!)
  })

  test('a throwing log callback and a throwing fetch never reach the caller', async () => {
    const a = alerter({
      log: () => {
        throw new Error('log broke')
      },
      fetch: () => {
        throw new Error('sync throw')
      },
      maxAttempts: 2,
    })
    expect(() => a.error({ route: '/v1/x', errorType: 'Error', message: 'boom' })).not.toThrow()
    await a.flush(NO_DEADLINE)
    expect(() => a.close()).not.toThrow()
  })

  test.each([
    [{ botToken: '' }, 'botToken is required'],
    [{ chatId: '' }, 'chatId is required'],
    [{ maxQueue: 0 }, 'maxQueue must be a number ≥ 1'],
    [{ attemptTimeoutMs: Number.NaN }, 'attemptTimeoutMs must be a number ≥ 1'],
  ])('a bad option %p throws AlerterConfigError at build time', (bad, message) => {
    expect(() => alerter(bad as Partial<TelegramAlerterOptions>)).toThrow(AlerterConfigError)
    expect(() => alerter(bad as Partial<TelegramAlerterOptions>)).toThrow(message)
  })

  test('building the alerter starts nothing: no timer, no request', () => {
    alerter()
    expect(time.pendingTimers()).toEqual([])
    expect(fake.requests).toHaveLength(0)
  })
})
