/**
 * `.dockerignore` matching as Docker's builder does it (moby/patternmatcher): patterns are
 * cleaned paths relative to the context root; `*` and `?` stop at "/", `**` spans any
 * number of directories; a pattern also excludes everything under a matching directory;
 * `!` re-includes; the last matching line wins.
 *
 * To swap for a library (e.g. `@balena/dockerignore`, which implements the same rules),
 * keep `isIgnored(rules, path)`.
 */
import { posix } from 'node:path'

export type IgnoreRule = { pattern: string; exclusion: boolean; re: RegExp }

/** Reads .dockerignore text into rules, in file order. */
export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = []
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    let exclusion = false
    if (line.startsWith('!')) {
      exclusion = true
      line = line.slice(1).trim()
    }
    let pattern = posix.normalize(line).replace(/\/+$/, '')
    if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1)
    rules.push({ pattern, exclusion, re: toRegExp(pattern) })
  }
  return rules
}

function toRegExp(pattern: string): RegExp {
  let re = '^'
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++
        if (pattern[i + 1] === '/') i++
        re += i + 1 >= pattern.length ? '.*' : '(.*/)?'
      } else {
        re += '[^/]*'
      }
    } else if (ch === '?') {
      re += '[^/]'
    } else if (ch === '\\' && i + 1 < pattern.length) {
      re += `\\${pattern[++i]}`
    } else if (ch === '[' || ch === ']' || ch === '-' || ch === '^') {
      re += ch // character classes pass through, as in filepath.Match
    } else {
      re += ch.replace(/[.+(){}|$]/g, '\\$&')
    }
  }
  return new RegExp(`${re}$`)
}

/** True when `path` (relative to the context root, "/"-separated) is left out of the context. */
export function isIgnored(rules: IgnoreRule[], path: string): boolean {
  const file = posix.normalize(path).replace(/^\.?\//, '')
  const parts = file.split('/')
  let ignored = false
  for (const rule of rules) {
    let match = rule.re.test(file)
    for (let n = 1; !match && n < parts.length; n++) match = rule.re.test(parts.slice(0, n).join('/'))
    if (match) ignored = !rule.exclusion
  }
  return ignored
}
