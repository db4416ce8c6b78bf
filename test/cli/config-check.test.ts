/**
 * `kbeauty-api config check` against the compiled executable: one test per check that
 * `serve` runs before listening, and every problem listed at once. Exit 78 for
 * configuration problems, 66 for the database alone, 69 for Redis alone.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBinary } from '../helpers/binary.ts'
import { freePort, REDIS_SERVER, type RedisProcess, startRedis } from '../helpers/redis.ts'

const SECRET = 'config-check-secret-0123456789'
const TOKEN = '123456:abcdefghijklmnopqrstuvwxyz'
const dir = mkdtempSync(join(tmpdir(), 'kbeauty-config-check-'))
let binary: string

beforeAll(async () => {
  binary = await ensureBinary()
}, 180_000)

function check(env: Record<string, string>, args: string[] = []) {
  const p = Bun.spawnSync([binary, 'config', 'check', ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    timeout: 15_000,
  })
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() }
}

/** The problems listed on stderr, without the heading. */
const problems = (err: string) =>
  err
    .split('\n')
    .filter((l) => l.startsWith('  - '))
    .map((l) => l.slice(4))

test('a good configuration: exit 0, what was checked, where the secret came from, never its value', () => {
  const r = check({ RAPIDAPI_PROXY_SECRET: SECRET, HOST: '127.0.0.1' })
  expect(r.code).toBe(0)
  expect(r.err).toBe('')
  const lines = r.out.split('\n')
  expect(lines[0]).toBe(
    'configuration ok: APP_ENV=prod listen=127.0.0.1:8000 proxy_secrets=1 redis=off telegram=off docs=protected workers=1',
  )
  expect(lines[1]).toMatch(/^database: embedded database: ok \(\d+ ingredients\)$/)
  expect(lines.slice(2)).toEqual([
    'RAPIDAPI_PROXY_SECRET: from RAPIDAPI_PROXY_SECRET (environment)',
    'TELEGRAM_BOT_TOKEN: not set',
    'REDIS_URL: not set',
    '',
  ])
  expect(r.out).not.toContain(SECRET)
})

test('WORKERS=auto: says how many workers it means here and why', () => {
  const r = check({ RAPIDAPI_PROXY_SECRET: SECRET, HOST: '127.0.0.1', WORKERS: 'AUTO' })
  expect(r.code).toBe(0)
  expect(r.out).toMatch(/\nworkers: auto → [1-9]\d* \(\d+ CPUs, (no CPU quota|CPU quota [\d.]+)\)\n/)
})

test('IPv6 listen address is written [::1]:8000', () => {
  const r = check({ RAPIDAPI_PROXY_SECRET: SECRET, HOST: '::1' })
  expect(r.code).toBe(0)
  expect(r.out.split('\n')[0]).toContain(' listen=[::1]:8000 ')
})

describe('secrets: where each came from; files readable by this user only', () => {
  test('from a NAME_FILE and from a systemd credential; NAME beats NAME_FILE', () => {
    const secretFile = join(dir, 'proxy-secret')
    writeFileSync(secretFile, `${SECRET}\n`)
    chmodSync(secretFile, 0o400)
    const creds = join(dir, 'credentials')
    mkdirSync(creds, { mode: 0o700 })
    writeFileSync(join(creds, 'TELEGRAM_BOT_TOKEN'), TOKEN, { mode: 0o400 })
    const r = check({
      RAPIDAPI_PROXY_SECRET_FILE: secretFile,
      CREDENTIALS_DIRECTORY: creds,
      TELEGRAM_CHAT_ID: '-100123',
      HOST: '127.0.0.1',
    })
    expect(r.code).toBe(0)
    expect(r.out).toContain(`\nRAPIDAPI_PROXY_SECRET: from the file ${secretFile} (RAPIDAPI_PROXY_SECRET_FILE)\n`)
    expect(r.out).toContain(`\nTELEGRAM_BOT_TOKEN: from the systemd credential ${creds}/TELEGRAM_BOT_TOKEN\n`)
    expect(r.out).not.toContain(SECRET)
    expect(r.out).not.toContain(TOKEN)
    const both = check({ RAPIDAPI_PROXY_SECRET: SECRET, RAPIDAPI_PROXY_SECRET_FILE: secretFile, HOST: '127.0.0.1' })
    expect(both.out).toContain(
      '\nRAPIDAPI_PROXY_SECRET: from RAPIDAPI_PROXY_SECRET (environment); RAPIDAPI_PROXY_SECRET_FILE also set and ignored (RAPIDAPI_PROXY_SECRET wins)\n',
    )
  })

  test('a secret file others can read, or missing: exit 78', () => {
    const open = join(dir, 'open-secret')
    writeFileSync(open, SECRET)
    chmodSync(open, 0o644)
    const r = check({
      RAPIDAPI_PROXY_SECRET_FILE: open,
      TELEGRAM_BOT_TOKEN_FILE: join(dir, 'no-token'),
      TELEGRAM_CHAT_ID: '1',
      HOST: '127.0.0.1',
    })
    expect(r.code).toBe(78)
    expect(problems(r.err)).toEqual([
      `RAPIDAPI_PROXY_SECRET_FILE: ${open} permissions 0644 are too open; it may hold secrets, so only its owner may read it (run: chmod 600 ${open})`,
      `TELEGRAM_BOT_TOKEN_FILE: ${join(dir, 'no-token')} does not exist`,
    ])
  })
})

