/**
 * WORKERS=auto under a real CPU quota (cgroup v1 cpu controller, as `docker run --cpus`
 * sets it): the compiled binary starts one worker per CPU of the quota, not per core.
 * Needs root and a writable cgroup v1 cpu hierarchy, and at least 2 cores to tell apart.
 */
import { afterAll, describe, expect, test } from 'bun:test'
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs'
import { ensureBinary, type Running, startBinary } from '../helpers/binary.ts'

const CPU = '/sys/fs/cgroup/cpu'
const GROUP = `${CPU}/kbeauty-workers-auto-${process.pid}`

function canMakeGroup(): boolean {
  if (process.getuid?.() !== 0 || navigator.hardwareConcurrency < 2 || !existsSync(`${CPU}/cpu.cfs_quota_us`)) return false
  try {
    mkdirSync(GROUP)
    return true
  } catch {
    return false
  }
}

describe.skipIf(!canMakeGroup())('WORKERS=auto in a cgroup with a CPU quota', () => {
  const running: Running[] = []
  afterAll(async () => {
    for (const r of running) await r.stop()
    try {
      rmdirSync(GROUP)
    } catch {
      /* still busy: the kernel removes nothing else */
    }
  })

  /** Starts `binary serve` inside GROUP (the shell joins the group, then execs the binary). */
  async function serveIn(group: string | null) {
    const binary = await ensureBinary()
    const join = group ? `echo $$ > ${group}/cgroup.procs && ` : ''
    const r = await startBinary(
      ['-c', `${join}exec "$0" serve`, binary],
      { RAPIDAPI_PROXY_SECRET: 'workers-auto-secret-0123456789', PORT: '0', HOST: '127.0.0.1', WORKERS: 'auto' },
      { binary: '/bin/sh' },
    )
    running.push(r)
    return r
  }

  test('1.5 CPUs of quota → one worker; no quota → one per core', async () => {
    writeFileSync(`${GROUP}/cpu.cfs_period_us`, '100000')
    writeFileSync(`${GROUP}/cpu.cfs_quota_us`, '150000')
    const limited = await serveIn(GROUP)
    expect(limited.lines.some((l) => l.includes('"msg":"worker started"'))).toBe(false)
    expect(JSON.parse(limited.lines.find((l) => l.includes('"msg":"listening"'))!).worker).toBeUndefined()
    await limited.stop()

    const free = await serveIn(null)
    await free.waitForLine((l) => l.includes('"msg":"listening"') && l.includes(`"worker":${navigator.hardwareConcurrency - 1}`))
    expect(free.lines.filter((l) => l.includes('"msg":"worker started"'))).toHaveLength(navigator.hardwareConcurrency)
  }, 60_000)
})
