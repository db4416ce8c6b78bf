/**
 * Optional env file for operators not using systemd's EnvironmentFile=. Refused unless only
 * its owner can access it (private-file.ts), because it may hold secrets. Parsed with
 * dotenv's parser. Precedence: a variable set in the real environment wins over the file.
 */
import { parse } from 'dotenv'
import type { Env } from './config.ts'
import { readPrivateFile } from './private-file.ts'

export class EnvFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EnvFileError'
  }
}

export type LoadedEnvironment = {
  env: Env
  /** The env file read, if any. */
  file: string | undefined
  /** Variables whose value came from the file (not overridden by the real environment). */
  fromFile: ReadonlySet<string>
}

/**
 * The environment with the file's values added, and which variables came from the file.
 * `path` falls back to `env.ENV_FILE`.
 * @throws EnvFileError when the file is missing, a directory, unreadable, or readable by group/others.
 */
export function readEnvironment(env: Env, path?: string): LoadedEnvironment {
  const file = path ?? env.ENV_FILE
  if (!file) return { env: { ...env }, file: undefined, fromFile: new Set() }
  let text: string
  try {
    text = readPrivateFile(file)
  } catch (err) {
    throw new EnvFileError(`env file ${file}: ${(err as Error).message}`)
  }
  const values = parse(text)
  const fromFile = new Set(Object.keys(values).filter((k) => env[k] === undefined))
  return { env: { ...values, ...env }, file, fromFile }
}

/** The environment with the file's values added (see readEnvironment). @throws EnvFileError */
export function loadEnvironment(env: Env, path?: string): Env {
  return readEnvironment(env, path).env
}
