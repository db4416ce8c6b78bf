/**
 * Short opaque cursors: a position in a precomputed order plus the id of the data build that
 * issued it, e.g. "k3x9a1.1.2.4711". A cursor never embeds a name, so any page can be
 * followed to the end; one from another build is refused (the order may have changed).
 */
import { ProblemError } from '../errors.ts'

/** Encodes the build id and whole numbers (each ≥ 0) into a cursor. */
export function encodeCursor(buildId: string, parts: readonly number[]): string {
  return [buildId, ...parts.map((p) => p.toString(36))].join('.')
}

/**
 * Decodes a cursor made by `encodeCursor` for `buildId` with `count` numbers.
 * @throws ProblemError invalid_cursor (400) for anything else, naming another build plainly.
 */
export function decodeCursor(cursor: string, buildId: string, count: number): number[] {
  const [build, ...parts] = cursor.split('.')
  if (build !== buildId && parts.length === count) {
    throw new ProblemError('invalid_cursor', 'The cursor belongs to an earlier data build; start again without a cursor.')
  }
  const numbers = parts.map((p) => (/^[0-9a-z]{1,11}$/.test(p) ? parseInt(p, 36) : Number.NaN))
  if (build !== buildId || numbers.length !== count || !numbers.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new ProblemError('invalid_cursor', 'The cursor is not one this API returned; start again without a cursor.')
  }
  return numbers
}
