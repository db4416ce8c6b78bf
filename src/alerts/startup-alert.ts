/**
 * What the startup alert says: "deployed", "restarted", or "restarted after an unclean
 * exit; previous run started at …". One process per start decides (the single process,
 * or the main thread of `--workers N`; a second instance on the port is refused before),
 * so the only race left is a stale record, not two senders.
 *
 * Files in the state directory (systemd `StateDirectory=`):
 * - `running.lock`, created with O_CREAT|O_EXCL (POSIX open(2): check and create are one
 *   atomic step) holding this run's pid, host, deploy id and start time; removed at a
 *   clean exit. Finding it at start means the previous run did not exit cleanly (crash,
 *   SIGKILL, power loss), unless its pid is alive on this host: then another instance is
 *   running and this start sends nothing.
 * - `last-run.json`, written at a clean exit: the deploy id that ran, to tell a restart
 *   from a deploy.
 * With Redis, `SET deployed:<id> NX` (Redis docs, "SET": atomic) lets one host of a fleet
 * announce a new deploy; unclean restarts are announced by every host.
 */

import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { hostname as osHostname } from 'node:os'
import { join } from 'node:path'
import { RedisClient } from 'bun'

export type StartRecord = {
  /** The alert's headline, or null when this start must not send one. */
  event: string | null
  /** At a clean exit: records the run as finished. Never throws. */
  release: () => Promise<void>
}

export type RecordStartOptions = {
  /** Without one, every start is announced as "started" (nothing to compare with). */
  stateDir?: string
  deployId: string
  /** Shares "this deploy was announced" across hosts. */
  redisUrl?: string
  startedAt: Date
  pid?: number
  host?: string
  /** @default process.kill(pid, 0) succeeds or fails with EPERM */
  isAlive?: (pid: number) => boolean
  /** Lifetime of the fleet's "announced" key, ms. @default 90 days */
  deployTtlMs?: number
}

type Lock = { pid: number; host: string; deployId: string; startedAt: string }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T
  } catch {
    return null // missing, or cut by a power loss: treated as unknown
  }
}

/**
 * Records this start in `stateDir` and says what to announce (see the module comment).
 * @throws Error when the state directory cannot be created or written (EACCES, EROFS…).
 */
export async function recordStart(o: RecordStartOptions): Promise<StartRecord> {
  if (!o.stateDir) return { event: 'started', release: async () => {} }
  const dir = o.stateDir
  const lockPath = join(dir, 'running.lock')
  const lastPath = join(dir, 'last-run.json')
  const me: Lock = { pid: o.pid ?? process.pid, host: o.host ?? osHostname(), deployId: o.deployId, startedAt: o.startedAt.toISOString() }
  await mkdir(dir, { recursive: true, mode: 0o700 })

  let previous: Lock | null = null
  let unclean = false
  try {
    const handle = await open(lockPath, 'wx', 0o600)
    await handle.writeFile(JSON.stringify(me))
    await handle.close()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    previous = await readJson<Lock>(lockPath)
    const isAlive = o.isAlive ?? alive
    if (previous && previous.host === me.host && previous.pid !== me.pid && isAlive(previous.pid)) {
      return { event: null, release: async () => {} } // another instance runs; not ours to announce
    }
    unclean = true
    await writeFile(`${lockPath}.${me.pid}.tmp`, JSON.stringify(me), { mode: 0o600 })
    await rename(`${lockPath}.${me.pid}.tmp`, lockPath)
  }
  const last = unclean ? previous : await readJson<Lock>(lastPath)
  const deployed = !last || last.deployId !== o.deployId
  const release = async () => {
    try {
      await writeFile(lastPath, JSON.stringify({ ...me, stoppedAt: new Date().toISOString() }), { mode: 0o600 })
      await unlink(lockPath)
    } catch {
      /* next start reports an unclean exit: the safe side */
    }
  }
  if (unclean) {
    const at = previous?.startedAt ?? 'an unknown time'
    return {
      event: `restarted after an unclean exit; previous run started at ${at}${deployed ? ` (now deployed ${o.deployId})` : ''}`,
      release,
    }
  }
  if (!deployed) return { event: 'restarted', release }
  if (o.redisUrl && !(await firstInFleet(o.redisUrl, o.deployId, me, o.deployTtlMs ?? 90 * 86_400_000))) return { event: null, release }
  return { event: `deployed ${o.deployId}`, release }
}

/** True when this host is the first of the fleet to announce `deployId`, or when Redis cannot tell (better twice than never). */
async function firstInFleet(url: string, deployId: string, me: Lock, ttlMs: number): Promise<boolean> {
  const client = new RedisClient(url, { autoReconnect: false, enableOfflineQueue: false, connectionTimeout: 2_000 })
  try {
    const set = client.connect().then(() => client.set(`kbeauty-api:deployed:${deployId}`, JSON.stringify(me), 'NX', 'PX', String(ttlMs)))
    set.catch(() => {})
    const answer = await Promise.race([set, Bun.sleep(2_000).then(() => 'timeout')])
    return answer === 'OK' || answer === 'timeout'
  } catch {
    return true
  } finally {
    client.close()
  }
}
