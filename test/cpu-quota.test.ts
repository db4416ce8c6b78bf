/** WORKERS=auto: the cgroup CPU quota caps the worker count (cgroup v2 cpu.max, v1 cfs quota). */
import { expect, test } from 'bun:test'
import { autoWorkers, cgroupCpuQuota } from '../src/cpu-quota.ts'

const fs = (files: Record<string, string>) => (p: string) => files[p]

test.each([
  [
    'v2, 1.5 CPUs in a container (cgroup namespace root)',
    { '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': '150000 100000\n' },
    1.5,
  ],
  ['v2, unlimited', { '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': 'max 100000\n' }, undefined],
  [
    'v2, a systemd unit with CPUQuota=50%',
    {
      '/proc/self/cgroup': '0::/system.slice/kbeauty-api.service\n',
      '/sys/fs/cgroup/system.slice/kbeauty-api.service/cpu.max': '50000 100000',
    },
    0.5,
  ],
  [
    'v1, 2 CPUs',
    {
      '/proc/self/cgroup': '4:memory:/x\n3:cpu,cpuacct:/docker/abc\n0::/\n',
      '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '200000\n',
      '/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
    },
    2,
  ],
  [
    'v1, unlimited (-1)',
    { '/proc/self/cgroup': '1:cpu:/\n', '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' },
    undefined,
  ],
  ['no cgroup files', {}, undefined],
])('%s → %p CPUs', (_name, files, quota) => {
  expect(cgroupCpuQuota(fs(files))).toBe(quota)
})

test.each([
  [8, undefined, 8],
  [8, 1.5, 1],
  [8, 2, 2],
  [2, 4, 2],
  [4, 0.5, 1],
])('%i cores, quota %p → %i workers', (cpus, quota, workers) => {
  expect(autoWorkers(cpus, quota)).toBe(workers)
})
