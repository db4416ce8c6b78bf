/**
 * Label spellings: how ingredient labels print a name that the sources spell otherwise.
 * Pure functions of a name key (`normaliseName`); the resolver tries them in order when the
 * key itself matches nothing.
 */
import { stripParentheses } from './identifiers.ts'

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g
const HANGUL = /[\uAC00-\uD7A3]/
/** Chinese (Han) names: the Chinese tables and labels space them unevenly; the index stores them without spaces. */
const HAN = /[\u3400-\u9FFF]/
/** Markers labels print after (or before) a name: "Glycerin*", "¹", "†" (organic, footnotes). */
const MARKERS = /^[*†‡§°¹²³⁴⁵⁶⁷⁸⁹⁰#]+|[*†‡§°¹²³⁴⁵⁶⁷⁸⁹⁰#]+$/gu
/** Colour index numbers: "CI77891", "C.I. 77891", "C.I.77891", "CI-77891" → "CI 77891". */
const CI_NUMBER = /\bC\s*\.?\s*I\s*\.?\s*-?\s*(\d{5})\b/gu

/** A label spelling to try, with the rule that produced it. */
export interface LabelKey {
  rule: 'label_tidy' | 'label_ci_number' | 'label_without_parentheses' | 'label_parenthesised' | 'label_slash'
  keys: string[]
}

/** "CI77891", "C.I. 77891" → "CI 77891" (CosIng's spelling of colour index numbers). */
export function ciNumberKey(key: string): string {
  return key.replace(CI_NUMBER, 'CI $1')
}

/**
 * Spellings of a name key as ingredient labels print it, in the order tried; each item's
 * keys are looked up together (their matches are joined):
 *  1. `label_tidy`: any dash as "-", brackets as parentheses ("[nano]" → "(NANO)"), no spaces
 *     around "/", "-" or ",", trailing ".,;:" and markers ("*", "†") dropped; Korean and Chinese
 *     without spaces ("부틸렌 글라이콜" → "부틸렌글라이콜");
 *  2. `label_ci_number`: "CI77891", "C.I. 77891" → "CI 77891";
 *  3. `label_without_parentheses`: "WATER (AQUA)" → "WATER";
 *  4. `label_parenthesised`: the parenthesised text alone: "FRAGRANCE (PARFUM)" → "PARFUM";
 *  5. `label_slash`: each part of a slash list: "WATER/AQUA" → WATER and AQUA.
 * A spelling equal to the key itself, or to an earlier spelling, is left out.
 */
export function labelKeys(key: string): LabelKey[] {
  let tidy = key
    .replace(DASHES, '-')
    .replace(MARKERS, '')
    .replace(/\[([^[\]]*)\]/g, '($1)')
    .replace(/\s*([/,-])\s*/g, '$1')
    .replace(/[\s.,;:]+$/u, '')
    .trim()
  tidy = tidy.replace(MARKERS, '').trim()
  if (HANGUL.test(tidy) || HAN.test(tidy)) tidy = tidy.replace(/\s+/g, '')
  const out: LabelKey[] = []
  const seen = new Set<string>([key])
  const push = (rule: LabelKey['rule'], keys: string[]) => {
    const clean = [...new Set(keys.map((k) => k.trim()).filter((k) => k !== ''))]
    const id = clean.join('\n')
    if (clean.length > 0 && !seen.has(id)) {
      seen.add(id)
      out.push({ rule, keys: clean })
    }
  }
  push('label_tidy', [tidy])
  const ci = ciNumberKey(tidy)
  push('label_ci_number', [ci])
  if (ci.includes('(')) {
    push('label_without_parentheses', [stripParentheses(ci).replace(/\s*([/,-])\s*/g, '$1')])
    push(
      'label_parenthesised',
      [...ci.matchAll(/\(([^()]+)\)/g)].map((m) => ciNumberKey(m[1]!)),
    )
  }
  if (ci.includes('/')) push('label_slash', ci.split('/'))
  return out
}
