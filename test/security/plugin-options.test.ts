/** Edge plugins: bad options throw ConfigError when the app is built; options are part of each plugin's seed. */
import { expect, test } from 'bun:test'
import { Elysia } from 'elysia'
import { ConfigError } from '../../src/config.ts'
import { errorHandler } from '../../src/error-handler.ts'
import { bodyLimit } from '../../src/security/body-limit.ts'
import { inputGuard } from '../../src/security/input-guard.ts'
import { proxySecret } from '../../src/security/proxy-secret.ts'
import { requestTarget } from '../../src/security/request-target.ts'

test.each([
  ['inputGuard maxQueryBytes 0', () => inputGuard({ maxQueryBytes: 0 }), 'inputGuard: maxQueryBytes must be a positive integer'],
  ['inputGuard maxBodyBytes 1.5', () => inputGuard({ maxBodyBytes: 1.5 }), 'inputGuard: maxBodyBytes must be a positive integer'],
  ['bodyLimit maxBytes -1', () => bodyLimit({ maxBytes: -1 }), 'bodyLimit: maxBytes must be a positive integer'],
  [
    'proxySecret without secrets',
    () => proxySecret({ secrets: [] }),
    'proxySecret: `secrets` is empty; refusing to run without a proxy secret',
  ],
])('%s → ConfigError naming the option', (_label, build, message) => {
  expect(build).toThrow(ConfigError)
  expect(build).toThrow(message)
})

test('a second input guard with other limits is applied, not silently dropped (seed)', async () => {
  const app = new Elysia()
    .use(requestTarget())
    .use(errorHandler())
    .use(inputGuard())
    .use(inputGuard({ maxQueryBytes: 8 }))
    .get('/x', () => 'ok')
  const res = await app.handle(new Request('http://localhost/x?q=0123456789'))
  expect(res.status).toBe(413)
  expect(((await res.json()) as { code: string }).code).toBe('query_too_long')
})
