/**
 * `WORKERS=auto`: one worker per CPU the process may use. A container or a systemd unit
 * limits CPU with a cgroup quota (Docker `--cpus`, systemd `CPUQuota=`), which the core
 * count does not show. Bun's `navigator.hardwareConcurrency` already follows a cgroup v1
 * quota (measured: 1 with a 1- or 1.5-CPU quota on a 2-core VM); the quota is also read
 * here for cgroup v2 (`cpu.max`, kernel docs "cgroup-v2", CPU) and v1
 * (`cpu.cfs_quota_us` / `cpu.cfs_period_us`) so the rule does not depend on the runtime.
 */

/** Reads a file as text, or undefined when it does not exist. Injected so tests need no cgroup. */
export type ReadText = (path: string) => string | undefined

/**
 * The CPU quota of this process's cgroup in CPUs (e.g. 1.5), or undefined when unlimited
 * or unknown. Paths follow /proc/self/cgroup (inside a container's cgroup namespace, "/").
 */
export function cgroupCpuQuota(read: ReadText): number | undefined {
  const lines = (read('/proc/self/cgroup') ?? '').split('\n')
  const v2 = lines.find((l) => l.startsWith('0::'))?.slice(3)
  if (v2 !== undefined) {
    const max = read(`/sys/fs/cgroup${v2 === '/' ? '' : v2}/cpu.max`)
    if (max !== undefined) {
      const [quota, period] = max.trim().split(/\s+/)
      if (quota !== 'max' && Number(quota) > 0 && Number(period) > 0) return Number(quota) / Number(period)
      if (quota === 'max') return undefined
    }
  }
  for (const line of lines) {
    const [, controllers, path] = line.split(':')
    if (!controllers?.split(',').includes('cpu') || path === undefined) continue
    const dir = `/sys/fs/cgroup/${controllers}${path === '/' ? '' : path}`
    const quota = Number(read(`${dir}/cpu.cfs_quota_us`)?.trim())
    const period = Number(read(`${dir}/cpu.cfs_period_us`)?.trim())
    if (quota > 0 && period > 0) return quota / period
  }
  return undefined
}

/** Workers for `auto`: the CPUs available, capped by the quota rounded down, at least 1. */
export function autoWorkers(cpus: number, quota: number | undefined): number {
  const byQuota = quota === undefined ? cpus : Math.floor(quota)
  return Math.max(1, Math.min(cpus, byQuota))
}
