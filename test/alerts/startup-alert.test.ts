/**
 * What a start announces (issue #12, point 7): deployed, restarted, or restarted after an
 * unclean exit naming when the previous run started; nothing while another instance runs;
 * a deploy announced once per fleet through Redis, unclean restarts by every host.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RecordStartOptions, recordStart } from '../../src/alerts/startup-alert.ts'
import { REDIS_SERVER, type RedisProcess, startRedis } from '../helpers/redis.ts'

const T0 = new Date('2026-12-01T10:00:00.000Z')
const T1 = new Date('2026-12-01T11:00:00.000Z')
const dead = () => false

function dir() {
  return mkdtempSync(join(tmpdir(), 'kbeauty-start-'))
}

const start = (o: Partial<RecordStartOptions> & { stateDir: string }) =>
  recordStart({ deployId: 'd1', startedAt: T0, pid: 100, host: 'h1', isAlive: dead, ...o })

test('first start: deployed; clean stop then start: restarted; a new build: deployed', async () => {
  const stateDir = dir()
  const a = await start({ stateDir })
  expect(a.event).toBe('deployed d1')
  expect(existsSync(join(stateDir, 'running.lock'))).toBe(true)
  await a.release()
  expect(existsSync(join(stateDir, 'running.lock'))).toBe(false)
  const b = await start({ stateDir, pid: 101, startedAt: T1 })
  expect(b.event).toBe('restarted')
  await b.release()
  expect((await start({ stateDir, pid: 102, deployId: 'd2' })).event).toBe('deployed d2')
})

test('a run that never released (crash, SIGKILL, power loss): the next start says so and when the previous run started', async () => {
  const stateDir = dir()
  await start({ stateDir }) // no release()
  const b = await start({ stateDir, pid: 101, startedAt: T1 })
  expect(b.event).toBe(`restarted after an unclean exit; previous run started at ${T0.toISOString()}`)
  await b.release()
  expect((await start({ stateDir, pid: 102 })).event).toBe('restarted')
})

test('an unclean exit followed by a new build says both', async () => {
  const stateDir = dir()
  await start({ stateDir })
  expect((await start({ stateDir, pid: 101, deployId: 'd2' })).event).toBe(
    `restarted after an unclean exit; previous run started at ${T0.toISOString()} (now deployed d2)`,
  )
})

test('the lock of a live instance on this host: this start announces nothing and leaves the lock alone', async () => {
  const stateDir = dir()
  await start({ stateDir })
  const b = await start({ stateDir, pid: 101, isAlive: (pid) => pid === 100 })
  expect(b.event).toBeNull()
  // the live one still owns it: its clean stop is recorded as such
  const c = await start({ stateDir, pid: 102, isAlive: () => false })
  expect(c.event).toStartWith('restarted after an unclean exit')
})

test('pid 1 again (a restarted container): its own old lock is an unclean exit, not a live instance', async () => {
  const stateDir = dir()
  await start({ stateDir, pid: 1 })
  expect((await start({ stateDir, pid: 1, isAlive: () => true })).event).toStartWith('restarted after an unclean exit')
})

test('without a state directory every start is announced as started', async () => {
  expect((await recordStart({ deployId: 'd1', startedAt: T0 })).event).toBe('started')
})

describe.skipIf(!REDIS_SERVER)('a fleet sharing Redis', () => {
  let redis: RedisProcess
  afterAll(async () => redis?.stop())

  test('a new deploy on three hosts: announced once; an unclean restart on one host: announced', async () => {
    redis = await startRedis()
    const deployId = `fleet-${crypto.randomUUID()}`
    const hosts = await Promise.all(['h1', 'h2', 'h3'].map((host) => start({ stateDir: dir(), host, deployId, redisUrl: redis.url })))
    expect(hosts.map((h) => h.event).sort()).toEqual([`deployed ${deployId}`, null, null])
    const h2dir = dir()
    await start({ stateDir: h2dir, host: 'h2', deployId, redisUrl: redis.url }) // crashes
    expect((await start({ stateDir: h2dir, host: 'h2', pid: 101, deployId, redisUrl: redis.url })).event).toStartWith(
      'restarted after an unclean exit',
    )
  })
})
