/**
 * The compiled executable under the restrictions it is deployed with, as far as they can
 * be reproduced without a running systemd or Docker engine:
 *
 * 1. The systemd unit's sandbox, read from deploy/kbeauty-api.service and rebuilt with
 *    bubblewrap + setpriv + a seccomp filter: read-only OS (ProtectSystem=strict), private
 *    /tmp, /dev and IPC/UTS namespaces, /proc with hidepid=invisible,subset=pid, uid 65534
 *    without capabilities and with no_new_privs, UMask, credentials in
 *    $CREDENTIALS_DIRECTORY (optional ones at their SetCredential= default), StateDirectory=,
 *    the settings of deploy/env.example, and SystemCallFilter= / RestrictAddressFamilies=
 *    as a seccomp allow-list expanded by `systemd-analyze syscall-filter` (EPERM otherwise,
 *    as SystemCallErrorNumber= says). Not reproduced: PrivateUsers=, RestrictNamespaces=,
 *    LockPersonality=, RestrictRealtime=, ProtectClock= (each only forbids calls Bun does not make).
 * 2. The Docker image's runtime stage, read from the Dockerfile: a root holding only the
 *    executable and the C library (like distroless), read-only, as uid 65532, with the
 *    image's ENV; the HEALTHCHECK command must answer 0.
 *
 * Needs root, bubblewrap, setpriv, systemd-analyze and python3-seccomp (Debian packages
 * bubblewrap, util-linux, systemd, python3-seccomp); otherwise skipped with a message.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseDotenv } from 'dotenv'
import { ensureBinary, type Running, startBinary } from '../helpers/binary.ts'
import { freePort } from '../helpers/redis.ts'
import { parseDockerfile, stageValues } from './dockerfile-parser.ts'
import { isRoot, type Layout, layout, NOBODY, processIdentity, randomSecret, servicePids, signalAll } from './harness.ts'
import { readUnit, unescapeC, value, values } from './unit-file.ts'

const ROOT = join(import.meta.dir, '../..')
const BWRAP = Bun.which('bwrap')
const SETPRIV = Bun.which('setpriv')
const ANALYZE = Bun.which('systemd-analyze')
const PYTHON = '/usr/bin/python3'
const hasPySeccomp = existsSync(PYTHON) && Bun.spawnSync([PYTHON, '-c', 'import seccomp'], { stderr: 'ignore' }).exitCode === 0

const missing = [
  !isRoot() && 'root',
  !BWRAP && 'bwrap (apt-get install bubblewrap)',
  !SETPRIV && 'setpriv (apt-get install util-linux)',
  !ANALYZE && 'systemd-analyze (apt-get install systemd)',
  !hasPySeccomp && 'python3-seccomp (apt-get install python3-seccomp)',
].filter(Boolean)
if (missing.length > 0) console.warn(`test/deploy/sandbox.test.ts: systemd sandbox skipped, needs ${missing.join(', ')}`)
const dockerMissing = [
  !isRoot() && 'root',
  !BWRAP && 'bwrap (apt-get install bubblewrap)',
  !SETPRIV && 'setpriv (apt-get install util-linux)',
].filter(Boolean)
if (dockerMissing.length > 0)
  console.warn(`test/deploy/sandbox.test.ts: Docker runtime emulation skipped, needs ${dockerMissing.join(', ')}`)

const temps: string[] = []
function tempDir(prefix: string, mode = 0o755): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  chmodSync(dir, mode)
  temps.push(dir)
  return dir
}
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true })
})

/** Waits (≤ ms) for `proc` to exit; SIGKILLs it after that. */
async function exitCode(proc: { exited: Promise<number>; kill: (s?: number | NodeJS.Signals) => void }, ms = 20_000): Promise<number> {
  const timer = setTimeout(() => proc.kill('SIGKILL'), ms)
  const code = await proc.exited
  clearTimeout(timer)
  return code
}

