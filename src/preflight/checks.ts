/**
 * The checks `serve` and `config check` run before listening, one function per concern.
 * Each returns problems as one line that says what is wrong and how to fix it (empty when
 * fine) and never throws. They touch the system (DNS, a socket, the file system), so
 * they are called only from commands, never at import.
 */

import { lookup } from 'node:dns/promises'
import { readFileSync } from 'node:fs'
import { access, constants, stat } from 'node:fs/promises'
import { createServer } from 'node:net'
import { dirname } from 'node:path'
import { DatabaseError, openDatabase } from '../db/open.ts'

const errno = (err: unknown) => (err as NodeJS.ErrnoException)?.code ?? 'error'

const WHY: Readonly<Record<string, string>> = {
  EACCES: 'permission denied for this user',
  EPERM: 'permission denied for this user',
  EROFS: 'read-only file system',
  ENOENT: 'does not exist',
  ENOTDIR: 'a part of the path is not a directory',
}
const why = (err: unknown) => `${WHY[errno(err)] ?? 'cannot be used'} (${errno(err)})`

/**
 * HOST must resolve and be an address of this machine: resolved with the system resolver,
 * then bound on port 0 (any free port, so a running instance on PORT does not matter).
 */
export async function checkListenAddress(host: string): Promise<string[]> {
  let address: string
  try {
    address = (await lookup(host)).address
  } catch (err) {
    return [
      `HOST: "${host.slice(0, 80)}" does not resolve (${errno(err)}); use an IP address (0.0.0.0 for every interface, 127.0.0.1 or ::1 for this machine only) or a name in /etc/hosts`,
    ]
  }
  const bound = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    const server = createServer()
    server.once('error', (err) => resolve(err))
    server.listen({ host: address, port: 0, exclusive: true }, () => server.close(() => resolve(null)))
  })
  if (bound === null) return []
  if (bound.code === 'EADDRNOTAVAIL') {
    return [
      `HOST: ${address} is not an address of this machine (EADDRNOTAVAIL); use 0.0.0.0 (every interface), 127.0.0.1, or an address shown by \`ip address\``,
    ]
  }
  return [`HOST: cannot listen on ${address} (${bound.code ?? 'error'})`]
}

/** LOG_FILE must be a file this user can append to, or creatable in an existing writable directory. */
export async function checkLogFile(path: string): Promise<string[]> {
  try {
    const st = await stat(path)
    if (st.isDirectory())
      return [`LOG_FILE: ${path} is a directory; give the path of a file (e.g. ${path.replace(/\/+$/, '')}/kbeauty-api.log)`]
    await access(path, constants.W_OK)
    return []
  } catch (err) {
    if (errno(err) !== 'ENOENT')
      return [`LOG_FILE: ${path} cannot be appended to: ${why(err)}; fix its owner or mode, or unset LOG_FILE to log to stdout`]
  }
  const dir = dirname(path)
  try {
    if (!(await stat(dir)).isDirectory()) return [`LOG_FILE: ${dir} is not a directory`]
    await access(dir, constants.W_OK)
    return []
  } catch (err) {
    return [
      `LOG_FILE: cannot create ${path}: directory ${dir} ${why(err)}; create it writable for this user, or unset LOG_FILE to log to stdout`,
    ]
  }
}

/** STATE_DIR (the startup-alert lock) must be a writable directory, or creatable. */
export async function checkStateDir(path: string): Promise<string[]> {
  const fix = 'make it a directory this user can write (with `docker run --read-only`, mount a tmpfs there)'
  try {
    const st = await stat(path)
    if (!st.isDirectory()) return [`STATE_DIR: ${path} is not a directory; ${fix}`]
    await access(path, constants.W_OK | constants.X_OK)
    return []
  } catch (err) {
    if (errno(err) !== 'ENOENT') return [`STATE_DIR: ${path} is not writable: ${why(err)}; ${fix}`]
  }
  try {
    await access(dirname(path), constants.W_OK | constants.X_OK)
    return []
  } catch (err) {
    return [`STATE_DIR: ${path} does not exist and cannot be created (${dirname(path)}: ${why(err)}); ${fix}`]
  }
}

/**
 * The database the service would serve: DB_PATH, else the embedded one. Opened and
 * verified exactly as at start (header, schema version, integrity), then closed.
 * @returns one line (the DatabaseError's message) or nothing; `summary` says what was checked.
 */
export function checkDatabase(dbPath: string | undefined, embeddedDbPath: string): { problems: string[]; summary: string } {
  const label = dbPath ? `DB_PATH ${dbPath}` : 'embedded database'
  try {
    const db = dbPath
      ? openDatabase({ kind: 'file', path: dbPath })
      : openDatabase({ kind: 'embedded', bytes: new Uint8Array(readFileSync(embeddedDbPath)), label: 'embedded database' })
    const n = (db.query('SELECT count(*) AS n FROM ingredients').get() as { n: number }).n
    db.close()
    return { problems: [], summary: `${label}: ok (${n} ingredients)` }
  } catch (err) {
    const message =
      err instanceof DatabaseError ? err.message : `database ${dbPath ?? 'embedded'}: ${String((err as Error)?.message ?? err)}`
    return { problems: [message], summary: `${label}: failed` }
  }
}
