/** Configuration: every problem at once, secrets from files/credentials, env files refused when open. */
import { describe, expect, test } from 'bun:test'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CONFIG_KEYS, ConfigError, parseConfig, startupWarnings } from '../src/config.ts'
import { EnvFileError, loadEnvironment, readEnvironment } from '../src/env-file.ts'
import { readPrivateFile } from '../src/private-file.ts'

const SECRET = 'config-test-secret-0123456789'
const files = (map: Record<string, string>) => (p: string) => {
  if (!(p in map)) throw Object.assign(new Error('nope'), { code: 'ENOENT' })
  return map[p]!
}

function problems(env: Record<string, string>, read?: (p: string) => string): string[] {
  try {
    parseConfig(env, read)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as ConfigError).problems
  }
  throw new Error('expected a ConfigError')
}

test('defaults: prod, port 8000, docs behind the secret, frozen', () => {
  const c = parseConfig({ RAPIDAPI_PROXY_SECRET: SECRET })
  expect(c).toMatchObject({
    appEnv: 'prod',
    port: 8000,
    host: '0.0.0.0',
    logLevel: 'info',
    docs: 'protected',
    workers: 1,
    proxySecrets: [SECRET],
  })
  expect(Object.isFrozen(c)).toBe(true)
  expect(() => ((c as { port: number }).port = 1)).toThrow()
})

test('NODE_ENV is never consulted', () => {
  expect(parseConfig({ RAPIDAPI_PROXY_SECRET: SECRET, NODE_ENV: 'development' }).appEnv).toBe('prod')
})

test('every problem at once, in plain words', () => {
  const p = problems({ APP_ENV: 'staging', PORT: '99999', LOG_LEVEL: 'loud', REDIS_URL: 'http://x', WORKERS: 'many' })
  expect(p.join('\n')).toContain('APP_ENV: must be "prod" or "dev"')
  expect(p.join('\n')).toContain('PORT: must be at most 65535')
  expect(p.join('\n')).toContain('LOG_LEVEL')
  expect(p.join('\n')).toContain('REDIS_URL: must start with redis://')
  expect(p.join('\n')).toContain('WORKERS')
})

test('no secret in prod is refused; dev needs the explicit opt-out', () => {
  expect(problems({})[0]).toContain('RAPIDAPI_PROXY_SECRET is not set')
  expect(problems({ APP_ENV: 'dev' })[0]).toContain('RAPIDAPI_PROXY_SECRET is not set')
  expect(problems({ APP_ENV: 'prod', ALLOW_MISSING_PROXY_SECRET: 'true' })).toContain(
    'ALLOW_MISSING_PROXY_SECRET is only allowed with APP_ENV=dev',
  )
  expect(parseConfig({ APP_ENV: 'dev', ALLOW_MISSING_PROXY_SECRET: 'true' }).proxySecrets).toEqual([])
})

test('rotation: a comma list; short secrets refused', () => {
  expect(parseConfig({ RAPIDAPI_PROXY_SECRET: `${SECRET}, other-secret-abcdefghijkl ` }).proxySecrets).toEqual([
    SECRET,
    'other-secret-abcdefghijkl',
  ])
  expect(problems({ RAPIDAPI_PROXY_SECRET: 'short' })).toContain('RAPIDAPI_PROXY_SECRET: every secret must be at least 16 characters')
})

test('secrets from NAME_FILE and from systemd credentials; a secret value is never echoed', () => {
  const read = files({ '/run/s': `${SECRET}\n`, '/creds/TELEGRAM_BOT_TOKEN': '123456:abcdefghijklmnopqrstuvwxyz' })
  const c = parseConfig({ RAPIDAPI_PROXY_SECRET_FILE: '/run/s', CREDENTIALS_DIRECTORY: '/creds', TELEGRAM_CHAT_ID: '-100123' }, read)
  expect(c.proxySecrets).toEqual([SECRET])
  expect(c.telegram?.botToken).toBe('123456:abcdefghijklmnopqrstuvwxyz')
  expect(problems({ RAPIDAPI_PROXY_SECRET_FILE: '/missing' }, read)).toContain('RAPIDAPI_PROXY_SECRET_FILE: /missing does not exist')
  expect(c.secretSources).toEqual({
    RAPIDAPI_PROXY_SECRET: { kind: 'file', variable: 'RAPIDAPI_PROXY_SECRET_FILE', path: '/run/s', ignored: [] },
    TELEGRAM_BOT_TOKEN: { kind: 'credential', variable: 'TELEGRAM_BOT_TOKEN', path: '/creds/TELEGRAM_BOT_TOKEN', ignored: [] },
  })
  const bad = problems({ RAPIDAPI_PROXY_SECRET: SECRET, TELEGRAM_BOT_TOKEN: 'not-a-token-value-xyz', TELEGRAM_CHAT_ID: '1' })
  expect(bad.join('\n')).not.toContain('not-a-token-value-xyz')
})