// ---------------------------------------------------------------------------------------
// 1. systemd unit
// ---------------------------------------------------------------------------------------

/** `systemd-analyze syscall-filter` as group → members (names or @groups). */
function syscallGroups(): Map<string, string[]> {
  const out = Bun.spawnSync([ANALYZE!, 'syscall-filter', '--no-pager'], { stdout: 'pipe' }).stdout.toString()
  const groups = new Map<string, string[]>()
  let current: string[] | undefined
  for (const line of out.split('\n')) {
    if (/^@\S+/.test(line)) {
      current = []
      groups.set(line.trim(), current)
    } else if (line.trim() === '' || line.startsWith('#')) current = undefined
    else if (current && !line.trim().startsWith('#')) current.push(line.trim())
  }
  return groups
}

/**
 * The system calls SystemCallFilter= allows: the first line makes it an allow-list (plus
 * @default, which systemd always adds), later lines add, `~` lines remove.
 */
function allowedSyscalls(filters: string[]): string[] {
  const groups = syscallGroups()
  const expand = (item: string): string[] => (item.startsWith('@') ? (groups.get(item) ?? []).flatMap(expand) : [item])
  if (filters.length === 0 || filters[0]!.startsWith('~')) throw new Error('expected an allow-list SystemCallFilter=')
  const allowed = new Set(expand('@default'))
  for (const line of filters) {
    const remove = line.startsWith('~')
    for (const item of line.replace(/^~/, '').split(/\s+/).filter(Boolean)) {
      for (const name of expand(item)) remove ? allowed.delete(name) : allowed.add(name)
    }
  }
  return [...allowed].sort()
}

const ADDRESS_FAMILIES: Record<string, number> = { AF_UNIX: 1, AF_INET: 2, AF_INET6: 10, AF_NETLINK: 16 }

/** Loads the allow-list (default action: errno), then execs the rest of argv. */
const SECCOMP_EXEC = `
import errno, os, sys
import seccomp
allow_file, errno_name, families, argv = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[5:]
f = seccomp.SyscallFilter(defaction=seccomp.ERRNO(getattr(errno, errno_name)))
for name in open(allow_file).read().split():
    try:
        if name == 'socket':
            for fam in families.split(','):
                f.add_rule(seccomp.ALLOW, name, seccomp.Arg(0, seccomp.EQ, int(fam)))
        else:
            f.add_rule(seccomp.ALLOW, name)
    except RuntimeError:
        pass  # not a system call of this architecture
f.load()
os.execv(argv[0], argv)
`

type SystemdSandbox = {
  dirs: Layout
  secret: string
  command: (args: string[], program?: string) => { cmd: string[]; env: Record<string, string> }
}

