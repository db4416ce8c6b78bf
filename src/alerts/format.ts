/**
 * Alert messages for Telegram's `parse_mode: 'HTML'` (Bot API docs, "Formatting options"):
 * every value HTML-escaped with `escape-html`, the whole cut to the 4096-character limit
 * by cutting the RAW text before escaping (no entity is ever split) on grapheme
 * boundaries (no surrogate pair or emoji sequence is split), marked with "…". The escaped
 * string's `.length` stays ≤ 4096, safe because Telegram counts after entity parsing.
 * The same spec renders as plain text for the fallback without parse_mode.
 */
import escapeHtml from 'escape-html'

/** Longest `text` Telegram accepts, in characters after entity parsing (Bot API docs, "sendMessage"). */
export const TELEGRAM_MESSAGE_LIMIT = 4096
/** Marks a cut. One UTF-16 code unit. */
export const ELLIPSIS = '…'
/** Longest raw value kept from a caller's string before rendering (bounds queue memory). */
const MAX_RAW_FIELD = 8_192
/** Longest escaped value of a one-line field (route, error type, request id …). */
const MAX_FIELD = 300

/** 'html': `parse_mode: 'HTML'` with escaped values; 'plain': the fallback without parse_mode. */
export type Mode = 'html' | 'plain'

/** A message before rendering. Undefined or empty field values are skipped. */
export type MessageSpec = {
  title: string
  fields: Array<{ label: string; value: string | undefined; code?: boolean }>
  lines?: string[]
  notes?: string[]
  /** The long part (an error message), rendered last in <pre>, given whatever room is left. */
  body?: { label: string; value: string }
}

let segmenter: Intl.Segmenter | undefined
const identity = (s: string): string => s

/**
 * Escapes `raw` with `esc` (default `escape-html`); when the result is longer than `max`
 * UTF-16 code units, cuts the RAW text on a grapheme boundary and appends "…", so that
 * `.length` ≤ `max`. Returns '' when `max` < 1. `esc` must act per character.
 */
export function fitEscaped(raw: string, max: number, esc: (s: string) => string = escapeHtml): string {
  if (raw.length <= max) {
    const whole = esc(raw) // escaping only lengthens, so a longer raw string never fits whole
    if (whole.length <= max) return whole
  }
  if (max < ELLIPSIS.length) return ''
  const budget = max - ELLIPSIS.length
  let used = 0
  let end = 0
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  for (const { segment } of segmenter.segment(raw)) {
    const cost = esc(segment).length
    if (used + cost > budget) break
    used += cost
    end += segment.length
  }
  return esc(raw.slice(0, end)) + ELLIPSIS
}

/** Bounds a string before it is stored (queue, dedupe map), without splitting a grapheme. */
export function bound(s: string, max = MAX_RAW_FIELD): string {
  return fitEscaped(s, max, identity)
}

/** Renders a spec as HTML (escaped) or plain text, ≤ `limit` characters. */
export function render(spec: MessageSpec, mode: Mode, limit = TELEGRAM_MESSAGE_LIMIT): string {
  const html = mode === 'html'
  const tag = (name: string, open: boolean) => (html ? `<${open ? '' : '/'}${name}>` : '')
  const esc = html ? escapeHtml : identity
  let out = ''
  const nl = () => (out === '' ? '' : '\n')
  // Adds prefix + fitted value + suffix if at least a cut value fits; prefix/suffix are our markup.
  const add = (prefix: string, value: string, suffix: string, cap: number) => {
    const room = Math.min(cap, limit - out.length - prefix.length - suffix.length)
    if (room < 1) return
    const fitted = fitEscaped(value, room, esc)
    if (fitted !== '' || value === '') out += prefix + fitted + suffix
  }
  add(nl() + tag('b', true), spec.title, tag('b', false), MAX_FIELD)
  for (const f of spec.fields) {
    if (f.value === undefined || f.value === '') continue
    add(
      `${nl()}${tag('b', true)}${f.label}:${tag('b', false)} ${f.code ? tag('code', true) : ''}`,
      f.value,
      f.code ? tag('code', false) : '',
      MAX_FIELD,
    )
  }
  for (const l of spec.lines ?? []) add(nl(), l, '', MAX_FIELD)
  for (const n of spec.notes ?? []) add(nl() + tag('i', true), n, tag('i', false), MAX_FIELD)
  if (spec.body)
    add(
      `${nl()}${tag('b', true)}${spec.body.label}:${tag('b', false)}\n${tag('pre', true)}`,
      spec.body.value || '(empty)',
      tag('pre', false),
      Infinity,
    )
  return out
}

export const iso = (ms: number): string => new Date(ms).toISOString()
