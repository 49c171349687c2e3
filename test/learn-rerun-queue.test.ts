// Proves watch mode's scheduling, on fake timers: a burst of saves runs once, after the quiet
// time; a save during a run queues exactly one more run, which starts only after the current one
// has finished; stop waits for the run under way and schedules nothing more.
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createRerunQueue } from '../src/learn/rerun-queue.ts'

const DEBOUNCE_MS = 20

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** A job that logs its start and end and runs until released; `nextStart()` resolves when it next starts. */
function controlledJob() {
  const log: string[] = []
  let release = () => {}
  let started = () => {}
  const job = async () => {
    log.push('start')
    started()
    await new Promise<void>((resolve) => (release = resolve))
    log.push('end')
  }
  return { log, job, release: () => release(), nextStart: () => new Promise<void>((resolve) => (started = resolve)) }
}

test('a burst of saves runs the job once, when the saves have been quiet for the debounce time', async () => {
  const { log, job } = controlledJob()
  const queue = createRerunQueue(job, DEBOUNCE_MS)
  queue.trigger()
  queue.trigger()
  await vi.advanceTimersByTimeAsync(DEBOUNCE_MS - 1)
  queue.trigger() // a save just before the quiet time is up starts it again
  await vi.advanceTimersByTimeAsync(DEBOUNCE_MS - 1)
  expect(log).toEqual([])
  await vi.advanceTimersByTimeAsync(1)
  expect(log).toEqual(['start'])
  expect(queue.busy).toBe(true)
})

test('saves during a run queue exactly one more run, started only after the current one ends', async () => {
  const { log, job, release, nextStart } = controlledJob()
  const queue = createRerunQueue(job, DEBOUNCE_MS)
  queue.trigger()
  await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
  expect(log).toEqual(['start'])
  queue.trigger()
  queue.trigger()
  await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS)
  expect(log).toEqual(['start']) // never two at once
  const again = nextStart()
  release()
  await again
  expect(log).toEqual(['start', 'end', 'start'])
  release()
  await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS)
  expect(log).toEqual(['start', 'end', 'start', 'end']) // one more run, not one per save
  expect(queue.busy).toBe(false)
})

test('stop waits for the run under way, and nothing runs after it', async () => {
  const { log, job, release } = controlledJob()
  const queue = createRerunQueue(job, DEBOUNCE_MS)
  queue.trigger()
  await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
  queue.trigger() // queued behind the run…
  await vi.advanceTimersByTimeAsync(DEBOUNCE_MS)
  queue.trigger() // …and one still settling: stop drops both
  let stopped = false
  const stopping = queue.stop().then(() => (stopped = true))
  await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS)
  expect(stopped).toBe(false)
  release()
  await stopping
  expect(log).toEqual(['start', 'end'])
  queue.trigger()
  await vi.advanceTimersByTimeAsync(10 * DEBOUNCE_MS)
  expect(log).toEqual(['start', 'end'])
})
