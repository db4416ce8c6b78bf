/**
 * Structured conditions: the free text of an EU Annex III–VI entry (product type / body
 * parts, maximum concentration, other, wording of conditions and warnings) or of a Korean
 * 별표2 limit → machine-readable clauses. Pure; run once at import (DESIGN.md: work that
 * depends on the data is done at import), stored as JSON beside the raw text, which is
 * always kept. `parsed` is false whenever the reading is not sure, with the reasons.
 *
 * This file reads the EU annexes; kr-conditions.ts reads the Korean 별표2 limits.
 *
 * Reading rules (checked by hand against the annex text in test/importer/conditions.test.ts):
 *  - clause labels `(a)` / `a)` … `(h)` align the columns; text before any label, or
 *    labelled with several letters ("(a) (b) (c)"), belongs to each clause it names;
 *  - the first percentage of a clause is its maximum (decimal comma read as a point);
 *    several different percentages in one clause → the smallest, `parsed` false;
 *  - basis: "calculated as X", "(as X)", "(acid)", "of H2O2", "X로서";
 *  - pH: "pH 7 to 9.5", "up to pH 12.7", "pH < 11", "pH는 6을 넘어야";
 *  - age: "children under 3 years", "under the age of 16", "만 3세 이하";
 *  - dates: "As from 3 September 2017", "From 1 January 2025";
 *  - EU fragrance-allergen labelling duty (Annex III, "must/shall be indicated in the list
 *    of ingredients … 0,001 % in leave-on … 0,01 % in rinse-off", Regulation (EU) 2023/1545).
 */
import type { Scope, ScopeTag } from '../analysis/product-types.ts'

export type Clause = {
  /** Clause letter as printed (`a`), null when the entry has a single clause. */
  label: string | null
  /** The product-type / body-part wording of this clause, as printed. */
  product_type_text: string | null
  scope: Scope
  /** Maximum concentration in the ready-for-use preparation, % (w/w). */
  max_percent: number | null
  /** What the maximum is calculated as ("thioglycollic acid", "acid", "F"), when stated. */
  basis: string | null
  ph_min: number | null
  ph_max: number | null
  /** "Not to be used for children under N years": N. */
  not_under_age_years: number | null
  /** The mandatory label wording for this clause, as printed. */
  warning: string | null
  /** ISO date from which the clause applies, when stated. */
  applies_from: string | null
}

/** Annex III labelling duty of fragrance allergens (Regulation (EU) 2023/1545). */
export type LabellingDuty = {
  leave_on_percent: number
  rinse_off_percent: number
  /** Name to print when the annex gives one ("Citral", "Pinus Mugo"), else null. */
  label_name: string | null
}

export type StructuredConditions = {
  clauses: Clause[]
  labelling_duty: LabellingDuty | null
  /** False when any part of the text was not read with confidence; see `notes`. */
  parsed: boolean
  notes: string[]
}

