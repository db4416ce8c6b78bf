/**
 * Builds the SQLite database from the source files.
 *
 *   bun scripts/import.ts [--sources DIR] [--out FILE]
 *
 * DIR defaults to $DATA_SOURCES_DIR, else data/sample; FILE defaults to data/kbeauty.sqlite.
 * Prints the import summary; on an ImportError prints `import failed: <message>` to stderr
 * and exits 1.
 */
import { parseArgs } from 'node:util'
import { formatSummary, ImportError, importDatabase } from '../src/importer/index.ts'

const DEFAULT_SOURCES_DIR = 'data/sample'
const DEFAULT_OUT_FILE = 'data/kbeauty.sqlite'

async function main(): Promise<number> {
  let values: { sources?: string; out?: string }
  try {
    ;({ values } = parseArgs({
      args: Bun.argv.slice(2),
      options: { sources: { type: 'string' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }))
  } catch (err) {
    console.error(`import failed: ${(err as Error).message}\nusage: bun scripts/import.ts [--sources DIR] [--out FILE]`)
    return 2
  }
  const sourcesDir = values.sources ?? (process.env.DATA_SOURCES_DIR || DEFAULT_SOURCES_DIR)
  const outFile = values.out ?? DEFAULT_OUT_FILE
  try {
    const summary = await importDatabase({ sourcesDir, outFile })
    console.log(formatSummary(summary))
    return 0
  } catch (err) {
    if (err instanceof ImportError) {
      console.error(`import failed: ${err.message}`)
      return 1
    }
    throw err
  }
}

process.exitCode = await main()
