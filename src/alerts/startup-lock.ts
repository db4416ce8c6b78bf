/**
 * "Send the startup alert exactly once per deploy": across N workers started at the same
 * moment, and across restarts of the same deploy. Two backends with one result type:
 *
 * - Files in a state directory (systemd `StateDirectory=`), for one machine.
 * - Redis `SET key value NX PX ttl`, for several machines sharing one Redis.
 *
 * The deploy id is computed by the caller (see {@link deployIdFrom}); every worker of one
 * deploy must pass the same id. Importing this module has no side effects.
 *
 * ## File design: generations of exclusively created files
 *
 * For a deploy id D (sanitised, plus a hash so two ids never share a name) the lock is a
 * series of files `startup-alert.<D>.<g>.lock`, g = 0, 1, 2, …, each created with
 * `open(path, 'wx')`, i.e. O_CREAT|O_EXCL: "the check for the existence of the file and
 * the creation of the file if it does not exist shall be atomic with respect to other
 * threads executing open() naming the same filename in the same directory with O_EXCL and
 * O_CREAT set" (POSIX open(2)). The newest generation is the current claim. Its JSON
 * content records the state: `claimed` (by pid on host at time), `sent` (at time) or
 * `failed`. Only the process that created a generation ever rewrites it, atomically
 * (temp file + rename(2), so readers see the old or the new content, never a torn one).
 *
 * To claim, a process lists the generations of D:
 *   - any generation in state `sent`                → 'already-sent' (restarts don't re-send);
 *   - none                                          → create generation 0;
 *   - newest is `claimed` and its owner is live      → 'in-progress';
 *   - newest is stale (`failed`, owner pid dead on this host, or claimed more than
 *     `staleMs` ago)                                → create generation newest+1.
 * "Create" is the O_EXCL open; whoever gets EEXIST lost the race and looks again.
 *
 * Why this is race-free where the usual fixes are not: taking over a stale lock by
 * "unlink then create" lets a slow process unlink the lock a faster one has just
 * re-created; "rename a fresh file over the stale one" has no compare step at all, so two
 * processes can both rename and both believe they won. Here a takeover never modifies the
 * stale file: it creates the NEXT generation with O_EXCL, which is a compare-and-swap on
 * "the current generation is still g". Exactly one process can create g+1; anyone who
 * judged g stale but lost gets EEXIST and re-reads, now seeing g+1 claimed by a live
 * owner. Generations of a deploy are never deleted while that deploy runs, so they only
 * grow in order: if g+1 does not exist, no later one does either. Hence at most one
 * process holds a live claim, provided staleness is true: a dead pid stays dead, a
 * `failed` state is final, and age only grows. The one judgement that can be wrong is
 * "older than staleMs" while its owner still works (the lease problem of every
 * time-based lock), so `staleMs` (default 15 min) must exceed the alerter's worst-case
 * delivery time; `sent()` reports 'superseded' if it happened anyway.
 *
 * Notes: a creator crashing between the O_EXCL open and writing the content leaves an
 * empty file; it counts as in progress until its mtime is older than `staleMs`. Pids are
 * only checked on the host that wrote them; a claim with our own pid but another process
 * start time is a previous incarnation of this pid (e.g. pid 1 in a restarted container)
 * and is stale. The lock is per deploy id, so nothing about an old deploy (stale or not)
 * can suppress the next deploy's alert; `sent()` prunes finished locks of other deploys
 * (a later rollback to that build then alerts again, as a deploy should).
 */
import { RedisClient } from 'bun'
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises'
import { hostname as osHostname } from 'node:os'
import { join } from 'node:path'

/** Defaults, in ms. */
export const STARTUP_LOCK_DEFAULTS = Object.freeze({
  /** A claim older than this may be taken over even if its owner looks alive. */
  staleMs: 15 * 60_000,
  /** Redis: lifetime of a claim (a crashed owner's claim expires after this). */
  redisClaimTtlMs: 15 * 60_000,
  /** Redis: lifetime of the "sent" record (restarts within it do not re-send). */
  redisSentTtlMs: 90 * 24 * 3_600_000,
  /** Redis: per-command deadline. */
  redisTimeoutMs: 5_000,
  redisKeyPrefix: 'kbeauty-api:startup-alert:',
})

