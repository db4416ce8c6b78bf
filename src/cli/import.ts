/**
 * `kbeauty-api import`: build a database from the official source files. The output path
 * is checked before the import starts (it takes seconds): not a directory, in a directory
 * that exists and that this user can write.
 */
import { accessSync, constants, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { type Command, CommandError, EXIT } from './command.ts'

const errno = (err: unknown) => (err as NodeJS.ErrnoException)?.code ?? 'error'

/** @throws CommandError (73) naming what is wrong with `out` and how to fix it. */
export function checkOutFile(out: string): void {
  try {
    if (statSync(out).isDirectory()) {
      throw new CommandError(
        `import --out ${out}: is a directory; give the path of the database file to write (e.g. ${out.replace(/\/+$/, '')}/kbeauty.sqlite)`,
        EXIT.cantCreate,
      )
    }
  } catch (err) {
    if (err instanceof CommandError) throw err
    if (errno(err) !== 'ENOENT') throw new CommandError(`import --out ${out}: cannot be used (${errno(err)})`, EXIT.cantCreate)
  }
  const dir = dirname(resolve(out))
  try {
    if (!statSync(dir).isDirectory()) throw new CommandError(`import --out ${out}: ${dir} is not a directory`, EXIT.cantCreate)
    accessSync(dir, constants.W_OK)
  } catch (err) {
    if (err instanceof CommandError) throw err
    throw new CommandError(
      errno(err) === 'ENOENT'
        ? `import --out ${out}: directory ${dir} does not exist; create it first (mkdir -p ${dir})`
        : `import --out ${out}: cannot write in ${dir} (${errno(err)})`,
      EXIT.cantCreate,
    )
  }
}

/** @throws CommandError (66) when `sources` is not a readable directory. */
function checkSourcesDir(sources: string): void {
  try {
    if (!statSync(sources).isDirectory())
      throw new CommandError(`import --sources ${sources}: is not a directory; give the directory holding the source files`, EXIT.noInput)
  } catch (err) {
    if (err instanceof CommandError) throw err
    throw new CommandError(
      `import --sources ${sources}: ${errno(err) === 'ENOENT' ? 'does not exist' : `cannot be read (${errno(err)})`}`,
      EXIT.noInput,
    )
  }
}

export const importCommand: Command = {
  name: 'import',
  summary: 'build a database file from the official source files',
  options: {
    sources: { type: 'string', value: 'DIR', required: true, help: 'directory holding the source files (named as in SOURCES.md)' },
    out: { type: 'string', value: 'FILE', required: true, help: 'database file to write (replaced atomically); its directory must exist' },
  },
  async run({ values }, io) {
    const sources = values.sources as string
    const out = values.out as string
    checkSourcesDir(sources)
    checkOutFile(out)
    const { importDatabase, formatSummary, ImportError } = await import('../importer/index.ts')
    try {
      const summary = await importDatabase({ sourcesDir: sources, outFile: out })
      io.out(`${formatSummary(summary)}\n`)
      return EXIT.ok
    } catch (err) {
      if (err instanceof ImportError) throw new CommandError(`import failed: ${err.message}`, EXIT.failure)
      throw err
    }
  },
}
