/**
 * Korean list rows that name several substances ("Formic Acid and Sodium Formate",
 * "Chlorhexidine, its Digluconate, …", "포믹애씨드 및 소듐포메이트"): rule 4 of `linkKrRules`.
 * Pure.
 */
import { normaliseName, splitNameList, splitOutsideParentheses } from '../ingredients/identifiers.ts'
import { alternatives, NOTE, parseKrGroup, splitTrailingParenthesis, unique } from './kr-groups.ts'

/**
 * Words that name no substance on their own; a list split that would leave one of them as a
 * part is not made ("Oil and extracts of …"), and WATER, ALCOHOL … are never linked by a
 * part.
 */
const LIST_COMMON_WORDS = new Set([
  ...['OIL', 'OILS', 'EXTRACT', 'EXTRACTS', 'SALT', 'SALTS', 'ESTER', 'ESTERS', 'ETHERS', 'ACID', 'ACIDS', 'WATER', 'AQUA', 'ALCOHOL'],
  ...['ALCOHOLS', 'SUBSTANCES', 'DERIVATIVES', 'ISOMERS', 'RESIN', 'RESINS', 'WAX', 'POWDER', 'LEAVES', 'SEEDS', 'TWIGS'],
  ...['PREPARATIONS', 'DISTILLATES', 'COMPOUNDS', 'HEPTAHYDRATE', 'ETC.', 'ISO', 'INN', 'INNM'],
  ...['물', '정제수', '오일', '추출물', '염', '염류', '에스텔', '에스텔류', '유도체', '알코올', '수지'],
])

/**
 * Words outside parentheses that make a row a description rather than a list of names: a
 * reaction product "of acetophenone, formaldehyde, …", "… with a peroxide value exceeding",
 * "containing more than 0.5% secondary amines", "… 의 반응물", "… 의 합계량", a mixture.
 */
const LIST_GUARD = {
  en: /\b(?:OF|WITH|FROM|CONTAINING|EXCEEDING|EXCEPT|OBTAINED|ORIGINATING|REACTION|PRODUCTS?|MIXTURES?|THEIR|DERIVATIVES?|PREPARATIONS|GRADE|BRANCHED|ETC|SUCH|INCLUDING|OTHER)\b/u,
  ko: /반응|초과|함량|함유|혼합|합계|추출물|오일|유도체|유래|성분|제외|포함|기타|의\s/u,
}

/** Top-level separators of list items (commas are split first, by `splitNameList`). */
const LIST_SEPARATORS = { en: /\s+(?:AND|OR|\/)\s+/gu, ko: /\s+(?:및|또는|\/)\s+/gu }

/** "ITS DIGLUCONATE" / "그 황산염": a form of the list's first substance. */
const LIST_ITS = { en: /^ITS\s+(.+)$/u, ko: /^그\s+(.+)$/u }

/** An anion word ("CHLORIDE", "SACCHARINATE"): "Benzalkonium Chloride, Bromide and …". */
const ANION_WORD = /^[A-Z]+(?:IDE|ATE|ITE)$/u

/**
 * The substances a list row names, for rule 4 of `linkKrRules`: one array of candidate names
 * (normalised) per listed part, first part first; [] when the name is not such a list.
 *  - parts are separated by ", " (not locant commas: `splitNameList`), ";", " and ", " or ",
 *    " / " (Korean 및, 또는) outside parentheses;
 *  - a part "NAME (OTHER NAME, OTHER NAME or …)" also gives NAME and each other name, unless
 *    the parenthesis qualifies (`NOTE`); a single such part is a list of its names
 *    ("Phenolphthalein (3,3-Bis(4-hydroxyphenyl)phthalide)");
 *  - "its X" / "그 X", and single words after it, name the first substance's form:
 *    "Chlorhexidine, its Digluconate, Diacetate and …" → CHLORHEXIDINE DIGLUCONATE, …;
 *  - an anion word after a first part ending in an anion word shares its head: "Benzalkonium
 *    Chloride, Bromide and Saccharinate" → BENZALKONIUM BROMIDE, BENZALKONIUM SACCHARINATE.
 * Not lists: group rows (`parseKrGroup`, rule 3), rows with a description word outside
 * parentheses (LIST_GUARD), inverted chemical names ("Phenol, 2-methoxy-…-, acetate": a part
 * starts or ends with "-"). " and " / " or " is not split when a part would be a common
 * word (LIST_COMMON_WORDS); such words are never candidates.
 */
