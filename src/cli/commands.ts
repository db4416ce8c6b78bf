/**
 * The command table: every command of the executable, in the order `--help` lists them.
 * To add a command, write `src/cli/<name>.ts` exporting a `Command` (command.ts) and add
 * it here; parsing, `--help` and exit codes follow from the entry.
 */
import { analyze } from './analyze.ts'
import type { Command } from './command.ts'
import { configCheck } from './config-check.ts'
import { healthcheck } from './healthcheck.ts'
import { importCommand } from './import.ts'
import { serve } from './serve.ts'
import { version } from './version.ts'

export const COMMANDS: readonly Command[] = Object.freeze([serve, analyze, importCommand, healthcheck, configCheck, version])
