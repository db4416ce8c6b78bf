/**
 * The Dockerfile and .dockerignore, read statically (no Docker engine runs here): a
 * multi-stage build whose runtime stage holds only the executable, runs as a numeric
 * non-root user, checks its own health, and carries no secret in any layer.
 */
import { describe, expect, test } from 'bun:test'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pkg from '../../package.json' with { type: 'json' }
import { type Instruction, keyValues, parseDockerfile, type Stage, stageValues } from './dockerfile-parser.ts'
import { isIgnored, parseDockerignore } from './dockerignore.ts'

const ROOT = join(import.meta.dir, '../..')
const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))
const ignoreRules = parseDockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'))
const final = dockerfile.stages.at(-1)!
const BINARY = '/usr/local/bin/kbeauty-api'
const SECRETISH = /secret|token|passw|credential|\.env\b|private[_-]?key|api[_-]?key/i

const inStage = (stage: Stage, keyword: string): Instruction[] => stage.instructions.filter((i) => i.keyword === keyword)
const stageNamed = (name: string): Stage | undefined => dockerfile.stages.find((s) => s.name === name)
/** Sources of a COPY/ADD: every argument but the last (exec form or shell form). */
const sourcesOf = (ins: Instruction): string[] => (ins.json ?? ins.args.split(/\s+/)).slice(0, -1)
const destOf = (ins: Instruction): string => (ins.json ?? ins.args.split(/\s+/)).at(-1)!

describe('Dockerfile stages', () => {
  test('multi-stage: at least a build stage and a runtime stage', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2)
    expect(final.name).toBe('runtime')
  })

  test('the build stage uses the Bun version the project pins (package.json engines.bun)', () => {
    const build = stageNamed('build')!
    expect(build.from).toBe(`oven/bun:${pkg.engines.bun}`)
  })

  test('the build stage installs from the lockfile and compiles the native executable only', () => {
    const runs = inStage(stageNamed('build')!, 'RUN').map((r) => r.args)
    expect(runs.some((r) => /\bbun install --frozen-lockfile\b/.test(r))).toBe(true)
    expect(runs.some((r) => /\bbun run build -- --native-only\b/.test(r))).toBe(true)
  })

  test('the runtime base is minimal (distroless or slim Debian), not the build image', () => {
    expect(final.from).toMatch(/^(gcr\.io\/distroless\/(cc|base)-debian\d+|debian:\d+-slim)(:|@|$)/)
  })
})

