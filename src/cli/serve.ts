/** `kbeauty-api serve`: check what serve needs (exit 78 listing every problem), then listen. */

import { parseConfig } from '../config.ts'
import { ConfigError } from '../config-error.ts'
import { autoWorkers, cgroupCpuQuota } from '../cpu-quota.ts'
import { readEnvironment } from '../env-file.ts'
import { readPrivateFile } from '../private-file.ts'
import { type Command, UsageError } from './command.ts'
import { readTextOrUndefined } from './read-text.ts'
import { commandUsage } from './usage.ts'

export const serve: Command = {
  name: 'serve',
  summary: 'run the API (PORT, HOST and the rest from the environment)',
  options: {
    workers: {
      type: 'string',
      value: 'N|auto',
      help: 'worker threads sharing the port, 1–256 or auto (one per CPU the quota allows); default WORKERS or 1',
    },
    'env-file': {
      type: 'string',
      value: 'PATH',
      help: 'add variables from PATH (refused unless only its owner can read it); the environment wins',
    },
  },
  async run({ values }, io) {
    const { env } = readEnvironment(io.env, values['env-file'] as string | undefined)
    const workers = values.workers as string | undefined
    if (workers !== undefined) {
      if (!/^(\d+|auto)$/i.test(workers.trim())) throw new UsageError('--workers must be a number 1–256 or auto', commandUsage(serve))
      env.WORKERS = workers
    }
    const parsed = parseConfig(env, readPrivateFile)
    const { preflightTargets, runPreflight } = await import('../preflight/index.ts')
    const { findings } = await runPreflight(preflightTargets(parsed, env))
    if (findings.length > 0) throw new ConfigError(findings.map((f) => f.message))
    const config =
      parsed.workers === 'auto'
        ? Object.freeze({ ...parsed, workers: autoWorkers(navigator.hardwareConcurrency, cgroupCpuQuota(readTextOrUndefined)) })
        : parsed
    const { runServer } = await import('../server.ts')
    await runServer({ config, env, embeddedDbPath: io.embeddedDbPath })
    return undefined
  },
}
