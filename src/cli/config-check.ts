/**
 * `kbeauty-api config check`: every check `serve` runs before listening, plus the database
 * and Redis, all at once. Prints what it checked and where each secret came from (never a
 * value). Exit 0; 78 when any configuration problem; else 66 (database) or 69 (Redis).
 */

import { type Config, type Env, parseConfig, SECRET_NAMES, type SecretSource } from '../config.ts'
import { ConfigError } from '../config-error.ts'
import { autoWorkers, cgroupCpuQuota } from '../cpu-quota.ts'
import { EnvFileError, type LoadedEnvironment, readEnvironment } from '../env-file.ts'
import { formatHostPort } from '../host-port.ts'
import type { Finding } from '../preflight/index.ts'
import { readPrivateFile } from '../private-file.ts'
import { type Command, EXIT } from './command.ts'
import { readTextOrUndefined } from './read-text.ts'

function describeSource(s: SecretSource | undefined, loaded: LoadedEnvironment): string {
  if (!s) return 'not set'
  const where = loaded.fromFile.has(s.variable) ? ` (set in env file ${loaded.file})` : ''
  const also = s.ignored.length > 0 ? `; ${s.ignored.join(', ')} also set and ignored (${s.variable} wins)` : ''
  if (s.kind === 'environment') return `from ${s.variable}${where || ' (environment)'}${also}`
  if (s.kind === 'file') return `from the file ${s.path} (${s.variable}${where})${also}`
  return `from the systemd credential ${s.path}${also}`
}

function report(config: Config, loaded: LoadedEnvironment, database: string | undefined): string {
  const lines = [
    `configuration ok: APP_ENV=${config.appEnv} listen=${formatHostPort(config.host, config.port)} ` +
      `proxy_secrets=${config.proxySecrets.length} redis=${config.redisUrl ? 'on' : 'off'} ` +
      `telegram=${config.telegram ? 'on' : 'off'} docs=${config.docs} workers=${config.workers}`,
  ]
  if (loaded.file) lines.push(`env file: ${loaded.file} (${loaded.fromFile.size} variables used)`)
  if (database) lines.push(`database: ${database}`)
  if (config.workers === 'auto') {
    const cpus = navigator.hardwareConcurrency
    const quota = cgroupCpuQuota(readTextOrUndefined)
    lines.push(`workers: auto → ${autoWorkers(cpus, quota)} (${cpus} CPUs, ${quota === undefined ? 'no CPU quota' : `CPU quota ${quota}`})`)
  }
  for (const name of SECRET_NAMES) lines.push(`${name}: ${describeSource(config.secretSources[name], loaded)}`)
  return `${lines.join('\n')}\n`
}

export const configCheck: Command = {
  name: 'config check',
  summary: 'check the configuration, files, listen address, database and Redis; list every problem',
  options: {
    'env-file': { type: 'string', value: 'PATH', help: 'add variables from PATH, as serve --env-file does' },
  },
  async run({ values }, io) {
    const findings: Finding[] = []
    let loaded: LoadedEnvironment = { env: { ...io.env }, file: undefined, fromFile: new Set() }
    try {
      loaded = readEnvironment(io.env, values['env-file'] as string | undefined)
    } catch (err) {
      if (!(err instanceof EnvFileError)) throw err
      findings.push({ kind: 'config', message: err.message })
    }
    const env: Env = loaded.env
    let config: Config | undefined
    try {
      config = parseConfig(env, readPrivateFile)
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err
      findings.push(...err.problems.map((message) => ({ kind: 'config' as const, message })))
    }
    const { preflightTargets, runPreflight } = await import('../preflight/index.ts')
    const checked = await runPreflight(preflightTargets(config, env), { database: { embeddedDbPath: io.embeddedDbPath }, redis: true })
    findings.push(...checked.findings)
    if (findings.length === 0 && config) {
      io.out(report(config, loaded, checked.database))
      return EXIT.ok
    }
    io.err(
      `kbeauty-api: config check found ${findings.length} problem${findings.length === 1 ? '' : 's'}:\n${findings.map((f) => `  - ${f.message}\n`).join('')}`,
    )
    if (findings.some((f) => f.kind === 'config')) return EXIT.config
    return findings.some((f) => f.kind === 'database') ? EXIT.noInput : EXIT.unavailable
  },
}
