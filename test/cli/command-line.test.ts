/**
 * The command line of the compiled executable: strict parsing (exit 64 with usage on
 * anything it does not understand), --help per command (exit 0, nothing started),
 * --version, and the first line of each message, exactly.
 */
import { beforeAll, describe, expect, test } from 'bun:test'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBinary } from '../helpers/binary.ts'

let binary: string
const dir = mkdtempSync(join(tmpdir(), 'kbeauty-cli-'))

beforeAll(async () => {
  binary = await ensureBinary()
}, 180_000)

/** Runs the binary with only PATH in its environment; at most 10 s (a command that starts a server fails the test). */
function run(args: string[], env: Record<string, string> = {}) {
  const p = Bun.spawnSync([binary, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 10_000 })
  const stdout = p.stdout.toString()
  const stderr = p.stderr.toString()
  return { code: p.exitCode, stdout, stderr, first: (stderr || stdout).split('\n')[0] }
}

describe('refused with exit 64 and the usage', () => {
  test.each([
    [[], 'kbeauty-api: no command given', 'usage: kbeauty-api <command> [options]'],
    [['serve', '--bogus'], 'kbeauty-api: serve does not take --bogus', 'usage: kbeauty-api serve [--workers N|auto] [--env-file PATH]'],
    [['serve', 'extra'], 'kbeauty-api: serve takes no argument "extra"', 'usage: kbeauty-api serve [--workers N|auto] [--env-file PATH]'],
    [
      ['serve', '--workers'],
      'kbeauty-api: --workers needs a value (--workers N|auto)',
      'usage: kbeauty-api serve [--workers N|auto] [--env-file PATH]',
    ],
    [
      ['serve', '--workers', '--env-file', 'x'],
      'kbeauty-api: --workers needs a value (--workers N|auto); for a value starting with "-" write --workers=VALUE',
      'usage: kbeauty-api serve',
    ],
    [['serve', '--workers', 'lots'], 'kbeauty-api: --workers must be a number 1–256 or auto', 'usage: kbeauty-api serve'],
    [
      ['healthcheck', '--env-file', '/etc/x'],
      'kbeauty-api: healthcheck does not take --env-file',
      'usage: kbeauty-api healthcheck [--url URL]',
    ],
    [['config'], 'kbeauty-api: config needs a subcommand: check', 'usage: kbeauty-api config <subcommand> [options]'],
    [['config', 'show'], 'kbeauty-api: config has no subcommand "show"; it has: check', 'usage: kbeauty-api config <subcommand> [options]'],
    [
      ['config', 'check', '--workers', '2'],
      'kbeauty-api: config check does not take --workers',
      'usage: kbeauty-api config check [--env-file PATH]',
    ],
    [['import'], 'kbeauty-api: import needs --sources DIR', 'usage: kbeauty-api import --sources DIR --out FILE'],
    [['import', '--sources', 'data/sample'], 'kbeauty-api: import needs --out FILE', 'usage: kbeauty-api import --sources DIR --out FILE'],
    [['version', '--json'], 'kbeauty-api: version does not take --json', 'usage: kbeauty-api version'],
    [['version', '-x'], 'kbeauty-api: version does not take -x', 'usage: kbeauty-api version'],
    [
      ['--workers', '2', 'serve'],
      'kbeauty-api: unknown option --workers (options go after the command)',
      'usage: kbeauty-api <command> [options]',
    ],
    [['serv'], 'kbeauty-api: unknown command "serv"', 'usage: kbeauty-api <command> [options]'],
    [['serve', '--help=yes'], 'kbeauty-api: --help takes no value', 'usage: kbeauty-api serve'],
  ])('%j', (args, first, usage) => {
    const r = run(args as string[])
    expect(r.code).toBe(64)
    expect(r.first).toBe(first)
    expect(r.stderr).toContain(`\n\n${usage}`)
    expect(r.stdout).toBe('')
  })
})

describe('--help prints the usage on stdout and exits 0, starting nothing', () => {
  test.each([
    [['--help'], 'usage: kbeauty-api <command> [options]'],
    [['-h'], 'usage: kbeauty-api <command> [options]'],
    [['help'], 'usage: kbeauty-api <command> [options]'],
    [['serve', '--help'], 'usage: kbeauty-api serve [--workers N|auto] [--env-file PATH]'],
    [['serve', '-h', '--workers', '4'], 'usage: kbeauty-api serve [--workers N|auto] [--env-file PATH]'],
    [['import', '--help'], 'usage: kbeauty-api import --sources DIR --out FILE'],
    [['healthcheck', '-h'], 'usage: kbeauty-api healthcheck [--url URL]'],
    [['config', '--help'], 'usage: kbeauty-api config <subcommand> [options]'],
    [['config', 'check', '--help'], 'usage: kbeauty-api config check [--env-file PATH]'],
    [['version', '--help'], 'usage: kbeauty-api version'],
  ])('%j', (args, first) => {
    // A secret and a port are set so that a serve which wrongly started would listen (and time out).
    const r = run(args as string[], { RAPIDAPI_PROXY_SECRET: 'cli-test-secret-0123456789', PORT: '0', HOST: '127.0.0.1' })
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe(first)
    expect(r.stdout).not.toContain('"msg":"listening"')
    expect(r.stderr).toBe('')
  })

  test('the top-level help lists every command and config lists its subcommands', () => {
    const top = run(['--help']).stdout
    for (const c of [
      'serve [--workers N|auto] [--env-file PATH]',
      'import --sources DIR --out FILE',
      'healthcheck [--url URL]',
      'config check [--env-file PATH]',
      'version',
    ]) {
      expect(top).toContain(`  ${c}`)
    }
    expect(run(['config', '--help']).stdout).toContain('subcommands:\n  config check [--env-file PATH]')
  })
})

