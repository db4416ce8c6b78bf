/**
 * Optional env file for operators not using systemd's EnvironmentFile=. Like ssh with a
 * private key, the file is refused when its group or others can read or write it
 * (mode & 0o077), because it may hold secrets. Parsed with dotenv's parser.
 */
import { readFileSync, statSync } from 'node:fs'
import { parse } from 'dotenv'
import type { Env } from './config.ts'

export class EnvFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EnvFileError'
  }
}

/**
 * Returns the environment with the file's values added (variables already set in the
 * real environment win). `path` falls back to `env.ENV_FILE`.
 * @throws EnvFileError when the file is missing, unreadable, or readable by group/others.
 */
export function loadEnvironment(env: Env, path?: string): Env {
  const file = path ?? env.ENV_FILE
  if (!file) return { ...env }
  let mode: number
  try {
    mode = statSync(file).mode
  } catch (err) {
    throw new EnvFileError(`env file ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  if ((mode & 0o077) !== 0) {
    throw new EnvFileError(
      `env file ${file}: permissions ${(mode & 0o777).toString(8).padStart(4, '0')} are too open; it may hold secrets, so ` +
        `only its owner may read it (run: chmod 600 ${file})`,
    )
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new EnvFileError(`env file ${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  return { ...parse(text), ...env }
}
