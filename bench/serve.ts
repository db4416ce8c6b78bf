/**
 * A benchmark server: the real app (`on`: every edge layer, request log to /dev/null) or
 * the same routes and service with no edge (`off`). Prints the port on stdout.
 *   bun bench/serve.ts on|off DB_FILE
 */
import { Elysia } from 'elysia'
import { createApp } from '../src/app.ts'
import { openDatabase } from '../src/db/open.ts'
import { errorHandler } from '../src/errors.ts'
import { ingredientRoutes } from '../src/ingredients/routes.ts'
import { createIngredientService } from '../src/ingredients/service.ts'
import { createLogger, safeDestination } from '../src/logger.ts'
import { MemoryStore } from '../src/security/memory-store.ts'

import { BENCH_SECRET } from './constants.ts'
const [mode, dbFile] = process.argv.slice(2)
if ((mode !== 'on' && mode !== 'off') || !dbFile) throw new Error('usage: bun bench/serve.ts on|off DB_FILE')
const service = createIngredientService(openDatabase({ kind: 'file', path: dbFile }))
const app =
  mode === 'on'
    ? createApp({
        config: { appEnv: 'prod', proxySecrets: [BENCH_SECRET], trustedProxies: [], docs: 'protected' },
        service,
        logger: createLogger({ logLevel: 'info' }, safeDestination({ file: '/dev/null' })),
        rateLimitStore: new MemoryStore(),
      })
    : new Elysia().use(errorHandler()).use(ingredientRoutes(service))
app.listen({ port: 0, hostname: '127.0.0.1' })
console.log(app.server!.port)
