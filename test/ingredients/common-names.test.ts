/** The curated common-name table (src/ingredients/common-names.ts): shape of every row. */
import { expect, test } from 'bun:test'
import { COMMON_NAMES } from '../../src/ingredients/common-names.ts'
import { normaliseName } from '../../src/ingredients/identifiers.ts'

test('at least 150 rows, each with INCI names and a reason of its own', () => {
  expect(COMMON_NAMES.length).toBeGreaterThanOrEqual(150)
  for (const row of COMMON_NAMES) {
    expect(row.inci.length).toBeGreaterThan(0)
    expect(row.reason.length).toBeGreaterThan(10)
    expect(normaliseName(row.reason)).not.toBe(normaliseName(row.name))
    for (const inci of row.inci) expect(inci).toBe(inci.toUpperCase())
  }
})

test('one row per name (names compared as keys)', () => {
  const keys = COMMON_NAMES.map((r) => normaliseName(r.name))
  expect(new Set(keys).size).toBe(keys.length)
})
