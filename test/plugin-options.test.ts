/** Plugins outside the edge: bad options throw ConfigError when the app is built; a second use with other options is not dropped. */
import { expect, test } from 'bun:test'
import { Elysia } from 'elysia'
import { ConfigError } from '../src/config-error.ts'
import { docs } from '../src/docs.ts'
import { errorHandler } from '../src/error-handler.ts'
import { health } from '../src/health.ts'
import { ingredientRoutes } from '../src/ingredients/routes.ts'
import { requestLog } from '../src/logger.ts'
import { pluginSeed } from '../src/plugin-seed.ts'

test.each([
  [
    'health without version',
    () => health({ version: '', records: 1, probe: () => {} }),
    'health: option version must be a non-empty string',
  ],
  ['health probe not a function', () => health({ version: '1', records: 1, probe: 1 as never }), 'health: option probe must be a function'],
  ['docs mode unknown', () => docs({ mode: 'open' as never, version: '1' }), 'docs: option mode must be one of off, protected, public'],
  [
    'errorHandler onProblem not a function',
    () => errorHandler({ onProblem: 'log' as never }),
    'errorHandler: option onProblem must be a function',
  ],
  [
    'ingredientRoutes without a service',
    () => ingredientRoutes({} as never),
    'ingredientRoutes: option service must be an ingredient service (createIngredientService)',
  ],
  ['requestLog without a function', () => requestLog(undefined as never), 'requestLog: option log must be a function'],
])('%s → ConfigError naming the option', (_label, build, message) => {
  expect(build).toThrow(ConfigError)
  expect(build).toThrow(message)
})

test('docs used twice with other options: the second applies (seed), the same twice is one plugin', async () => {
  const app = new Elysia().use(docs({ mode: 'off', version: '1' })).use(docs({ mode: 'protected', version: '1' }))
  expect((await app.handle(new Request('http://localhost/docs/json'))).status).toBe(200)
  expect(pluginSeed('a', Math.max)).toBe(pluginSeed('a', Math.max))
  expect(pluginSeed('a', Math.max)).not.toBe(pluginSeed('a', Math.min))
})
