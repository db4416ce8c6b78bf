/**
 * deploy/kbeauty-api.service: `systemd-analyze security` exposure ≤ 2.0, `systemd-analyze
 * verify` clean, and the settings the service relies on (credentials, state directory,
 * stop timeout vs. the drain deadline). deploy/env.example: every name is a real setting.
 *
 * systemd-analyze comes from Debian's `systemd` package; no running systemd is needed
 * (`security --offline=yes`, `verify --root=`). Without it those checks are skipped with
 * a message; the static checks always run.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseDotenv } from 'dotenv'
import { CONFIG_KEYS, parseConfig, SECRET_NAMES } from '../../src/config.ts'
import { readUnit, timespanSeconds, UNIT_PATH, unescapeC, value, values } from './unit-file.ts'

const ANALYZE = Bun.which('systemd-analyze')
if (!ANALYZE) console.warn('test/deploy/systemd.test.ts: systemd-analyze not found, skipping its checks (apt-get install systemd)')

const EXPOSURE_MAX = 2.0
const unit = readUnit()
const S = 'Service'
const temps: string[] = []
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true })
})

function analyze(args: string[]): { code: number; out: string } {
  const p = Bun.spawnSync([ANALYZE!, ...args], {
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SYSTEMD_COLORS: '0', SYSTEMD_PAGER: '' },
  })
  return { code: p.exitCode ?? -1, out: `${p.stdout.toString()}${p.stderr.toString()}` }
}

/**
 * A root for `verify --root=`: the distribution's units (targets the unit refers to), the
 * unit under test byte for byte, and a stand-in executable at ExecStart's path, since
 * verify checks that the command exists and is executable.
 */
function verifyRoot(unitText: string): string {
  const root = mkdtempSync(join(tmpdir(), 'kbeauty-verify-'))
  temps.push(root)
  const systemUnits = realpathSync(existsSync('/usr/lib/systemd/system') ? '/usr/lib/systemd/system' : '/lib/systemd/system')
  cpSync(systemUnits, join(root, 'usr/lib/systemd/system'), { recursive: true, verbatimSymlinks: true })
  mkdirSync(join(root, 'etc/systemd/system'), { recursive: true })
  writeFileSync(join(root, 'etc/systemd/system/kbeauty-api.service'), unitText)
  const exec = join(root, 'usr/local/bin/kbeauty-api')
  mkdirSync(join(root, 'usr/local/bin'), { recursive: true })
  writeFileSync(exec, '#!/bin/sh\nexit 0\n')
  chmodSync(exec, 0o755)
  return root
}

describe.skipIf(!ANALYZE)('systemd-analyze', () => {
  test(`security --offline: overall exposure ≤ ${EXPOSURE_MAX}`, () => {
    const { out } = analyze(['security', '--offline=yes', '--no-pager', UNIT_PATH])
    const m = /Overall exposure level for kbeauty-api\.service: (\d+(?:\.\d+)?)/.exec(out)
    expect(m, out).not.toBeNull()
    const score = Number(m![1])
    console.info(`systemd-analyze security: kbeauty-api.service exposure ${score}`)
    expect(score).toBeLessThanOrEqual(EXPOSURE_MAX)
  })

  test('verify: the shipped unit loads without a single warning', () => {
    const root = verifyRoot(readFileSync(UNIT_PATH, 'utf8'))
    const { code, out } = analyze(['verify', `--root=${root}`, '--man=no', '--recursive-errors=no', 'kbeauty-api.service'])
    expect(out).toBe('')
    expect(code).toBe(0)
  })

  test('verify reports a broken copy (so a clean result means something)', () => {
    const broken = readFileSync(UNIT_PATH, 'utf8').replace('[Service]', '[Service]\nRestartt=always\nProtectSystem=sometimes')
    const root = verifyRoot(broken)
    const { code, out } = analyze(['verify', `--root=${root}`, '--man=no', '--recursive-errors=no', 'kbeauty-api.service'])
    expect(out).toMatch(/Unknown key.*'Restartt'/)
    expect(out).toContain('sometimes')
    expect(code).not.toBe(0)
  })

  test('verify also catches a missing executable (why the stand-in exists)', () => {
    const root = verifyRoot(readFileSync(UNIT_PATH, 'utf8'))
    rmSync(join(root, 'usr/local/bin/kbeauty-api'))
    const { out } = analyze(['verify', `--root=${root}`, '--man=no', 'kbeauty-api.service'])
    expect(out).toContain('/usr/local/bin/kbeauty-api is not executable')
  })
})

