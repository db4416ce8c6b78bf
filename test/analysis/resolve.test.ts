/**
 * The analysis adapter over the name resolver (src/analysis/resolve.ts): which of the name
 * and its printed alternatives decides, the subject the markets see, and the cache. The
 * resolver here is a table of answers (typed as the real one), so each rule is isolated.
 */
import { expect, test } from 'bun:test'
import { labelResolver } from '../../src/analysis/resolve.ts'
import { KR_RULE_KEY_OFFSET } from '../../src/db/schema.ts'
import type { ResolutionValue, TargetRecord } from '../../src/ingredients/model.ts'

const ingredient = (id: number) => ({ kind: 'ingredient', id, inci_name: `I${id}` }) as unknown as TargetRecord
const substance = (id: number) => ({ kind: 'regulated_substance', id, name: `S${id}`, cas_numbers: [] }) as unknown as TargetRecord

function answer(match: ResolutionValue['match'], targets: TargetRecord[], single = targets.length === 1): ResolutionValue {
  return {
    query: '',
    match,
    rule: match,
    confidence: match === 'none' ? 0 : 0.9,
    matched_name: 'm',
    note: null,
    target: single ? targets[0]! : null,
    targets,
    candidates: [],
  }
}

function fake(table: Record<string, ResolutionValue>, covers: Record<number, number[]> = {}, cnRows: Record<number, number[]> = {}) {
  const calls: string[] = []
  const resolver = {
    resolve(name: string, opts: { fuzzy?: boolean } = {}) {
      calls.push(`${name}${opts.fuzzy === false ? '' : '~'}`)
      const a = table[name] ?? answer('none', [])
      return opts.fuzzy === false && a.match === 'fuzzy' ? answer('none', []) : a
    },
    records: { covers: (id: number) => new Set(covers[id] ?? []), cnRows: (id: number) => cnRows[id] ?? [] },
  }
  return { resolver: labelResolver(resolver as never), calls }
}

test.each([
  [
    'the name matches: alternatives are not tried',
    { Water: answer('exact', [ingredient(1)]), Aqua: answer('exact', [ingredient(2)]) },
    'exact',
    1,
  ],
  ['nothing for the name: an alternative decides', { Aqua: answer('exact', [ingredient(2)]) }, 'alternative', 2],
  [
    'a fuzzy guess loses to an exact alternative',
    { Water: answer('fuzzy', [ingredient(1)]), Aqua: answer('exact', [ingredient(2)]) },
    'alternative',
    2,
  ],
  [
    'several records: an alternative naming one decides',
    { Water: answer('common_name', [ingredient(1), ingredient(3)]), Aqua: answer('exact', [ingredient(2)]) },
    'alternative',
    2,
  ],
  [
    'several records and no better alternative: kept ambiguous',
    { Water: answer('common_name', [ingredient(1), ingredient(3)]) },
    'common_name',
    null,
  ],
  ['only a fuzzy guess anywhere: the guess', { Water: answer('fuzzy', [ingredient(1)]) }, 'fuzzy', 1],
  ['nothing anywhere: none', {}, 'none', null],
] as const)('%s', (_, table, kind, id) => {
  const r = fake(table as Record<string, ResolutionValue>).resolver.resolve('Water', ['Aqua'])
  expect([r.kind, r.target?.id ?? null]).toEqual([kind, id])
  if (kind === 'alternative') expect(r.rule).toBe('alternative printed with the name: exact')
})

test('the subject carries every ingredient and the rule keys of every regulated substance, its STSC rows included', () => {
  const { resolver } = fake(
    { X: answer('synonym', [ingredient(7), substance(2_000_001)], false) },
    { 2000001: [300_098, KR_RULE_KEY_OFFSET + 105] },
    { 2000001: [1_000_888] },
  )
  expect(resolver.resolve('X').subject).toEqual({ ingredientIds: [7], ruleKeys: [300_098, KR_RULE_KEY_OFFSET + 105, 1_000_888] })
  expect(resolver.resolve('nothing').subject).toBeNull()
})

test('a name and its alternatives are resolved once, then served from the cache', () => {
  const { resolver, calls } = fake({ Aqua: answer('exact', [ingredient(2)]) })
  const a = resolver.resolve('Water', ['Aqua'])
  const b = resolver.resolve('Water', ['Aqua'])
  expect(b).toBe(a)
  expect(calls).toEqual(['Water~', 'Aqua'])
  resolver.resolve('Water')
  expect(calls).toEqual(['Water~', 'Aqua', 'Water~'])
})
