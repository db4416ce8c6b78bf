/** The command-line parser over a table (src/cli/parse.ts): a command with a positional and options, as `analyze` will be. */
import { expect, test } from 'bun:test'
import { type Command, UsageError } from '../../src/cli/command.ts'
import { COMMANDS } from '../../src/cli/commands.ts'
import { parseCommandLine } from '../../src/cli/parse.ts'

const analyze: Command = {
  name: 'analyze',
  summary: 'analyse a label',
  options: { 'product-type': { type: 'string', value: 'TYPE', help: 'product type' }, json: { type: 'boolean', help: 'print JSON' } },
  positionals: { usage: '[FILE|-]', max: 1 },
  run: async () => 0,
}
const table = [...COMMANDS, analyze]

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
  [['analyze', 'a.txt', 'b.txt'], 'analyze takes at most 1 argument (analyze [--product-type TYPE] [--json] [FILE|-])'],
  [['analyze', '--json=yes'], '--json takes no value'],
  [['analyze', '--product-type'], '--product-type needs a value (--product-type TYPE)'],
  [['analyze', '--product-type='], '--product-type needs a non-empty value (--product-type TYPE)'],
])('%j → UsageError %p', (argv, message) => {
  expect(usageError(argv)).toBe(message)
})

test('the help of a table entry lists it', () => {
  const help = parseCommandLine(['--help'], table)
  expect(help.kind === 'help' && help.text).toContain('  analyze [--product-type TYPE] [--json] [FILE|-]')
})
