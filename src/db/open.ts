/**
 * Opening the ingredient database read-only and checking it before the service starts.
 */
import { Database } from 'bun:sqlite'
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { openCachedCopy } from './cache-file.ts'
import { bunSection, type MappedBytes, mapExecutableSection } from './executable-map.ts'
import { SCHEMA_VERSION } from './schema.ts'

/** databaseHash() of the embedded database, set by scripts/build.ts with `--define`. */
declare const KBEAUTY_DB_HASH: string | undefined

/**
 * Hash of the database embedded by the release build, or null when running from source
 * (then the embedded bytes get `PRAGMA quick_check` like a DB_PATH file).
 */
export const EMBEDDED_DB_HASH: string | null = typeof KBEAUTY_DB_HASH === 'string' ? KBEAUTY_DB_HASH : null

/** The database cannot be used. `message` is one line an operator can act on. */
export class DatabaseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DatabaseError'
  }
}

export type DatabaseSource =
  | {
      kind: 'file'
      path: string
      /** The caller proved the file's bytes (db/cache-file.ts hashes its copy): no `PRAGMA quick_check`. */
      verified?: boolean
    }
  | {
      kind: 'embedded'
      bytes: Uint8Array
      label?: string
      /** databaseHash() the bytes must have; null → `PRAGMA quick_check`. @default EMBEDDED_DB_HASH */
      hash?: string | null
    }

const SQLITE_MAGIC = 'SQLite format 3\0'

/**
 * Opens the database read-only at the SQLite level and verifies it:
 *  - `file`: opened with SQLITE_OPEN_READONLY (a write fails even after `PRAGMA query_only=OFF`);
 *  - `embedded`: `Database.deserialize(bytes, { readonly: true })` (SQLITE_DESERIALIZE_READONLY).
 * Then `query_only=ON`, and checks: SQLite header, not WAL mode (header bytes 18–19 = 2, see
 * https://sqlite.org/fileformat.html §1.3.3), `user_version` = SCHEMA_VERSION, and integrity:
 * an embedded database whose build recorded its hash must have exactly those bytes (≈ 5 ms
 * for 29 MB); anything else — DB_PATH files, or embedded bytes without a recorded hash — must
 * pass `PRAGMA quick_check` (≈ 130 ms for the official data).
 * @throws DatabaseError with one line naming the file and the problem.
 */
export function openDatabase(source: DatabaseSource): Database {
  const label = source.kind === 'file' ? source.path : (source.label ?? 'embedded database')
  let header: Uint8Array
  if (source.kind === 'file') {
    let fd: number | undefined
    try {
      fd = openSync(source.path, 'r')
      header = new Uint8Array(100)
      const n = readSync(fd, header, 0, 100, 0)
      header = header.subarray(0, n)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      throw new DatabaseError(
        code === 'ENOENT'
          ? `database ${label} does not exist; build it with "kbeauty-api import --sources DIR --out ${label}", or unset DB_PATH to serve the embedded one`
          : `database ${label} cannot be read (${code ?? 'error'})`,
      )
    } finally {
      if (fd !== undefined) closeSync(fd)
    }
  } else {
    header = source.bytes.subarray(0, 100)
  }
  checkHeader(header, label)
  const expectedHash = source.kind === 'embedded' ? (source.hash === undefined ? EMBEDDED_DB_HASH : source.hash) : null
  if (expectedHash !== null && source.kind === 'embedded') {
    const actual = databaseHash(source.bytes)
    if (actual !== expectedHash) {
      throw new DatabaseError(
        `database ${label} has hash ${actual}, the build recorded ${expectedHash} (the executable is damaged or was altered; reinstall it)`,
      )
    }
  }

  let db: Database
  try {
    db =
      source.kind === 'file'
        ? new Database(source.path, { readonly: true, strict: true })
        : Database.deserialize(source.bytes, { readonly: true, strict: true })
  } catch {
    throw new DatabaseError(`database ${label} cannot be opened by SQLite`)
  }
  try {
    db.run('PRAGMA query_only = ON')
    const version = (db.query('PRAGMA user_version').get() as { user_version: number }).user_version
    if (version !== SCHEMA_VERSION) {
      throw new DatabaseError(
        `database ${label} has schema version ${version}, this build needs ${SCHEMA_VERSION}; rebuild it with "kbeauty-api import --sources DIR --out FILE"`,
      )
    }
    if (source.kind === 'file' && source.verified) {
      // The verified copy (db/cache-file.ts) is never written in place — it is replaced by
      // rename — so the shared lock is kept once taken instead of taken and dropped around
      // every statement (two fcntl calls: ≈ 3 µs a query → ≈ 0.3 µs), and SQLite's page
      // cache stays valid between statements (no change-counter read). A DB_PATH file keeps
      // SQLite's default, so a file that breaks under the service is noticed (503, 500s).
      db.run('PRAGMA locking_mode = EXCLUSIVE')
    }
    if (expectedHash === null && !(source.kind === 'file' && source.verified)) {
      const check = db.query('PRAGMA quick_check').all() as { quick_check: string }[]
      if (check.length !== 1 || check[0]!.quick_check !== 'ok') {
        throw new DatabaseError(
          `database ${label} failed PRAGMA quick_check (corrupt file); rebuild it with "kbeauty-api import --sources DIR --out FILE"`,
        )
      }
    }
    const tables = db
      .query("SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('ingredients','names','names_fts','sources')")
      .get() as { n: number }
    if (tables.n !== 4) throw new DatabaseError(`database ${label} is not a kbeauty-api database (tables missing)`)
  } catch (err) {
    db.close()
    if (err instanceof DatabaseError) throw err
    throw new DatabaseError(`database ${label} is corrupt or not a kbeauty-api database`)
  }
  return db
}