/** Builds the bwrap/setpriv/seccomp command line for `kbeauty-api ARGS` from the unit file. */
function systemdSandbox(built: string): SystemdSandbox {
  const unit = readUnit()
  const S = 'Service'
  const dirs = layout(built)
  temps.push(dirs.binDir, dirs.stateDir)
  const secret = randomSecret()
  const helper = tempDir('kbeauty-seccomp-')
  writeFileSync(join(helper, 'seccomp-exec.py'), SECCOMP_EXEC)
  writeFileSync(join(helper, 'allow.txt'), allowedSyscalls(values(unit, S, 'SystemCallFilter')).join('\n'))

  // $CREDENTIALS_DIRECTORY: the required secret from its file; the optional ones absent,
  // so systemd would fall back to their SetCredential= default.
  const creds = tempDir('kbeauty-creds-', 0o700)
  const loaded = values(unit, S, 'LoadCredential').map((v) => v.split(':')[0]!)
  const defaults = new Map(values(unit, S, 'SetCredential').map((v) => v.split(/:(.*)/s).slice(0, 2) as [string, string]))
  for (const id of loaded) {
    const data = id === 'RAPIDAPI_PROXY_SECRET' ? `${secret}\n` : defaults.has(id) ? unescapeC(defaults.get(id)!) : undefined
    if (data === undefined) throw new Error(`credential ${id} has neither a test value nor a SetCredential= default`)
    writeFileSync(join(creds, id), data, { mode: 0o400 })
    chownSync(join(creds, id), NOBODY, NOBODY)
  }
  chownSync(creds, NOBODY, NOBODY)
  chmodSync(creds, 0o500)

  const stateName = value(unit, S, 'StateDirectory')!
  const families = value(unit, S, 'RestrictAddressFamilies')!
    .split(/\s+/)
    .map((f) => {
      const n = ADDRESS_FAMILIES[f]
      if (n === undefined) throw new Error(`unknown address family ${f}`)
      return n
    })
  const umask = value(unit, S, 'UMask') ?? '0022'

  const command = (args: string[], program = '/usr/local/bin/kbeauty-api') => {
    // What systemd passes: EnvironmentFile= (here: the shipped example), Environment=, and its own variables.
    const envFile = parseDotenv(readFileSync(join(ROOT, 'deploy/env.example'), 'utf8'))
    const env: Record<string, string> = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: '/',
      USER: 'kbeauty-api',
      LOGNAME: 'kbeauty-api',
      ...Object.fromEntries(values(unit, S, 'Environment').map((e) => e.split(/=(.*)/s).slice(0, 2) as [string, string])),
      ...envFile,
      CREDENTIALS_DIRECTORY: '/run/credentials/kbeauty-api.service',
      STATE_DIRECTORY: `/var/lib/${stateName}`,
    }
    const shell = [
      'mount -t proc -o subset=pid,hidepid=invisible proc /proc || exit 99', // ProtectProc=invisible, ProcSubset=pid
      `umask ${umask}`,
      'exec "$@"',
    ].join('; ')
    const cmd = [
      BWRAP!,
      '--ro-bind',
      '/',
      '/', // ProtectSystem=strict
      '--dev',
      '/dev', // PrivateDevices=
      '--proc',
      '/proc',
      '--tmpfs',
      '/tmp',
      '--tmpfs',
      '/var/tmp', // PrivateTmp=
      '--perms',
      '0000',
      '--tmpfs',
      '/home',
      '--perms',
      '0000',
      '--tmpfs',
      '/root', // ProtectHome=yes
      '--perms',
      '0755',
      '--tmpfs',
      '/run',
      '--perms',
      '0755',
      '--dir',
      '/run/credentials',
      '--perms',
      '0755',
      '--tmpfs',
      '/usr/local/bin',
      '--perms',
      '0755',
      '--tmpfs',
      '/var/lib',
      '--ro-bind',
      dirs.binary,
      '/usr/local/bin/kbeauty-api',
      '--bind',
      dirs.stateDir,
      `/var/lib/${stateName}`, // StateDirectory=
      '--ro-bind',
      creds,
      '/run/credentials/kbeauty-api.service', // LoadCredential=
      '--ro-bind',
      helper,
      '/run/kbeauty-seccomp',
      '--remount-ro',
      '/usr/local/bin',
      '--remount-ro',
      '/var/lib',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-uts',
      '--unshare-cgroup-try', // PrivateIPC=, ProtectHostname=
      '--die-with-parent',
      '--new-session',
      '--chdir',
      '/',
      '--',
      '/bin/sh',
      '-c',
      shell,
      'sh',
      SETPRIV!,
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      '--clear-groups',
      '--no-new-privs',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--',
      PYTHON,
      '/run/kbeauty-seccomp/seccomp-exec.py',
      '/run/kbeauty-seccomp/allow.txt',
      value(unit, S, 'SystemCallErrorNumber') ?? 'EPERM',
      families.join(','),
      '--',
      program,
      ...args,
    ]
    return { cmd, env }
  }
  return { dirs, secret, command }
}

