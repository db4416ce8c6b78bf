#!/usr/bin/env bun
/**
 * The executable's entry point and the only module with side effects: it hands argv, the
 * environment, stdout/stderr and the embedded database to the command line runner, and
 * exits with its code. The commands are in src/cli/commands.ts; `kbeauty-api --help`
 * lists them.
 */
import embeddedDbPath from '../data/kbeauty.sqlite' with { type: 'file' }
import { runCli } from './cli/run.ts'

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  embeddedDbPath,
})
// undefined: a server is listening and exits on a signal.
if (code !== undefined) process.exit(code)
