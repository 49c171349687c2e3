// Proves watch mode's scheduling: a burst of saves runs once; a save during a run queues exactly
// one more run, which starts only after the current one has finished; stop waits for the run.
import { expect, test } from 'vitest'
import { createRerunQueue } from '../src/learn/rerun-queue.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('debounces, never overlaps, and reruns once after saves during a run', async () => {
  const log: string[] = []
  let release: () => void = () => {}
  const queue = createRerunQueue(async () => {
    log.push('start')
    await new Promise<void>((resolve) => (release = resolve))
    log.push('end')
  }, 20)
  queue.trigger()
  queue.trigger()
  queue.trigger()
  await sleep(60)
  expect(log).toEqual(['start'])
  queue.trigger() // saves during the run
  queue.trigger()
  await sleep(60)
  expect(log).toEqual(['start'])
  release()
  await sleep(10)
  expect(log).toEqual(['start', 'end', 'start'])
  const stopped = queue.stop()
  release()
  await stopped
  expect(log).toEqual(['start', 'end', 'start', 'end'])
  queue.trigger()
  await sleep(60)
  expect(log).toHaveLength(4)
})