export type AnnexText = {
  productType: string | null
  maxConcentration: string | null
  other: string | null
  conditions: string | null
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/** Keyword → tags, tried on one phrase of a scope. Order matters: specific first. */
const EN_TAGS: readonly [RegExp, ScopeTag[]][] = [
  [/hair\s*dye|colouring|coloring|oxidative|hair colou?rant/i, ['hair_dye', 'hair']],
  [/eyelash|eyebrow|eye\s*lash/i, ['eye']],
  [/depilator/i, ['depilatory']],
  [/deodorant|anti-?perspirant/i, ['deodorant']],
  [/fine fragrance|eau de toilette|fragrance cream/i, ['fine_fragrance']],
  [/mucous membrane/i, ['mucous_membranes']],
  [/children under 3|under 3 years/i, ['children_under_3']],
  [/propellant|pump spray|spray|aerosol/i, ['spray']],
  [/professional/i, ['professional']],
  [/tooth|mouth|oral|dental|dentifrice/i, ['oral']],
  [/\beyes?\b|eye products|mascara|eyeliner|eye shadow|eye area/i, ['eye']],
  [/\blips?\b|lipstick/i, ['lip']],
  [/nail|cuticle/i, ['nail']],
  [/shampoo/i, ['hair', 'rinse_off']],
  [/\bhair\b|scalp|\bhead\b/i, ['hair']],
  [/\bface\b|facial/i, ['face']],
  [/\bhands?\b/i, ['hand']],
  [/\bbody\b|shower|\bfoot\b/i, ['body']],
  [/soap/i, ['rinse_off']],
]
const EN_EXPOSURE: readonly [RegExp, ScopeTag][] = [
  [/rinse[\s-]*off|rinsed off|wash[\s-]*off|shampoo|soap|shower|mouth\s*(?:wash|rinse)|toothpaste/i, 'rinse_off'],
  [/leave[\s-]*on|lotion|cream|lipstick|mascara|eyeliner|eye shadow/i, 'leave_on'],
]
/** Phrases with no scope meaning ("products", "cosmetic products"). */
const FILLER = /^(?:all\s+)?(?:others?\s+)?(?:cosmetic\s+)?(?:products?|produts|preparations?|uses?|cosmetics)?$/i

/**
 * Reads one EU Annex III–VI entry. Annex IV (colorants) puts its field of application in
 * the maximum-concentration column when the product-type column is empty ("Rinse-off
 * products", "Not to be used in eye products"); that text is read as the scope.
 */
export function parseAnnexConditions(t: AnnexText): StructuredConditions {
  const notes: string[] = []
  let productType = t.productType
  let maxText = t.maxConcentration
  if (productType === null && maxText !== null && !/\d\s*%/.test(maxText) && !/\d/.test(maxText)) {
    productType = maxText
    maxText = null
  }
  const typeParts = byLabel(productType)
  const maxParts = byLabel(maxText)
  const otherParts = byLabel(t.other)
  const warnParts = byLabel(t.conditions)
  const labels = [...new Set([...typeParts.labels, ...maxParts.labels])].sort()
  const clauseLabels: (string | null)[] = labels.length > 0 ? labels : [null]

  const clauses = clauseLabels.map((label): Clause => {
    const typeText = textFor(typeParts, label)
    const maxTextFor = textFor(maxParts, label)
    const otherText = textFor(otherParts, label)
    const warnText = textFor(warnParts, label)
    const scope = scopeFromEnglish(typeText, notes)
    // "Not to be used in …" in the other/conditions columns narrows the scope too.
    for (const m of `${otherText ?? ''}\n${maxTextFor ?? ''}`.matchAll(/not to be used (?:in|on|for) ([^.\n;]+)/gi)) {
      if (/children under|age of|inhalation|lungs|nitrosat|aerosol dispens/i.test(m[1]!)) continue
      const tags = tagsOf(m[1]!, EN_TAGS)
      if (tags.length > 0) scope.none_of.push(tags)
    }
    if (/aerosol dispensers|sprays?\)/i.test(otherText ?? '') && /not to be used/i.test(otherText ?? '')) scope.none_of.push(['spray'])
    const read = readMax(maxTextFor, otherText, notes, label)
    const max = read.max
    // "The abovementioned percentages are calculated as X" covers every clause.
    const basis =
      read.basis ?? /abovementioned percentages are calculated as ([^.\n;]+)/i.exec(t.maxConcentration ?? '')?.[1]?.trim() ?? null
    const ph = readPh(`${otherText ?? ''} ${maxTextFor ?? ''}`)
    return {
      label,
      product_type_text: typeText,
      scope,
      max_percent: max,
      basis,
      ph_min: ph.min,
      ph_max: ph.max,
      not_under_age_years: readAge(`${otherText ?? ''} ${warnText ?? ''} ${typeText ?? ''}`),
      warning: warnText,
      applies_from: readDate(`${maxTextFor ?? ''} ${otherText ?? ''} ${typeText ?? ''} ${t.conditions ?? ''}`),
    }
  })
  return { clauses, labelling_duty: readLabellingDuty(t.other), parsed: notes.length === 0, notes: [...new Set(notes)] }
}

type Labelled = { labels: string[]; shared: string | null; byLabel: Map<string, string> }

