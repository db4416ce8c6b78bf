/** Korean orthographic variants (src/ingredients/korean-variants.ts). */
import { expect, test } from 'bun:test'
import { koreanVariants, MAX_VARIANTS } from '../../src/ingredients/korean-variants.ts'

test.each([
  ['메칠파라벤', '메틸파라벤'],
  ['에칠헥실글리세린', '에틸헥실글리세린'],
  ['디메치콘', '다이메치콘'],
  ['히드로퀴논', '하이드로퀴논'],
  ['사이클로펜타실록산', '사이클로펜타실록세인'],
  ['소듐치오설페이트', '소듐티오설페이트'],
  ['하이알루론산', '히알루론산'],
  ['메틸파라벤', '메칠파라벤'],
])('%p has the variant %p', (key, variant) => {
  expect(koreanVariants(key)).toContain(variant)
})

test('pairs combine: 메칠 and 에칠 in one name', () => {
  expect(koreanVariants('메칠에칠케톤')).toContain('메틸에틸케톤')
})

test('spacing: the key without spaces comes first', () => {
  expect(koreanVariants('메칠 파라벤')[0]).toBe('메칠파라벤')
})

test('bounded, never the key itself, nothing for English', () => {
  const many = koreanVariants('메칠에칠부칠디히드로치오니트로에텔에스텔메칠')
  expect(many.length).toBeLessThanOrEqual(MAX_VARIANTS)
  expect(many).not.toContain('메칠에칠부칠디히드로치오니트로에텔에스텔메칠')
  expect(koreanVariants('METHYLPARABEN')).toEqual([])
})
