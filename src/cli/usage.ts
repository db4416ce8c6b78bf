/** Usage texts, generated from the command table so help never drifts from what is parsed. */
import type { Command, OptionSpec } from './command.ts'

const PROGRAM = 'kbeauty-api'

function optionUsage(name: string, o: OptionSpec): string {
  const flag = o.type === 'string' ? `--${name} ${o.value ?? 'VALUE'}` : `--${name}`
  return o.required ? flag : `[${flag}]`
}

/** `serve [--workers N|auto] [--env-file PATH]` */
export function synopsis(c: Command): string {
  const parts = [c.name, ...Object.entries(c.options).map(([n, o]) => optionUsage(n, o))]
  if (c.positionals) parts.push(c.positionals.usage)
  return parts.join(' ')
}

/** The help of one command: synopsis, summary, every option, -h. */
export function commandUsage(c: Command): string {
  const rows: [string, string][] = Object.entries(c.options).map(([n, o]) => [
    `${o.short ? `-${o.short}, ` : ''}--${n}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`,
    o.help,
  ])
  rows.push(['-h, --help', 'show this help and exit'])
  const width = Math.max(...rows.map(([l]) => l.length))
  return [`usage: ${PROGRAM} ${synopsis(c)}`, '', c.summary, '', 'options:', ...rows.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`)].join(
    '\n',
  )
}

/** The help of the whole executable, or of a group of subcommands (`config`). */
export function programUsage(commands: readonly Command[], group?: string): string {
  const shown = group ? commands.filter((c) => c.name.startsWith(`${group} `)) : commands
  const rows = shown.map((c) => [synopsis(c), c.summary] as const)
  const width = Math.max(...rows.map(([s]) => s.length))
  return [
    `usage: ${PROGRAM} ${group ? `${group} <subcommand>` : '<command>'} [options]`,
    '',
    group ? 'subcommands:' : 'commands:',
    ...rows.map(([s, h]) => `  ${s.padEnd(width)}  ${h}`),
    '',
    `${PROGRAM} ${group ? `${group} <subcommand>` : '<command>'} --help shows its options${group ? '' : `; ${PROGRAM} --version prints the version`}.`,
  ].join('\n')
}
