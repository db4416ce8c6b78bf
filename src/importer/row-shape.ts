/**
 * How a rule row's name scopes what it covers, for following group rows across markets
 * (substance-links.ts): its whole names, the base substance it names, whether it is one
 * substance, "X and its compounds" or another group, and what its exception and conditional
 * clauses leave out. Pure.
 */
import { normaliseName } from '../ingredients/identifiers.ts'
import { GENERIC_NAME_KEYS, ruleNameParts } from './substances.ts'

/** How a row's name scopes what it covers. */
export type RowScope = 'single' | 'compounds' | 'group'

/** A rule row as this step compares it. */
export interface RowShape {
  /** Whole names (exception clauses and "(INN)" dropped), normalised without spaces. */
  whole: Set<string>
  /** Normalised names of the substance itself: the base of a group, a single row's names, its CAS RNs (`cas:` prefix). */
  base: Set<string>
  scope: RowScope
  /** The wording names one substance and the row prints exactly one CAS RN ("Iodine", 7553-56-2). */
  one: boolean
  /** The wording names substances, no group or class of them ("Dichloromethane; methylene chloride"): its CAS RNs are theirs. */
  named: boolean
}

/** Several substances in one row: "Diaminotoluene [1]; … [2]", "Disulfiram (INN); thiram (ISO)". */
const SEVERAL = /\[2\]|;/u
const COMPOUNDS = /\b(?:its|their)\s+compounds\b|그\s*화합물|及其化合物|和其化合物/iu
const GROUP = /\b(?:its|their)\b|\b(?:compounds|salts|esters|derivatives)\b|및\s*그|화합물|염류|에스텔류|유도체|及其|盐类|酯类|衍生物/iu

/**
 * A name as two lists' rows are compared: `normaliseName` without spaces, commas, full stops,
 * hyphens and middle dots — STSC prints "Trialkylamines,trialkanolamines and their salts" and
 * "ALKYL (C12-C22) TRIMETHYL AMMONIUM,BROMIDE AND CHLORIDE" where CosIng spaces them.
 */
export function rowKey(name: string): string {
  return normaliseName(name).replace(/[\s,.;·\-–]+/gu, '')
}

/** Footnote marks ("(10)") and "e.g. …" examples: no part of the name, they only tell the lists apart. */
const NOTES = /\s*\(\d{1,2}\)|,?\s*\(?\s*\be\.\s?g\.?[^)]*\)?/giu
/** "HEAD (SYNONYM)" at the end of a name, the synonym naming no group: HEAD is the same row's name. */
const SYNONYM = /^(.*\S)\s*\(([^()]+)\)$/u

/** The shape of a row from its names (English and Korean) and CAS RNs; `members` > 1 makes a single-name row a group. */
export function rowShape(names: readonly { text: string | null; lang: 'en' | 'ko' }[], cas: readonly string[], members = 0): RowShape {
  const whole = new Set<string>()
  const base = new Set<string>()
  let compounds = false
  let worded = false
  let grouped = false
  for (const { text: printed, lang } of names) {
    if (printed === null || printed.trim() === '') continue
    const text = printed.replace(NOTES, '').trim()
    if (COMPOUNDS.test(text)) compounds = true
    if (GROUP.test(text)) grouped = true
    if (GROUP.test(text) || SEVERAL.test(text)) worded = true
    ruleNameParts(text, lang).forEach(({ name, join }, i) => {
      const key = rowKey(name)
      if (!join || key.length < 4 || GENERIC_NAME_KEYS.has(key)) return
      if (i === 0) whole.add(key)
      else base.add(key)
      // "Glucocorticoids (Corticosteroids)" is the row "Glucocorticoids" of another list.
      const synonym = i === 0 ? SYNONYM.exec(name) : null
      if (synonym && !GROUP.test(synonym[2]!)) {
        const head = rowKey(synonym[1]!)
        if (head.length >= 4 && !GENERIC_NAME_KEYS.has(head)) whole.add(head)
      }
    })
  }
  const scope: RowScope = compounds ? 'compounds' : worded || members > 1 ? 'group' : 'single'
  // A single substance's whole name is its own name; a group's is not the base's.
  if (scope === 'single') for (const k of whole) base.add(k)
  for (const c of cas) base.add(`cas:${c}`)
  return { whole, base, scope, one: !compounds && !worded && cas.length === 1, named: !compounds && !grouped }
}

/**
 * Whether an ingredient linked to row `x` is covered by row `y` (rules a–c of
 * substance-links.ts): `group` when any member of x is (the same wording, or y holds the
 * compounds of x's base); `substance` only when the ingredient is the substance x names
 * (y names that substance, or a group of it) — the caller checks the ingredient's own names
 * and CAS RNs; null when y does not cover it.
 */
