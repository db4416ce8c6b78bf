/**
 * Startup alert "exactly once per deploy": in-process races, real separate processes
 * released at the same instant, stale-claim takeover, restarts, new deploys, and the
 * Redis variant (only when REDIS_URL is set).
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RedisClient } from 'bun'
import {
  claimStartupAlert,
  claimStartupAlertRedis,
  deployIdFrom,
  pruneStartupLocks,
  StartupLockError,
  type ClaimOptions,
  type StartupClaim,
} from '../../src/alerts/startup-lock.ts'

const N = 8
const WORKER = join(import.meta.dir, 'fixtures', 'claim-worker.ts')
const DEAD_PID = 2_147_483_000 // far above pid_max: never a live process

let root: string
let stateDir: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kbeauty-lock-'))
  stateDir = join(root, 'state')
})

afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

const claim = (o: Partial<ClaimOptions> = {}) => claimStartupAlert({ stateDir, deployId: 'deploy-a', ...o })
const statuses = (claims: StartupClaim[]) => claims.map((c) => c.status).sort()
const lockFiles = () => readdirSync(stateDir).filter((n) => n.endsWith('.lock')).sort()

describe('file lock, one process', () => {
  test(`${N} concurrent claimers: exactly one 'claimed', the rest 'in-progress'`, async () => {
    const claims = await Promise.all(Array.from({ length: N }, () => claim()))
    expect(statuses(claims)).toEqual(['claimed', ...Array(N - 1).fill('in-progress')].sort())
    expect(lockFiles()).toHaveLength(1)
  })

  test('creates the state dir with mode 0700; lock files are 0600', async () => {
    await claim()
    expect(statSync(stateDir).mode & 0o777).toBe(0o700)
    expect(statSync(join(stateDir, lockFiles()[0]!)).mode & 0o777).toBe(0o600)
  })

  test("after sent(), a restart of the same deploy gets 'already-sent'; a new deploy gets 'claimed'", async () => {
    const first = await claim()
    expect(first.status).toBe('claimed')
    expect(await first.sent()).toBe('recorded')
    const record = JSON.parse(readFileSync(join(stateDir, lockFiles()[0]!), 'utf8'))
    expect(record).toMatchObject({ state: 'sent', deployId: 'deploy-a', pid: process.pid })
    expect(typeof record.sentAt).toBe('string')

    expect((await claim()).status).toBe('already-sent')
    expect((await claim({ pid: 4242, processStart: 7 })).status).toBe('already-sent')
    expect((await claim({ deployId: 'deploy-b' })).status).toBe('claimed')
  })

  test("failed() releases the claim: the next start claims again (a new generation)", async () => {
    const first = await claim()
    expect(await first.failed()).toBe('recorded')
    const second = await claim()
    expect(second.status).toBe('claimed')
    expect(lockFiles()).toHaveLength(2)
    expect(await second.sent()).toBe('recorded')
    expect((await claim()).status).toBe('already-sent')
  })

  test('sent() and failed() are one-shot, and inert on a handle that did not claim', async () => {
    const owner = await claim()
    const other = await claim()
    expect(other.status).toBe('in-progress')
    expect(await other.sent()).toBe('not-claimed')
    expect(await owner.sent()).toBe('recorded')
    expect(await owner.failed()).toBe('not-claimed')
    expect((await claim()).status).toBe('already-sent')
  })

  test(`a claim by a dead pid is taken over by exactly one of ${N} concurrent claimers`, async () => {
    const dead = await claim({ pid: DEAD_PID, processStart: 1 })
    expect(dead.status).toBe('claimed')
    const isAlive = (pid: number) => pid !== DEAD_PID
    const claims = await Promise.all(Array.from({ length: N }, () => claim({ isAlive })))
    expect(statuses(claims)).toEqual(['claimed', ...Array(N - 1).fill('in-progress')].sort())
    expect(lockFiles()).toHaveLength(2) // generation 0 (dead) and 1 (the winner)
    // The dead owner coming back (it cannot, but its handle can) is told it was superseded.
    expect(await dead.sent()).toBe('superseded')
  })

  test('a claim by a live pid is respected until staleMs, then taken over; the slow owner learns it was superseded', async () => {
    let now = Date.parse('2026-04-06T09:00:00Z')
    const slow = await claim({ pid: 777, processStart: 1, now: () => now, isAlive: () => true })
    expect((await claim({ now: () => now, isAlive: () => true })).status).toBe('in-progress')
    now += 15 * 60_000 + 1
    const taker = await claim({ now: () => now, isAlive: () => true })
    expect(taker.status).toBe('claimed')
    expect(await slow.sent()).toBe('superseded')
    // Once any generation says 'sent', restarts don't re-send.
    expect((await claim({ now: () => now })).status).toBe('already-sent')
  })

  test('a claim left by a previous incarnation of our own pid (e.g. pid 1 in a restarted container) is stale', async () => {
    await claim({ processStart: 1 })
    const again = await claim({ processStart: 2 })
    expect(again.status).toBe('claimed')
  })

  test("another host's claim is judged by age only (its pid means nothing here)", async () => {
    await claim({ host: 'other-host', pid: DEAD_PID })
    expect((await claim()).status).toBe('in-progress')
  })

  test('an empty lock file (creator crashed before writing) is in progress until its mtime is older than staleMs', async () => {
    expect((await claim({ deployId: 'crashed' })).status).toBe('claimed')
    const file = join(stateDir, lockFiles()[0]!)
    writeFileSync(file, '') // as left by a crash between open(O_EXCL) and write
    expect((await claim({ deployId: 'crashed' })).status).toBe('in-progress')
    const old = new Date(Date.now() - 16 * 60_000)
    utimesSync(file, old, old)
    expect((await claim({ deployId: 'crashed' })).status).toBe('claimed')
  })

  test("an old deploy's lock, stale or live, does not affect a new deploy; sent() prunes finished old deploys", async () => {
    const old = await claim({ deployId: 'v1' })
    await old.sent()
    const stale = await claim({ deployId: 'v0', pid: DEAD_PID })
    expect(stale.status).toBe('claimed')
    const live = await claim({ deployId: 'v0.5' }) // a live claim of another deploy (this process)
    expect(live.status).toBe('claimed')

    const next = await claim({ deployId: 'v2' })
    expect(next.status).toBe('claimed')
    expect(await next.sent()).toBe('recorded')
    const left = lockFiles()
    expect(left.some((n) => n.startsWith('startup-alert.v2-'))).toBe(true)
    expect(left.some((n) => n.startsWith('startup-alert.v0.5-'))).toBe(true) // live: kept
    expect(left.some((n) => n.startsWith('startup-alert.v1-'))).toBe(false) // sent: pruned
    expect(left.some((n) => n.startsWith('startup-alert.v0-'))).toBe(false) // dead owner: pruned
    // A rollback to v1 is a deploy: it alerts again.
    expect((await claim({ deployId: 'v1' })).status).toBe('claimed')
  })

  test('pruneStartupLocks keeps the given deploy and live claims', async () => {
    await (await claim({ deployId: 'keep', pruneOtherDeploys: false })).sent()
    await (await claim({ deployId: 'gone', pruneOtherDeploys: false })).sent()
    await claim({ deployId: 'running', pruneOtherDeploys: false }) // a live claim of a third deploy
    expect(await pruneStartupLocks({ stateDir, keepDeployId: 'keep' })).toBe(1)
    expect(lockFiles().map((n) => n.replace(/-[0-9a-f]{8}\.\d+\.lock$/, ''))).toEqual(['startup-alert.keep', 'startup-alert.running'])
  })

  test('deploy ids are sanitised into one file inside stateDir; similar ids do not collide', async () => {
    const a = await claim({ deployId: '../../etc/passwd' })
    const b = await claim({ deployId: '.._.._etc_passwd' })
    expect(a.status).toBe('claimed')
    expect(b.status).toBe('claimed')
    expect(readdirSync(root)).toEqual(['state'])
    for (const n of lockFiles()) expect(n).toMatch(/^startup-alert\.[A-Za-z0-9._-]+-[0-9a-f]{8}\.\d+\.lock$/)
  })

  test('an unusable state dir throws StartupLockError naming it', async () => {
    writeFileSync(join(root, 'file'), 'x')
    const bad = join(root, 'file', 'state')
    expect(claimStartupAlert({ stateDir: bad, deployId: 'd' })).rejects.toThrow(StartupLockError)
    expect(claimStartupAlert({ stateDir: bad, deployId: 'd' })).rejects.toThrow(bad)
    expect(claimStartupAlert({ stateDir: '', deployId: 'd' })).rejects.toThrow('stateDir is required')
    expect(claimStartupAlert({ stateDir, deployId: ' ' })).rejects.toThrow('deployId is required')
  })
})

describe('file lock, separate processes', () => {
  type Worker = { proc: Bun.Subprocess<'pipe', 'pipe', 'pipe'>; readLine: () => Promise<string>; go: () => void; release: () => void }

  function spawnWorker(deployId: string, after: 'sent' | 'none'): Worker {
    const proc = Bun.spawn([process.execPath, WORKER, stateDir, deployId, after], { stdin: 'pipe', stdout: 'pipe', stderr: 'pipe' })
    const reader = proc.stdout.getReader()
    const decoder = new TextDecoder()
    let buf = ''
    const readLine = async (): Promise<string> => {
      for (let i = 0; i < 1_000; i++) {
        const nl = buf.indexOf('\n')
        if (nl >= 0) {
          const line = buf.slice(0, nl)
          buf = buf.slice(nl + 1)
          return line
        }
        const { value, done } = await reader.read()
        if (done) throw new Error(`worker ${proc.pid} exited early: ${await new Response(proc.stderr).text()}`)
        buf += decoder.decode(value, { stream: true })
      }
      throw new Error('worker wrote too much without a newline')
    }
    return {
      proc,
      readLine,
      go: () => {
        proc.stdin.write('go\n')
        proc.stdin.flush()
      },
      release: () => {
        proc.stdin.end()
      },
    }
  }

  /**
   * Starts `n` workers, waits until all are loaded, lets them claim at the same instant,
   * collects every result while all are still alive, then lets them exit.
   */
  async function race(n: number, deployId: string, after: 'sent' | 'none') {
    const workers = Array.from({ length: n }, () => spawnWorker(deployId, after))
    try {
      for (const w of workers) expect(await w.readLine()).toBe('ready')
      for (const w of workers) w.go()
      return await Promise.all(workers.map(async (w) => JSON.parse(await w.readLine()) as { status: string; pid: number; mark: string | null }))
    } finally {
      for (const w of workers) w.release()
      await Promise.all(workers.map((w) => w.proc.exited))
    }
  }

  const ONE_WINNER = (statuses: string[], late: string) => {
    expect(statuses.filter((s) => s === 'claimed')).toHaveLength(1)
    // The others saw the live claim, or (if they looked after it was marked sent) 'already-sent'.
    for (const s of statuses) expect(['claimed', 'in-progress', late]).toContain(s)
  }

  test(
    `${N} processes released at once: exactly one claims; after it marked sent, a restart gets 'already-sent'`,
    async () => {
      const results = await race(N, 'deploy-proc', 'sent')
      ONE_WINNER(results.map((r) => r.status), 'already-sent')
      expect(results.find((r) => r.status === 'claimed')!.mark).toBe('recorded')
      const [restart] = await race(1, 'deploy-proc', 'sent')
      expect(restart!.status).toBe('already-sent')
      const [next] = await race(1, 'deploy-next', 'none')
      expect(next!.status).toBe('claimed')
    },
    30_000,
  )

  test(
    `a claim left by a process that died is taken over by exactly one of ${N} processes`,
    async () => {
      const [dead] = await race(1, 'deploy-crash', 'none') // claims, exits without sent()
      expect(dead!.status).toBe('claimed')
      const results = await race(N, 'deploy-crash', 'none')
      expect(results.map((r) => r.status).sort()).toEqual(['claimed', ...Array(N - 1).fill('in-progress')].sort())
      const files = lockFiles()
      expect(files).toHaveLength(2)
      const winner = results.find((r) => r.status === 'claimed')!
      const gen1 = JSON.parse(readFileSync(join(stateDir, files.find((f) => f.endsWith('.1.lock'))!), 'utf8'))
      expect(gen1).toMatchObject({ state: 'claimed', pid: winner.pid })
    },
    30_000,
  )
})

