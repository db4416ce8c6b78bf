/**
 * Name keys for the Chinese sources (IECIC, STSC) and their joins to ingredients.
 * The Chinese files print INCI names with full-width punctuation, curly quotes, spaces
 * that CosIng does not have ("1,3-BIS-(2,4-DIAMINOPHENOXY) PROPANE HCL") and plant names
 * with the common name in parentheses ("GLYCYRRHIZA GLABRA (LICORICE) ROOT EXTRACT");
 * SOURCES.md §5 measures 80 % exact matches before these rules.
 */
import { normaliseName, stripCommonNames } from '../ingredients/identifiers.ts'

/** How a Chinese-source name was joined to an ingredient, from the most to the least certain. */
export type CnNameRule = 'exact' | 'punctuation' | 'without_common_name' | 'spacing'

const QUOTES: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '′': "'",
  '“': '"',
  '”': '"',
  '″': '"',
  '，': ',',
  '、': ',',
  '：': ':',
  '；': ';',
}

/** Straightens curly quotes and full-width separators that NFKC leaves alone. */
export function straighten(name: string): string {
  return name.replace(/[‘’′“”″，、：；]/g, (c) => QUOTES[c]!)
}

/**
 * The exact-lookup key of a Chinese name (standard name, former name, synonym): NFKC (full-width
 * parentheses and letters become ASCII), quotes straightened, every space dropped (the tables
 * break names across lines and space CJK text unevenly), Latin letters upper-cased.
 * "光果甘草（GLYCYRRHIZA GLABRA）根提取物" → "光果甘草(GLYCYRRHIZAGLABRA)根提取物".
 */
export function chineseNameKey(name: string): string {
  return straighten(name.normalize('NFKC')).replace(/\s+/g, '').toUpperCase()
}

/**
 * The keys under which an INCI name printed in a Chinese source is looked up among the
 * ingredients' name keys (`normaliseName`), in order; the first that finds an ingredient wins.
 *  - exact: `normaliseName` (NFKC already folds full-width letters and parentheses);
 *  - punctuation: curly quotes straightened; spaces around slashes, hyphens and commas, inside
 *    parentheses, and before a parenthesis holding a digit ("BIS (2-HYDROXYETHOXY)") dropped;
 *  - without_common_name: the common name in parentheses removed (plant names);
 *  - spacing: both of the above.
 * Keys that repeat an earlier one are left out.
 */
export function inciJoinKeys(name: string): { rule: CnNameRule; key: string }[] {
  const exact = normaliseName(name)
  const punctuation = tidyPunctuation(normaliseName(straighten(name)))
  const out: { rule: CnNameRule; key: string }[] = []
  const add = (rule: CnNameRule, key: string) => {
    if (key !== '' && !out.some((o) => o.key === key)) out.push({ rule, key })
  }
  add('exact', exact)
  add('punctuation', punctuation)
  add('without_common_name', stripCommonNames(exact))
  add('spacing', tidyPunctuation(stripCommonNames(punctuation)))
  return out
}

/** "BIS-(2,4-X) PROPANE" → "BIS-(2,4-X)PROPANE"; "A / B" → "A/B"; "C12 - 15" → "C12-15". */
function tidyPunctuation(key: string): string {
  return key
    .replace(/\s*([/,-])\s*/g, '$1')
    .replace(/\s+\((?=[^()]*\d[^()]*\))/g, '(')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .replace(/\)\s+(?=[A-Z0-9])/g, (m, offset: number, all: string) => (isCommonNameClose(all, offset) ? m : ')'))
    .replace(/\s+/g, ' ')
    .trim()
}

/** A ")" that closes a common name ("(LICORICE) ROOT") keeps its space, so stripCommonNames still sees it. */
function isCommonNameClose(all: string, closeAt: number): boolean {
  const open = all.lastIndexOf('(', closeAt)
  if (open <= 0 || all[open - 1] !== ' ') return false
  return !/[\d/]/.test(all.slice(open + 1, closeAt))
}