/**
 * The embedded database's integrity hash: xxHash3-64 as 16 hex digits (≈ 5 ms for 64 MB,
 * SHA-256 ≈ 50 ms). It detects damage — a flipped byte, a cut or edited copy. Against a
 * deliberate edit no hash kept in the same executable helps, cryptographic or not: that is
 * what the executable's `.sha256`, checked at install, is for.
 */
export function databaseHash(bytes: Uint8Array): string {
  return Bun.hash.xxHash3(bytes).toString(16).padStart(16, '0')
}

/**
 * Opens the database embedded in the executable (`path` is its `/$bunfs/…` path) as
 * `openDatabase({ kind: 'embedded' })` does, from the cheapest source that works:
 *  1. on Linux, the executable's `.bun` section mapped read-only (db/executable-map.ts):
 *     no read, no second copy, unmapped as soon as SQLite holds its own;
 *  2. else the bytes read with pread from the executable (readEmbeddedFromExecutable),
 *     then collected, so the resident memory is the database once (≈ 3–13 ms);
 *  3. else, or when those bytes fail the checks, `/$bunfs/` itself — whose read faults
 *     every page of the executable's mapping in, pages that would then stay resident —
 *     so a damaged executable is reported from the bytes Bun embedded.
 * @throws DatabaseError as openDatabase.
 */
export function openEmbeddedDatabase(path: string, label = 'embedded database', cacheDir?: string): Database {
  cacheProblem = null
  if (cacheDir && EMBEDDED_DB_HASH !== null && path.startsWith('/$bunfs/')) {
    const size = Bun.file(path).size
    const cached = openCachedCopy({
      dir: cacheDir,
      hash: EMBEDDED_DB_HASH,
      size,
      embedded: () => mapEmbeddedDatabase(path),
      hashOf: databaseHash,
      open: (file) => openDatabase({ kind: 'file', path: file, verified: true }),
    })
    if (cached.db) {
      embeddedSource = cached.wrote ? 'cache-written' : 'cache'
      return cached.db
    }
    cacheProblem = cached.reason
  }
  const mapped = mapEmbeddedDatabase(path)
  if (mapped !== null) {
    try {
      const db = openDatabase({ kind: 'embedded', bytes: mapped.bytes, label })
      embeddedSource = 'mapped'
      return db
    } catch (err) {
      if (!(err instanceof DatabaseError)) throw err
    } finally {
      mapped.release() // Database.deserialize copied the bytes; no view of the mapping survives this frame
    }
  }
  const db = openReadOrEmbedded(path, label)
  Bun.gc(true) // here, once no local of this frame holds the bytes read
  return db
}

export type EmbeddedSource = 'cache' | 'cache-written' | 'mapped' | 'read' | 'bunfs'
let embeddedSource: EmbeddedSource | null = null
let cacheProblem: string | null = null

/**
 * How the last openEmbeddedDatabase got the database — `cache` (the verified copy on
 * disk, db/cache-file.ts), `cache-written` (copy written first), `mapped`, `read`, `bunfs`
 * (in memory) — and why the copy was not used (null when it was or none was asked for).
 * Logged at start, so operators and tests see which path was taken.
 */