test('precedence: NAME > NAME_FILE > credential; the losers are named, never read', () => {
  const read = files({ '/run/s': 'file-secret-0123456789abcdef', '/creds/RAPIDAPI_PROXY_SECRET': 'credential-secret-0123456789' })
  const both = parseConfig({ RAPIDAPI_PROXY_SECRET: SECRET, RAPIDAPI_PROXY_SECRET_FILE: '/run/s', CREDENTIALS_DIRECTORY: '/creds' }, read)
  expect(both.proxySecrets).toEqual([SECRET])
  expect(both.secretSources.RAPIDAPI_PROXY_SECRET).toEqual({
    kind: 'environment',
    variable: 'RAPIDAPI_PROXY_SECRET',
    ignored: ['RAPIDAPI_PROXY_SECRET_FILE'],
  })
  expect(parseConfig({ RAPIDAPI_PROXY_SECRET_FILE: '/run/s', CREDENTIALS_DIRECTORY: '/creds' }, read).proxySecrets).toEqual([
    'file-secret-0123456789abcdef',
  ])
  expect(parseConfig({ CREDENTIALS_DIRECTORY: '/creds' }, read).proxySecrets).toEqual(['credential-secret-0123456789'])
})

test('a NAME_FILE secret that group or others can read is refused like the env file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbeauty-secret-'))
  const file = join(dir, 'proxy-secret')
  writeFileSync(file, `${SECRET}\n`)
  chmodSync(file, 0o640)
  expect(problems({ RAPIDAPI_PROXY_SECRET_FILE: file }, readPrivateFile)).toEqual([
    `RAPIDAPI_PROXY_SECRET_FILE: ${file} permissions 0640 are too open; it may hold secrets, so only its owner may read it (run: chmod 600 ${file})`,
  ])
  expect(problems({ RAPIDAPI_PROXY_SECRET_FILE: dir }, readPrivateFile)).toEqual([
    `RAPIDAPI_PROXY_SECRET_FILE: ${dir} is a directory; give the path of a file`,
  ])
  chmodSync(file, 0o400)
  expect(parseConfig({ RAPIDAPI_PROXY_SECRET_FILE: file }, readPrivateFile).proxySecrets).toEqual([SECRET])
})

test.each([
  [{ WORKERS: 'AUTO' }, 'auto' as const],
  [{ WORKERS: 'Auto' }, 'auto' as const],
  [{ WORKERS: '4' }, 4],
])('WORKERS %o → %p (any letter case)', (env, workers) => {
  expect(parseConfig({ RAPIDAPI_PROXY_SECRET: SECRET, ...env }).workers).toBe(workers)
})

test('numbers: negative → "must be 0 or more"; words → the range; WORKERS names auto', () => {
  expect(problems({ RAPIDAPI_PROXY_SECRET: SECRET, PORT: '-1', SHUTDOWN_TIMEOUT_MS: 'soon', WORKERS: '0' })).toEqual([
    'PORT: must be 0 or more',
    'WORKERS: must be a number 1–256 or auto',
    'SHUTDOWN_TIMEOUT_MS: must be a whole number from 0 to 600000',
  ])
})

test('MEMORY_SOFT_LIMIT_MB: 128 by default, 0 turns the guard off, words and negatives refused', () => {
  expect(parseConfig({ RAPIDAPI_PROXY_SECRET: SECRET }).memorySoftLimitMb).toBe(128)
  expect(parseConfig({ RAPIDAPI_PROXY_SECRET: SECRET, MEMORY_SOFT_LIMIT_MB: '0' }).memorySoftLimitMb).toBe(0)
  expect(parseConfig({ RAPIDAPI_PROXY_SECRET: SECRET, MEMORY_SOFT_LIMIT_MB: '512' }).memorySoftLimitMb).toBe(512)
  expect(problems({ RAPIDAPI_PROXY_SECRET: SECRET, MEMORY_SOFT_LIMIT_MB: '128MB' })).toEqual([
    'MEMORY_SOFT_LIMIT_MB: must be a whole number from 0 to 1048576',
  ])
  expect(problems({ RAPIDAPI_PROXY_SECRET: SECRET, MEMORY_SOFT_LIMIT_MB: '-5' })).toEqual(['MEMORY_SOFT_LIMIT_MB: must be 0 or more'])
  expect(problems({ RAPIDAPI_PROXY_SECRET: SECRET, MEMORY_SOFT_LIMIT_MB: '32' })).toEqual([
    'MEMORY_SOFT_LIMIT_MB: must be 0 (off) or at least 64',
  ])
})

