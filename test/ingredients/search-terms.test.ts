/** Match classes and stored terms (src/ingredients/search-terms.ts). */
import { expect, test } from 'bun:test'
import { bestClass, classify, ownerTerms, SEARCH_TERM_LENGTH } from '../../src/ingredients/search-terms.ts'

test.each([
  ['SODIUM HYALURONATE', 0, 'SODIUM HYALURONATE', 'exact'],
  ['HYALURONIC ACID', 0, 'HYALURON', 'prefix'],
  ['HYALURONIC ACID', 1, 'HYALURON', 'word_start'],
  ['SODIUM HYALURONATE', 0, 'HYALURON', 'word_start'],
  ['PEG-8 DIMETHICONE', 0, 'DIMETH', 'word_start'],
  ['HYDROLYZED HYALURONIC ACID', 0, 'YALUR', 'substring'],
  ['GLYCERIN', 0, 'XYZ', null],
])('%p (tier %p) for %p → %p', (key, tier, q, cls) => {
  expect(classify(key, tier, q)).toBe(cls as never)
})

test('the best class over names wins, with its name', () => {
  expect(
    bestClass(
      [
        { name: 'Sodium hyaluronan', key: 'SODIUM HYALURONAN', tier: 1 },
        { name: 'HYALURONAN', key: 'HYALURONAN', tier: 0 },
      ],
      'HYALURON',
    ),
  ).toEqual({
    cls: 'prefix',
    name: 'HYALURONAN',
  })
})

test('terms: prefixes of a primary name (0), word starts and synonym prefixes (1), Korean substrings (2)', () => {
  const terms = ownerTerms([
    { key: 'SODIUM HYALURONATE', tier: 0 },
    { key: '소듐하이알루로네이트', tier: 0 },
  ])
  expect(terms.get('SOD')).toBe(0)
  expect(terms.get('HYA')).toBe(1)
  expect(terms.get('소듐하')).toBe(0)
  expect(terms.get('알루')).toBe(2)
  expect(terms.has('네')).toBe(false)
  expect(terms.has('HYALU')).toBe(SEARCH_TERM_LENGTH >= 5)
  expect(terms.has('ODI')).toBe(false)
})
