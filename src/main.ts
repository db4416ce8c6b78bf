#!/usr/bin/env bun
/**
 * The executable's entry point and the only module with side effects: argv, environment,
 * files, listening, signals. Commands:
 *
 *   kbeauty-api serve [--workers N|auto] [--env-file PATH]
 *   kbeauty-api import --sources DIR --out FILE
 *   kbeauty-api analyze [FILE|-] [--product-type TYPE] [--markets EU,KR] [--json]
 *   kbeauty-api healthcheck [--url URL]
 *   kbeauty-api config check [--env-file PATH]
 *   kbeauty-api version
 */
import { readFileSync } from 'node:fs'
import embeddedDbPath from '../data/kbeauty.sqlite' with { type: 'file' }
import { ConfigError } from './config.ts'
import { DatabaseError } from './db/open.ts'
import { loadEnvironment, EnvFileError } from './env-file.ts'
import { parseConfig } from './config.ts'
import { runServer } from './server.ts'
import { BUILD_DATE, COMMIT, VERSION } from './version.ts'

const USAGE = `usage: kbeauty-api <command>
  serve [--workers N|auto] [--env-file PATH]   run the API (PORT, HOST and the rest from the environment)
  import --sources DIR --out FILE              build a database from the official source files
  analyze [FILE|-] [--product-type T] [--json] check a label offline (exit 1 when blocked in a market)
  healthcheck [--url URL]                      exit 0 when /health answers 200, else 1
  config check [--env-file PATH]               validate the configuration and exit
  version                                      print version, commit, build date and data sources`

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const v = args[i + 1]
  if (v === undefined || v.startsWith('--')) fail(`${name} needs a value`)
  return v
}

function fail(message: string, code = 2): never {
  process.stderr.write(`kbeauty-api: ${message}\n`)
  process.exit(code)
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv
  switch (command) {
    case 'version': {
      const { versionReport } = await import('./version-report.ts')
      process.stdout.write(versionReport({ version: VERSION, commit: COMMIT, buildDate: BUILD_DATE, embeddedDbPath }))
      return
    }
    case 'import': {
      const sources = flag(args, '--sources') ?? fail('import needs --sources DIR')
      const out = flag(args, '--out') ?? fail('import needs --out FILE')
      const { importDatabase, formatSummary, ImportError } = await import('./importer/index.ts')
      try {
        const summary = await importDatabase({ sourcesDir: sources, outFile: out })
        process.stdout.write(`${formatSummary(summary)}\n`)
      } catch (err) {
        if (err instanceof ImportError) fail(`import failed: ${err.message}`, 1)
        throw err
      }
      return
    }
    case 'analyze': {
      const { runAnalyzeFromMain } = await import('./cli/analyze-main.ts')
      process.exit(await runAnalyzeFromMain(args, { env: process.env, embeddedDbPath }))
    }
    case 'healthcheck': {
      const env = process.env
      const url = flag(args, '--url') ?? `http://127.0.0.1:${env.PORT || '8000'}/health`
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(3_000) })
        if (res.status !== 200) process.stderr.write(`kbeauty-api: ${url} answered ${res.status}\n`)
        process.exit(res.status === 200 ? 0 : 1)
      } catch (err) {
        process.stderr.write(`kbeauty-api: ${url} did not answer (${(err as Error)?.name ?? 'error'})\n`)
        process.exit(1)
      }
    }
    case 'config': {
      if (args[0] !== 'check') fail(USAGE)
      const env = loadEnvironment(process.env, flag(args, '--env-file'))
      const config = parseConfig(env, (p) => readFileSync(p, 'utf8'))
      process.stdout.write(
        `configuration ok: APP_ENV=${config.appEnv} listen=${config.host}:${config.port} ` +
          `proxy_secrets=${config.proxySecrets.length} redis=${config.redisUrl ? 'on' : 'off'} ` +
          `telegram=${config.telegram ? 'on' : 'off'} docs=${config.docs} workers=${config.workers}\n`,
      )
      return
    }
    case 'serve': {
      const env = loadEnvironment(process.env, flag(args, '--env-file'))
      const workers = flag(args, '--workers')
      if (workers !== undefined) env.WORKERS = workers
      const config = parseConfig(env, (p) => readFileSync(p, 'utf8'))
      await runServer({ config, env, embeddedDbPath })
      return
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`)
      return
    default:
      fail(`unknown command "${command.slice(0, 40)}"\n${USAGE}`)
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) fail(err.message, 78) // EX_CONFIG (sysexits.h)
  if (err instanceof EnvFileError) fail(err.message, 78)
  if (err instanceof DatabaseError) fail(err.message, 66) // EX_NOINPUT
  fail(`fatal: ${err instanceof Error ? err.message : String(err)}`, 1)
})