describe('deployIdFrom', () => {
  test.each([
    [{ version: '1.0.0', commit: '3f2c9ab1d0e4aa77', buildDate: '2026-04-06T10:15:00.123Z' }, '1.0.0-3f2c9ab1d0e4-20260406T101500Z'],
    [{ version: '1.0.0+local', commit: '', buildDate: 'not a date' }, '1.0.0_local-unknown-not_a_date'],
    [{ version: '', commit: 'abc', buildDate: '' }, 'unknown-abc-unknown'],
    [{ version: '1', commit: 'abc', buildDate: '2026-01-01', explicit: ' release-42 ' }, 'release-42'],
  ])('%p → %p', (parts, expected) => {
    expect(deployIdFrom(parts)).toBe(expected)
    expect(expected).toMatch(/^[A-Za-z0-9._-]{1,64}$/)
  })
})

describe('Redis lock errors', () => {
  test('an unreachable Redis throws StartupLockError without the URL or its password', async () => {
    const s = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() })
    const port = s.port
    await s.stop(true)
    const url = `redis://:hunter2-secret@127.0.0.1:${port}`
    const err = await claimStartupAlertRedis({ url, deployId: 'd', timeoutMs: 2_000 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StartupLockError)
    expect(String((err as Error).message)).not.toContain('hunter2-secret')
    expect(JSON.stringify(err)).not.toContain('hunter2-secret')
  })
})

