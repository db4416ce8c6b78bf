/**
 * The one error the importer throws on purpose: a source file is missing, unreadable or not
 * in the format documented in ../shared/data/SOURCES.md. The message always starts with the
 * file's base name (never a full path) and says what was expected, so an operator can fix
 * the download without reading code.
 */
export class ImportError extends Error {
  override readonly name = 'ImportError'

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}