describe('unit settings the service relies on', () => {
  test('runs the installed executable, restarts always, and gives up on a crash loop', () => {
    expect(value(unit, S, 'ExecStart')).toBe('/usr/local/bin/kbeauty-api serve')
    expect(value(unit, S, 'Restart')).toBe('always')
    expect(timespanSeconds(value(unit, S, 'RestartSec')!)).toBeGreaterThan(0)
    expect(Number(value(unit, 'Unit', 'StartLimitBurst'))).toBeGreaterThan(0)
    expect(timespanSeconds(value(unit, 'Unit', 'StartLimitIntervalSec')!)).toBeGreaterThan(0)
    // EX_CONFIG and EX_NOINPUT from src/main.ts: restarting cannot fix them.
    expect(values(unit, S, 'RestartPreventExitStatus').join(' ').split(/\s+/).sort()).toEqual(['66', '78'])
  })

  test('a transient non-root user and one private state directory', () => {
    expect(value(unit, S, 'DynamicUser')).toBe('yes')
    expect(value(unit, S, 'User')).toBeUndefined()
    expect(value(unit, S, 'StateDirectory')).toBe('kbeauty-api')
    expect(value(unit, S, 'StateDirectoryMode')).toBe('0700')
    expect(value(unit, S, 'UMask')).toBe('0077')
  })

  test('stop: SIGTERM, and TimeoutStopSec a little above the drain deadline (+ the supervisor’s 2 s)', () => {
    const drainMs = parseConfig({ RAPIDAPI_PROXY_SECRET: 'x'.repeat(32) }).shutdownTimeoutMs
    const stop = timespanSeconds(value(unit, S, 'TimeoutStopSec')!)
    expect(value(unit, S, 'KillSignal')).toBe('SIGTERM')
    expect(stop).toBeGreaterThan(drainMs / 1000 + 2)
    expect(stop).toBeLessThanOrEqual(drainMs / 1000 + 10)
  })

  test('every secret arrives as a credential named like the setting, never in the environment', () => {
    const loads = new Map(values(unit, S, 'LoadCredential').map((v) => v.split(/:(.*)/s).slice(0, 2) as [string, string]))
    expect(loads.get('RAPIDAPI_PROXY_SECRET')).toBe('/etc/kbeauty-api/credentials/proxy-secret')
    for (const name of SECRET_NAMES) {
      expect(loads.get(name)).toMatch(/^\/etc\/kbeauty-api\/credentials\/[a-z-]+$/)
    }
    for (const env of values(unit, S, 'Environment')) expect(env).not.toMatch(/SECRET|TOKEN|REDIS_URL|PASSWORD/i)
    expect(value(unit, S, 'EnvironmentFile')).toBe('/etc/kbeauty-api/env')
  })

  test('optional credentials default (SetCredential=) to a value the service reads as unset', () => {
    const defaults = Object.fromEntries(
      values(unit, S, 'SetCredential').map((v) => {
        const [id, data] = v.split(/:(.*)/s)
        return [id!, unescapeC(data!)]
      }),
    )
    expect(Object.keys(defaults).sort()).toEqual(['REDIS_URL', 'TELEGRAM_BOT_TOKEN'])
    // The proxy secret has no default: without its file the unit must fail to start.
    const credentials: Record<string, string> = { ...defaults, RAPIDAPI_PROXY_SECRET: 'p'.repeat(32) }
    const config = parseConfig({ APP_ENV: 'prod', CREDENTIALS_DIRECTORY: '/run/credentials/kbeauty-api.service' }, (path) => {
      const name = path.split('/').pop()!
      if (!(name in credentials)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
      return credentials[name]!
    })
    expect({ telegram: config.telegram, redisUrl: config.redisUrl, secrets: config.proxySecrets.length }).toEqual({
      telegram: undefined,
      redisUrl: undefined,
      secrets: 1,
    })
  })

  test('no capabilities; MemoryDenyWriteExecute is not set (Bun’s JIT needs W+X memory)', () => {
    expect(value(unit, S, 'CapabilityBoundingSet')).toBe('')
    expect(value(unit, S, 'AmbientCapabilities')).toBe('')
    expect(value(unit, S, 'NoNewPrivileges')).toBe('yes')
    expect(value(unit, S, 'MemoryDenyWriteExecute') ?? 'no').toBe('no')
  })
})

describe('deploy/env.example', () => {
  const text = readFileSync(join(import.meta.dir, '../../deploy/env.example'), 'utf8')
  const active = parseDotenv(text)
  const mentioned = [...text.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!)

  test('names only real settings, and no secrets', () => {
    expect(mentioned.length).toBeGreaterThan(5)
    for (const name of mentioned) expect(CONFIG_KEYS).toContain(name)
    for (const name of [...SECRET_NAMES, ...SECRET_NAMES.map((n) => `${n}_FILE`)]) expect(mentioned).not.toContain(name)
  })

  test('its active lines are a valid configuration (with the proxy secret from its credential)', () => {
    const config = parseConfig({ ...active, RAPIDAPI_PROXY_SECRET: 's'.repeat(32) })
    expect(config.appEnv).toBe('prod')
  })

  test('each commented default is accepted too', () => {
    const commented = Object.fromEntries([...text.matchAll(/^#([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]))
    const env = { ...active, ...commented, RAPIDAPI_PROXY_SECRET: 's'.repeat(32), TELEGRAM_BOT_TOKEN: `123456:${'a'.repeat(30)}` }
    expect(() => parseConfig(env, () => 'unused')).not.toThrow()
  })
})