describe.skipIf(!process.env.REDIS_URL)('Redis lock (REDIS_URL)', () => {
  const url = process.env.REDIS_URL!
  const prefix = `kbeauty-api:test:startup-alert:${randomUUID()}:`
  let admin: RedisClient

  beforeEach(async () => {
    admin = new RedisClient(url)
    await admin.connect()
  })

  afterEach(async () => {
    const keys = (await admin.send('KEYS', [`${prefix}*`])) as string[]
    if (keys.length > 0) await admin.send('DEL', keys)
    admin.close()
  })

  test(`${N} concurrent claims, each on its own connection: exactly one winner; restarts then get 'already-sent'`, async () => {
    const deployId = randomUUID()
    const claims = await Promise.all(Array.from({ length: N }, () => claimStartupAlertRedis({ url, deployId, keyPrefix: prefix })))
    expect(statuses(claims)).toEqual(['claimed', ...Array(N - 1).fill('in-progress')].sort())
    const winner = claims.find((c) => c.status === 'claimed')!
    expect(await winner.sent()).toBe('recorded')
    expect((await claimStartupAlertRedis({ url, deployId, keyPrefix: prefix })).status).toBe('already-sent')
    const ttl = Number(await admin.send('PTTL', [`${prefix}${deployId}`]))
    expect(ttl).toBeGreaterThan(24 * 3_600_000) // the sent record outlives restarts
    expect((await claimStartupAlertRedis({ client: admin, deployId: randomUUID(), keyPrefix: prefix })).status).toBe('claimed')
  })

  test('a shared client: still one winner; failed() releases the claim', async () => {
    const deployId = randomUUID()
    const claims = await Promise.all(Array.from({ length: N }, () => claimStartupAlertRedis({ client: admin, deployId, keyPrefix: prefix })))
    expect(statuses(claims)).toEqual(['claimed', ...Array(N - 1).fill('in-progress')].sort())
    expect(await claims.find((c) => c.status === 'claimed')!.failed()).toBe('recorded')
    expect((await claimStartupAlertRedis({ client: admin, deployId, keyPrefix: prefix })).status).toBe('claimed')
  })

  test('an expired claim (crashed owner) is re-claimed; the old owner cannot overwrite it', async () => {
    const deployId = randomUUID()
    const key = `${prefix}${deployId}`
    const first = await claimStartupAlertRedis({ client: admin, deployId, keyPrefix: prefix, ttlMs: 60_000 })
    expect(first.status).toBe('claimed')
    await admin.send('PEXPIRE', [key, '1'])
    for (let i = 0; i < 100 && (await admin.exists(key)); i++) await Bun.sleep(2)
    const second = await claimStartupAlertRedis({ client: admin, deployId, keyPrefix: prefix })
    expect(second.status).toBe('claimed')
    expect(await first.sent()).toBe('superseded')
    expect(await first.failed()).toBe('not-claimed')
    expect(JSON.parse((await admin.get(key))!)).toMatchObject({ state: 'claimed' })
    expect(await second.sent()).toBe('recorded')
  })
})
