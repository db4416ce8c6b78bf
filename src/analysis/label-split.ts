/**
 * Splitting a printed list at its separators (label-parser.ts): separators outside matched
 * brackets only, never a comma between digits, a sentence end (". " before a letter) as a
 * separator; and the nesting limit. Pure, linear in the text (UTF-16 code units).
 */
import { LabelError } from './label-error.ts'

/** Deepest bracket nesting accepted in a label; deeper is refused (LabelError `nesting`). */
export const MAX_NESTING = 8

const SEPARATORS = new Set([',', ';', '、', '，', '；', '·', '•', 'ㆍ', '∙', '・', '|', '\n'].map((c) => c.charCodeAt(0)))
/** Opening bracket → its closing bracket, as UTF-16 code units (all in the BMP). */
const OPEN = new Map(
  [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
    ['（', '）'],
    ['［', '］'],
  ].map(([open, close]) => [open!.charCodeAt(0), close!.charCodeAt(0)]),
)
const CLOSE = new Set(OPEN.values())
/** matchedBrackets marks: an opener with a partner, a closer with a partner. */
const OPENER = 1
const CLOSER = 2
const COMMA = 0x2c
const FULLWIDTH_COMMA = 0xff0c
const isDigit = (code: number) => code >= 0x30 && code <= 0x39

/** Splits on separators outside matched brackets; a comma between digits never splits. */
export function splitTopLevel(text: string): string[] {
  const matched = matchedBrackets(text)
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const mark = matched[i]!
    if (mark !== 0) {
      depth += mark === OPENER ? 1 : -1
      continue
    }
    if (depth > 0) continue
    const code = text.charCodeAt(i)
    // ". " before a letter ends a sentence ("…Sodium Hyaluronate. Made in Korea").
    const sentenceEnd =
      (code === 0x2e || code === 0x3002) &&
      /\s/.test(text[i + 1] ?? '') &&
      /[\p{L}]/u.test(text[i + 2] ?? '') &&
      !/\b[A-Z]$/.test(text.slice(Math.max(0, i - 2), i))
    if (!SEPARATORS.has(code) && !sentenceEnd) continue
    if ((code === COMMA || code === FULLWIDTH_COMMA) && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1))) continue
    parts.push(text.slice(start, i))
    start = i + 1
  }
  parts.push(text.slice(start))
  // A final period ends the list, not a name ("…, Citric Acid.").
  return parts.map((p) => p.replace(/[.。]+\s*$/u, ''))
}

/**
 * Brackets that have a partner, per UTF-16 index: OPENER, CLOSER, else 0 (a stray "(" or
 * ")" is plain text).
 */
function matchedBrackets(text: string): Uint8Array {
  const stack: number[] = []
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (OPEN.has(code)) stack.push(i)
    else if (CLOSE.has(code)) {
      // Pop to the nearest opener of the same kind; openers skipped stay unmatched.
      for (let j = stack.length - 1; j >= 0; j--) {
        if (OPEN.get(text.charCodeAt(stack[j]!)) === code) {
          out[stack[j]!] = OPENER
          out[i] = CLOSER
          stack.length = j
          break
        }
      }
    }
  }
  return out
}

/** @throws LabelError `nesting` when brackets are nested deeper than MAX_NESTING. */
export function checkNesting(text: string): void {
  const matched = matchedBrackets(text)
  let depth = 0
  for (let i = 0; i < matched.length; i++) {
    if (matched[i] === 0) continue
    depth += matched[i] === OPENER ? 1 : -1
    if (depth > MAX_NESTING) throw new LabelError('nesting', `Brackets are nested deeper than ${MAX_NESTING} levels.`)
  }
}
