import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { ImportError } from './import-error.ts'

/** How a file's bytes were decoded. */
export type SourceEncoding = 'utf-8' | 'cp949'

/**
 * Reads a source file as text: UTF-8 (a BOM is dropped), or CP949 when `allowCp949` is set
 * and the bytes are not valid UTF-8. Why CP949: the MFDS download on data.go.kr is CP949;
 * the copy in ../shared/data was re-encoded to UTF-8 (SOURCES.md §3), an operator's own
 * download may not be. Line endings are normalised to "\n".
 * Throws ImportError (naming the file) when the file cannot be read or decoded.
 */
export async function readSourceText(
  path: string,
  opts: { allowCp949?: boolean } = {},
): Promise<{ text: string; encoding: SourceEncoding }> {
  const file = basename(path)
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (err) {
    throw new ImportError(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err })
  }
  let text: string
  let encoding: SourceEncoding = 'utf-8'
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch (err) {
    if (!opts.allowCp949) throw new ImportError(`${file}: expected UTF-8 text, found invalid UTF-8 bytes`, { cause: err })
    try {
      // WHATWG "euc-kr" is Windows code page 949 (a superset of EUC-KR).
      text = new TextDecoder('euc-kr', { fatal: true }).decode(bytes)
      encoding = 'cp949'
    } catch {
      throw new ImportError(`${file}: expected UTF-8 or CP949 text, found bytes that are neither`, { cause: err })
    }
  }
  return { text: text.replace(/\r\n?/g, '\n'), encoding }
}
