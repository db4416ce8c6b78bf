/**
 * Korean orthographic variants: the spellings MFDS renamed over the years (older
 * regulation and label spellings vs today's 표준명), e.g. 메칠 → 메틸, 에칠 → 에틸,
 * 히드로 → 하이드로, 디 → 다이, 실록산 → 실록세인, 치오 → 티오. Pure.
 *
 * Each pair is applied in both directions, to every occurrence at once; combinations of up
 * to MAX_PAIRS_COMBINED pairs are generated, at most MAX_VARIANTS keys in all, so the cost
 * per look-up stays bounded.
 */

/** Older spelling ↔ current spelling (MFDS 표준명 renamings and common label spellings). */
export const KOREAN_SPELLING_PAIRS: readonly (readonly [string, string])[] = [
  ['메칠', '메틸'],
  ['에칠', '에틸'],
  ['부칠', '부틸'],
  ['히드로', '하이드로'],
  ['히드록', '하이드록'],
  ['히알루', '하이알루'],
  ['디', '다이'],
  ['실록산', '실록세인'],
  ['치오', '티오'],
  ['니트로', '나이트로'],
  ['에텔', '에터'],
  ['에스텔', '에스터'],
  ['크로라이드', '클로라이드'],
  ['글리콜', '글라이콜'],
  ['아미드', '아마이드'],
  ['나트륨', '소듐'],
  ['칼륨', '포타슘'],
  ['히', '하이'],
]

export const MAX_PAIRS_COMBINED = 3
export const MAX_VARIANTS = 48

/**
 * Variant keys of a Korean name key (without spaces), nearest first: one pair replaced,
 * then two, then three. The key itself is not included; non-Korean keys give [].
 */
export function koreanVariants(key: string): string[] {
  if (!/[\uAC00-\uD7A3]/u.test(key)) return []
  const base = key.replace(/\s+/gu, '')
  const applicable: [string, string][] = []
  for (const [a, b] of KOREAN_SPELLING_PAIRS) {
    if (base.includes(a)) applicable.push([a, b])
    if (base.includes(b)) applicable.push([b, a])
  }
  const out: string[] = []
  const seen = new Set<string>([key, base])
  if (base !== key) out.push(base)
  let frontier: { text: string; used: number }[] = [{ text: base, used: -1 }]
  for (let depth = 0; depth < MAX_PAIRS_COMBINED && out.length < MAX_VARIANTS; depth++) {
    const next: { text: string; used: number }[] = []
    for (const { text, used } of frontier) {
      for (let i = used + 1; i < applicable.length; i++) {
        const [from, to] = applicable[i]!
        if (!text.includes(from)) continue
        const variant = text.replaceAll(from, to)
        if (seen.has(variant)) continue
        seen.add(variant)
        out.push(variant)
        next.push({ text: variant, used: i })
        if (out.length >= MAX_VARIANTS) return out
      }
    }
    frontier = next
  }
  return out
}
