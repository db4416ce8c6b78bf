/**
 * The worker-crash drill (server.ts, README "Operating it"): SIGUSR2 ends one worker thread
 * as a crash would; the supervisor restarts it and both threads serve again. Without worker
 * threads SIGUSR2 is logged and ignored — never the signal's default, which ends the process.
 * Against the compiled binary on loopback.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { ensureBinary, type Running, startBinary } from '../helpers/binary.ts'

const SECRET = 'worker-drill-secret-0123456789'
const env = { APP_ENV: 'prod', HOST: '127.0.0.1', PORT: '0', RAPIDAPI_PROXY_SECRET: SECRET }
const running: Running[] = []
let binary: string
beforeAll(async () => {
  binary = await ensureBinary()
}, 300_000)
afterAll(async () => {
  for (const r of running) await r.stop()
})

/** One request on a new connection; its status. */
async function get(r: Running, user: string): Promise<number> {
  const res = await fetch(`${r.url}/v1/stats`, {
    headers: { 'X-RapidAPI-Proxy-Secret': SECRET, 'X-RapidAPI-User': user, Connection: 'close' },
    keepalive: false,
  })
  await res.arrayBuffer()
  return res.status
}

test('--workers 2: SIGUSR2 ends worker 0, the supervisor restarts it, and both threads answer again', async () => {
  const r = await startBinary(['serve', '--workers', '2'], env, { binary })
  running.push(r)
  const count = (msg: string) => r.lines.filter((l) => l.includes(`"msg":"${msg}"`)).length
  await r.waitForLine(() => count('listening') === 2)
  r.proc.kill('SIGUSR2')
  const drilled = JSON.parse(await r.waitForLine((l) => l.includes('worker terminated by SIGUSR2')))
  expect(drilled.worker).toBe(0)
  const died = JSON.parse(await r.waitForLine((l) => l.includes('"msg":"worker died; restarting"')))
  expect(died.worker).toBe(0)
  await r.waitForLine(() => count('worker started') === 3 && count('listening') === 3, 10_000)
  const statuses: number[] = []
  for (let i = 0; i < 60; i++) statuses.push(await get(r, `drill-${i}`))
  expect(statuses.every((s) => s === 200)).toBe(true)
  await Bun.sleep(100) // request lines are written within 50 ms
  const threads = new Set(r.lines.filter((l) => l.includes('drill-')).map((l) => JSON.parse(l).worker))
  expect([...threads].sort()).toEqual([0, 1])
  expect(r.proc.exitCode).toBeNull()
}, 60_000)

test('one worker: SIGUSR2 is logged and ignored; the service keeps answering', async () => {
  const r = await startBinary(['serve'], env, { binary })
  running.push(r)
  r.proc.kill('SIGUSR2')
  await r.waitForLine((l) => l.includes('SIGUSR2 ignored'))
  expect(await get(r, 'after-usr2')).toBe(200)
  expect(r.proc.exitCode).toBeNull()
}, 60_000)
