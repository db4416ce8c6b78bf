/** Label spellings (src/ingredients/label-keys.ts): what a label prints → the keys tried. */
import { expect, test } from 'bun:test'
import { normaliseName } from '../../src/ingredients/identifiers.ts'
import { ciNumberKey, labelKeys } from '../../src/ingredients/label-keys.ts'

const spellings = (name: string) => labelKeys(normaliseName(name)).map((l) => [l.rule, l.keys])

test.each([
  [
    'Water (Aqua)',
    [
      ['label_without_parentheses', ['WATER']],
      ['label_parenthesised', ['AQUA']],
    ],
  ],
  [
    'Caprylic / Capric Triglyceride',
    [
      ['label_tidy', ['CAPRYLIC/CAPRIC TRIGLYCERIDE']],
      ['label_slash', ['CAPRYLIC', 'CAPRIC TRIGLYCERIDE']],
    ],
  ],
  ['Glycerin*', [['label_tidy', ['GLYCERIN']]]],
  ['†Niacinamide**', [['label_tidy', ['NIACINAMIDE']]]],
  ['Glycerin;', [['label_tidy', ['GLYCERIN']]]],
  ['1,2–Hexanediol', [['label_tidy', ['1,2-HEXANEDIOL']]]],
  ['부틸렌 글라이콜', [['label_tidy', ['부틸렌글라이콜']]]],
  ['CI77891', [['label_ci_number', ['CI 77891']]]],
  [
    'Titanium Dioxide (C.I. 77891)',
    [
      ['label_ci_number', ['TITANIUM DIOXIDE (CI 77891)']],
      ['label_without_parentheses', ['TITANIUM DIOXIDE']],
      ['label_parenthesised', ['CI 77891']],
    ],
  ],
  ['GLYCERIN', []],
] as const)('%p → %p', (name, expected) => {
  expect(spellings(name)).toEqual(expected as never)
})

test.each([
  ['CI77891', 'CI 77891'],
  ['C.I. 77891', 'CI 77891'],
  ['C.I.77891', 'CI 77891'],
  ['CI-77891', 'CI 77891'],
  ['CI 77891', 'CI 77891'],
  ['CICLOPIROX', 'CICLOPIROX'],
])('colour index %p → %p', (key, expected) => {
  expect(ciNumberKey(key)).toBe(expected)
})
