import { readFileSync } from 'node:fs'

/** A file's text, or undefined when it cannot be read (for optional system files such as cgroup limits). */
export function readTextOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
