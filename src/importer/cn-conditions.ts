/**
 * Structured conditions from the Chinese STSC table texts (SOURCES.md §7): scope → product
 * types, 最大允许浓度 → a maximum % with its basis, pH limits, the under-3 ban, label warnings,
 * and the dates of NMPA revisions (修改后 / 修订后 = "after the revision", in force from the
 * date the remark gives). Done once at import; the raw text is always kept beside it.
 */

/** Product types named by the Chinese scopes (a subset of what the EU annexes use). */
export type CnProductType =
  | 'leave_on'
  | 'rinse_off'
  | 'hair'
  | 'skin'
  | 'face'
  | 'eye'
  | 'lip'
  | 'hand'
  | 'body'
  | 'nail'
  | 'oral'
  | 'spray'
  | 'children'
  | 'mucous_membrane'
  | 'professional'
  | 'hair_dye'

export interface CnCondition {
  /** Clause letter as printed ((a), (b) …), or null for a single clause. */
  clause: string | null
  /** Scope text of the clause (使用范围), spaces and line breaks of the layout removed. */
  scope: string | null
  productTypes: CnProductType[]
  /** Product types the clause excludes (禁用于… / 不得用于…, the colorants' "not near the eyes"). */
  notFor: CnProductType[]
  /** Maximum concentration in the ready-for-use product, in %. Bare fractions of the converted sheets (0.01) are read as 1 %. */
  maxPercent: number | null
  /** What the maximum is calculated as, as printed (以酸计 → "酸"). */
  basis: string | null
  /** 总量: the maximum is for the sum of the group's substances. */
  total: boolean
  phMax: number | null
  phMin: number | null
  /** 三岁以下儿童…不得/勿用: not for children under 3. */
  notForChildrenUnder3: boolean
  /** The mandatory label text of this clause, as printed (layout removed). */
  warnings: string | null
  /** ISO date from which this clause applies (a revision); null = in force now. */
  appliesFrom: string | null
  /** ISO date until which this clause applies (replaced by a revision). */
  appliesUntil: string | null
  /** False when the text had more than the parser understood (the raw text is the reference). */
  parsed: boolean
}

export interface CnConditionTexts {
  scope: string | null
  maxConc: string | null
  otherLimits: string | null
  labelWarnings: string | null
  /** Date from which 修改后/修订后 text applies (from the remark). */
  revisedFrom: string | null
}

const REVISION = /修改后[:：]|修订后[:：]/
/** "pH7-9.5", "pH 7～12.7". */
const PH_RANGE = /pH\s*(\d+(?:\.\d+)?)\s*[-~～—]\s*(\d+(?:\.\d+)?)/i

const PRODUCT_WORDS: [RegExp, CnProductType][] = [
  [/驻留/, 'leave_on'],
  [/淋洗/, 'rinse_off'],
  [/发用|头发|染发|烫/, 'hair'],
  [/肤用/, 'skin'],
  [/面部/, 'face'],
  [/眼部|眼影|睫毛|眼线/, 'eye'],
  [/口唇|唇膏|唇部/, 'lip'],
  [/手部/, 'hand'],
  [/体用/, 'body'],
  [/指（趾）甲|指\(趾\)甲|指甲/, 'nail'],
  [/牙膏|口腔/, 'oral'],
  [/喷雾|气雾/, 'spray'],
  [/儿童/, 'children'],
  [/粘膜|黏膜/, 'mucous_membrane'],
  [/专业/, 'professional'],
]

/** Removes the PDF layout: line breaks and spaces next to CJK text. */
export function tidyCnText(text: string | null): string | null {
  if (text === null) return null
  const out = text
    .replace(/\s*\n\s*/g, '\n')
    .replace(/(?<=[\u3000-\u9fff\uff00-\uffef])\n(?![(（]?[a-z][)）]|修改后|修订后|\d\.)/g, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/(?<=[\u3000-\u9fff\uff00-\uffef]) (?=\S)|(?<=\S) (?=[\u3000-\u9fff\uff00-\uffef])/g, '')
    .trim()
  return out === '' ? null : out
}

