/**
 * One printed item → its facts: footnote marks, nano, percentage, alternatives (the item
 * rules of the label parser, label-parser.ts). Pure.
 */
import { LabelError } from './label-error.ts'

/** Longest single item accepted, characters (the longest INCI name is 1,991). */
export const MAX_ITEM_CHARS = 2_048

/** One ingredient as printed, with what the printing says about it. */
export type LabelItem = {
  /** 1-based position within its product, in printed order. */
  position: number
  /** The item as printed (whitespace collapsed). */
  text: string
  /** The name to resolve: marks, percentages, nano and trailing alternatives removed. */
  name: string
  /** Other names printed for the same item: parenthesised translations, slash parts. */
  alternatives: string[]
  /** Percentage printed with the item (w/w %), else null. */
  concentration_percent: number | null
  /** `(nano)` / `[nano]` printed: EU nanomaterial rules (Art. 16, Annex entries "(nano)"). */
  nano: boolean
  /** In the "May contain" / `[+/-]` section (shades): present in some variants only. */
  may_contain: boolean
  /** Footnote marks printed on the item (`*`, `**`, `†`). */
  footnote_marks: string[]
}

const MARKS = /^[*†‡]+|[*†‡¹²³]+$/gu
/** Characters MARKS takes at the start, and at the end (a cheap test before the replace). */
const LEADING_MARKS = new Set(['*', '†', '‡'])
const TRAILING_MARKS = new Set(['*', '†', '‡', '¹', '²', '³'])
const hasMarkAtEnds = (text: string) => LEADING_MARKS.has(text[0] ?? '') || TRAILING_MARKS.has(text[text.length - 1] ?? '')
/** A percentage needs "%" or "ppm" (PERCENT, case aside). */
const PPM = /ppm/i
const NANO = /\s*[([]\s*nano\s*[)\]]\s*/iu
const PERCENT = /(?:^|\s|\()\(?\s*(\d{1,3}(?:[.,]\d+)?)\s*(%|ppm)\s*\)?(?=$|\s|\))/iu

/** One printed item → its facts, or null when nothing name-like is left. */
export function itemOf(printed: string, mayContain: boolean): LabelItem | null {
  if (printed.length > MAX_ITEM_CHARS) {
    throw new LabelError('item_too_long', `An item is longer than ${MAX_ITEM_CHARS} characters.`)
  }
  let name = printed
  const marks: string[] = []
  const takeMarks = (text: string) =>
    hasMarkAtEnds(text)
      ? text.replace(MARKS, (m) => {
          marks.push(m)
          return ''
        })
      : text
  name = takeMarks(name).trim()
  let nano = false
  name = name
    .replace(NANO, () => {
      nano = true
      return ' '
    })
    .trim()
  let concentration: number | null = null
  const pct = name.includes('%') || PPM.test(name) ? PERCENT.exec(name) : null
  if (pct) {
    const value = Number(pct[1]!.replace(',', '.'))
    concentration = pct[2]!.toLowerCase() === 'ppm' ? value / 10_000 : value
    name = (name.slice(0, pct.index) + ' ' + name.slice(pct.index + pct[0].length)).replace(/\(\s*\)/g, ' ')
  }
  name = takeMarks(name)
  name = name
    .replace(/\s+/g, ' ')
    .replace(/^[\s.,:;·-]+|[\s.,:;·]+$/gu, '')
    .trim()
  const alternatives: string[] = []
  // A trailing parenthesised group that follows a space is another name for the item.
  const last = name.charCodeAt(name.length - 1)
  const trailing = last === 0x29 || last === 0xff09 ? /^(.+?)\s*[(（]([^()（）]+)[)）]$/u.exec(name) : null
  if (trailing && /\s$|[^\s]/.test(trailing[1]!)) {
    const inner = trailing[2]!.trim()
    if (!/^[\d\s,.-]+$/.test(inner)) {
      name = trailing[1]!.trim()
      alternatives.push(
        ...inner
          .split('/')
          .map((s) => s.trim())
          .filter(Boolean),
      )
    }
  }
  if (name.includes('/') && !/\(.*\/.*\)/.test(name)) {
    for (const part of name.split('/')) {
      const p = part.trim()
      if (p !== '' && p !== name) alternatives.push(p)
    }
  }
  if (!/[\p{L}\p{N}]/u.test(name)) return null
  return {
    position: 0,
    text: printed,
    name,
    alternatives: alternatives.length === 0 ? alternatives : [...new Set(alternatives)].filter((a) => a !== name),
    concentration_percent: concentration,
    nano,
    may_contain: mayContain,
    footnote_marks: marks.length === 0 ? marks : [...new Set(marks)],
  }
}