const SETPRIV = Bun.which('setpriv')

test.skipIf(!SETPRIV || process.getuid?.() !== 0)('a secret file this user cannot read (run as uid 65534): says so, exit 78', () => {
  const own = mkdtempSync(join(tmpdir(), 'kbeauty-unreadable-'))
  chmodSync(own, 0o755)
  const file = join(own, 'proxy-secret')
  writeFileSync(file, SECRET, { mode: 0o600 }) // root's, private
  const p = Bun.spawnSync([SETPRIV!, '--reuid=65534', '--regid=65534', '--clear-groups', binary, 'config', 'check'], {
    env: { PATH: '/usr/bin:/bin', RAPIDAPI_PROXY_SECRET_FILE: file, HOST: '127.0.0.1' },
    timeout: 15_000,
  })
  expect(p.exitCode).toBe(78)
  expect(problems(p.stderr.toString())).toEqual([
    `RAPIDAPI_PROXY_SECRET_FILE: ${file} cannot be read by this user (uid 65534); make it readable by the user the service runs as`,
  ])
})

describe('one check at a time', () => {
  const base = { RAPIDAPI_PROXY_SECRET: SECRET, HOST: '127.0.0.1' }

  test.each([
    [
      'HOST that does not resolve',
      { HOST: 'no-such-host.invalid' },
      'HOST: "no-such-host.invalid" does not resolve (ENOTFOUND); use an IP address (0.0.0.0 for every interface, 127.0.0.1 or ::1 for this machine only) or a name in /etc/hosts',
    ],
    [
      'HOST not on this machine',
      { HOST: '192.0.2.1' },
      'HOST: 192.0.2.1 is not an address of this machine (EADDRNOTAVAIL); use 0.0.0.0 (every interface), 127.0.0.1, or an address shown by `ip address`',
    ],
    ['LOG_FILE a directory', { LOG_FILE: dir }, `LOG_FILE: ${dir} is a directory; give the path of a file (e.g. ${dir}/kbeauty-api.log)`],
    [
      'LOG_FILE in a missing directory',
      { LOG_FILE: join(dir, 'nope/api.log') },
      `LOG_FILE: cannot create ${join(dir, 'nope/api.log')}: directory ${join(dir, 'nope')} does not exist (ENOENT); create it writable for this user, or unset LOG_FILE to log to stdout`,
    ],
    [
      'STATE_DIR a file (used: Telegram on)',
      { STATE_DIR: join(dir, 'state-file'), TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: '1' },
      `STATE_DIR: ${join(dir, 'state-file')} is not a directory; make it a directory this user can write (with \`docker run --read-only\`, mount a tmpfs there)`,
    ],
    [
      'STATE_DIR that cannot be created',
      { STATE_DIR: join(dir, 'a/b/state'), TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: '1' },
      `STATE_DIR: ${join(dir, 'a/b/state')} does not exist and cannot be created (${join(dir, 'a/b')}: does not exist (ENOENT)); make it a directory this user can write (with \`docker run --read-only\`, mount a tmpfs there)`,
    ],
    [
      'TRUSTED_PROXIES not an address',
      { TRUSTED_PROXIES: '10.0.0.1,cafe' },
      'TRUSTED_PROXIES: "cafe" is not an IPv4 or IPv6 address (a comma list of addresses, no ranges)',
    ],
  ])('%s → exit 78', (_name, env, problem) => {
    writeFileSync(join(dir, 'state-file'), '')
    const r = check({ ...base, ...env })
    expect(r.code).toBe(78)
    expect(r.err.split('\n')[0]).toBe('kbeauty-api: config check found 1 problem:')
    expect(problems(r.err)).toEqual([problem])
  })

  test('STATE_DIR is not checked when nothing uses it (no Telegram)', () => {
    expect(check({ ...base, STATE_DIR: join(dir, 'a/b/state') }).code).toBe(0)
  })

  test.each([
    [
      'missing',
      () => join(dir, 'missing.sqlite'),
      (p: string) =>
        `database ${p} does not exist; build it with "kbeauty-api import --sources DIR --out ${p}", or unset DB_PATH to serve the embedded one`,
    ],
    [
      'not SQLite',
      () => {
        const p = join(dir, 'text.sqlite')
        writeFileSync(p, 'not a database')
        return p
      },
      (p: string) => `database ${p} is not an SQLite database (empty, truncated or another format)`,
    ],
  ])('DB_PATH %s → exit 66', (_name, make, message) => {
    const path = make()
    const r = check({ ...base, DB_PATH: path })
    expect(r.code).toBe(66)
    expect(problems(r.err)).toEqual([message(path)])
  })

  test('Redis that does not answer → exit 69', async () => {
    const port = await freePort()
    const r = check({ ...base, REDIS_URL: `redis://:pw-never-shown@127.0.0.1:${port}` })
    expect(r.code).toBe(69)
    expect(problems(r.err)).toHaveLength(1)
    expect(problems(r.err)[0]).toStartWith(`Redis at 127.0.0.1:${port} `)
    expect(r.err).not.toContain('pw-never-shown')
  })
})

