/**
 * How a name matches a search query, shared by the importer (which precomputes the terms of
 * every name) and the search (which classifies what the index returns). Pure.
 *
 * Classes, best first: `exact` (the whole name), `prefix` (the start of a primary name),
 * `word_start` (the start of a word, or of a synonym), `substring` (anywhere).
 */

/** Longest name prefix / word start stored as a term; longer queries filter that bucket. */
export const SEARCH_TERM_LENGTH = 3
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
  const best = bestMatch(names, q)
  return best && { cls: best.cls, name: best.name.name }
}

/** The best class over names and the first name that has it, or null when none contains `q`. */
export function bestMatch<N extends { key: string; tier: number }>(names: readonly N[], q: string): { cls: MatchClass; name: N } | null {
  let best: { cls: MatchClass; name: N } | null = null
  for (const n of names) {
    const cls = classify(n.key, n.tier, q)
    if (cls !== null && (best === null || CLASS_ORDER[cls] < CLASS_ORDER[best.cls])) best = { cls, name: n }
  }
  return best
}

/** Classes of a stored term: 0 a prefix of a primary name, 1 a word start (or a synonym prefix), 2 a substring. */
export type TermClass = 0 | 1 | 2

/**
 * An owner's terms, each with the best class the owner has for it and the index (in `names`)
 * of the first name that has that class — the name a search shows as `matched_name`, so
 * callers pass the names they prefer to show first:
 *  - 0 / 1: every prefix of up to SEARCH_TERM_LENGTH characters starting at the start of a
 *    name (0 for a primary name) or at a word start (1), the positions `classify` calls so;
 *  - 2: every other SEARCH_TERM_LENGTH-character window (any script, any tier), and the
 *    2-character windows of primary names in SUBSTRING_SCRIPT ("오일" inside "호호바오일").
 * So a query of SEARCH_TERM_LENGTH characters or fewer finds every owner that has it in a
 * name in one of its terms' lists (1–2 characters outside SUBSTRING_SCRIPT: starts only).
 */
export function ownerTerms(names: readonly { key: string; tier: number }[]): Map<string, { cls: TermClass; at: number }> {
  const best = new Map<string, { cls: TermClass; at: number }>()
  const put = (term: string, cls: TermClass, at: number) => {
    const had = best.get(term)
    if (had === undefined || cls < had.cls) best.set(term, { cls, at })
  }
  names.forEach(({ key, tier }, at) => {
    const chars = Array.from(key)
    for (let start = 0; start < chars.length; start++) {
      const startsWord = start === 0 || (WORD_BREAK.test(chars[start - 1]!) && !WORD_BREAK.test(chars[start]!))
      if (startsWord) {
        const cls = start === 0 && tier === 0 ? 0 : 1
        for (let len = 1; len <= SEARCH_TERM_LENGTH && start + len <= chars.length; len++)
          put(chars.slice(start, start + len).join(''), cls, at)
        continue
      }
      if (start + SEARCH_TERM_LENGTH <= chars.length) put(chars.slice(start, start + SEARCH_TERM_LENGTH).join(''), 2, at)
      if (tier === 0 && start + 1 < chars.length && SUBSTRING_SCRIPT.test(chars[start]!) && SUBSTRING_SCRIPT.test(chars[start + 1]!))
        put(chars[start]! + chars[start + 1]!, 2, at)
    }
  })
  return best
}
