/**
 * The compiled executable as deployed: copied alone into a root-owned directory, started
 * as nobody (uid/gid 65534, no groups, no capabilities, no new privileges, HOME that does
 * not exist), with a state directory only that user can write. It must serve, check the
 * proxy secret, be unable to touch its own executable, and stop with exit 0 on SIGTERM.
 *
 * Needs root (to drop to another user) and setpriv (Debian's util-linux); otherwise the
 * tests are skipped with a message.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ensureBinary, type Running, startBinary } from '../helpers/binary.ts'
import { isRoot, type Layout, layout, NOBODY, processIdentity, randomSecret } from './harness.ts'

const SETPRIV = Bun.which('setpriv')
const skip = !isRoot() ? 'needs root to switch to uid 65534' : !SETPRIV ? 'setpriv not found (apt-get install util-linux)' : undefined
if (skip) console.warn(`test/deploy/unprivileged.test.ts: skipped, ${skip}`)

const DROP = [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--']

/** Runs `cmd` as nobody; returns its exit code. */
function asNobody(cmd: string[]): number {
  return Bun.spawnSync([SETPRIV!, ...DROP, ...cmd], { stdout: 'ignore', stderr: 'ignore', env: { PATH: '/usr/bin:/bin' } }).exitCode ?? -1
}

describe.skipIf(Boolean(skip))('compiled executable as an unprivileged user', () => {
  const secret = randomSecret()
  let dirs: Layout
  let server: Running

  beforeAll(async () => {
    dirs = layout(await ensureBinary())
    server = await startBinary(
      [...DROP, dirs.binary, 'serve'],
      {
        PATH: '/usr/bin:/bin',
        HOME: '/nonexistent',
        APP_ENV: 'prod',
        HOST: '127.0.0.1',
        PORT: '0',
        RAPIDAPI_PROXY_SECRET: secret,
        STATE_DIR: dirs.stateDir,
      },
      { binary: SETPRIV!, cwd: dirs.binDir },
    )
  }, 300_000)

  afterAll(async () => {
    await server?.stop('SIGKILL')
    dirs?.cleanup()
  })

  test('runs as 65534:65534 with no groups, no capabilities and no_new_privs', () => {
    // setpriv execs the executable in place, so the spawned pid is the server.
    expect(processIdentity(server.proc.pid)).toMatchObject({
      uid: `${NOBODY}\t${NOBODY}\t${NOBODY}\t${NOBODY}`,
      gid: `${NOBODY}\t${NOBODY}\t${NOBODY}\t${NOBODY}`,
      groups: '',
      capEff: '0000000000000000',
      noNewPrivs: '1',
    })
  })

  test('GET /health → 200 without the secret', async () => {
    const res = await fetch(`${server.url}/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', ingredients: expect.any(Number) })
  })

  test('an exact INCI lookup with the proxy secret → GLYCERIN', async () => {
    const res = await fetch(`${server.url}/v1/ingredients/inci?q=glycerin`, { headers: { 'X-RapidAPI-Proxy-Secret': secret } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { results: { inci_name: string }[] }
    expect(body.results[0]?.inci_name).toBe('GLYCERIN')
  })

  test('the same lookup without the secret → 403', async () => {
    const res = await fetch(`${server.url}/v1/ingredients/inci?q=glycerin`)
    expect(res.status).toBe(403)
  })

  test('the executable and its directory are root-owned and not writable by the service user', () => {
    for (const path of [dirs.binDir, dirs.binary]) {
      const st = statSync(path)
      expect({ path, uid: st.uid, groupOrOtherWrite: st.mode & 0o022 }).toEqual({ path, uid: 0, groupOrOtherWrite: 0 })
    }
    expect(asNobody(['/usr/bin/touch', join(dirs.binDir, 'probe')])).not.toBe(0)
    expect(existsSync(join(dirs.binDir, 'probe'))).toBe(false)
    expect(asNobody(['/usr/bin/test', '-w', dirs.binary])).not.toBe(0)
    expect(readdirSync(dirs.binDir)).toEqual(['kbeauty-api']) // wrote nothing beside itself
  })

  test('anything it wrote in STATE_DIR belongs to the service user', () => {
    for (const name of readdirSync(dirs.stateDir))
      expect({ name, uid: statSync(join(dirs.stateDir, name)).uid }).toEqual({ name, uid: NOBODY })
  })

  test('SIGTERM → drains and exits 0', async () => {
    expect(await server.stop('SIGTERM')).toBe(0)
    expect(server.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true)
    expect(server.stderr()).toBe('')
  })
})
