/**
 * Regression: label texts that made the parser's patterns backtrack over long runs — a run
 * of 4,000 newlines took 40 s (60,000 would take hours), 60,000 blanks before a colon 2.4 s,
 * 16,000 ". *a" footnote-like parts 1.4 s, 65,000 "(" 0.7 s. Each input is within the
 * 65,536-byte body limit; each must now get its answer (no timing asserted here: the test
 * timeout is the guard, bench/ measures speed).
 */
import { expect, test } from 'bun:test'
import { type LabelError, parseLabel } from '../../src/analysis/label-parser.ts'

const outcome = (text: string) => {
  try {
    return parseLabel(text).products.map((p) => p.items.map((i) => i.name))
  } catch (err) {
    return (err as LabelError).reason
  }
}

test.each([
  ['60,000 newlines between two names', `Water${'\n'.repeat(60_000)}Glycerin`, [['Water', 'Glycerin']]],
  ['60,000 blank lines with spaces', `Water${'\n  '.repeat(20_000)}\nGlycerin`, [['Water', 'Glycerin']]],
  ['60,000 blanks before a heading-like colon', `Water${' '.repeat(60_000)}Glycerin`, [['Water Glycerin']]],
  ['16,000 footnote-like parts and a comma', `Water${'. *a'.repeat(16_000)},`, 'item_too_long'],
  ['65,000 unmatched opening brackets', '('.repeat(65_000), 'item_too_long'],
  ['30,000 "(a"', '(a'.repeat(30_000), 'item_too_long'],
  ['65,000 commas', ','.repeat(65_000), 'empty'],
] as const)('%s', (_, text, expected) => {
  expect(outcome(text)).toEqual(expected as never)
})