/** Splits a cell at clause labels `(a)` / `a)`; several labels in a row share the text. */
function byLabel(cell: string | null): Labelled {
  const out: Labelled = { labels: [], shared: null, byLabel: new Map() }
  if (cell === null) return out
  const re = /(?<=^|[\s:;.(])\(?([a-h])\)(?=[\s(]|$)/g
  const marks = [...cell.matchAll(re)]
  if (marks.length === 0) {
    out.shared = cell.trim()
    return out
  }
  const head = cell.slice(0, marks[0]!.index).trim()
  if (head !== '' && !/^for$/i.test(head)) out.shared = head
  let group: string[] = []
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!
    group.push(m[1]!)
    const end = m.index + m[0].length
    const next = marks[i + 1]
    const between = cell.slice(end, next?.index ?? cell.length)
    // "(a) (b) (c)", "(a) and (b)", "For (a) and (b):" — one text for the group.
    if (next && /^[\s,]*(?:and|or|&)?[\s,]*\(?$/i.test(between)) continue
    const text = between.replace(/^[\s:]+/, '').trim()
    for (const l of group) {
      if (!out.labels.includes(l)) out.labels.push(l)
      out.byLabel.set(l, [out.byLabel.get(l), text].filter(Boolean).join('\n'))
    }
    group = []
  }
  return out
}

function textFor(parts: Labelled, label: string | null): string | null {
  const own = label === null ? null : (parts.byLabel.get(label) ?? null)
  if (label !== null && parts.labels.length > 0) return [parts.shared, own].filter(Boolean).join('\n') || null
  return parts.shared
}

/** Scope of an English product-type text; unknown wording sets `known` false with a note. */
function scopeFromEnglish(text: string | null, notes: string[]): Scope {
  const scope: Scope = { any_of: null, none_of: [], other: false, known: true }
  if (text === null) return scope
  // ", including …" names examples of the same products, not other ones.
  let include = text
    .replace(/\s+/g, ' ')
    .replace(/,?\s*including\b[^;]*/i, '')
    .trim()
  const except = /(.*?)(?:,?\s*(?:with the exception of|except(?:ing)?|excluding|other than)\s+)(.*)/i.exec(include)
  if (except) {
    include = except[1]!
    for (const phrase of except[2]!.split(/,|;|\band\b|\bor\b/i)) {
      const tags = tagsOf(phrase, EN_TAGS)
      if (tags.length > 0) scope.none_of.push(tags)
    }
  }
  if (/^not to be used/i.test(include)) {
    const tags = tagsOf(include, EN_TAGS)
    if (tags.length > 0) scope.none_of.push(tags)
    return scope
  }
  if (/^(?:\(?[a-h]\)\s*)?others?\b/i.test(include)) scope.other = true
  const groups: ScopeTag[][] = []
  let unknown = false
  for (const phrase of include.split(/,|;|\band\b|\bor\b|\//i)) {
    const p = phrase
      .replace(/^(?:all|other|\(?[a-h]\))\s+/i, '')
      .replace(/\b(?:products?|preparations?|cosmetic|intended for|including|used|uses?|the|on|in|for)\b/gi, ' ')
      .trim()
    if (FILLER.test(p)) continue
    // "Skin products": every product applied to the skin.
    if (/\bskin\b/i.test(phrase) && tagsOf(phrase, EN_TAGS).length === 0) {
      groups.push(['face'], ['body'], ['hand'])
      continue
    }
    const tags = tagsOf(phrase, EN_TAGS)
    const exposure = EN_EXPOSURE.filter(([re]) => re.test(phrase)).map(([, t]) => t)
    const group = [...new Set([...tags, ...exposure])]
    if (group.length > 0) groups.push(group)
    else unknown = true
  }
  if (groups.length > 0) scope.any_of = groups
  if (unknown && groups.length === 0 && !scope.other) {
    scope.known = false
    notes.push(`product type not recognised: ${include.slice(0, 60)}`)
  } else if (unknown) {
    notes.push(`part of the product type not recognised: ${include.slice(0, 60)}`)
  }
  return scope
}

export function tagsOf(phrase: string, table: readonly [RegExp, ScopeTag[]][]): ScopeTag[] {
  const out = new Set<ScopeTag>()
  for (const [re, tags] of table) if (re.test(phrase)) for (const t of tags) out.add(t)
  if (table === EN_TAGS) for (const [re, t] of EN_EXPOSURE) if (re.test(phrase)) out.add(t)
  return [...out]
}

/** Maximum % and its basis from a clause's text. */
function readMax(
  text: string | null,
  other: string | null,
  notes: string[],
  label: string | null,
): { max: number | null; basis: string | null } {
  // Hair dyes give the limit "after mixing … must not exceed N %" in the other column.
  const source = text ?? (other && /must not exceed\s*[\d,.]+\s*%/i.test(other) ? other : null)
  if (source === null) return { max: null, basis: null }
  const pcts = [...source.matchAll(/(\d+(?:[.,]\d+)?)\s*%/g)].map((m) => Number(m[1]!.replace(',', '.')))
  if (pcts.length === 0) {
    if (/\d/.test(source)) notes.push(`maximum not read${label ? ` in (${label})` : ''}: ${source.slice(0, 60)}`)
    return { max: null, basis: readBasis(source) }
  }
  if (new Set(pcts).size > 1) notes.push(`several percentages${label ? ` in (${label})` : ''}; the smallest is used`)
  return { max: Math.min(...pcts), basis: readBasis(source) }
}

function readBasis(text: string): string | null {
  const patterns = [
    /calculated as ([^.\n;,)]+)/i,
    /\(as ([^)]+)\)/i,
    /\bas (free base|free SO2|acid|phenol|zinc|sulphur|strontium|thioglycollic acid|NH3)\b/i,
    /\((acid)\)/i,
    /\bof (H2O2|Hg)\b/i,
    /\(of ([^)]+)\)/i,
  ]
  for (const re of patterns) {
    const m = re.exec(text)
    const basis = m?.[1]?.replace(/\s+/g, ' ').trim()
    if (basis && basis.length <= 40 && !/\bwhich\b/i.test(basis)) return basis
  }
  return null
}

