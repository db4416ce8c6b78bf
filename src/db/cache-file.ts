/**
 * The embedded database served from a verified copy on disk instead of from memory.
 *
 * Why: Database.deserialize copies the 68 MB database into the process (≈ 45 ms of page
 * faults at every start, 68 MB of anonymous memory for the process's life, per worker).
 * A file opened read-only costs neither: SQLite reads the pages queries need with pread
 * into its own page cache (2 MB, SQLite's default). Not through SQLite's memory map
 * (PRAGMA mmap_size): every page touched through the map stays in the process's resident
 * set — 16 MB at rest and 26 MB under load more than pread, for the same throughput
 * (measured for issue #15: RSS under load ≤ 150 MB) — and a copy truncated under the
 * running service would end it with SIGBUS instead of an I/O error.
 *
 * The copy is `DIR/kbeauty-<hash>.sqlite`, <hash> being the embedded database's build
 * hash (db/open.ts EMBEDDED_DB_HASH), so a new release never reads an old copy. It is
 * trusted only as far as it is proven, at every start, fail closed:
 *  - DIR is created 0700 and must be a real directory (not a symlink), owned by this
 *    user, with no access for group or others; else the copy is not used at all;
 *  - the file is opened with O_NOFOLLOW and must be a regular file of this user, not
 *    writable by group or others, of exactly the embedded size;
 *  - its bytes must hash to the build hash (xxHash3 over a read-only mapping, ≈ 10 ms);
 *  - after SQLite opened it by path, the path must still name the inode that was hashed.
 * A copy failing any check is replaced: written from the embedded bytes (themselves
 * checked against the hash first) to a fresh 0600 temporary file in DIR, renamed over it.
 * Who can defeat this: only this user or root (DIR is theirs alone) — who could as well
 * replace the executable (docs/SECURITY.md).
 */
import type { Database } from 'bun:sqlite'
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { type MappedBytes, mapFile } from './executable-map.ts'

export type CachedOpen =
  | { db: Database; wrote: boolean }
  | {
      db: null
      /** Why the copy cannot be used (one line for the start-up log). */
      reason: string
    }

export type CacheOptions = {
  dir: string
  /** Build hash of the embedded database (16 hex digits). */
  hash: string
  /** Embedded database size, bytes. */
  size: number
  /** The embedded bytes (a read-only mapping), asked for only when the copy must be written. */
  embedded: () => MappedBytes | null
  /** databaseHash of db/open.ts (passed in: no import cycle). */
  hashOf: (bytes: Uint8Array) => string
  /** Opens a verified file as db/open.ts openDatabase does (schema version, tables). */
  open: (path: string) => Database
}

/** Opens the verified copy in `o.dir`, writing it first when missing or failing a check. Never throws for the copy's sake. */
export function openCachedCopy(o: CacheOptions): CachedOpen {
  const dirProblem = privateDirectory(o.dir)
  if (dirProblem) return { db: null, reason: dirProblem }
  const file = join(o.dir, `kbeauty-${o.hash}.sqlite`)
  const first = openVerified(file, o)
  if (first.db) return { db: first.db, wrote: false }
  const written = writeCopy(file, o)
  if (written) return { db: null, reason: `${first.reason}; ${written}` }
  const second = openVerified(file, o)
  return second.db ? { db: second.db, wrote: true } : { db: null, reason: second.reason }
}

function uid(): number | undefined {
  return process.getuid?.()
}

/** Null when `dir` is (or was made) a directory only this user can use; else why not. */
function privateDirectory(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const st = lstatSync(dir)
    if (!st.isDirectory()) return `${dir} is not a directory`
    if (uid() !== undefined && st.uid !== uid()) return `${dir} belongs to uid ${st.uid}, not this user`
    if ((st.mode & 0o077) !== 0) return `${dir} is open to group or others (mode ${(st.mode & 0o777).toString(8)}); make it 0700`
    return null
  } catch (err) {
    return `${dir} cannot be used (${(err as NodeJS.ErrnoException).code ?? 'error'})`
  }
}

function openVerified(file: string, o: CacheOptions): { db: Database; reason?: undefined } | { db: null; reason: string } {
  let fd: number | undefined
  try {
    try {
      fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      return { db: null, reason: code === 'ENOENT' ? 'no copy yet' : `copy cannot be opened (${code})` }
    }
    const st = fstatSync(fd)
    if (!st.isFile()) return { db: null, reason: 'copy is not a regular file' }
    if (uid() !== undefined && st.uid !== uid()) return { db: null, reason: 'copy belongs to another user' }
    if ((st.mode & 0o022) !== 0) return { db: null, reason: 'copy is writable by group or others' }
    if (st.size !== o.size) return { db: null, reason: `copy has ${st.size} bytes, not ${o.size}` }
    const mapped = mapFile(fd, 0, o.size)
    if (!mapped) return { db: null, reason: 'copy cannot be mapped' }
    let actual: string
    try {
      actual = o.hashOf(mapped.bytes)
    } finally {
      mapped.release()
    }
    if (actual !== o.hash) return { db: null, reason: `copy has hash ${actual}, not ${o.hash}` }
    const db = o.open(file)
    const now = statSync(file)
    if (now.ino !== st.ino || now.dev !== st.dev) {
      db.close()
      return { db: null, reason: 'copy was replaced while it was checked' }
    }
    return { db }
  } catch (err) {
    return { db: null, reason: `copy cannot be used (${(err as Error).message.slice(0, 200)})` }
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Writes the copy from the embedded bytes (checked against the hash first); null when done, else why not. */
function writeCopy(file: string, o: CacheOptions): string | null {
  const source = o.embedded()
  if (!source) return 'the embedded bytes cannot be mapped'
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`
  let fd: number | undefined
  try {
    if (source.bytes.length !== o.size || o.hashOf(source.bytes) !== o.hash) return 'the embedded bytes do not have the build hash'
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600)
    for (let at = 0; at < source.bytes.length; ) at += writeSync(fd, source.bytes, at, Math.min(1 << 22, source.bytes.length - at))
    closeSync(fd)
    fd = undefined
    renameSync(temp, file)
    return null
  } catch (err) {
    try {
      unlinkSync(temp)
    } catch {
      /* not created */
    }
    return `copy cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message.slice(0, 100)})`
  } finally {
    if (fd !== undefined) closeSync(fd)
    source.release()
  }
}