describe.skipIf(!REDIS_SERVER)('with a running Redis', () => {
  let redis: RedisProcess
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  test('reachable and compatible → exit 0, redis=on', () => {
    const r = check({ RAPIDAPI_PROXY_SECRET: SECRET, HOST: '127.0.0.1', REDIS_URL: redis.url })
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain(' redis=on ')
    expect(r.out).toContain('\nREDIS_URL: from REDIS_URL (environment)\n')
  })
})

test('every problem at once: configuration, files, address, database and Redis in one run (exit 78)', async () => {
  const port = await freePort()
  const envFile = join(dir, 'env')
  writeFileSync(envFile, `HOST=192.0.2.1\nDB_PATH=${join(dir, 'gone.sqlite')}\n`)
  chmodSync(envFile, 0o600)
  const r = check(
    {
      APP_ENV: 'production',
      PORT: '-1',
      WORKERS: 'lots',
      TRUSTED_PROXIES: 'cafe,....,::::',
      LOG_FILE: dir,
      REDIS_URL: `redis://127.0.0.1:${port}`,
    },
    [`--env-file=${envFile}`],
  )
  expect(r.code).toBe(78)
  expect(r.err.split('\n')[0]).toBe('kbeauty-api: config check found 11 problems:')
  expect(problems(r.err)).toEqual([
    'APP_ENV: must be "prod" or "dev"',
    'PORT: must be 0 or more',
    'WORKERS: must be a number 1–256 or auto',
    'RAPIDAPI_PROXY_SECRET is not set: the service will not run open. Set it (a comma list for rotation), or for local development only set APP_ENV=dev and ALLOW_MISSING_PROXY_SECRET=true',
    'TRUSTED_PROXIES: "cafe" is not an IPv4 or IPv6 address (a comma list of addresses, no ranges)',
    'TRUSTED_PROXIES: "...." is not an IPv4 or IPv6 address (a comma list of addresses, no ranges)',
    'TRUSTED_PROXIES: "::::" is not an IPv4 or IPv6 address (a comma list of addresses, no ranges)',
    'HOST: 192.0.2.1 is not an address of this machine (EADDRNOTAVAIL); use 0.0.0.0 (every interface), 127.0.0.1, or an address shown by `ip address`',
    `LOG_FILE: ${dir} is a directory; give the path of a file (e.g. ${dir}/kbeauty-api.log)`,
    expect.stringMatching(/^Redis at 127\.0\.0\.1:\d+ /),
    `database ${join(dir, 'gone.sqlite')} does not exist; build it with "kbeauty-api import --sources DIR --out ${join(dir, 'gone.sqlite')}", or unset DB_PATH to serve the embedded one`,
  ])
})