/** Rounds of list → create before giving up with 'in-progress' (others are making progress). */
const MAX_ROUNDS = 16
const FILE_PREFIX = 'startup-alert.'

export type ClaimStatus = 'claimed' | 'already-sent' | 'in-progress'

/**
 * What `sent()` / `failed()` did: 'recorded'; 'superseded' (recorded, but another process
 * took the claim over meanwhile, so it may send too); 'not-claimed' (this handle's status
 * is not 'claimed', or the claim is no longer ours); 'error' (storage failed).
 */
export type MarkResult = 'recorded' | 'superseded' | 'not-claimed' | 'error'

/** The outcome of a claim. Only a 'claimed' handle should send, then call `sent()` or `failed()`. */
export type StartupClaim = {
  readonly status: ClaimStatus
  /** Records delivery: restarts of this deploy will get 'already-sent'. Never throws. */
  sent(): Promise<MarkResult>
  /** Releases the claim after a failed delivery, so the next start may try again. Never throws. */
  failed(): Promise<MarkResult>
}

/** Thrown when the lock storage cannot be used (state dir not creatable, Redis unreachable). Never carries a secret. */
export class StartupLockError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StartupLockError'
  }
}

export type ClaimOptions = {
  /** Directory for lock files; created (mode 0700) if missing. */
  stateDir: string
  /** The deploy's id (any string; sanitised for the file name). */
  deployId: string
  /** Epoch ms. @default Date.now */
  now?: () => number
  /** @default process.pid */
  pid?: number
  /** @default os.hostname() */
  host?: string
  /** When this process started, epoch ms: tells a reused pid from ours. @default performance.timeOrigin */
  processStart?: number
  /** @default process.kill(pid, 0) succeeds or fails with EPERM */
  isAlive?: (pid: number) => boolean
  /** @default 900000 ms (15 min) */
  staleMs?: number
  /** Remove finished lock files of other deploys after `sent()`. @default true */
  pruneOtherDeploys?: boolean
}

type LockRecord = {
  v: 1
  state: 'claimed' | 'sent' | 'failed'
  deployId: string
  pid: number
  host: string
  processStart: number
  token: string
  claimedAt: string
  claimedAtMs: number
  sentAt?: string
  failedAt?: string
}

type Generation = { gen: number; path: string; record: LockRecord | null; mtimeMs: number }

// ---------------------------------------------------------------------------------------
// Deploy ids and file names

function sanitise(s: string, max: number): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, max)
}

function compactDate(value: string): string {
  const d = new Date(value)
  if (value !== '' && !Number.isNaN(d.getTime())) return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')
  return sanitise(value, 20)
}

/**
 * The deploy id: `explicit` when given (e.g. DEPLOY_ID), else
 * "<version>-<commit, 12 chars>-<build date, compact ISO>", e.g.
 * "1.0.0-3f2c9ab1d0e4-20260406T101500Z", limited to A–Z a–z 0–9 . _ - and 64 characters
 * (the shape config accepts for DEPLOY_ID). Two builds of the same commit at different
 * times are different deploys. Pure; never throws (missing parts become "unknown").
 */
export function deployIdFrom(parts: { version: string; commit: string; buildDate: string; explicit?: string }): string {
  const explicit = parts.explicit?.trim()
  if (explicit) return explicit
  const version = sanitise(String(parts.version ?? ''), 24) || 'unknown'
  const commit = sanitise(String(parts.commit ?? ''), 12) || 'unknown'
  const date = compactDate(String(parts.buildDate ?? '')) || 'unknown'
  return `${version}-${commit}-${date}`.slice(0, 64)
}

/** File-name key of a deploy id: readable part + 8 hex of its SHA-256, so "a/b" and "a_b" differ. */
function lockKey(deployId: string): string {
  const hash = createHash('sha256').update(deployId).digest('hex').slice(0, 8)
  return `${sanitise(deployId, 64) || 'deploy'}-${hash}`
}