export function krListNames(name: string, lang: 'ko' | 'en'): string[][] {
  const key = normaliseName(name)
  if (parseKrGroup(key, lang) !== null) return []
  if (LIST_GUARD[lang].test(outsideParentheses(key))) return []
  const items: string[] = []
  // A list comma is followed by a space; "PEG-3,2',2'-…", "ALPHA,ALPHA,ALPHA-…" and
  // "1,4,4A,5,8,8A-…" are shielded here, the rest of the locant commas by `splitNameList`.
  for (const commaPart of splitNameList(key.replace(/,(?!\s)/gu, '\uE001')).map((p) => p.replaceAll('\uE001', ','))) {
    for (const part of splitOutsideParentheses(commaPart, ';')) {
      const pieces = splitTopLevel(part, LIST_SEPARATORS[lang])
      if (pieces.some((p) => LIST_COMMON_WORDS.has(p))) items.push(part)
      else items.push(...pieces)
    }
  }
  if (items.length === 0 || items.some((item) => /^-|-$/u.test(item))) return []
  const firstNames = listItemNames(items[0]!, lang)
  if (firstNames === null || (items.length === 1 && firstNames.length <= 1)) return []
  const firstHead = splitTrailingParenthesis(items[0]!)?.head ?? items[0]!
  const out: string[][] = [firstNames]
  let itsMode = false
  for (const item of items.slice(1)) {
    // "Laureth-8, 9 and 10" → LAURETH-9, LAURETH-10.
    const numbered = /^(.*-)\d+$/u.exec(firstHead)
    if (/^\d+$/u.test(item)) {
      if (numbered) out.push([`${numbered[1]}${item}`])
      continue
    }
    const its = LIST_ITS[lang].exec(item)
    if (its) itsMode = true
    const word = its ? its[1]! : item
    if (itsMode && (its || !/\s/u.test(word))) {
      if (listItemNames(word, lang) === null) return []
      out.push([lang === 'en' ? `${firstHead} ${word}` : `${firstHead}${word}`])
      continue
    }
    itsMode = false
    const head = /^(.*\S)\s+(\S+)$/u.exec(firstHead)
    if (lang === 'en' && head && ANION_WORD.test(head[2]!) && ANION_WORD.test(item)) {
      out.push([`${head[1]} ${item}`])
      continue
    }
    const names = listItemNames(item, lang)
    if (names === null) return []
    out.push(names)
  }
  return out
}

/**
 * A list part's names: itself, then for "NAME (OTHER …)" NAME and the other names ("limited
 * to A, B" / "A, B에 한함" give A and B); null when a parenthesis qualifies the part (`NOTE`:
 * "(except …)", "(e.g. …)", "(… 포함)"), which makes the row no list. Names shorter than
 * three characters (two in Korean), numbers and LIST_COMMON_WORDS are left out.
 */
function listItemNames(item: string, lang: 'ko' | 'en'): string[] | null {
  const names = [item]
  const paren = splitTrailingParenthesis(item)
  if (paren) {
    if (NOTE.test(paren.inner)) return null
    const head = listItemNames(paren.head, lang)
    if (head === null) return null
    names.push(...head, ...alternatives(paren.inner.replace(/^LIMITED TO\s+|\s*에\s*한함$/gu, '')))
  }
  return unique(names).filter((n) => n.length >= (lang === 'en' ? 3 : 2) && !/^[\d.%]+$/u.test(n) && !LIST_COMMON_WORDS.has(n))
}

/** The text with every parenthesised or bracketed span masked ("#", same length). */
function outsideParentheses(text: string): string {
  let depth = 0
  let out = ''
  for (const ch of text) {
    if (ch === '(' || ch === '[') depth++
    out += depth > 0 ? '#'.repeat(ch.length) : ch
    if ((ch === ')' || ch === ']') && depth > 0) depth--
  }
  return out
}

/** Splits at matches of `separator` (global) that lie outside parentheses. */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const masked = outsideParentheses(text)
  const parts: string[] = []
  let start = 0
  for (const m of masked.matchAll(separator)) {
    parts.push(text.slice(start, m.index))
    start = m.index + m[0].length
  }
  parts.push(text.slice(start))
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}