test('--version prints what `version` prints', () => {
  const a = run(['--version'])
  const b = run(['version'])
  expect(a.code).toBe(0)
  expect(a.stdout).toBe(b.stdout)
  expect(a.first).toMatch(/^kbeauty-api \d+\.\d+\.\d+$/)
})

describe('--env-file', () => {
  const file = join(dir, 'env')
  writeFileSync(file, 'RAPIDAPI_PROXY_SECRET=cli-env-file-secret-0123456789\n')
  chmodSync(file, 0o600)

  test('--env-file=PATH works like --env-file PATH', () => {
    for (const args of [
      ['config', 'check', `--env-file=${file}`],
      ['config', 'check', '--env-file', file],
    ]) {
      const r = run(args)
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`RAPIDAPI_PROXY_SECRET: from RAPIDAPI_PROXY_SECRET (set in env file ${file})`)
    }
  })

  test('a directory is refused, saying so (exit 78)', () => {
    const r = run(['serve', '--env-file', dir])
    expect(r.code).toBe(78)
    expect(r.first).toBe(`kbeauty-api: env file ${dir}: is a directory; give the path of a file`)
  })

  test('an env file others can read is refused (exit 78)', () => {
    const open = join(dir, 'open-env')
    writeFileSync(open, 'PORT=1\n')
    chmodSync(open, 0o644)
    const r = run(['serve', `--env-file=${open}`])
    expect(r.code).toBe(78)
    expect(r.first).toBe(
      `kbeauty-api: env file ${open}: permissions 0644 are too open; it may hold secrets, so only its owner may read it (run: chmod 600 ${open})`,
    )
  })
})

describe('serve refuses a configuration it cannot run with exit 78, listing every problem', () => {
  test('bad HOST and LOG_FILE (exit 1 before: systemd retried them)', () => {
    const r = run(['serve'], {
      RAPIDAPI_PROXY_SECRET: 'cli-test-secret-0123456789',
      HOST: '192.0.2.1',
      PORT: '0',
      LOG_FILE: join(dir, 'missing-dir/x.log'),
    })
    expect(r.code).toBe(78)
    expect(r.stderr.split('\n')).toEqual([
      'kbeauty-api: invalid configuration:',
      '  - HOST: 192.0.2.1 is not an address of this machine (EADDRNOTAVAIL); use 0.0.0.0 (every interface), 127.0.0.1, or an address shown by `ip address`',
      `  - LOG_FILE: cannot create ${join(dir, 'missing-dir/x.log')}: directory ${join(dir, 'missing-dir')} does not exist (ENOENT); create it writable for this user, or unset LOG_FILE to log to stdout`,
      '',
    ])
  })

  test('WORKERS in words, negative PORT', () => {
    const r = run(['serve'], { RAPIDAPI_PROXY_SECRET: 'cli-test-secret-0123456789', WORKERS: 'many', PORT: '-1' })
    expect(r.code).toBe(78)
    expect(r.stderr).toBe('kbeauty-api: invalid configuration:\n  - PORT: must be 0 or more\n  - WORKERS: must be a number 1–256 or auto\n')
  })
})

describe('import checks --out before importing', () => {
  test('a directory', () => {
    const r = run(['import', '--sources', 'data/sample', '--out', dir])
    expect(r.code).toBe(73)
    expect(r.first).toBe(
      `kbeauty-api: import --out ${dir}: is a directory; give the path of the database file to write (e.g. ${dir}/kbeauty.sqlite)`,
    )
  })

  test('a missing directory is refused, not created', () => {
    const out = join(dir, 'nonexistent/kbeauty.sqlite')
    const r = run(['import', '--sources', 'data/sample', '--out', out])
    expect(r.code).toBe(73)
    expect(r.first).toBe(
      `kbeauty-api: import --out ${out}: directory ${join(dir, 'nonexistent')} does not exist; create it first (mkdir -p ${join(dir, 'nonexistent')})`,
    )
    expect(Bun.spawnSync(['test', '-e', join(dir, 'nonexistent')]).exitCode).toBe(1)
  })

  test('missing sources', () => {
    const r = run(['import', '--sources', join(dir, 'no-such-dir'), '--out', join(dir, 'x.sqlite')])
    expect(r.code).toBe(66)
    expect(r.first).toBe(`kbeauty-api: import --sources ${join(dir, 'no-such-dir')}: does not exist`)
  })
})

test('a missing DB_PATH names the binary’s own import command (exit 66)', () => {
  const db = join(dir, 'none.sqlite')
  const r = run(['serve'], { RAPIDAPI_PROXY_SECRET: 'cli-test-secret-0123456789', PORT: '0', HOST: '127.0.0.1', DB_PATH: db })
  expect(r.code).toBe(66)
  expect(r.first).toBe(
    `kbeauty-api: database ${db} does not exist; build it with "kbeauty-api import --sources DIR --out ${db}", or unset DB_PATH to serve the embedded one`,
  )
})
