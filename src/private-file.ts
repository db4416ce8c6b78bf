/**
 * Reading a file that may hold a secret (an env file, a `NAME_FILE` secret). Like ssh with a
 * private key, the file is refused when its group or others may read or write it
 * (mode & 0o077). Every failure is one sentence that says what is wrong and how to fix it.
 */
import { readFileSync, statSync } from 'node:fs'

/** The file cannot be used; `reason` completes "<what> <path>: <reason>". */
export class PrivateFileError extends Error {
  constructor(
    readonly reason: string,
    /** The errno code when the file system refused (ENOENT, EACCES, …), else undefined. */
    readonly code?: string,
  ) {
    super(reason)
    this.name = 'PrivateFileError'
  }
}

/** Why a file could not be read, in words, from the errno code. */
export function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code
  if (err instanceof PrivateFileError) return err.reason
  if (code === 'ENOENT') return 'does not exist'
  if (code === 'EISDIR') return 'is a directory; give the path of a file'
  if (code === 'EACCES' || code === 'EPERM') {
    return `cannot be read by this user (uid ${process.getuid?.() ?? '?'}); make it readable by the user the service runs as`
  }
  return `cannot be read (${code ?? 'error'})`
}

/**
 * Reads `path` as UTF-8 after checking it is a regular file only its owner can access.
 * @throws PrivateFileError (missing, a directory, unreadable, or mode & 0o077 ≠ 0).
 */
export function readPrivateFile(path: string): string {
  let mode: number
  let isFile: boolean
  try {
    const st = statSync(path)
    mode = st.mode
    isFile = st.isFile()
  } catch (err) {
    throw new PrivateFileError(describeReadError(err), (err as NodeJS.ErrnoException).code)
  }
  if (!isFile) throw new PrivateFileError(describeReadError({ code: 'EISDIR' }), 'EISDIR')
  if ((mode & 0o077) !== 0) {
    throw new PrivateFileError(
      `permissions ${(mode & 0o777).toString(8).padStart(4, '0')} are too open; it may hold secrets, so only its owner may ` +
        `read it (run: chmod 600 ${path})`,
    )
  }
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new PrivateFileError(describeReadError(err), (err as NodeJS.ErrnoException).code)
  }
}