export function embeddedDatabaseSource(): { read: EmbeddedSource | null; cacheProblem: string | null } {
  return { read: embeddedSource, cacheProblem }
}

function openReadOrEmbedded(path: string, label: string): Database {
  const located = readEmbeddedFromExecutable(path)
  if (located !== null) {
    try {
      const db = openDatabase({ kind: 'embedded', bytes: located, label })
      embeddedSource = 'read'
      return db
    } catch (err) {
      if (!(err instanceof DatabaseError)) throw err
    }
  }
  const db = openDatabase({ kind: 'embedded', bytes: readFileSync(path), label })
  embeddedSource = 'bunfs'
  return db
}

/** True when the SQLite header at `at` in `buf` describes a file of `size` bytes: page size × page count (header bytes 16–17 and 28–31, https://sqlite.org/fileformat.html §1.3). */
function headerHasSize(buf: Buffer, at: number, size: number): boolean {
  if (at + 100 > buf.length) return false
  const pageSize = buf.readUInt16BE(at + 16) === 1 ? 65536 : buf.readUInt16BE(at + 16)
  return pageSize * buf.readUInt32BE(at + 28) === size
}

/** Index in `section` of the SQLite header of a `size`-byte database (headerHasSize); -1 when none. */
function findDatabase(section: Buffer, size: number): number {
  for (let i = section.indexOf(SQLITE_MAGIC, 0, 'latin1'); i >= 0; i = section.indexOf(SQLITE_MAGIC, i + 1, 'latin1')) {
    if (i + size > section.length) return -1
    if (headerHasSize(section, i, size)) return i
  }
  return -1
}

/**
 * The embedded file `path` as a read-only mapping of the running executable's `.bun`
 * section (db/executable-map.ts), or null when it cannot be mapped or found there.
 */
export function mapEmbeddedDatabase(path: string): MappedBytes | null {
  if (process.platform !== 'linux' || !path.startsWith('/$bunfs/')) return null
  const section = mapExecutableSection()
  if (section === null) return null
  const size = Bun.file(path).size
  const at = findDatabase(Buffer.from(section.bytes.buffer, section.bytes.byteOffset, section.bytes.length), size)
  if (at < 0) {
    section.release()
    return null
  }
  return { bytes: section.bytes.subarray(at, at + size), release: section.release }
}

const SCAN_CHUNK = 1 << 22

/**
 * The bytes of the embedded file `path` read with pread from the running executable
 * (process.execPath): the SQLite header inside its `.bun` section whose page size × page
 * count is the embedded file's size. Null when not a Linux ELF executable, no `.bun`
 * section, or no such header: the caller then reads `/$bunfs/` (the bytes are verified by
 * openDatabase either way).
 */
export function readEmbeddedFromExecutable(path: string): Uint8Array | null {
  if (process.platform !== 'linux' || !path.startsWith('/$bunfs/')) return null
  let fd: number | undefined
  try {
    const size = Bun.file(path).size
    fd = openSync(process.execPath, 'r')
    const bun = bunSection(fd)
    if (!bun || size > bun.size) return null
    const read = (length: number, position: number) => {
      const buf = Buffer.allocUnsafe(length)
      return buf.subarray(0, readSync(fd!, buf, 0, length, position))
    }
    const end = bun.offset + bun.size
    for (let at = bun.offset; at < end; at += SCAN_CHUNK) {
      const chunk = read(Math.min(SCAN_CHUNK + 99, end - at), at)
      for (let i = chunk.indexOf(SQLITE_MAGIC, 0, 'latin1'); i >= 0 && i < SCAN_CHUNK; i = chunk.indexOf(SQLITE_MAGIC, i + 1, 'latin1')) {
        if (at + i + size > end) return null
        const header = i + 100 <= chunk.length ? chunk.subarray(i, i + 100) : read(100, at + i)
        if (headerHasSize(header, 0, size)) {
          const bytes = read(size, at + i)
          return bytes.length === size ? bytes : null
        }
      }
    }
    return null
  } catch {
    return null
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function checkHeader(header: Uint8Array, label: string): void {
  if (header.length < 100 || new TextDecoder().decode(header.subarray(0, 16)) !== SQLITE_MAGIC) {
    throw new DatabaseError(`database ${label} is not an SQLite database (empty, truncated or another format)`)
  }
  if (header[18] === 2 || header[19] === 2) {
    throw new DatabaseError(
      `database ${label} is in WAL mode; it must use journal_mode=DELETE to be opened read-only; rebuild it with "kbeauty-api import --sources DIR --out FILE"`,
    )
  }
}
