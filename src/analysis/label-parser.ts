/**
 * The label parser: an ingredient list as printed (Korean 전성분, English INCI, or both,
 * messy) → products → items in printed order. Pure: no database, no I/O.
 *
 * Rules (issue #11 §2), each tested in test/analysis/label-parser.test.ts:
 *  - separators `,` `;` `、` `，` `；` `·` `•` `ㆍ` `|` and newlines; never inside (), [] or {};
 *    never a comma between digits (`1,2-Hexanediol`, `0,5 %`);
 *  - headings (`Ingredients:`, `INCI:`, `성분:`, `전성분:`, `[전성분]`) and the Korean legal
 *    boilerplate (화장품법에 따라 기재·표시하여야 하는 모든 성분) are dropped;
 *  - marketing prose before the first heading, and sentence-like segments, are dropped
 *    (reported in `ignored`);
 *  - other short headings (`Cream:`, `[토너]`) start a new product (a kit);
 *  - `May contain` / `[+/-]` / `±` start the may-contain (shade) section of a product;
 *  - `*`, `**`, `†` marks are kept per item; a line starting with a mark is a footnote;
 *  - percentages (`Niacinamide (5%)`, `5% Niacinamide`, `0,5 %`, `100 ppm`) become
 *    `concentration_percent`; `(nano)` / `[nano]` sets `nano`;
 *  - a trailing parenthesised name and slash lists are alternatives (`Water (Aqua)`,
 *    `Aqua/Water/Eau`, `Centella Asiatica Extract (병풀추출물)`); the printed text is kept.
 */

import { LabelError } from './label-error.ts'
import { itemOf, type LabelItem, MAX_ITEM_CHARS } from './label-item.ts'
import { checkNesting, splitTopLevel } from './label-split.ts'

export { LabelError } from './label-error.ts'
export { type LabelItem, MAX_ITEM_CHARS } from './label-item.ts'

export { MAX_NESTING } from './label-split.ts'
export type LabelProduct = {
  /** Kit part heading as printed (`Cream`, `토너`), else null. */
  name: string | null
  items: LabelItem[]
}

export type ParsedLabel = {
  products: LabelProduct[]
  /** Footnote sentences, by mark (`* organic`). */
  footnotes: { mark: string; text: string }[]
  /** Text that is not part of any list (headings, boilerplate, prose), as printed, shortened. */
  ignored: string[]
}

/** A heading that only announces the list ("Ingredients", "전성분", "INCI", "Cream Ingredients"). */
const LIST_HEADING =
  /^(?:(.{1,40}?)\s+)?(?:full\s+|key\s+)?(?:ingredients?(?:\s+list)?|ingr[ée]dients|inci(?:\s+names?)?|composition|zutaten|성분|전\s*성분(?:\s*표)?|전\s*성분\s*명|全成分|成分|配料)$/iu
const MAY_CONTAIN =
  /(?:may\s+contain|peut\s+contenir|kann\s+enthalten|함유할\s*수\s*있음|\[\s*\+\s*\/\s*-\s*\]|\(\s*\+\s*\/\s*-\s*\)|\+\s*\/\s*-|±)\s*[:：]?/iu
const MAY_CONTAIN_START = new RegExp(`^\\s*${MAY_CONTAIN.source}`, 'iu')
const BOILERPLATE = /화장품\s*법에\s*따라\s*기재\s*[·ㆍ･・.\s]?\s*표시\s*하여야\s*하는\s*모든\s*성분\s*[:：]?/gu
const FOOTNOTE_LINE = /^\s*([*†‡]+|\(\s*\*+\s*\))\s*(\S.*)$/u
const FOOTNOTE_START = /[.。]\s+(?=[*†‡])/gu
const FOOTNOTE_PART = /^([*†‡]+)\s*(\p{L}[^*†‡]*)$/u
const PROSE_END = /(?:니다|세요|하며|해요|입니다|합니다|[!?])\s*$/u
const PROSE_START =
  /^(?:made\s+in|store|keep|use\s|apply|for\s+external|caution|warning|directions|contains\s+no|free\s+from|제조|사용\s*(?:방법|시)|보관|주의)/iu
/** Zero-width characters and BOMs, dropped; C0 controls and U+FFFD mean binary (refused). */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g
/**
 * Characters refused in label text, as the input guard refuses them in query strings
 * (security/input-guard.ts: C0 and C1 controls, DEL, bidirectional overrides and isolates —
 * "Trojan Source" — and U+FFFD), plus UTF-16 lone surrogates (not text). Tab, newline,
 * carriage return and form feed are layout.
 */
export const FORBIDDEN_IN_TEXT =
  /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const BINARY = FORBIDDEN_IN_TEXT
const CONTROL = INVISIBLE

function checkText(text: string): void {
  if (BINARY.test(text)) {
    throw new LabelError('binary', 'The label holds control characters, bidirectional overrides or text that is not valid UTF-8 / UTF-16.')
  }
}

