/** `serve --workers N` threads: a thread that dies is restarted and reported; stop() waits for every drain. */
import { expect, test } from 'bun:test'
import { superviseThreads } from '../src/supervisor.ts'

test('a thread that throws is restarted after the backoff and reported once; 500s reach the one handler; stop waits for drains', async () => {
  const starts = new SharedArrayBuffer(8)
  const died: unknown[] = []
  const errors: unknown[] = []
  const sup = superviseThreads({
    workers: 2,
    entry: new URL('./fixtures/supervised-thread.ts', import.meta.url).href,
    init: (index) => ({ starts, index, crash: index === 0 }),
    log: () => {},
    onError: (e) => errors.push(e),
    onWorkerDied: (d) => died.push(d),
    backoffMinMs: 50,
  })
  const counts = new Int32Array(starts)
  const end = Date.now() + 5_000
  while (counts[0]! < 2 && Date.now() < end) await Bun.sleep(10)
  expect([counts[0], counts[1]]).toEqual([2, 1])
  expect(died).toEqual([{ index: 0, reason: 'uncaught: worker broke', restarts: 1 }])
  expect(errors).toEqual([{ route: '/v1/x', errorType: 'Error', message: 'boom' }])
  const t = performance.now()
  await sup.stop()
  expect(performance.now() - t).toBeGreaterThanOrEqual(25) // waited for the 30 ms drains
  expect(died).toHaveLength(1) // stopping is not dying
}, 20_000)

test('the SIGUSR2 drill: ends the next worker, reported as a drill, restarted without growing backoff; refused while one is not listening', async () => {
  const starts = new SharedArrayBuffer(8)
  const died: { index: number; reason: string; restarts: number }[] = []
  const delays: number[] = []
  const sup = superviseThreads({
    workers: 2,
    entry: new URL('./fixtures/supervised-thread.ts', import.meta.url).href,
    init: (index) => ({ starts, index, crash: false }),
    log: (_level, msg, fields) => {
      if (msg === 'worker died; restarting') delays.push(fields?.restart_in_ms as number)
    },
    onWorkerDied: (d) => died.push(d),
    backoffMinMs: 100,
  })
  const counts = new Int32Array(starts)
  const until = async (ok: () => boolean) => {
    const end = Date.now() + 5_000
    while (!ok() && Date.now() < end) await Bun.sleep(5)
  }
  await until(() => counts[0] === 1 && counts[1] === 1)
  await Bun.sleep(50) // both said "listening"
  expect(sup.terminate()).toBe(0)
  // Worker 0 is down (restarting after 100 ms): a second drill now would leave no worker.
  expect(sup.terminate()).toBeNull()
  await until(() => counts[0] === 2)
  await Bun.sleep(50)
  expect(sup.terminate()).toBe(1)
  await until(() => counts[1] === 2)
  await Bun.sleep(50)
  expect(sup.terminate()).toBe(0)
  await until(() => counts[0] === 3)
  expect(died.map((d) => d.reason)).toEqual(['SIGUSR2 drill', 'SIGUSR2 drill', 'SIGUSR2 drill'])
  expect(delays).toEqual([100, 100, 100]) // worker 0's second drill waits no longer than its first
  await sup.stop()
  expect(sup.terminate()).toBeNull()
}, 20_000)