/**
 * The conditions of one table row. Current and revised text are split at 修改后/修订后; within
 * each, clauses are paired by letter ((a) scope ↔ (a) maximum). A row with neither scope nor
 * maximum gives one clause carrying its other limits and warnings (or none when all are empty).
 */
export function parseCnConditions(t: CnConditionTexts): CnCondition[] {
  const parts = {
    scope: splitRevision(tidyCnText(t.scope)),
    max: splitRevision(tidyCnText(t.maxConc)),
    other: splitRevision(tidyCnText(t.otherLimits)),
    warn: splitRevision(tidyCnText(t.labelWarnings)),
  }
  const out: CnCondition[] = []
  const hasRevision = [parts.scope, parts.max, parts.other, parts.warn].some((p) => p.revised !== null)
  for (const phase of hasRevision ? (['current', 'revised'] as const) : (['current'] as const)) {
    const pick = (p: { current: string | null; revised: string | null }) => (phase === 'current' ? p.current : (p.revised ?? p.current))
    const scope = clauses(pick(parts.scope))
    const max = clauses(pick(parts.max))
    const letters = [...new Set([...scope.keys(), ...max.keys()])]
    if (letters.length === 0 && !pick(parts.other) && !pick(parts.warn)) continue
    if (
      phase === 'revised' &&
      parts.scope.revised === null &&
      parts.max.revised === null &&
      parts.other.revised === null &&
      parts.warn.revised === null
    )
      continue
    if (
      phase === 'current' &&
      pick(parts.scope) === null &&
      pick(parts.max) === null &&
      hasRevision &&
      parts.max.current === null &&
      parts.scope.current === null
    )
      continue
    for (const letter of letters.length ? letters : [null]) {
      let scopeText = scope.get(letter) ?? scope.get(null) ?? null
      let maxText = max.get(letter) ?? max.get(null) ?? null
      // "体用产品 2.2%": the scope printed in the maximum cell.
      const inline = maxText === null ? null : /^([^\d%]*[\u4e00-\u9fff][^\d%]*?)\s*(\d+(?:[.,]\d+)?\s*%.*)$/s.exec(maxText)
      if (inline && scopeText === null && !/总量|单一|混合|以.+计/.test(inline[1]!)) {
        scopeText = inline[1]!.trim()
        maxText = inline[2]!
      }
      const other = clauseOf(pick(parts.other), letter)
      const warn = clauseOf(pick(parts.warn), letter)
      const limit = parseMax(maxText)
      const all = [scopeText, other].filter((x): x is string => x !== null).join('；')
      out.push({
        clause: letter,
        scope: scopeText,
        productTypes: productTypes(scopeText?.replace(EXCLUSION, '') ?? null),
        notFor: exclusions(all),
        maxPercent: limit.percent,
        basis: limit.basis,
        total: limit.total,
        phMax: number(/pH\s*[≤<]=?\s*(\d+(?:\.\d+)?)/i.exec(all)?.[1] ?? PH_RANGE.exec(`${all} ${maxText ?? ''}`)?.[2]),
        phMin: number(/pH\s*[≥>]=?\s*(\d+(?:\.\d+)?)/i.exec(all)?.[1] ?? PH_RANGE.exec(`${all} ${maxText ?? ''}`)?.[1]),
        notForChildrenUnder3: /(三|3)\s*岁以下儿童/.test(all) && /不得|禁用|勿用/.test(all),
        warnings: warn,
        appliesFrom: phase === 'revised' ? t.revisedFrom : null,
        appliesUntil: phase === 'current' && hasRevision ? t.revisedFrom : null,
        parsed: limit.parsed,
      })
    }
  }
  return out
}

