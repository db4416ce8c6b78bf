/**
 * Regression: a 60 KB body of 30,000 nested brackets took 14.7 s to refuse (Elysia's
 * ValidationError pretty-printed the rejected value; then a JSON.stringify of it took
 * 0.7 s). The analysis routes validate with zod themselves and size-check only validated
 * input: the same bodies are refused with 400 in milliseconds.
 */
import { beforeAll, expect, test } from 'bun:test'
import { makeApp, type TestApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let t: TestApp
beforeAll(async () => {
  t = makeApp(await sampleDb())
})

const DEEP = 30_000

test.each([
  ['POST /v1/analyze, nested top level', '/v1/analyze', '['.repeat(DEEP) + ']'.repeat(DEEP), 'body'],
  ['POST /v1/analyze, nested in text', '/v1/analyze', `{"text":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`, 'text'],
  ['POST /v1/analyze, nested in ingredients', '/v1/analyze', `{"ingredients":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`, 'ingredients.0'],
  ['POST /v1/ingredients/lookup, nested in names', '/v1/ingredients/lookup', `{"names":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`, 'names.0'],
])('%s → 400 invalid_body naming the parameter', async (_, path, body, parameter) => {
  const res = await t.call(path, { 'content-type': 'application/json' }, { method: 'POST', body })
  expect(res.status).toBe(400)
  const problem = (await res.json()) as { code: string; errors: { parameter: string }[] }
  expect(problem.code).toBe('invalid_body')
  expect(problem.errors[0]!.parameter).toBe(parameter)
})
