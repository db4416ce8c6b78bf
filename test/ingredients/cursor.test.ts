/** Cursors (src/ingredients/cursor.ts): short, opaque, valid for one data build. */
import { expect, test } from 'bun:test'
import { ProblemError } from '../../src/errors.ts'
import { decodeCursor, encodeCursor } from '../../src/ingredients/cursor.ts'

test('round trip, short, no name inside', () => {
  const c = encodeCursor('k3x9a1', [1, 3, 70_123])
  expect(c).toBe('k3x9a1.1.3.1i3v')
  expect(c.length).toBeLessThan(24)
  expect(decodeCursor(c, 'k3x9a1', 3)).toEqual([1, 3, 70_123])
})

const problem = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return e instanceof ProblemError ? [e.code, e.detail] : ['other', String(e)]
  }
  return null
}

test('a cursor of another data build is refused, and says so', () => {
  expect(problem(() => decodeCursor('old1.1.3.abc', 'k3x9a1', 3))).toEqual([
    'invalid_cursor',
    'The cursor belongs to an earlier data build; start again without a cursor.',
  ])
})

test.each(['k3x9a1', 'k3x9a1.1.2', 'k3x9a1.1.2.3.4', 'k3x9a1.1.-2.3', 'k3x9a1.1.Z.3', 'k3x9a1.1.2.zzzzzzzzzzzz', ''])(
  'malformed %p is refused',
  (c) => {
    expect(problem(() => decodeCursor(c, 'k3x9a1', 3))?.[0]).toBe('invalid_cursor')
  },
)
