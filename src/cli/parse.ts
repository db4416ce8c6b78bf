/**
 * The command line → which command with which values, using node:util parseArgs with
 * `strict: true`: an unknown option, an option the command does not take, a missing value
 * or an extra argument is a UsageError (exit 64), never ignored.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { type Command, type CommandInput, UsageError } from './command.ts'
import { commandUsage, programUsage, synopsis } from './usage.ts'

export type Parsed = { kind: 'help'; text: string } | { kind: 'run'; command: Command; input: CommandInput }

const HELP = new Set(['-h', '--help', 'help'])
const shown = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)

/** Reads parseArgs' error into words that name the command and the option. */
function usageError(err: unknown, c: Command): UsageError {
  const e = err as { code?: string; message?: string }
  const quoted = /'([^']+)'/.exec(e.message ?? '')?.[1] ?? ''
  const option = quoted.split(/[ ,]/).find((w) => w.startsWith('--')) ?? quoted
  const usage = commandUsage(c)
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`${c.name} does not take ${shown(option).slice(1, -1)}`, usage)
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`${c.name} takes no argument ${shown(quoted)}`, usage)
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = option.replace(/^--/, '')
      const spec = c.options[name]
      if (spec?.type === 'boolean' || /does not take an argument/.test(e.message ?? ''))
        return new UsageError(`${option} takes no value`, usage)
      const hint = /ambiguous/.test(e.message ?? '') ? `; for a value starting with "-" write ${option}=VALUE` : ''
      return new UsageError(`${option} needs a value (${option} ${spec?.value ?? 'VALUE'})${hint}`, usage)
    }
    default:
      return new UsageError(e.message ?? 'invalid command line', usage)
  }
}

/**
 * @throws UsageError with the message and the usage text to print.
 */
export function parseCommandLine(argv: readonly string[], commands: readonly Command[]): Parsed {
  const all = programUsage(commands)
  const [first, ...rest] = argv
  if (first === undefined) throw new UsageError('no command given', all)
  if (HELP.has(first)) return { kind: 'help', text: all }
  if (first === '--version') {
    if (rest.length > 0) throw new UsageError(`--version takes no argument ${shown(rest[0]!)}`, all)
    const version = commands.find((c) => c.name === 'version')!
    return { kind: 'run', command: version, input: { values: {}, positionals: [] } }
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${shown(first).slice(1, -1)} (options go after the command)`, all)

  let command = commands.find((c) => c.name === first)
  let args = rest
  if (!command) {
    const group = commands.filter((c) => c.name.startsWith(`${first} `))
    if (group.length === 0) throw new UsageError(`unknown command ${shown(first)}`, all)
    const names = group.map((c) => c.name.split(' ')[1]).join(', ')
    const groupUsage = programUsage(commands, first)
    const [sub, ...subRest] = rest
    if (sub === undefined) throw new UsageError(`${first} needs a subcommand: ${names}`, groupUsage)
    if (HELP.has(sub)) return { kind: 'help', text: groupUsage }
    command = group.find((c) => c.name === `${first} ${sub}`)
    if (!command) throw new UsageError(`${first} has no subcommand ${shown(sub)}; it has: ${names}`, groupUsage)
    args = subRest
  }

  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } }
  for (const [name, o] of Object.entries(command.options)) options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type }
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] }
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: command.positionals !== undefined }) as typeof parsed
  } catch (err) {
    throw usageError(err, command)
  }
  if (parsed.values.help) return { kind: 'help', text: commandUsage(command) }
  const max = command.positionals?.max ?? 0
  if (parsed.positionals.length > max) {
    throw new UsageError(
      `${command.name} takes at most ${max} argument${max === 1 ? '' : 's'} (${synopsis(command)})`,
      commandUsage(command),
    )
  }
  for (const [name, o] of Object.entries(command.options)) {
    const v = parsed.values[name]
    if (o.required && v === undefined) throw new UsageError(`${command.name} needs --${name} ${o.value ?? 'VALUE'}`, commandUsage(command))
    if (o.type === 'string' && v === '')
      throw new UsageError(`--${name} needs a non-empty value (--${name} ${o.value ?? 'VALUE'})`, commandUsage(command))
  }
  delete parsed.values.help
  return { kind: 'run', command, input: parsed }
}
