/**
 * The edge as the release binary runs it. Elysia compiles the request path from the
 * hooks' source text and awaits any hook whose text looks asynchronous (`return f(`,
 * `=> f(`, "async"/"await"); minification can turn a harmless `if (x) return` into such
 * text. An awaited hook costs every request a promise, so this builds src/app.ts exactly
 * as scripts/build.ts minifies it and checks the compiled request path.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MINIFY_FLAGS } from '../../scripts/build-flags.ts'
import type { createApp as CreateApp } from '../../src/app.ts'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService } from '../../src/ingredients/service.ts'
import { createLogger } from '../../src/logger.ts'
import { MemoryStore } from '../../src/security/memory-store.ts'
import type { Hit, RateLimitStore } from '../../src/security/rate-limit-store.ts'
import { ROOT, sampleDb } from '../helpers/sample-db.ts'

let dir: string
let createApp: typeof CreateApp
let dbPath: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kbeauty-edge-shape-'))
  const built = Bun.spawnSync(['bun', 'build', '--target=bun', ...MINIFY_FLAGS, join(ROOT, 'src/app.ts'), '--outdir', dir], {
    stderr: 'pipe',
  })
  if (built.exitCode !== 0) throw new Error(`bun build src/app.ts failed: ${built.stderr.toString()}`)
  createApp = ((await import(join(dir, 'app.js'))) as { createApp: typeof CreateApp }).createApp
  dbPath = await sampleDb()
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The compiled request handler of a release-built app over `store`. */
function compiledRequestPath(store: RateLimitStore): string {
  const app = createApp({
    config: { appEnv: 'prod', proxySecrets: ['edge-shape-secret-0123456789'], trustedProxies: [], docs: 'protected' },
    service: createIngredientService(openDatabase({ kind: 'file', path: dbPath })),
    logger: createLogger({ logLevel: 'silent' }, { write() {} }),
    rateLimitStore: store,
  })
  app.compile()
  return app.fetch.toString()
}

describe('edge in the release build', () => {
  test('with the memory store no edge hook is awaited: the request path is synchronous up to the route', () => {
    const source = compiledRequestPath(new MemoryStore())
    expect(source).toContain('onRequest[0](c)')
    expect(source).not.toContain('await')
    expect(source.startsWith('async')).toBe(false)
  })

  test('with a remote store only the rate-limit hook is awaited', () => {
    const remote: RateLimitStore = {
      synchronous: false,
      hit: async (): Promise<Hit> => ({ count: 1, resetMs: 60_000 }),
      close() {},
    }
    const awaited = compiledRequestPath(remote).match(/await onRequest\[\d+\]/g) ?? []
    expect(awaited).toHaveLength(1)
  })
})