/**
 * Parses a printed label.
 * @returns products in printed order (one when the label is not a kit), footnotes and
 *   the ignored text.
 * @throws LabelError `empty` (nothing that looks like an ingredient), `binary` (control
 *   characters other than tab / newline / form feed, or U+FFFD), `nesting` (brackets
 *   deeper than MAX_NESTING), `item_too_long` (an item over MAX_ITEM_CHARS).
 */
export function parseLabel(input: string): ParsedLabel {
  const footnotes: ParsedLabel['footnotes'] = []
  const ignored: string[] = []
  checkText(input)
  // Runs of blanks shortened to two: headings after a double space stay visible, and no
  // pattern below can backtrack over a long run.
  let text = input
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/[ \t\u00a0\u3000]{3,}/g, '  ')
    .replace(/\n(?:[ \t]*\n){2,}/g, '\n\n')
    .replace(/\t/g, ' ')
  text = text.replace(BOILERPLATE, (m) => {
    ignored.push(m.trim())
    return '\n'
  })
  // Footnote sentences sit on their own line ("* Certified organic"), or after the list's
  // final period on the same line ("…, Glycerin. *Organic **Natural origin").
  text = text
    .split('\n')
    .map((line) => {
      const notes = inlineFootnotes(line)
      if (!notes) return line
      footnotes.push(...notes.found)
      return line.slice(0, notes.cut)
    })
    .join('\n')
    .split('\n')
    .filter((line) => {
      const m = FOOTNOTE_LINE.exec(line)
      if (m && /[A-Za-z가-힣]{2}/u.test(m[2]!) && !/[,，、;]/u.test(m[2]!.replace(/\d,\d/g, ''))) {
        footnotes.push({ mark: m[1]!.replace(/[()\s]/g, ''), text: m[2]!.trim() })
        return false
      }
      return true
    })
    .join('\n')
  checkNesting(text)
  // A line holding only list headings ("전성분 / Ingredients") announces the list.
  text = text
    .split('\n')
    .filter((line) => {
      const heading = isHeadingLine(line)
      if (heading) ignored.push(line.trim())
      return !heading
    })
    .join('\n')

  const sections = splitSections(text, ignored)
  const products: LabelProduct[] = []
  for (const section of sections) {
    const items = parseList(section.body, ignored)
    if (items.length === 0) continue
    const last = products.at(-1)
    // A heading that only announces the list continues the current product.
    if (section.name === null && last && last.items.length === 0) last.items.push(...items)
    else products.push({ name: section.name, items })
  }
  for (const p of products) {
    p.items.forEach((item, i) => {
      item.position = i + 1
    })
  }
  if (products.length === 0) throw new LabelError('empty', 'The label holds no ingredient names.')
  return { products, footnotes, ignored }
}

/**
 * Parses one item given on its own (the `ingredients` array form): the same rules as an
 * item of a printed list, without splitting.
 * @throws LabelError `empty`, `binary`, `nesting`, `item_too_long`
 */
export function parseItem(printed: string, position: number): LabelItem {
  checkText(printed)
  const text = printed.normalize('NFC').replace(CONTROL, '').replace(/\s+/g, ' ').trim()
  checkNesting(text)
  const item = itemOf(text, false)
  if (item === null) throw new LabelError('empty', `Item ${position} holds no ingredient name.`)
  item.position = position
  return item
}

/**
 * Footnotes after the list's final period on one line ("…, Glycerin. *Organic **Natural"):
 * the text after the last separator, from its first ". *", when every part is a mark
 * followed by words. Linear in the line (no backtracking regex over it).
 */
function inlineFootnotes(line: string): { cut: number; found: { mark: string; text: string }[] } | null {
  let lastSeparator = -1
  for (let i = line.length - 1; i >= 0; i--) {
    if (',;，、；'.includes(line[i]!)) {
      lastSeparator = i
      break
    }
  }
  FOOTNOTE_START.lastIndex = lastSeparator + 1
  const start = FOOTNOTE_START.exec(line)
  if (!start) return null
  const tail = line.slice(start.index + start[0].length)
  const found: { mark: string; text: string }[] = []
  for (const part of tail.split(/(?=[*†‡](?<![*†‡].))/u)) {
    const m = FOOTNOTE_PART.exec(part.trim())
    if (!m) return null
    found.push({ mark: m[1]!, text: m[2]!.trim() })
  }
  return { cut: start.index + 1, found }
}

type Section = { name: string | null; body: string }

/**
 * Splits the text at headings (`X:` or a `[X]` line start). Text before the first heading
 * is kept as a list only when there is no list heading at all (else it is prose).
 */
