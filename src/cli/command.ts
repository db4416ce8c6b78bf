/**
 * What a command of the executable is: its name, its options (node:util parseArgs with
 * `strict: true`), its help text and the function that runs it. Commands get everything
 * from the outside world through CliIO, so importing a command module does nothing.
 */
import type { Env } from '../config.ts'

/** Exit codes (sysexits.h): what a caller such as systemd or a script can act on. */
export const EXIT = Object.freeze({
  ok: 0,
  failure: 1,
  /** EX_USAGE: unknown command, option or argument. */
  usage: 64,
  /** EX_NOINPUT: the database or an input file cannot be used. */
  noInput: 66,
  /** EX_UNAVAILABLE: a service the configuration names (Redis) does not answer. */
  unavailable: 69,
  /** EX_CANTCREAT: an output file cannot be created. */
  cantCreate: 73,
  /** EX_CONFIG: the configuration is wrong; systemd should not restart into it. */
  config: 78,
})

/** The outside world of a command: passed in by main.ts. */
export type CliIO = {
  env: Env
  out: (text: string) => void
  err: (text: string) => void
  /** Path of the database embedded in the executable. */
  embeddedDbPath: string
}

export type OptionSpec = {
  type: 'string' | 'boolean'
  short?: string
  /** Placeholder in the usage line, e.g. `N|auto`. */
  value?: string
  /** The command refuses to run without it. */
  required?: boolean
  help: string
}

export type CommandInput = { values: Record<string, string | boolean | undefined>; positionals: string[] }

export type Command = {
  /** One word, or two for a subcommand (`config check`). */
  name: string
  summary: string
  options: Readonly<Record<string, OptionSpec>>
  /** Positional arguments, when the command takes any: their usage text and how many at most. */
  positionals?: { usage: string; max: number }
  /**
   * Runs the command. Resolves with the exit code, or with nothing when the process must
   * keep running (a server that listens until a signal).
   */
  run: (input: CommandInput, io: CliIO) => Promise<number | undefined>
}

/** The command line is wrong. `usage` is the usage text to print after the message. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message)
    this.name = 'UsageError'
  }
}

/** A command could not do its job for a reason the operator can fix; `exitCode` says which kind. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message)
    this.name = 'CommandError'
  }
}