describe.skipIf(missing.length > 0)('under the systemd unit’s sandbox (emulated)', () => {
  let sandbox: SystemdSandbox
  let server: Running
  let url: string

  beforeAll(async () => {
    sandbox = systemdSandbox(await ensureBinary())
    // A fixed free port: with WORKERS=auto every worker must bind the same one.
    const port = await freePort()
    const { cmd, env } = sandbox.command(['serve'])
    server = await startBinary(cmd.slice(1), { ...env, HOST: '127.0.0.1', PORT: String(port) }, { binary: cmd[0]! })
    url = `http://127.0.0.1:${port}`
  }, 300_000)

  afterAll(async () => {
    await server?.stop('SIGKILL')
  })

  test('config check inside the sandbox: secret from the credential, optional credentials read as unset', () => {
    const { cmd, env } = sandbox.command(['config', 'check'])
    const p = Bun.spawnSync(cmd, { env, stdout: 'pipe', stderr: 'pipe' })
    expect(p.stderr.toString()).toBe('')
    expect(p.stdout.toString()).toMatch(/^configuration ok: APP_ENV=prod .*proxy_secrets=1 redis=off telegram=off /)
    expect(p.exitCode).toBe(0)
  })

  test('the filter is in force: sched_setaffinity (@resources, filtered out) fails with EPERM', () => {
    const { cmd, env } = sandbox.command(['-c', '0', '/bin/true'], '/usr/bin/taskset')
    const p = Bun.spawnSync(cmd, { env, stdout: 'pipe', stderr: 'pipe' })
    expect(p.stderr.toString()).toContain('Operation not permitted')
    expect(p.exitCode).not.toBe(0)
  })

  test('serves /health and an authenticated lookup', async () => {
    expect((await fetch(`${url}/health`)).status).toBe(200)
    const res = await fetch(`${url}/v1/ingredients/inci?q=glycerin`, { headers: { 'X-RapidAPI-Proxy-Secret': sandbox.secret } })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { results: { inci_name: string }[] }).results[0]?.inci_name).toBe('GLYCERIN')
  })

  test('outbound HTTP by host name works under the filter (name lookup without AF_NETLINK, TCP connect)', () => {
    // The same path as the Telegram client and Redis: resolve a name, connect, read a response.
    const { cmd, env } = sandbox.command(['healthcheck', '--url', `${url.replace('127.0.0.1', 'localhost')}/health`])
    expect(Bun.spawnSync(cmd, { env, stdout: 'ignore', stderr: 'ignore' }).exitCode).toBe(0)
  })

  test('every service process runs as 65534 under the seccomp filter, without capabilities', () => {
    const pids = servicePids(server.proc.pid)
    expect(pids.length).toBeGreaterThan(0)
    for (const pid of pids) {
      expect(processIdentity(pid)).toMatchObject({
        uid: `${NOBODY}\t${NOBODY}\t${NOBODY}\t${NOBODY}`,
        capEff: '0000000000000000',
        noNewPrivs: '1',
        seccomp: '2',
      })
    }
  })

  test('whatever it wrote is in the state directory, owned by the service user, private (UMask=0077)', () => {
    for (const name of readdirSync(sandbox.dirs.stateDir)) {
      const st = statSync(join(sandbox.dirs.stateDir, name))
      expect({ name, uid: st.uid, groupOrOther: st.mode & 0o077 }).toEqual({ name, uid: NOBODY, groupOrOther: 0 })
    }
  })

  test('SIGTERM (to every process, as KillMode=control-group does) → exit 0', async () => {
    signalAll(servicePids(server.proc.pid), 'SIGTERM')
    expect(await exitCode(server.proc)).toBe(0)
    expect(server.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true)
    expect(server.stderr()).toBe('')
  })
})

// ---------------------------------------------------------------------------------------
// 2. Docker runtime stage
// ---------------------------------------------------------------------------------------

/** Shared libraries the executable loads, from ldd: [path on this machine]. */
function sharedLibraries(binary: string): string[] {
  const out = Bun.spawnSync(['ldd', binary], { stdout: 'pipe' }).stdout.toString()
  return [...out.matchAll(/(\/\S+\.so[.\d]*)/g)].map((m) => m[1]!).filter((p, i, all) => all.indexOf(p) === i)
}

