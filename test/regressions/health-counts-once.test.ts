/**
 * Regression (issue #9): every GET /health counted all ingredient rows (≈1.3 ms on the
 * official data); /health needs no secret and has no rate limit, so a flood of it raised
 * everyone's latency. The count is now taken once; each call runs one constant-time query.
 */
import { beforeAll, expect, test } from 'bun:test'
import { openDatabase } from '../../src/db/open.ts'
import { createIngredientService } from '../../src/ingredients/service.ts'
import { makeApp } from '../helpers/app.ts'
import { sampleDb } from '../helpers/sample-db.ts'

let db: string
beforeAll(async () => {
  db = await sampleDb()
})

test('100 health checks count the rows once and probe the database each time', async () => {
  const service = createIngredientService(openDatabase({ kind: 'file', path: db }))
  const counted = service.ping()
  let counts = 0
  let probes = 0
  const ping = service.ping.bind(service)
  const probe = service.probe.bind(service)
  service.ping = () => {
    counts++
    return ping()
  }
  service.probe = () => {
    probes++
    probe()
  }
  const t = makeApp(db, { service })
  for (let i = 0; i < 100; i++) {
    const res = await t.call('/health', { 'x-rapidapi-proxy-secret': null })
    expect(await res.json()).toMatchObject({ status: 'ok', ingredients: counted })
  }
  expect({ counts, probes }).toEqual({ counts: 1, probes: 100 })
})
