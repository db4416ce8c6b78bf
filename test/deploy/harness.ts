/**
 * Shared setup for running the compiled executable the way it is deployed: copied alone
 * into a root-owned, read-only directory, started as an unprivileged user, with a state
 * directory that only that user can write.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, chownSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The unprivileged ids used here: nobody/nogroup on Debian (the Docker image uses 65532). */
export const NOBODY = 65534

export const isRoot = (): boolean => process.getuid?.() === 0

/** A random proxy secret: 32 URL-safe characters. */
export function randomSecret(): string {
  return randomBytes(24).toString('base64url')
}

export type Layout = {
  /** Root-owned 0755 directory holding only the executable. */
  binDir: string
  /** The executable: root-owned, 0555. */
  binary: string
  /** Owned by `uid`, mode 0700. */
  stateDir: string
  cleanup: () => void
}

/** Copies `built` alone into a fresh root-owned directory and makes a state dir for `uid`. */
export function layout(built: string, uid = NOBODY): Layout {
  const binDir = mkdtempSync(join(tmpdir(), 'kbeauty-deploy-bin-'))
  chmodSync(binDir, 0o755)
  const binary = join(binDir, 'kbeauty-api')
  copyFileSync(built, binary)
  chownSync(binary, 0, 0)
  chmodSync(binary, 0o555)
  const stateDir = mkdtempSync(join(tmpdir(), 'kbeauty-deploy-state-'))
  chownSync(stateDir, uid, uid)
  chmodSync(stateDir, 0o700)
  const cleanup = () => {
    rmSync(binDir, { recursive: true, force: true })
    rmSync(stateDir, { recursive: true, force: true })
  }
  return { binDir, binary, stateDir, cleanup }
}

/** Fields of /proc/PID/status that show who a process runs as and what it may do. */
export function processIdentity(pid: number): {
  uid: string
  gid: string
  groups: string
  capEff: string
  noNewPrivs: string
  seccomp: string
} {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(status)?.[1]?.trim() ?? ''
  return {
    uid: field('Uid'),
    gid: field('Gid'),
    groups: field('Groups'),
    capEff: field('CapEff'),
    noNewPrivs: field('NoNewPrivs'),
    seccomp: field('Seccomp'),
  }
}

/**
 * Sends `signal` to every pid, as systemd's KillMode=control-group does. A process that
 * exited meanwhile (ESRCH: a worker its supervisor already stopped) is skipped.
 */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err
    }
  }
}

/** Every pid at or below `pid` (breadth first, so a supervisor before its workers) running the executable. */
export function servicePids(pid: number, name = 'kbeauty-api'): number[] {
  const out: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const p = queue.shift()!
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0')[0]!.endsWith(`/${name}`)) out.push(p)
      queue.push(...readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
    } catch {
      /* exited meanwhile */
    }
  }
  return out
}
