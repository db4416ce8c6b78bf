/**
 * Regressions found while reading the Chinese tables (issue #13), each named by its input.
 */
import { expect, test } from 'bun:test'
import { COSING_2026_ID_OFFSET } from '../../src/db/cn-schema.ts'
import { MFDS_ID_OFFSET, SUBSTANCE_ID_OFFSET } from '../../src/db/schema.ts'
import { parseMax } from '../../src/importer/cn-conditions.ts'
import { remarkDates } from '../../src/importer/cn-stsc.ts'

test('remark of prohibited entry 1291: "…等18项标准制修订项目…，自2027年1月1日起实施" is a start date, not a revision', () => {
  // The announcement's title contains 修订 ("formulation and revision projects"); read as a
  // revision, entries 1291–1297 lost their start date and were prohibited at once.
  const remark =
    '2026.1.12日，国家药监局关于将《眼部化妆品、口唇化妆品和儿童化妆品中菌落总数限值》等18项标准制修订项目纳入化妆品安全技术规范(2015年版)的公告(2026年第6号)，对该物质列入化妆品禁用组分-序号1291,自2027年1月1日起实施'
  expect(remarkDates(remark)).toEqual({ from: '2027-01-01', revisedFrom: null, announcement: '2026年第6号', movedTo: ['1291'] })
  expect(remarkDates('国家药监局2026年第6号公告，修订了该原料标准，自2028年1月1日起实施。')).toMatchObject({
    from: null,
    revisedFrom: '2028-01-01',
  })
})

test('maximum "(b)\\n1. 2%（以重量计） (4)" is 2 %, not 1.2 % (item number, then the figure)', () => {
  expect(parseMax('1. 2%（以重量计） (4)')).toEqual({ percent: 2, basis: '重量', total: false, parsed: true })
})

test('a bare "0.01" of the converted sheets is 1 % (phenoxyethanol), "1.5e-05" is 0.0015 %', () => {
  expect(parseMax('0.01').percent).toBe(1)
  expect(parseMax('1.5e-05').percent).toBe(0.0015)
})

test('ids of CosIng-2026-only ingredients stay below the regulated-substance ids (2,000,001 was read as a substance)', () => {
  expect(COSING_2026_ID_OFFSET).toBeGreaterThan(MFDS_ID_OFFSET + 100_000)
  expect(COSING_2026_ID_OFFSET + 100_000).toBeLessThan(SUBSTANCE_ID_OFFSET)
})
