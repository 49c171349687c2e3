// Proves a response that can never finish is failed as missing-end as soon as the program is
// idle, long before its request deadline, while every handler that answers later (a timer, a
// stream, an upstream request, a promise, the thread pool, a socket timeout, another request)
// still passes: no false verdict. Also that a line that can no longer come is not waited for.
import { describe, expect, it } from 'vitest'
import { flow } from '../src/dsl/define.ts'
import { get } from '../src/dsl/request.ts'
import { STALLED_MESSAGE } from '../src/runner/idle-reports.ts'
import { gradeFixture } from './helpers.ts'

/** Far longer than these tests may take (their own timeout is 20 s): a verdict by this deadline would time the test out. */
const FAR = 30_000

describe('verdicts as soon as they are certain', () => {
  it('passes every handler that answers after it returned', async () => {
    // Those that leave nothing behind first: fetch keeps its connection (and the program busy) a while.
    const paths = ['/timer', '/await-timer', '/await-file', '/gzip', '/pbkdf2', '/socket-timeout', '/unref-timer', '/stream', '/upstream', '/await-fetch']
    const result = await gradeFixture('answers-later.ts', paths.map((path) => get(path).timeout(FAR).expectStatus(200)))
    expect(result.checks.map((c) => [c.id, c.status, c.message])).toEqual([
      ...paths.map((path) => [`get-${path.slice(1)}`, 'pass', 'passed']),
      ['event-loop', 'pass', 'passed'],
    ])
  }, 20_000)

  it('passes a request answered by another request of the same check', async () => {
    const result = await gradeFixture('answers-later.ts', [
      flow('long-poll', 'GET /wait is answered once POST /notify comes', async (t) => {
        const waiting = t.send(get('/wait').timeout(FAR).expectBody('notified'))
        await t.waitForRequest('/wait')
        await t.send(get('/notify').timeout(FAR).expectBody('sent'))
        await waiting
      }),
    ])
    expect(result.checks[0]).toMatchObject({ status: 'pass' })
  }, 20_000)

  it('fails a response never ended as missing-end at once, not at its deadline', async () => {
    const result = await gradeFixture('answers-later.ts', [get('/forgets').timeout(FAR).expectStatus(200), get('/timer').expectBody('timer')])
    expect(result.checks.map((c) => [c.id, c.status, c.diagnosis])).toEqual([
      ['get-forgets', 'fail', 'missing-end'],
      ['get-timer', 'pass', null],
      ['event-loop', 'pass', null],
    ])
    expect(result.checks[0]).toMatchObject({
      message: `GET /forgets: no response; ${STALLED_MESSAGE}`,
      detail: 'you never called res.end() on GET /forgets',
      actual: STALLED_MESSAGE,
    })
  }, 20_000)

  it('fails a handler awaiting a promise nothing settles as missing-end at once', async () => {
    const result = await gradeFixture('answers-later.ts', [get('/never').timeout(FAR).expectStatus(200)])
    expect(result.checks[0]).toMatchObject({ status: 'fail', diagnosis: 'missing-end', actual: STALLED_MESSAGE })
  }, 20_000)

  it('fails every request of a burst left unanswered at once', async () => {
    const result = await gradeFixture('answers-later.ts', [
      flow('burst', 'three requests at once', async (t) => {
        await Promise.all([0, 1, 2].map(() => t.send(get('/forgets').freshConnection().timeout(FAR).expectStatus(200))))
      }),
    ])
    expect(result.checks[0]).toMatchObject({ status: 'fail', diagnosis: 'missing-end' })
  }, 20_000)

  it('notices at once a program that exited while answering', async () => {
    const result = await gradeFixture('answers-later.ts', [get('/exit').timeout(FAR).expectStatus(200)])
    expect(result.checks[0]).toMatchObject({ status: 'fail', diagnosis: 'crashed', detail: 'the program exited with code 3 while being checked' })
  }, 20_000)

  it('stops waiting for a line the program can no longer print', async () => {
    const result = await gradeFixture('answers-later.ts', [
      flow('no-line', 'prints a line it never prints', async (t) => {
        const line = await t.output.waitForLine('never printed', { since: 0, timeoutMs: FAR })
        if (line === null) t.fail('no line')
      }),
    ])
    expect(result.checks[0]).toMatchObject({ status: 'fail', message: 'no line' })
  }, 20_000)
})