/** Text before and after 修改后/修订后 (the part after a marker, markers removed). */
function splitRevision(text: string | null): { current: string | null; revised: string | null } {
  if (text === null) return { current: null, revised: null }
  const pieces = text.split(REVISION)
  if (pieces.length === 1) return { current: text, revised: null }
  const current = pieces[0]!.trim()
  const revised = pieces
    .slice(1)
    .map((p) => p.trim())
    .filter(Boolean)
    .join('\n')
  return { current: current === '' ? null : current, revised: revised === '' ? null : revised }
}

/** "(a) 2.0%\n(b) 3%" → a → "2.0%", b → "3%"; text without letters → null → the text. */
function clauses(text: string | null): Map<string | null, string> {
  const out = new Map<string | null, string>()
  if (text === null) return out
  const re = /[(（]([a-h])[)）]/g
  const marks = [...text.matchAll(re)]
  if (marks.length === 0) {
    out.set(null, text)
    return out
  }
  const head = text.slice(0, marks[0]!.index).trim()
  if (head) out.set(null, head)
  marks.forEach((m, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.index : text.length
    const body = text.slice(m.index! + m[0].length, end).trim()
    if (!out.has(m[1]!)) out.set(m[1]!, body)
  })
  return out
}

function clauseOf(text: string | null, letter: string | null): string | null {
  if (text === null) return null
  const c = clauses(text)
  if (letter === null) return text
  return c.get(letter) ?? (c.size === 1 && c.has(null) ? text : null)
}

/**
 * The maximum of a clause: "2.0%", "总量 2.5%（以酸计）", "0.01" (a converted percent cell = 1 %),
 * "1.5e-05". Several percentages (sub-limits for named substances) keep the first and mark the
 * clause as not fully parsed.
 */
export function parseMax(text: string | null): { percent: number | null; basis: string | null; total: boolean; parsed: boolean } {
  if (text === null) return { percent: null, basis: null, total: false, parsed: true }
  const flat = text.replace(/\s+/g, '')
  const basis = /[（(]以([^）)]+?)计[）)]/.exec(flat)?.[1] ?? null
  const total = /总量/.test(flat)
  const bare = /^(\d+(?:\.\d+)?(?:e-?\d+)?)$/i.exec(flat)
  if (bare) return { percent: round(Number(bare[1]) * 100), basis, total, parsed: true }
  // Percentages are read on the spaced text: "1. 2%" is item 1, 2 %, not 1.2 %.
  const spaced = text.replace(/\s+/g, ' ')
  const percents = [...spaced.matchAll(/(?<![\d.,])(\d+(?:[.,]\d+)?)\s*%/g)].map((m) => Number(m[1]!.replace(',', '.')))
  if (percents.length === 0) return { percent: null, basis, total, parsed: false }
  const rest = spaced
    .replace(/\s+/g, '')
    .replace(/pH[≤≥<>=]*\d+(?:\.\d+)?(?:[-~～—]\d+(?:\.\d+)?)?/gi, '')
    .replace(/[（(]以[^）)]+?计[）)]/g, '')
    .replace(/总量|\d+(?:[.,]\d+)?%|[(（]\d[)）]|\d\.|[;；,，。\s]/g, '')
  return { percent: percents[0]!, basis, total, parsed: percents.length === 1 && rest === '' }
}

/** "禁用于喷雾产品", "不得用于可能具有吸入风险的产品": the excluded part up to the next separator. */
const EXCLUSION = /(?:禁用于|不得用于|不可用于)[^；;。，,\n]*/g

function exclusions(text: string): CnProductType[] {
  const parts = text.match(EXCLUSION) ?? []
  const out = new Set<CnProductType>()
  for (const p of parts) {
    for (const t of productTypes(p)) out.add(t)
    if (/吸入/.test(p)) out.add('spray')
  }
  return [...out]
}

export function productTypes(scope: string | null): CnProductType[] {
  if (scope === null) return []
  return PRODUCT_WORDS.filter(([re]) => re.test(scope)).map(([, t]) => t)
}

function number(text: string | undefined): number | null {
  return text === undefined ? null : Number(text)
}

/** Avoids 0.01 × 100 = 1.0000000000000002. */
function round(n: number): number {
  return Number(n.toPrecision(12))
}
