/**
 * How a name matches a search query, shared by the importer (which precomputes the terms of
 * every name) and the search (which classifies what the index returns). Pure.
 *
 * Classes, best first: `exact` (the whole name), `prefix` (the start of a primary name),
 * `word_start` (the start of a word, or of a synonym), `substring` (anywhere).
 */

/** Longest name prefix / word start stored as a term; longer queries filter that bucket. */
export const SEARCH_TERM_LENGTH = 3
/** Groups of 2-character Korean substrings in search_terms: this + commonness tier. */
export const KOREAN_SUBSTRING_GROUP = 10
/** Characters after which a new word starts. */
export const WORD_BREAK = /[\s\-(),/[\].;:'+&]/u
export const HANGUL = /[\uAC00-\uD7A3]/u
/**
 * Scripts whose 2-character substrings are stored (names without spaces: a word start tells
 * little): Hangul, and Han for the Chinese names ("甘油" inside "乙基己基甘油").
 */
export const SUBSTRING_SCRIPT = /[\uAC00-\uD7A3\u3400-\u9FFF]/u

export type MatchClass = 'exact' | 'prefix' | 'word_start' | 'substring'
export const CLASS_ORDER: Readonly<Record<MatchClass, number>> = { exact: 0, prefix: 1, word_start: 2, substring: 3 }

/** The class of one name key (tier 0 primary, 1 synonym) for query key `q`, or null. */
export function classify(key: string, tier: number, q: string): MatchClass | null {
  if (key === q) return 'exact'
  if (key.startsWith(q)) return tier === 0 ? 'prefix' : 'word_start'
  let at = key.indexOf(q)
  if (at < 0) return null
  while (at >= 0) {
    if (at > 0 && WORD_BREAK.test(key[at - 1]!) && !WORD_BREAK.test(key[at]!)) return 'word_start'
    at = key.indexOf(q, at + 1)
  }
  return 'substring'
}

/** The best class over an owner's names, with the name that has it. */
export function bestClass(
  names: readonly { name: string; key: string; tier: number }[],
  q: string,
): { cls: MatchClass; name: string } | null {
  let best: { cls: MatchClass; name: string } | null = null
  for (const n of names) {
    const cls = classify(n.key, n.tier, q)
    if (cls !== null && (best === null || CLASS_ORDER[cls] < CLASS_ORDER[best.cls])) best = { cls, name: n.name }
  }
  return best
}

/**
 * An owner's terms with the best class it has for each: 0 a prefix of a primary name, 1 a
 * word start (or a prefix of a synonym), 2 a 2-character substring of a primary Korean name.
 */
export function ownerTerms(names: readonly { key: string; tier: 0 | 1 }[]): Map<string, 0 | 1 | 2> {
  const best = new Map<string, 0 | 1 | 2>()
  const put = (term: string, cls: 0 | 1 | 2) => {
    const at = best.get(term)
    if (at === undefined || cls < at) best.set(term, cls)
  }
  for (const { key, tier } of names) {
    const chars = Array.from(key)
    for (let start = 0; start < chars.length; start++) {
      const wordStart = start === 0 || WORD_BREAK.test(chars[start - 1]!)
      if (WORD_BREAK.test(chars[start]!)) continue
      if (wordStart) {
        const cls = start === 0 && tier === 0 ? 0 : 1
        for (let len = 1; len <= SEARCH_TERM_LENGTH && start + len <= chars.length; len++)
          put(chars.slice(start, start + len).join(''), cls)
      } else if (
        tier === 0 &&
        SUBSTRING_SCRIPT.test(chars[start]!) &&
        start + 1 < chars.length &&
        SUBSTRING_SCRIPT.test(chars[start + 1]!)
      ) {
        // Two Hangul characters anywhere ("오일"); one character matches starts only, as in English.
        put(chars[start]! + chars[start + 1]!, 2)
      }
    }
  }
  return best
}