describe.skipIf(dockerMissing.length > 0)('as the Docker image runs it (distroless-like root, emulated)', () => {
  const runtime = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).stages.at(-1)!
  const ins = (k: string) => runtime.instructions.filter((i) => i.keyword === k).at(-1)!
  const [uid, gid] = ins('USER').args.split(':').map(Number) as [number, number]
  const imageEnv = stageValues(runtime, 'ENV')
  const entrypoint = ins('ENTRYPOINT').json!
  const healthcheck = JSON.parse(ins('HEALTHCHECK').args.replace(/^CMD\s+/, '')) as string[]
  let dirs: Layout
  let port: number
  let server: Running
  let secret: string

  /** The image's filesystem: only the executable and the C library; root read-only; STATE_DIR writable (the tmpfs). */
  const container = (argv: string[], env: Record<string, string>) => {
    const libs = sharedLibraries(dirs.binary).flatMap((lib) => ['--ro-bind', lib, lib])
    return [
      SETPRIV!,
      `--reuid=${uid}`,
      `--regid=${gid}`,
      '--clear-groups',
      '--', // docker starts the process as USER
      BWRAP!,
      '--unshare-all',
      '--share-net',
      '--die-with-parent',
      '--new-session',
      ...libs,
      '--ro-bind',
      dirs.binary,
      entrypoint[0]!,
      '--bind',
      dirs.stateDir,
      imageEnv.STATE_DIR!,
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--remount-ro',
      '/', // docker run --read-only
      '--clearenv',
      ...Object.entries(env).flatMap(([k, v]) => ['--setenv', k, v]),
      '--',
      ...argv,
    ]
  }

  beforeAll(async () => {
    dirs = layout(await ensureBinary(), uid)
    temps.push(dirs.binDir, dirs.stateDir)
    secret = randomSecret()
    port = await freePort()
    const cmd = container([...entrypoint, ...ins('CMD').json!], {
      ...imageEnv,
      PORT: String(port),
      HOST: '127.0.0.1',
      RAPIDAPI_PROXY_SECRET: secret,
    })
    server = await startBinary(cmd.slice(1), {}, { binary: cmd[0]! })
  }, 300_000)

  afterAll(async () => {
    await server?.stop('SIGKILL')
  })

  test('the root holds no shell: only the executable and the C library', () => {
    const p = Bun.spawnSync(container(['/bin/sh', '-c', 'true'], {}), { stdout: 'ignore', stderr: 'pipe' })
    expect(p.stderr.toString()).toContain('No such file or directory')
    expect(p.exitCode).not.toBe(0)
  })

  test('serves an authenticated lookup as the image user', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/ingredients/inci?q=glycerin`, { headers: { 'X-RapidAPI-Proxy-Secret': secret } })
    expect(res.status).toBe(200)
    const pid = servicePids(server.proc.pid)[0]!
    expect(processIdentity(pid).uid.split('\t')[0]).toBe(String(uid))
  })

  test('the HEALTHCHECK command answers 0 (and 1 when nothing listens)', () => {
    const env = { ...imageEnv, PORT: String(port) }
    expect(Bun.spawnSync(container(healthcheck, env), { stdout: 'ignore', stderr: 'ignore' }).exitCode).toBe(0)
    const wrong = { ...env, PORT: '1' }
    expect(Bun.spawnSync(container(healthcheck, wrong), { stdout: 'ignore', stderr: 'ignore' }).exitCode).toBe(1)
  })

  test('it wrote nothing outside STATE_DIR (read-only root) and stops with 0 on SIGTERM', async () => {
    expect(server.stderr()).toBe('')
    signalAll(servicePids(server.proc.pid), 'SIGTERM')
    expect(await exitCode(server.proc)).toBe(0)
  })
})
