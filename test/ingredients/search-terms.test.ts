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

test('terms: prefixes of a primary name (0), word starts and synonym prefixes (1), substrings (2), each with its first name', () => {
  const terms = ownerTerms([
    { key: 'SODIUM HYALURONATE', tier: 0 },
    { key: '소듐하이알루로네이트', tier: 0 },
    { key: 'HYALURONIC ACID SODIUM SALT', tier: 1 },
  ])
  expect(terms.get('SOD')).toEqual({ cls: 0, at: 0 })
  expect(terms.get('HYA')).toEqual({ cls: 1, at: 0 })
  expect(terms.get('소듐하')).toEqual({ cls: 0, at: 1 })
  expect(terms.get('알루')).toEqual({ cls: 2, at: 1 })
  expect(terms.get('알루로')).toEqual({ cls: 2, at: 1 })
  // Three-character windows inside words, in every script and tier.
  expect(terms.get('ODI')).toEqual({ cls: 2, at: 0 })
  expect(terms.get('CID')).toEqual({ cls: 2, at: 2 })
  expect(terms.get('ACI')).toEqual({ cls: 1, at: 2 })
  // One character inside a word, two Latin characters inside a word: not stored.
  expect(terms.has('네')).toBe(false)
  expect(terms.has('OD')).toBe(false)
  expect(terms.has('HYALU')).toBe(SEARCH_TERM_LENGTH >= 5)
})

test('a name starting with a word-break character starts a term, as classify says', () => {
  const terms = ownerTerms([{ key: '(+)-ALPHA-PINENE', tier: 0 }])
  expect(classify('(+)-ALPHA-PINENE', 0, '(+)')).toBe('prefix')
  expect(terms.get('(+)')).toEqual({ cls: 0, at: 0 })
  expect(classify('(+)-ALPHA-PINENE', 0, 'ALP')).toBe('word_start')
  expect(terms.get('ALP')).toEqual({ cls: 1, at: 0 })
  expect(terms.get(')-A')).toEqual({ cls: 2, at: 0 })
})
