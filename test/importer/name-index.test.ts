/** Adding another source's names in one call (src/importer/name-index.ts). */
import { expect, test } from 'bun:test'
import { addNames } from '../../src/importer/name-index.ts'
import { catalogueOf } from '../helpers/kr-catalogue.ts'

test('names are keyed, stored once, and a synonym never shadows another ingredient’s primary name', () => {
  const catalogue = catalogueOf([
    { id: 1, inci: 'PARFUM', korean: '향료' },
    { id: 2, inci: 'AROMA' },
  ])
  const result = addNames(catalogue, [
    { ingredientId: 1, name: '香精', lang: 'zh', kind: 'cn_name', source: 'cn_iecic' },
    { ingredientId: 1, name: ' 香精 ', lang: 'zh', kind: 'cn_name', source: 'cn_iecic' },
    { ingredientId: 2, name: 'Parfum', lang: 'en', kind: 'cn_inci', source: 'cn_iecic' },
  ])
  expect(result).toEqual({ stored: 1, shadowed: 1 })
  expect(catalogue.names.filter((n) => n.lang === 'zh') as unknown[]).toEqual([
    { ingredientId: 1, name: '香精', key: '香精', lang: 'zh', kind: 'cn_name', source: 'cn_iecic' },
  ])
  expect(catalogue.shadowedSynonyms.map((s) => [s.ingredientId, s.key, s.primaryOf])).toEqual([[2, 'PARFUM', [1]]])
})

test('a name for an unknown ingredient is an error naming it', () => {
  expect(() =>
    addNames(catalogueOf([{ id: 1, inci: 'WATER' }]), [{ ingredientId: 9, name: '水', lang: 'zh', kind: 'cn_name', source: 'cn_iecic' }]),
  ).toThrow('addNames: no ingredient 9 for "水"')
})