export function covers(x: RowShape, y: RowShape): 'group' | 'substance' | null {
  const sameBase = intersects(x.base, y.base)
  if (sameBase && y.scope === 'compounds') return 'group'
  // The same wording: the same scope — unless both name one substance by it (one CAS RN on
  // either side) and x holds more members than that substance.
  if (intersects(x.whole, y.whole)) return y.scope === 'single' && x.scope !== 'single' && (x.one || y.one) ? 'substance' : 'group'
  if (!sameBase) return null
  // "Pramocaine" ⊂ "Pramocaine and its salts": whatever x holds, the group of its base holds.
  return x.scope === 'single' && y.scope === 'group' ? 'group' : 'substance'
}

/** How two rows share a name ('name') or only a CAS RN ('cas'), or null (a substance's STSC rows). */
export function related(x: RowShape, y: RowShape): 'name' | 'cas' | null {
  const xs = [...x.whole, ...x.base]
  const ys = new Set([...y.whole, ...y.base])
  if (xs.some((k) => !k.startsWith('cas:') && ys.has(k))) return 'name'
  return xs.some((k) => ys.has(k)) ? 'cas' : null
}

/**
 * Rows that apply only in some cases: a constituent "except for normal content in natural
 * essences", "if they contain > 0.1 % benzene", "when used as a substance in hair dye
 * products", "unless regulated elsewhere", "천연에센스에 자연적으로 함유되어 … 경우는 제외",
 * "…含量大于…". Whether an ingredient falls in that case its links do not say, so such a row is
 * never followed, as source or as target (the EU market reads the same cases from Annex II
 * names: analysis/markets/eu.ts CONDITIONAL_PROHIBITION).
 */
export const CONDITIONAL =
  /\b(?:except (?:for )?normal content|except (?:naturally|as|where|when|if|in)\b|if (?:they|it) contains?|when used (?:as|in)|unless|exceeding|more than)\b|경우|초과|함유|含量|天然香料|用作/iu

/** Where a row's exception clause starts: "except …", "with the exception of …", "(… 제외)", "（…除外）". */
const EXCEPTION_EN = /\b(?:with (?:the )?exception of|except(?: for)?|excluding|other than)\b(.*)$/isu
const EXCEPTION_PAREN = /[(（[]([^()（）[\]]*?)(?:은|는)?\s*(?:제외|除外)[^()（）[\]]*[)）\]]/gu
/** Words that end a name inside an English exception clause ("selenium disulphide under the conditions …"). */
const CLAUSE_END = /\s+(?:under|when|in|as|at|used|present|listed|included|which|where|for)\b.*$/isu

/**
 * The names a row's exception clauses give, as keys without spaces: "(except Selenium
 * Aspartate)" → SELENIUMASPARTATE, "(징크 4-하이드록시벤젠설포네이트와 징크피리치온 제외)" →
 * 징크4-하이드록시벤젠설포네이트, 징크피리치온. An ingredient named there is never reached through
 * the row's group.
 */
export function exceptionKeys(texts: readonly (string | null)[]): Set<string> {
  const out = new Set<string>()
  const add = (clause: string) => {
    // "(entry 25)", "(INN)": references inside the clause, no names.
    const flat = clause.replace(/\s*\([^()]*\)/gu, '').replace(/[)）\]].*$/su, '')
    for (const item of flat.split(/\s*(?:,|、|，|;|\band\b|\bor\b|및|또는|和|及)\s*|(?<=[\uAC00-\uD7A3])(?:와|과)\s+/iu)) {
      const key = rowKey(item.replace(CLAUSE_END, '').replace(/^\s*(?:of|the)\s+/iu, ''))
      if (key.length >= 3) out.add(key)
    }
  }
  for (const text of texts) {
    if (text === null) continue
    const en = EXCEPTION_EN.exec(text)
    if (en) add(en[1]!)
    for (const m of text.matchAll(EXCEPTION_PAREN)) add(m[1]!)
  }
  return out
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const k of a) if (b.has(k)) return true
  return false
}
/** The scope the Chinese name gives (及其化合物, 及其盐类) when the English one says less. */
export function mergeScope(shape: RowShape, cnName: string | null): RowShape {
  if (cnName === null || shape.scope === 'compounds') return shape
  if (COMPOUNDS.test(cnName)) return { ...shape, scope: 'compounds', one: false, named: false }
  if (shape.scope === 'single' && GROUP.test(cnName)) {
    // The whole English name was counted as the substance's own; a group's is not.
    const base = new Set([...shape.base].filter((k) => k.startsWith('cas:') || !shape.whole.has(k)))
    return { ...shape, base, scope: 'group', one: false, named: false }
  }
  return shape
}
