/** An app over a database file with capturing logger and injectable store/clock. */
import { type Analyzer, analyzerFor } from '../../src/analysis/analyze.ts'
import { type AppDeps, createApp } from '../../src/app.ts'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService, type IngredientService } from '../../src/ingredients/service.ts'
import { createLogger } from '../../src/logger.ts'
import { MemoryStore } from '../../src/security/memory-store.ts'

export const SECRET = 'test-proxy-secret-0123456789'
export const ROTATED = 'rotated-proxy-secret-abcdefghij'

export type TestApp = {
  app: ReturnType<typeof createApp>
  lines: string[]
  service: IngredientService
  /** The analyzer behind the analysis routes. */
  analyzer: Analyzer
  /** GET (or other) through app.handle with the right secret and a plan unless overridden. */
  call: (path: string, headers?: Record<string, string | null>, init?: RequestInit) => Promise<Response>
}

export function makeApp(dbPath: string, over: Omit<Partial<AppDeps>, 'config'> & { config?: Partial<AppDeps['config']> } = {}): TestApp {
  const lines: string[] = []
  const logger = createLogger({ logLevel: 'info' }, { write: (l: string) => void lines.push(l) })
  const db = openDatabase({ kind: 'file', path: dbPath })
  const service = over.service ?? createIngredientService(db)
  const analyzer = over.analyzer ?? analyzerFor(db, service)
  const app = createApp({
    service,
    analyzer,
    logger,
    rateLimitStore: over.rateLimitStore ?? new MemoryStore(),
    onInternalError: over.onInternalError,
    version: '9.9.9-test',
    config: { appEnv: 'prod', proxySecrets: [SECRET, ROTATED], trustedProxies: [], docs: 'protected', ...over.config },
  })
  const call = (path: string, headers: Record<string, string | null> = {}, init: RequestInit = {}) => {
    const h = new Headers(init.headers)
    const merged: Record<string, string | null> = { 'x-rapidapi-proxy-secret': SECRET, 'x-rapidapi-subscription': 'MEGA', ...headers }
    for (const [k, v] of Object.entries(merged)) if (v !== null) h.set(k, v)
    return app.handle(new Request(`http://localhost${path}`, { ...init, headers: h }))
  }
  return { app, lines, service, analyzer, call }
}

/** Response headers as a plain object (lower-case names). */
export function headersOf(res: Response): Record<string, string> {
  return Object.fromEntries(res.headers.entries())
}
