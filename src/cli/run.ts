/**
 * Runs one command line: parse (cli/parse.ts), run the command, and turn every failure
 * into one message on stderr and an exit code (cli/command.ts EXIT). Never throws.
 */
import { ConfigError } from '../config-error.ts'
import { DatabaseError } from '../db/open.ts'
import { EnvFileError } from '../env-file.ts'
import { type CliIO, CommandError, EXIT, UsageError } from './command.ts'
import { COMMANDS } from './commands.ts'
import { parseCommandLine } from './parse.ts'

/** Resolves with the exit code, or undefined when the command keeps the process running. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number | undefined> {
  try {
    const parsed = parseCommandLine(argv, COMMANDS)
    if (parsed.kind === 'help') {
      io.out(`${parsed.text}\n`)
      return EXIT.ok
    }
    return await parsed.command.run(parsed.input, io)
  } catch (err) {
    const fail = (message: string, code: number) => {
      io.err(`kbeauty-api: ${message}\n`)
      return code
    }
    if (err instanceof UsageError) return fail(`${err.message}\n\n${err.usage}`, EXIT.usage)
    if (err instanceof ConfigError) return fail(err.message, EXIT.config)
    if (err instanceof EnvFileError) return fail(err.message, EXIT.config)
    if (err instanceof DatabaseError) return fail(err.message, EXIT.noInput)
    if (err instanceof CommandError) return fail(err.message, err.exitCode)
    return fail(`fatal: ${err instanceof Error ? err.message : String(err)}`, EXIT.failure)
  }
}
