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
