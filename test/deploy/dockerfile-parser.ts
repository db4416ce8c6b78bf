/**
 * A small Dockerfile reader for the deploy tests: stages, instructions, flags, exec-form
 * arguments and key=value pairs, following the Dockerfile reference
 * (https://docs.docker.com/reference/dockerfile/): parser directives, comments,
 * line continuations with the escape character, JSON (exec) form.
 *
 * It is the one place to swap for a library (e.g. the `dockerfile-ast` npm package, which
 * the VS Code Docker tooling uses): keep `parseDockerfile`'s return shape and the tests
 * stay as they are. Here-documents (`<<EOF`) are not supported and throw, so a Dockerfile
 * that starts using them fails the tests loudly instead of being misread.
 */

export type Instruction = {
  /** Upper-case keyword: FROM, RUN, COPY, ... */
  keyword: string
  /** Everything after the flags, continuations joined with a space. */
  args: string
  /** Leading `--name=value` flags (`--name` alone → ''). */
  flags: Record<string, string>
  /** Exec-form arguments when `args` is a JSON array of strings. */
  json: string[] | undefined
  /** 1-based line of the keyword. */
  line: number
}

export type Stage = {
  /** Image reference after FROM, ARGs from the global scope substituted. */
  from: string
  /** `AS name`, lower-cased as Docker treats it. */
  name: string | undefined
  instructions: Instruction[]
}

export type Dockerfile = {
  directives: Record<string, string>
  /** ARG instructions before the first FROM, with their defaults. */
  globalArgs: Record<string, string>
  stages: Stage[]
}

const FLAG_KEYWORDS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'HEALTHCHECK'])

/** Parses Dockerfile text. @throws Error naming the line for here-documents or text before FROM. */
export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/)
  const directives: Record<string, string> = {}
  let i = 0
  // Parser directives: `# name=value` lines at the very top, before any other line.
  for (; i < lines.length; i++) {
    const m = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[i]!)
    if (!m) break
    directives[m[1]!.toLowerCase()] = m[2]!
  }
  const escapeChar = directives.escape ?? '\\'

  const instructions: Instruction[] = []
  let buf = ''
  let start = 0
  for (; i < lines.length; i++) {
    const raw = lines[i]!
    const trimmed = raw.trim()
    if (trimmed === '' && buf === '') continue
    if (trimmed.startsWith('#')) continue // comments, also inside a continuation
    if (buf === '') start = i + 1
    if (trimmed.endsWith(escapeChar)) {
      buf += `${trimmed.slice(0, -escapeChar.length)} `
      continue
    }
    buf += trimmed
    instructions.push(toInstruction(buf.trim(), start))
    buf = ''
  }
  if (buf.trim() !== '') instructions.push(toInstruction(buf.trim(), start))

  const globalArgs: Record<string, string> = {}
  const stages: Stage[] = []
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const parts = ins.args.split(/\s+/)
      const from = parts[0]!.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => globalArgs[n] ?? '')
      const name = parts.length === 3 && parts[1]!.toUpperCase() === 'AS' ? parts[2]!.toLowerCase() : undefined
      stages.push({ from, name, instructions: [] })
      continue
    }
    const stage = stages.at(-1)
    if (!stage) {
      if (ins.keyword !== 'ARG') throw new Error(`line ${ins.line}: ${ins.keyword} before the first FROM`)
      Object.assign(globalArgs, keyValues(ins.args))
      continue
    }
    stage.instructions.push(ins)
  }
  return { directives, globalArgs, stages }
}

function toInstruction(text: string, line: number): Instruction {
  const m = /^(\S+)\s*(.*)$/s.exec(text)!
  const keyword = m[1]!.toUpperCase()
  let rest = m[2]!
  if (/<<-?["']?[A-Za-z_]/.test(rest) && (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD')) {
    throw new Error(`line ${line}: here-documents are not supported by this reader`)
  }
  const flags: Record<string, string> = {}
  if (FLAG_KEYWORDS.has(keyword)) {
    for (;;) {
      const f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)
      if (!f) break
      flags[f[1]!] = f[2] ?? ''
      rest = rest.slice(f[0].length)
    }
  }
  let json: string[] | undefined
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest)
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) json = parsed
    } catch {
      /* shell form that happens to start with "[" */
    }
  }
  return { keyword, args: rest, flags, json, line }
}

/**
 * `ARG`, `ENV` and `LABEL` arguments as key → value: `k=v k2="v 2"`, or the legacy
 * `ENV key value` form. `ARG name` without a default → ''.
 */
export function keyValues(args: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (!args.includes('=')) {
    const [key, ...value] = args.split(/\s+/)
    out[key!] = value.join(' ')
    return out
  }
  const re = /([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g
  for (const m of args.matchAll(re)) {
    let v = m[2] ?? ''
    if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1')
    else if (v.startsWith("'")) v = v.slice(1, -1)
    out[m[1]!] = v
  }
  return out
}

/** All ENV (or ARG/LABEL) pairs of a stage, in order; later ones win. */
export function stageValues(stage: Stage, keyword: 'ENV' | 'ARG' | 'LABEL'): Record<string, string> {
  const out: Record<string, string> = {}
  for (const ins of stage.instructions) if (ins.keyword === keyword) Object.assign(out, keyValues(ins.args))
  return out
}
