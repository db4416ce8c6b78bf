/**
 * The `analyze` command as main.ts calls it: real stdin/stdout/stderr and the database
 * from DB_PATH (else the one embedded in the executable). One function, so the argv
 * handling in main.ts stays a single call.
 */
import { readFileSync } from 'node:fs'
import { openDatabase } from '../db/open.ts'
import { runAnalyze } from './analyze.ts'

/** @returns the exit code of `runAnalyze`. @throws DatabaseError when the database cannot be opened. */
export function runAnalyzeFromMain(args: readonly string[], o: { env: Record<string, string | undefined>; embeddedDbPath: string }): Promise<number> {
  return runAnalyze(args, {
    openDatabase: () =>
      o.env.DB_PATH
        ? openDatabase({ kind: 'file', path: o.env.DB_PATH })
        : openDatabase({ kind: 'embedded', bytes: new Uint8Array(readFileSync(o.embeddedDbPath)), label: 'embedded database' }),
    readStdin: () => Bun.stdin.text(),
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  })
}
