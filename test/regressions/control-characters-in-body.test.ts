/**
 * Regression (hostile-traffic suite): POST /v1/analyze {"text":"glyc\u202eerin"} answered
 * 200, echoed the right-to-left override in items[].text and fuzzy-matched it;
 * {"text":"\ud800water"} echoed a lone surrogate and matched WATER (0.83). Body texts are now
 * refused as the input guard refuses query strings: 400 invalid_body naming the field.
 */
import { beforeAll, expect, test } from 'bun:test'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await sampleDb())
})

const MESSAGE = 'must not contain control characters, bidirectional overrides, U+FFFD or lone surrogates'
const NAME_MESSAGE = 'must not contain control characters (tab and newline included), bidirectional overrides, U+FFFD or lone surrogates'

test.each([
  ['right-to-left override in text', '/v1/analyze', { text: 'glyc\u202eerin' }, 'text', MESSAGE],
  ['lone high surrogate in text', '/v1/analyze', { text: '\ud800water' }, 'text', MESSAGE],
  ['lone low surrogate in text', '/v1/analyze', { text: 'water\udc00' }, 'text', MESSAGE],
  ['NUL in text', '/v1/analyze', { text: 'Water\u0000Glycerin' }, 'text', MESSAGE],
  ['C1 control (NEL) in text', '/v1/analyze', { text: 'Water\u0085Glycerin' }, 'text', MESSAGE],
  ['U+FFFD (bytes that were not UTF-8) in text', '/v1/analyze', { text: 'Gly\ufffdcerin' }, 'text', MESSAGE],
  ['isolate in an ingredient', '/v1/analyze', { ingredients: ['Water', 'Glyc\u2066erin'] }, 'ingredients.1', NAME_MESSAGE],
  ['newline inside one ingredient', '/v1/analyze', { ingredients: [{ name: 'Water\nGlycerin' }] }, 'ingredients.0.name', NAME_MESSAGE],
  ['override in a looked-up name', '/v1/ingredients/lookup', { names: ['Glycerin', 'Glyc\u202derin'] }, 'names.1', NAME_MESSAGE],
  ['lone surrogate in a looked-up name', '/v1/ingredients/lookup', { names: ['\udfffwater'] }, 'names.0', NAME_MESSAGE],
] as const)('%s → 400 naming the field', async (_, path, body, parameter, message) => {
  const res = await t.call(path, { 'content-type': 'application/json' }, { method: 'POST', body: JSON.stringify(body) })
  expect(res.status).toBe(400)
  const problem = (await res.json()) as { code: string; errors: { parameter: string; message: string }[] }
  expect(problem.code).toBe('invalid_body')
  expect(problem.errors.find((e) => e.parameter === parameter)?.message).toBe(message)
})

test('tab, newline and surrogate pairs (emoji, rare Hanja) are text', async () => {
  const res = await t.call(
    '/v1/analyze',
    { 'content-type': 'application/json' },
    { method: 'POST', body: JSON.stringify({ text: 'Water,\tGlycerin\r\nNiacinamide 🌿' }) },
  )
  expect(res.status).toBe(200)
})
