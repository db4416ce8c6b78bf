/**
 * The container instructions work as written: every `docker run` in the README, the
 * Dockerfile's comments and deploy/INSTALL.md mounts each secret file it points a
 * `*_FILE` variable at, and that file is prepared owned by the image's user with a mode
 * only its owner can read (the service refuses anything else). The image records its commit.
 */
import { describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDockerfile, stageValues } from './dockerfile-parser.ts'

const ROOT = join(import.meta.dir, '../..')
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8')
const dockerfileText = read('Dockerfile')
const dockerfile = parseDockerfile(dockerfileText)
const final = dockerfile.stages.at(-1)!
const [uid, gid] = final.instructions
  .filter((i) => i.keyword === 'USER')
  .at(-1)!
  .args.split(':')

/** `docker run …` commands of a text, continuation lines joined, comment markers removed. */
function dockerRuns(text: string): string[] {
  const joined = text
    .split('\n')
    .map((l) => l.replace(/^#\s?/, ''))
    .join('\n')
    .replace(/\\\n\s*/g, ' ')
  return [...joined.matchAll(/^\s*docker run .*$/gm)].map((m) => m[0].trim())
}

const DOCS = { 'README.md': read('README.md'), Dockerfile: dockerfileText, 'deploy/INSTALL.md': read('deploy/INSTALL.md') }

describe.each(Object.entries(DOCS))('%s', (_name, text) => {
  const runs = dockerRuns(text)

  test('has a docker run example', () => {
    expect(runs.length).toBeGreaterThan(0)
  })

  test('each *_FILE it sets is bind-mounted, from a file prepared for the image user with mode 0400', () => {
    for (const run of runs) {
      const files = [...run.matchAll(/-e ([A-Z_]+_FILE)=(\S+)/g)].map((m) => ({ name: m[1]!, path: m[2]! }))
      expect(files.length, run).toBeGreaterThan(0)
      for (const f of files) {
        const mount = [...run.matchAll(/--mount type=bind,src=([^,\s]+),dst=([^,\s]+)/g)].find((m) => m[2] === f.path)
        expect(mount, `${f.name}=${f.path} in: ${run}`).toBeDefined()
        const src = mount![1]!
        expect(text, `how ${src} is made`).toContain(`install -o ${uid} -g ${gid} -m 0400 `)
        expect(text).toMatch(new RegExp(`install -o ${uid} -g ${gid} -m 0400 \\S+ ${src.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
      }
    }
  })

  test('with --read-only, STATE_DIR gets a tmpfs owned by the image user', () => {
    const stateDir = stageValues(final, 'ENV').STATE_DIR!
    for (const run of runs.filter((r) => r.includes('--read-only'))) {
      expect(run).toContain(`--tmpfs ${stateDir}:`)
      expect(run).toContain(`uid=${uid},gid=${gid}`)
    }
  })
})

test('the image records its commit: ARG REVISION → org.opencontainers.image.revision and the binary (KBEAUTY_COMMIT)', () => {
  expect(stageValues(final, 'ARG')).toHaveProperty('REVISION')
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's own ${REVISION}
  expect(stageValues(final, 'LABEL')['org.opencontainers.image.revision']).toBe('${REVISION}')
  const build = dockerfile.stages.find((s) => s.name === 'build')!
  expect(stageValues(build, 'ARG')).toHaveProperty('REVISION')
  const runs = build.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args)
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's own ${REVISION}
  expect(runs.some((r) => r.includes('KBEAUTY_COMMIT=${REVISION} bun run build'))).toBe(true)
  expect(dockerfileText).toContain('--build-arg REVISION=$(git rev-parse HEAD)')
})