const GEN_FILE = /^startup-alert\.(.+)\.(\d{1,9})\.lock$/

function genFileName(key: string, gen: number): string {
  return `${FILE_PREFIX}${key}.${gen}.lock`
}

// ---------------------------------------------------------------------------------------
// Reading and writing generations

function parseRecord(text: string): LockRecord | null {
  try {
    const r = JSON.parse(text) as Partial<LockRecord>
    if (r && r.v === 1 && (r.state === 'claimed' || r.state === 'sent' || r.state === 'failed') && typeof r.token === 'string' && typeof r.pid === 'number') {
      return r as LockRecord
    }
  } catch {
    /* empty (creator still writing, or crashed) or foreign content */
  }
  return null
}

async function listGenerations(stateDir: string, key: string): Promise<Generation[]> {
  const names = await readdir(stateDir)
  const gens: Generation[] = []
  for (const name of names) {
    const m = GEN_FILE.exec(name)
    if (!m || m[1] !== key) continue
    const path = join(stateDir, name)
    try {
      const [text, st] = await Promise.all([readFile(path, 'utf8'), stat(path)])
      gens.push({ gen: Number(m[2]), path, record: parseRecord(text), mtimeMs: st.mtimeMs })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
  return gens.sort((a, b) => a.gen - b.gen)
}

/** Creates `path` with O_CREAT|O_EXCL (mode 0600) and writes `content`; false when it already exists. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'wx', 0o600)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  }
  try {
    await handle.writeFile(content)
    await handle.sync()
  } finally {
    await handle.close()
  }
  return true
}

/** Replaces `path` atomically (write a private temp file, then rename(2) over it). */
async function replaceAtomically(path: string, content: string, token: string): Promise<void> {
  const tmp = `${path}.${token}.tmp`
  await createExclusive(tmp, content)
  try {
    await rename(tmp, path)
  } catch (err) {
    await unlink(tmp).catch(() => {})
    throw err
  }
}

function defaultIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false // kill(0 or -n) would signal a process group
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

type StalenessInput = {
  now: () => number
  pid: number
  host: string
  processStart: number
  isAlive: (pid: number) => boolean
  staleMs: number
}

/**
 * Whether a generation may be superseded: `failed`; or `claimed` more than `staleMs` ago;
 * or claimed on this host by a pid that is dead, or that is ours but from another process
 * start (a reused pid). An unreadable (empty) file is judged by its mtime. `sent` never is.
 */
function staleness(c: StalenessInput): (g: Generation) => boolean {
  return (g) => {
    const r = g.record
    if (!r) return c.now() - g.mtimeMs > c.staleMs
    if (r.state === 'failed') return true
    if (r.state === 'sent') return false
    if (c.now() - r.claimedAtMs > c.staleMs) return true
    if (r.host !== c.host) return false // another machine's pid means nothing here
    if (r.pid === c.pid) return r.processStart !== c.processStart
    return !c.isAlive(r.pid)
  }
}

// ---------------------------------------------------------------------------------------
// File claim

/**
 * Claims the right to send this deploy's startup alert, using exclusively created lock
 * files in `stateDir` (design and race-freedom argument in the module comment; rule:
 * POSIX open(2) O_CREAT|O_EXCL). Resolves to a handle whose `status` is:
 * 'claimed' (send the alert, then call `sent()` or `failed()`), 'already-sent' (a start
 * of this deploy already sent it), or 'in-progress' (another worker holds a live claim).
 * @throws StartupLockError when `stateDir` cannot be created, listed or written (e.g.
 *   EACCES, EROFS), or when `stateDir`/`deployId` is empty.
 */
export async function claimStartupAlert(opts: ClaimOptions): Promise<StartupClaim> {
  if (typeof opts.stateDir !== 'string' || opts.stateDir === '') throw new StartupLockError('stateDir is required')
  if (typeof opts.deployId !== 'string' || opts.deployId.trim() === '') throw new StartupLockError('deployId is required')
  const now = opts.now ?? Date.now
  const pid = opts.pid ?? process.pid
  const host = opts.host ?? osHostname()
  const processStart = opts.processStart ?? Math.round(performance.timeOrigin)
  const isAlive = opts.isAlive ?? defaultIsAlive
  const staleMs = opts.staleMs ?? STARTUP_LOCK_DEFAULTS.staleMs
  const key = lockKey(opts.deployId)
  const stateDir = opts.stateDir

  const isStale = staleness({ now, pid, host, processStart, isAlive, staleMs })

  try {
    await mkdir(stateDir, { recursive: true, mode: 0o700 })
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const gens = await listGenerations(stateDir, key)
      if (gens.some((g) => g.record?.state === 'sent')) return inert('already-sent')
      const newest = gens.at(-1)
      if (newest && !isStale(newest)) return inert('in-progress')
      const gen = newest ? newest.gen + 1 : 0
      const t = now()
      const record: LockRecord = {
        v: 1,
        state: 'claimed',
        deployId: opts.deployId,
        pid,
        host,
        processStart,
        token: randomUUID(),
        claimedAt: new Date(t).toISOString(),
        claimedAtMs: t,
      }
      const path = join(stateDir, genFileName(key, gen))
      if (await createExclusive(path, JSON.stringify(record))) {
        const pruneOpts = opts.pruneOtherDeploys === false ? undefined : { stateDir, now, pid, host, processStart, isAlive, staleMs }
        return fileHandle({ stateDir, key, gen, path, record, now, prune: pruneOpts })
      }
      // EEXIST: another process created this generation first; look again.
    }
    return inert('in-progress')
  } catch (err) {
    if (err instanceof StartupLockError) throw err
    const code = (err as NodeJS.ErrnoException).code ?? 'error'
    throw new StartupLockError(`startup lock in ${stateDir}: ${code}: ${(err as Error).message}`, { cause: err })
  }
}

function inert(status: Exclude<ClaimStatus, 'claimed'>): StartupClaim {
  return { status, sent: async () => 'not-claimed', failed: async () => 'not-claimed' }
}

function fileHandle(c: {
  stateDir: string
  key: string
  gen: number
  path: string
  record: LockRecord
  now: () => number
  prune: (StalenessInput & { stateDir: string }) | undefined
}): StartupClaim {
  let settled: MarkResult | undefined
  const mark = async (state: 'sent' | 'failed'): Promise<MarkResult> => {
    if (settled) return settled === 'error' ? 'error' : 'not-claimed'
    try {
      const current = parseRecord(await readFile(c.path, 'utf8'))
      if (!current || current.token !== c.record.token || current.state !== 'claimed') return (settled = 'not-claimed')
      const at = new Date(c.now()).toISOString()
      const next: LockRecord = { ...current, state, ...(state === 'sent' ? { sentAt: at } : { failedAt: at }) }
      // Only the creator of a generation rewrites it, so this rename races with no writer.
      await replaceAtomically(c.path, JSON.stringify(next), c.record.token)
      const gens = await listGenerations(c.stateDir, c.key)
      settled = gens.some((g) => g.gen > c.gen) ? 'superseded' : 'recorded'
      if (state === 'sent' && c.prune) await pruneLocks(c.prune, c.key).catch(() => {})
      return settled
    } catch {
      return (settled = 'error')
    }
  }
  return { status: 'claimed', sent: () => mark('sent'), failed: () => mark('failed') }
}

/**
 * Deletes the lock files of deploys other than `keepDeployId` whose newest generation is
 * finished (`sent`) or stale (see the module comment: `failed`, dead owner on this host,
 * older than `staleMs`); another deploy's live claim is left alone. Also removes temp
 * files older than `staleMs`. Best effort: files that vanish meanwhile are ignored.
 * Resolves to the number of files removed. Options as in {@link claimStartupAlert}.
 * @throws StartupLockError when `stateDir` cannot be listed.
 */
export async function pruneStartupLocks(
  opts: { stateDir: string; keepDeployId?: string } & Partial<Pick<ClaimOptions, 'now' | 'pid' | 'host' | 'processStart' | 'isAlive' | 'staleMs'>>,
): Promise<number> {
  return pruneLocks(
    {
      stateDir: opts.stateDir,
      now: opts.now ?? Date.now,
      pid: opts.pid ?? process.pid,
      host: opts.host ?? osHostname(),
      processStart: opts.processStart ?? Math.round(performance.timeOrigin),
      isAlive: opts.isAlive ?? defaultIsAlive,
      staleMs: opts.staleMs ?? STARTUP_LOCK_DEFAULTS.staleMs,
    },
    opts.keepDeployId === undefined ? undefined : lockKey(opts.keepDeployId),
  )
}

async function pruneLocks(c: StalenessInput & { stateDir: string }, keepKey: string | undefined): Promise<number> {
  const isStale = staleness(c)
  let names: string[]
  try {
    names = await readdir(c.stateDir)
  } catch (err) {
    throw new StartupLockError(`startup lock in ${c.stateDir}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err })
  }
  const keys = new Set<string>()
  const temps: string[] = []
  for (const name of names) {
    if (!name.startsWith(FILE_PREFIX)) continue
    if (name.endsWith('.tmp')) temps.push(name)
    const m = GEN_FILE.exec(name)
    if (m && m[1] !== keepKey) keys.add(m[1]!)
  }
  let removed = 0
  const remove = async (path: string) => {
    try {
      await unlink(path)
      removed++
    } catch {
      /* already gone */
    }
  }
  for (const key of keys) {
    const gens = await listGenerations(c.stateDir, key).catch(() => [] as Generation[])
    const newest = gens.at(-1)
    if (!newest || !(newest.record?.state === 'sent' || isStale(newest))) continue
    // Oldest first, so a concurrent reader never sees a newer generation without its elders.
    for (const g of gens) await remove(g.path)
  }
  for (const name of temps) {
    const path = join(c.stateDir, name)
    try {
      if (c.now() - (await stat(path)).mtimeMs > c.staleMs) await remove(path)
    } catch {
      /* gone */
    }
  }
  return removed
}

// ---------------------------------------------------------------------------------------
// Redis claim

/** The part of Bun's RedisClient used here (tests may pass a stand-in). */
export type RedisLike = Pick<RedisClient, 'set' | 'get' | 'send'>

export type RedisClaimOptions = {
  /** A connected (or auto-connecting) client; not closed here. Give this or `url`. */
  client?: RedisLike
  /** redis:// URL; a client is opened per operation and closed after it. Secret: never in errors. */
  url?: string
  deployId: string
  /** Lifetime of a claim: a crashed owner's claim frees itself after this. @default 900000 ms (15 min) */
  ttlMs?: number
  /** Lifetime of the "sent" record. @default 90 days */
  sentTtlMs?: number
  /** @default 'kbeauty-api:startup-alert:' */
  keyPrefix?: string
  /** Per-command deadline. @default 5000 ms */
  timeoutMs?: number
  now?: () => number
  pid?: number
  host?: string
}

/** Sets ARGV[2] with PX ARGV[3] if the key still holds our claim (ARGV[1]) or has expired. 1 = ours, 2 = after expiry, 0 = someone else's. */
const MARK_SENT_SCRIPT = `local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
if cur == false then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 2 end
return 0`

/** Deletes the key only if it still holds our claim (ARGV[1]). */
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/**
 * Claims this deploy's startup alert in Redis, for instances on several machines:
 * `SET key claim NX PX ttlMs` succeeds for exactly one caller (Redis docs, "SET": NX —
 * "Only set the key if it does not already exist"; the command is atomic). The value
 * records the claim with a random token; `sent()` swaps it for a "sent" record (kept
 * `sentTtlMs`) and `failed()` deletes it, both through a Lua script that first checks the
 * token (a script runs atomically), so a claim that expired and was re-taken is never
 * overwritten. A crashed owner's claim expires after `ttlMs`, which must exceed the
 * alerter's worst-case delivery time. Status meanings as in {@link claimStartupAlert}.
 * @throws StartupLockError when Redis cannot be reached or answers an error within
 *   `timeoutMs`; the message never contains the URL (it may hold a password).
 */
export async function claimStartupAlertRedis(opts: RedisClaimOptions): Promise<StartupClaim> {
  if (typeof opts.deployId !== 'string' || opts.deployId.trim() === '') throw new StartupLockError('deployId is required')
  if (!opts.client && !opts.url) throw new StartupLockError('claimStartupAlertRedis needs a client or a url')
  const ttlMs = Math.max(1, Math.round(opts.ttlMs ?? STARTUP_LOCK_DEFAULTS.redisClaimTtlMs))
  const sentTtlMs = Math.max(1, Math.round(opts.sentTtlMs ?? STARTUP_LOCK_DEFAULTS.redisSentTtlMs))
  const timeoutMs = opts.timeoutMs ?? STARTUP_LOCK_DEFAULTS.redisTimeoutMs
  const now = opts.now ?? Date.now
  const key = `${opts.keyPrefix ?? STARTUP_LOCK_DEFAULTS.redisKeyPrefix}${opts.deployId}`
  const t = now()
  const claim = JSON.stringify({
    v: 1,
    state: 'claimed',
    deployId: opts.deployId,
    pid: opts.pid ?? process.pid,
    host: opts.host ?? osHostname(),
    token: randomUUID(),
    claimedAt: new Date(t).toISOString(),
  })

  const run = <T>(what: string, fn: (c: RedisLike) => Promise<T>) => withRedis(opts, timeoutMs, what, fn)

  for (let round = 0; round < 3; round++) {
    const ok = await run('SET NX', (c) => c.set(key, claim, 'NX', 'PX', String(ttlMs)))
    if (ok === 'OK') {
      let settled: MarkResult | undefined
      const mark = async (state: 'sent' | 'failed'): Promise<MarkResult> => {
        if (settled) return settled === 'error' ? 'error' : 'not-claimed'
        try {
          if (state === 'failed') {
            const n = await run('release', (c) => c.send('EVAL', [RELEASE_SCRIPT, '1', key, claim]))
            return (settled = Number(n) === 1 ? 'recorded' : 'not-claimed')
          }
          const sent = JSON.stringify({ ...(JSON.parse(claim) as object), state: 'sent', sentAt: new Date(now()).toISOString() })
          const n = Number(await run('mark sent', (c) => c.send('EVAL', [MARK_SENT_SCRIPT, '1', key, claim, sent, String(sentTtlMs)])))
          return (settled = n === 0 ? 'superseded' : 'recorded')
        } catch {
          return (settled = 'error')
        }
      }
      return { status: 'claimed', sent: () => mark('sent'), failed: () => mark('failed') }
    }
    const current = await run('GET', (c) => c.get(key))
    if (current === null) continue // expired or released between SET and GET: try again
    let state: unknown
    try {
      state = (JSON.parse(current) as { state?: unknown }).state
    } catch {
      state = undefined
    }
    return inert(state === 'sent' ? 'already-sent' : 'in-progress')
  }
  return inert('in-progress')
}

async function withRedis<T>(opts: RedisClaimOptions, timeoutMs: number, what: string, fn: (c: RedisLike) => Promise<T>): Promise<T> {
  let own: RedisClient | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const client = opts.client ?? (own = new RedisClient(opts.url!, { connectionTimeout: timeoutMs, autoReconnect: false, maxRetries: 0 }))
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
    })
    return await Promise.race([fn(client), deadline])
  } catch (err) {
    // Bun's messages name the host at most; the URL (and its password) is never included.
    const message = err instanceof Error ? err.message : String(err)
    const safe = opts.url ? message.split(opts.url).join('<redis-url>') : message
    // No `cause`: the client's error object may hold connection details.
    throw new StartupLockError(`startup lock in Redis (${what}): ${safe}`)
  } finally {
    clearTimeout(timer)
    own?.close()
  }
}