function splitSections(text: string, ignored: string[]): Section[] {
  const headings: { start: number; end: number; label: string }[] = []
  const re = /(^|\n|[.;。][ \t]|[ ]{2})[ \t]*(?:\[([^\]\n]{1,40})\]|([^\n:：,，、;；()[\].。]{1,40}?))[ \t]*([:：]|(?<=\])(?=\s))/gu
  for (const m of text.matchAll(re)) {
    const label = (m[2] ?? m[3] ?? '').trim()
    if (label === '' || MAY_CONTAIN.test(label) || /^\d/.test(label)) continue
    // A bracketed label is a heading only at the start of a line.
    if (m[2] !== undefined && m[1] !== '' && m[1] !== '\n') continue
    if (m[2] === undefined && label.split(/\s+/).length > 5) continue
    headings.push({ start: m.index + m[1]!.length, end: m.index + m[0].length, label })
  }
  if (headings.length === 0) return [{ name: null, body: text }]
  const sections: Section[] = []
  const hasListHeading = headings.some((h) => LIST_HEADING.test(h.label))
  const before = text.slice(0, headings[0]!.start)
  if (before.trim() !== '') {
    if (hasListHeading && !looksLikeList(before)) ignored.push(shorten(before))
    else sections.push({ name: null, body: before })
  }
  headings.forEach((h, i) => {
    const body = text.slice(h.end, headings[i + 1]?.start ?? text.length)
    const heading = LIST_HEADING.exec(h.label)
    if (heading) {
      ignored.push(h.label)
      const product = heading[1]?.trim()
      sections.push({ name: product && !/^(?:full|key|complete|all|the)$/i.test(product) ? product : null, body })
    } else {
      sections.push({ name: h.label, body })
    }
  })
  return sections
}

/** A text that reads like a list rather than prose: several separators, short segments. */
function looksLikeList(text: string): boolean {
  const parts = splitTopLevel(text).filter((p) => p.trim() !== '')
  return parts.length >= 3 && parts.every((p) => p.trim().split(/\s+/).length <= 8)
}

/** One product's list → items; the may-contain marker flags every item after it. */
function parseList(body: string, ignored: string[]): LabelItem[] {
  const items: LabelItem[] = []
  let mayContain = false
  let rest = body
  const m = MAY_CONTAIN.exec(rest)
  let tail = ''
  if (m) {
    tail = rest.slice(m.index + m[0].length)
    rest = rest.slice(0, m.index)
    // "[+/- CI 77491, CI 77891]": the section's own brackets are not part of a name.
    const opened = /[[(]\s*$/.exec(rest)
    if (opened) {
      rest = rest.slice(0, opened.index)
      tail = tail.replace(/[\])]\s*[.,;]?\s*$/, '')
    }
    // "May contain [+/- …]": markers and the section's brackets are not names.
    for (let prev = ''; prev !== tail; ) {
      prev = tail
      tail = tail.replace(/^\s*[[(]\s*/, '').replace(MAY_CONTAIN_START, '')
    }
    tail = tail.replace(/\s*[\])]\s*[.]?\s*$/, '')
  }
  for (const [part, flag] of [
    [rest, false],
    [tail, true],
  ] as const) {
    mayContain = flag
    for (const raw of splitTopLevel(part)) {
      const printed = raw.replace(/\s+/g, ' ').trim()
      if (printed === '') continue
      if (printed.length > MAX_ITEM_CHARS) throw new LabelError('item_too_long', `An item is longer than ${MAX_ITEM_CHARS} characters.`)
      if (isProse(printed)) {
        ignored.push(shorten(printed))
        continue
      }
      const item = itemOf(printed, mayContain)
      if (item) items.push(item)
    }
  }
  return items
}

/**
 * A line holding only list headings ("전성분 / Ingredients"): every part between `/`, `|`
 * or `·` is empty or a list heading, and one is not empty (parts read until one is not).
 */
function isHeadingLine(line: string): boolean {
  if (line.trim() === '') return false
  let named = false
  for (const part of line.split(/\s*[/|·]\s*/u)) {
    const p = part.replace(/[:：[\]]/gu, '').trim()
    if (p === '') continue
    if (!LIST_HEADING.test(p)) return false
    named = true
  }
  return named
}

/**
 * A segment that reads as a sentence, not a name: long, or ending like Korean prose or ! ?.
 * `printed` has its whitespace collapsed to single spaces (parseList).
 */
function isProse(printed: string): boolean {
  if (PROSE_END.test(printed) || PROSE_START.test(printed)) return true
  // Words below are at most one more than the spaces plus the "(" (each group becomes a space).
  let gaps = 0
  for (let i = 0; i < printed.length && gaps <= 9; i++) {
    const c = printed.charCodeAt(i)
    if (c === 0x20 || c === 0x28) gaps++
  }
  if (gaps <= 9) return false
  const words = printed
    .replace(/\([^)]*\)/g, ' ')
    .trim()
    .split(/\s+/)
  return words.length > 10
}

function shorten(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return t.length > 80 ? `${t.slice(0, 77)}…` : t
}