describe('Dockerfile runtime stage', () => {
  test('USER is numeric and not root (uid and gid)', () => {
    const user = inStage(final, 'USER').at(-1)?.args
    expect(user).toMatch(/^\d+(:\d+)?$/)
    const [uid, gid] = user!.split(':').map(Number)
    expect(uid).toBeGreaterThan(0)
    if (gid !== undefined) expect(gid).toBeGreaterThan(0)
  })

  test('HEALTHCHECK runs `kbeauty-api healthcheck` in exec form (no shell, no curl)', () => {
    const hc = inStage(final, 'HEALTHCHECK')
    expect(hc).toHaveLength(1)
    expect(hc[0]!.args).toMatch(/^CMD\s+\[/)
    expect(JSON.parse(hc[0]!.args.replace(/^CMD\s+/, ''))).toEqual([BINARY, 'healthcheck'])
  })

  test('EXPOSE 8000, ENTRYPOINT the executable, CMD serve', () => {
    expect(inStage(final, 'EXPOSE').map((e) => e.args)).toEqual(['8000'])
    expect(inStage(final, 'ENTRYPOINT').at(-1)?.json).toEqual([BINARY])
    expect(inStage(final, 'CMD').at(-1)?.json).toEqual(['serve'])
  })

  test('ENV: APP_ENV=prod and STATE_DIR is the directory owned by the service user', () => {
    const env = stageValues(final, 'ENV')
    expect(env.APP_ENV).toBe('prod')
    expect(env.NODE_ENV).toBeUndefined() // frozen at build time by bun build --compile; never used
    const stateCopy = inStage(final, 'COPY').find((c) => destOf(c) === env.STATE_DIR)
    expect(stateCopy?.flags.chown).toBe(inStage(final, 'USER').at(-1)!.args)
    expect(stateCopy?.flags.chmod).toBe('0700')
  })

  test('OCI labels: title, description, source, licenses, version (= package.json)', () => {
    const labels = stageValues(final, 'LABEL')
    const args = stageValues(final, 'ARG')
    const resolve = (v: string) => v.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, n: string) => args[n] ?? '')
    for (const key of ['title', 'description', 'source', 'licenses', 'version']) {
      expect(resolve(labels[`org.opencontainers.image.${key}`] ?? '')).not.toBe('')
    }
    expect(resolve(labels['org.opencontainers.image.title']!)).toBe('kbeauty-api')
    expect(resolve(labels['org.opencontainers.image.version']!)).toBe(pkg.version)
  })

  test('copies only the executable (root-owned, read-only) and the empty state dir from the build stage', () => {
    expect(inStage(final, 'ADD')).toEqual([])
    expect(inStage(final, 'RUN')).toEqual([]) // nothing executed in the runtime image
    const copies = inStage(final, 'COPY')
    for (const c of copies) expect(c.flags.from).toBe('build')
    const binary = copies.filter((c) => destOf(c) === BINARY)
    expect(binary).toHaveLength(1)
    expect(sourcesOf(binary[0]!)).toEqual(['/app/dist/kbeauty-api'])
    expect(binary[0]!.flags.chown).toBe('0:0')
    expect(Number.parseInt(binary[0]!.flags.chmod ?? '777', 8) & 0o222).toBe(0)
    const others = copies.filter((c) => c !== binary[0])
    expect(others.map((c) => sourcesOf(c))).toEqual([['/out/state']])
    // /out/state is created empty (owned by the service user, so ownership survives even a
    // COPY without --chown) in the build stage, and nothing else writes under /out.
    const buildRuns = inStage(stageNamed('build')!, 'RUN')
      .map((r) => r.args)
      .join('\n')
    const [uid, gid] = inStage(final, 'USER').at(-1)!.args.split(':')
    expect(buildRuns).toContain(`install -d -o ${uid} -g ${gid} -m 0700 /out/state`)
    expect(buildRuns.match(/\/out\//g)).toHaveLength(1)
  })
})

describe('no secrets in any layer', () => {
  const all = dockerfile.stages.flatMap((s) => s.instructions)

  test('no ENV, ARG or LABEL names or defaults that look like secrets', () => {
    const pairs = [
      ...Object.entries(dockerfile.globalArgs),
      ...all.filter((i) => ['ENV', 'ARG', 'LABEL'].includes(i.keyword)).flatMap((i) => Object.entries(keyValues(i.args))),
    ]
    expect(pairs.length).toBeGreaterThan(0)
    for (const [k, v] of pairs) {
      if (k.startsWith('org.opencontainers.image.')) continue // descriptive text
      expect(`${k}=${v}`).not.toMatch(SECRETISH)
    }
  })

  test('no COPY or ADD of .env files, secrets or credentials; no secret mounts needed', () => {
    for (const c of all.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
      for (const s of [...sourcesOf(c), destOf(c)]) expect(s).not.toMatch(SECRETISH)
    }
    for (const r of all.filter((i) => i.keyword === 'RUN')) expect(r.args).not.toMatch(/type=secret|\.env\b/)
  })

  test('every file the build copies from the context is in the context (not dockerignored) and exists', () => {
    const fromContext = all.filter((i) => i.keyword === 'COPY' && i.flags.from === undefined).flatMap(sourcesOf)
    expect(fromContext.length).toBeGreaterThan(0)
    for (const src of fromContext) {
      const path = src.replace(/^\.?\//, '').replace(/\/$/, '')
      expect({ src, exists: existsSync(join(ROOT, path)), ignored: isIgnored(ignoreRules, path) }).toEqual({
        src,
        exists: true,
        ignored: false,
      })
    }
  })
})

describe('.dockerignore', () => {
  test.each([
    '.env',
    '.env.production',
    'src/.env',
    '.git/HEAD',
    'node_modules/elysia/package.json',
    'src/node_modules/x.js',
    'dist/kbeauty-api',
    'data/kbeauty.sqlite',
    'data/kbeauty.sqlite-journal',
    'data/sample/leftover.sqlite',
    'deploy/kbeauty-api.service',
    'test/e2e/binary.test.ts',
    'README.md',
    'some-new-file.txt',
  ])('excludes %s', (path) => {
    expect(isIgnored(ignoreRules, path)).toBe(true)
  })

  test.each([
    'package.json',
    'bun.lock',
    'bunfig.toml',
    'tsconfig.json',
    'src/main.ts',
    'src/docs/init.js',
    'scripts/build.ts',
    'data/sample/eu_cosing_ingredients_2021-sample.csv',
  ])('keeps %s', (path) => {
    expect(isIgnored(ignoreRules, path)).toBe(false)
  })
})

// The matcher itself, against Docker's documented examples (docs.docker.com, ".dockerignore file").
describe('dockerignore matcher', () => {
  test.each([
    ['*/temp*', 'somedir/temporary.txt', true],
    ['*/temp*', 'temp', false],
    ['*/*/temp*', 'somedir/subdir/temporary.txt', true],
    ['temp?', 'tempa', true],
    ['temp?', 'tempab', false],
    ['**/*.go', 'a/b/c.go', true],
    ['**/*.go', 'c.go', true],
    ['*.md\n!README.md', 'README.md', false],
    ['*.md\n!README*.md\nREADME-secret.md', 'README-secret.md', true],
    ['/dist/', 'dist/a/b', true],
    ['dist', 'src/dist', false],
  ] as const)('%p on %s → ignored=%p', (rules, path, expected) => {
    expect(isIgnored(parseDockerignore(rules), path)).toBe(expected)
  })
})