export function readPh(text: string): { min: number | null; max: number | null } {
  const num = (s: string) => Number(s.replace(',', '.'))
  const range = /pH\s*(\d+(?:[.,]\d+)?)\s*(?:to|-|–)\s*(\d+(?:[.,]\d+)?)/i.exec(text)
  if (range) return { min: num(range[1]!), max: num(range[2]!) }
  const upTo = /(?:up to pH|pH\s*(?:<|≤|below|lower than))\s*(\d+(?:[.,]\d+)?)/i.exec(text)
  if (upTo) return { min: null, max: num(upTo[1]!) }
  const above = /pH\s*(?:>|≥|above)\s*(\d+(?:[.,]\d+)?)|pH[는은]?\s*(\d+(?:\.\d+)?)\s*[을를]?\s*(?:넘어야|초과)/iu.exec(text)
  if (above) return { min: num(above[1] ?? above[2]!), max: null }
  return { min: null, max: null }
}

function readAge(text: string): number | null {
  const m = /children under (\d+)(?:\s*years)?|under the age of (\d+)|under (\d+) years of age|person under (\d+)/i.exec(text)
  return m ? Number(m[1] ?? m[2] ?? m[3] ?? m[4]) : null
}

/** "As from 3 September 2017" / "From 1 January 2025" → the first such date, ISO. */
function readDate(text: string): string | null {
  const m = /\b(?:as\s+)?from\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})/i.exec(text)
  if (!m) return null
  const month = MONTHS.indexOf(m[2]!.toLowerCase())
  if (month < 0) return null
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`
}

function readLabellingDuty(other: string | null): LabellingDuty | null {
  if (other === null || !/(?:must|shall) be indicated (?:as [‘'"“][^’'"”]+[’'"”] )?in the list of ingredients/i.test(other)) return null
  const leave = /(\d+(?:[.,]\d+)?)\s*%\s*in leave[\s-]*on/i.exec(other)
  const rinse = /(\d+(?:[.,]\d+)?)\s*%\s*in rinse[\s-]*off/i.exec(other)
  if (!leave || !rinse) return null
  const name = /indicated as [‘'"“]([^’'"”]+)[’'"”]/i.exec(other)
  return {
    leave_on_percent: Number(leave[1]!.replace(',', '.')),
    rinse_off_percent: Number(rinse[1]!.replace(',', '.')),
    label_name: name ? name[1]!.trim() : null,
  }
}
