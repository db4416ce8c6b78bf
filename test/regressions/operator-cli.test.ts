/**
 * Regressions from issue #14 (operator experience), each named by the input that failed,
 * against the compiled executable.
 */
import { beforeAll, expect, test } from 'bun:test'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBinary } from '../helpers/binary.ts'

let binary: string
beforeAll(async () => {
  binary = await ensureBinary()
}, 180_000)

const SECRET = 'regression-secret-0123456789'
function run(args: string[], env: Record<string, string> = {}) {
  const p = Bun.spawnSync([binary, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 10_000 })
  return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() }
}

test('`serve --help` printed nothing and started the server on 0.0.0.0:8000', () => {
  const r = run(['serve', '--help'], { RAPIDAPI_PROXY_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1' })
  expect(r.code).toBe(0)
  expect(r.out.split('\n')[0]).toBe('usage: kbeauty-api serve [--workers N|auto] [--env-file PATH]')
  expect(r.out).not.toContain('listening')
})

test.each([
  [['healthcheck', '--env-file', '/etc/kbeauty-api/env'], 'kbeauty-api: healthcheck does not take --env-file'],
  [['config', 'check', '--workers', '4'], 'kbeauty-api: config check does not take --workers'],
])('%j was accepted and the option ignored', (args, first) => {
  const r = run(args)
  expect(r.code).toBe(64)
  expect(r.err.split('\n')[0]).toBe(first)
})

test('TRUSTED_PROXIES=cafe,....,:::: was accepted, and shown only after other errors were fixed', () => {
  const r = run(['config', 'check'], { TRUSTED_PROXIES: 'cafe,....,::::', PORT: 'x' })
  expect(r.code).toBe(78)
  expect(r.err).toContain('  - TRUSTED_PROXIES: "cafe" is not an IPv4 or IPv6 address')
  expect(r.err).toContain('  - TRUSTED_PROXIES: "...." is not an IPv4 or IPv6 address')
  expect(r.err).toContain('  - TRUSTED_PROXIES: "::::" is not an IPv4 or IPv6 address')
  expect(r.err).toContain('  - PORT: must be a whole number from 0 to 65535')
})

test.each([
  ['HOST=192.0.2.1', { HOST: '192.0.2.1' }],
  ['LOG_FILE=/nonexistent/kbeauty.log', { LOG_FILE: '/nonexistent/kbeauty.log', HOST: '127.0.0.1' }],
])('serve with %s exited 1 (systemd restarted it five times) instead of 78', (_name, env) => {
  expect(run(['serve'], { RAPIDAPI_PROXY_SECRET: SECRET, PORT: '0', ...env }).code).toBe(78)
})

test('WORKERS=Auto was refused; PORT=-1 said "must be a whole number"', () => {
  const r = run(['config', 'check'], { RAPIDAPI_PROXY_SECRET: SECRET, WORKERS: 'Auto', PORT: '-1', HOST: '127.0.0.1' })
  expect(r.err.split('\n').slice(1)).toEqual(['  - PORT: must be 0 or more', ''])
})

test('import --out /nonexistent/x.sqlite created /nonexistent/ (after a 6 s import)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kbeauty-regress-'))
  const r = run(['import', '--sources', 'data/sample', '--out', join(dir, 'nonexistent/x.sqlite')])
  expect(r.code).toBe(73)
  expect(existsSync(join(dir, 'nonexistent'))).toBe(false)
})
