/** Status rules (src/ingredients/status.ts), shared by the importer and the service. */
import { expect, test } from 'bun:test'
import { euStatus, krStatus } from '../../src/ingredients/status.ts'

test.each([
  [[], true, 'not_listed'],
  [[], false, 'not_in_cosing'],
  [['V'], true, 'allowed_with_conditions'],
  [['III', 'V'], true, 'restricted'],
  [['II', 'III'], true, 'prohibited'],
  [['IV', 'VI'], false, 'allowed_with_conditions'],
] as const)('EU annexes %p (in CosIng: %p) → %p', (annexes, inCosing, status) => {
  expect(
    euStatus(
      annexes.map((annex) => ({ annex })),
      inCosing,
    ),
  ).toBe(status)
})

test.each([
  [[], 'not_listed'],
  [['prohibited'], 'prohibited'],
  [['restricted'], 'restricted'],
  [['prohibited', 'restricted'], 'restricted'],
] as const)('Korean rows %p → %p', (rows, status) => {
  expect(krStatus(rows.map((s) => ({ status: s })))).toBe(status)
})
