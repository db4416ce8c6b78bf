/**
 * Reads a systemd unit file (systemd.syntax(7)): `[Section]` headers, `Key=value` lines,
 * `#`/`;` comments, backslash line continuations. Keys may repeat (LoadCredential=, ...);
 * an empty assignment resets the list, as systemd does.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export type UnitFile = Map<string, [key: string, value: string][]>

export const UNIT_PATH = join(import.meta.dir, '../../deploy/kbeauty-api.service')

export function parseUnit(text: string): UnitFile {
  const unit: UnitFile = new Map()
  let section: [string, string][] | undefined
  let pending = ''
  for (const raw of text.split(/\r?\n/)) {
    const line = pending + raw.trim()
    pending = ''
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    if (line.endsWith('\\')) {
      pending = `${line.slice(0, -1)} `
      continue
    }
    const header = /^\[(.+)\]$/.exec(line)
    if (header) {
      section = unit.get(header[1]!) ?? []
      unit.set(header[1]!, section)
      continue
    }
    const eq = line.indexOf('=')
    if (eq < 0 || !section) throw new Error(`not a unit-file line: ${line}`)
    section.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()])
  }
  return unit
}

export function readUnit(path = UNIT_PATH): UnitFile {
  return parseUnit(readFileSync(path, 'utf8'))
}

/** Every value of `key` in `section`, after the last empty assignment. */
export function values(unit: UnitFile, section: string, key: string): string[] {
  const out: string[] = []
  for (const [k, v] of unit.get(section) ?? []) {
    if (k !== key) continue
    if (v === '') out.length = 0
    else out.push(v)
  }
  return out
}

/** The last value of `key` ('' when set empty, undefined when absent). */
export function value(unit: UnitFile, section: string, key: string): string | undefined {
  const all = (unit.get(section) ?? []).filter(([k]) => k === key)
  return all.at(-1)?.[1]
}

/** C-style unescaping as systemd applies it to SetCredential= values. */
export function unescapeC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[nrt0\\"'])/g, (_, e: string) =>
    e.startsWith('x')
      ? String.fromCharCode(Number.parseInt(e.slice(1), 16))
      : ({ n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\', '"': '"', "'": "'" } as Record<string, string>)[e]!,
  )
}

/** Seconds from a systemd time span such as `15s`, `2min`, `1min 30s`, `500ms`, or a bare number (s). */
export function timespanSeconds(span: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600, hr: 3600 }
  let total = 0
  for (const m of span.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]*)/g)) {
    const factor = units[m[2] || 's']
    if (factor === undefined) throw new Error(`unknown time unit in "${span}"`)
    total += Number(m[1]) * factor
  }
  return total
}
