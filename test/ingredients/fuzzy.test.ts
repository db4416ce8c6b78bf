/** Typo matching (src/ingredients/fuzzy.ts). */
import { expect, test } from 'bun:test'
import { editDistance, fuzzyMatches, fuzzyWindows, maxEdits } from '../../src/ingredients/fuzzy.ts'

test.each([
  ['NIACINAMID', 'NIACINAMIDE', 1],
  ['GLYCERNI', 'GLYCERIN', 1],
  ['TOCOPHEROL', 'TOCOPHEROL', 0],
  ['PANTHENL', 'PANTHENOL', 1],
  ['ABC', 'XYZ', 3],
])('distance %p → %p = %p', (a, b, d) => {
  expect(editDistance(a, b, 5)).toBe(d)
})

test('distance stops early beyond the limit', () => {
  expect(editDistance('SODIUM HYALURONATE', 'HYDROXYETHYLCELLULOSE', 2)).toBe(3)
})

test('edits allowed grow with the length', () => {
  expect([4, 5, 8, 9, 30].map(maxEdits)).toEqual([0, 1, 1, 2, 2])
})

test('windows: start, middle, end', () => {
  expect(fuzzyWindows('NIACINAMID')).toEqual(['NIAC', 'CINA', 'AMID'])
  expect(fuzzyWindows('ABCD')).toEqual([])
})

test('nearest owners first, with confidence; two at the same distance are both kept', () => {
  const hits = fuzzyMatches('SODIUM HYALURONAT', [
    { ownerId: 1, name: 'SODIUM HYALURONATE', key: 'SODIUM HYALURONATE' },
    { ownerId: 2, name: 'SODIUM HYALURONATE CROSSPOLYMER', key: 'SODIUM HYALURONATE CROSSPOLYMER' },
    { ownerId: 3, name: 'POTASSIUM HYALURONATE', key: 'POTASSIUM HYALURONATE' },
  ])
  expect(hits.map((h) => [h.ownerId, h.distance, h.confidence])).toEqual([[1, 1, 0.94]])
  expect(
    fuzzyMatches('ABCDEFG', [
      { ownerId: 1, name: 'ABCDEFX', key: 'ABCDEFX' },
      { ownerId: 2, name: 'ABCDEFY', key: 'ABCDEFY' },
    ]).map((h) => h.ownerId),
  ).toEqual([1, 2])
})