test('TRUSTED_PROXIES: each entry must be an IP address (node:net isIP), reported with the other problems', () => {
  expect(problems({ PORT: 'x', TRUSTED_PROXIES: 'cafe,....,::::,10.0.0.1,::1' })).toEqual([
    'PORT: must be a whole number from 0 to 65535',
    'RAPIDAPI_PROXY_SECRET is not set: the service will not run open. Set it (a comma list for rotation), or for local development only set APP_ENV=dev and ALLOW_MISSING_PROXY_SECRET=true',
    'TRUSTED_PROXIES: "cafe" is not an IPv4 or IPv6 address (a comma list of addresses, no ranges)',
    'TRUSTED_PROXIES: "...." is not an IPv4 or IPv6 address (a comma list of addresses, no ranges)',
    'TRUSTED_PROXIES: "::::" is not an IPv4 or IPv6 address (a comma list of addresses, no ranges)',
  ])
  expect(parseConfig({ RAPIDAPI_PROXY_SECRET: SECRET, TRUSTED_PROXIES: '10.0.0.1, ::1' }).trustedProxies).toEqual(['10.0.0.1', '::1'])
})

test('DOCS: off, protected or public', () => {
  expect(parseConfig({ RAPIDAPI_PROXY_SECRET: SECRET, DOCS: 'public' }).docs).toBe('public')
  expect(problems({ RAPIDAPI_PROXY_SECRET: SECRET, DOCS: 'open' })).toEqual([
    'DOCS: must be off, protected (behind the proxy secret) or public (page and document without the secret)',
  ])
})

test('dev without a secret: one warning line for the log; with a secret none', () => {
  expect(startupWarnings(parseConfig({ APP_ENV: 'dev', ALLOW_MISSING_PROXY_SECRET: 'true' }))).toHaveLength(1)
  expect(startupWarnings(parseConfig({ RAPIDAPI_PROXY_SECRET: SECRET }))).toEqual([])
})

test('Telegram token and chat id come together', () => {
  expect(problems({ RAPIDAPI_PROXY_SECRET: SECRET, TELEGRAM_CHAT_ID: '42' })).toContain(
    'TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID must be set together (or neither, to disable alerts)',
  )
})

describe('env file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbeauty-env-'))
  const file = join(dir, 'env')
  writeFileSync(file, `RAPIDAPI_PROXY_SECRET=${SECRET}\nPORT=9001\n`)

  test.each([0o644, 0o640, 0o604, 0o660, 0o606])('mode %o (group/others can read or write) is refused', (mode) => {
    chmodSync(file, mode)
    expect(() => loadEnvironment({}, file)).toThrow(EnvFileError)
    expect(() => loadEnvironment({}, file)).toThrow(/too open.*chmod 600/)
  })

  test('mode 600 is read; the real environment wins', () => {
    chmodSync(file, 0o600)
    const env = loadEnvironment({ PORT: '9002' }, file)
    expect(env.RAPIDAPI_PROXY_SECRET).toBe(SECRET)
    expect(env.PORT).toBe('9002')
  })

  test('missing file or a directory → says which', () => {
    expect(() => loadEnvironment({}, join(dir, 'missing'))).toThrow(`env file ${join(dir, 'missing')}: does not exist`)
    expect(() => loadEnvironment({}, dir)).toThrow(`env file ${dir}: is a directory; give the path of a file`)
  })

  test('says which variables came from the file (the environment wins)', () => {
    chmodSync(file, 0o600)
    const loaded = readEnvironment({ PORT: '9002' }, file)
    expect([...loaded.fromFile]).toEqual(['RAPIDAPI_PROXY_SECRET'])
    expect(loaded.file).toBe(file)
  })
})

test('the README documents every variable', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  for (const key of CONFIG_KEYS) expect(readme).toContain(`\`${key}\``)
})
