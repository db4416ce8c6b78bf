/** The command-line parser over the command table (src/cli/parse.ts), on `analyze`: a positional and string/boolean options. */
import { expect, test } from 'bun:test'
import { UsageError } from '../../src/cli/command.ts'
import { COMMANDS } from '../../src/cli/commands.ts'
import { parseCommandLine } from '../../src/cli/parse.ts'

const table = COMMANDS

function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv, table)
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as UsageError).message
  }
  throw new Error('expected a UsageError')
}

test.each([
  [['analyze'], { values: {}, positionals: [] }],
  [['analyze', '-'], { values: {}, positionals: ['-'] }],
  [
    ['analyze', 'label.txt', '--json', '--product-type=rinse-off'],
    { values: { json: true, 'product-type': 'rinse-off' }, positionals: ['label.txt'] },
  ],
])('%j → %j', (argv, input) => {
  const parsed = parseCommandLine(argv, table)
  expect(parsed.kind).toBe('run')
  if (parsed.kind === 'run') {
    expect(parsed.command.name).toBe('analyze')
    expect(parsed.input).toEqual(input)
  }
})

test.each([
  [['analyze', 'a.txt', 'b.txt'], 'analyze takes at most 1 argument (analyze [--product-type TYPE] [--markets EU,KR] [--json] [FILE|-])'],
  [['analyze', '--json=yes'], '--json takes no value'],
  [['analyze', '--product-type'], '--product-type needs a value (--product-type TYPE)'],
  [['analyze', '--product-type='], '--product-type needs a non-empty value (--product-type TYPE)'],
])('%j → UsageError %p', (argv, message) => {
  expect(usageError(argv)).toBe(message)
})

test('the help of a table entry lists it', () => {
  const help = parseCommandLine(['--help'], table)
  expect(help.kind === 'help' && help.text).toContain('  analyze [--product-type TYPE] [--markets EU,KR] [--json] [FILE|-]')
})
