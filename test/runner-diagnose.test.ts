// Proves failed checks carry the diagnosis the probe observed, and passing ones none.
import { describe, expect, it } from 'vitest'
import { get } from '../src/dsl/request.ts'
import { flow } from '../src/dsl/define.ts'
import { gradeFixture } from './helpers.ts'

describe('diagnoses from fixture servers', () => {
  it('names missing-end when the handler never ends the response', async () => {
    const result = await gradeFixture('hangs.ts', [get('/countdown').timeout(400).expectStatus(200)])
    const check = result.checks.find((c) => c.id === 'get-countdown')!
    expect(check).toMatchObject({ status: 'fail', diagnosis: 'missing-end', detail: 'you never called res.end() on GET /countdown' })
    expect(check.curl).toBe("curl -i 'http://localhost:3000/countdown'")
  })

  it('names never-listened for every check when the program never listens', async () => {
    const result = await gradeFixture('never-listens.ts', [get('/a'), get('/b')])
    expect(result.checks.map((c) => [c.id, c.status, c.diagnosis])).toEqual([
      ['get-a', 'fail', 'never-listened'],
      ['get-b', 'fail', 'never-listened'],
      ['event-loop', 'skip', null], // listed all the same: every learner has the same maximum
    ])
    expect(result.maxScore).toBe(3)
    expect(result.passed).toBe(false)
  })

  it('names the crash and its line when the program dies on boot', async () => {
    const result = await gradeFixture('crash-on-boot.ts', [get('/')])
    expect(result.checks[0]).toMatchObject({ diagnosis: 'never-listened', where: 'crash-on-boot.ts:4:21' })
  })

  it('passes a good program with no diagnosis, and reports every failed check, not only the first', async () => {
    const result = await gradeFixture('ok.ts', [get('/').expectStatus(200), get('/x').expectStatus(404), get('/y').expectBody('nope')])
    expect(result.checks.map((c) => [c.id, c.status, c.diagnosis])).toEqual([
      ['get-root', 'pass', null],
      ['get-x', 'fail', null],
      ['get-y', 'fail', null],
      ['event-loop', 'pass', null],
    ])
    expect(result.checks[1]!.message).toBe('expected status 404 "Not Found", got 200 "OK"')
  })

  it('fails the event-loop check when a request handler blocks for over 500 ms', async () => {
    const result = await gradeFixture('blocks-in-handler.ts', [get('/report').expectStatus(200)])
    const loop = result.checks.find((c) => c.id === 'event-loop')!
    expect(loop).toMatchObject({ status: 'fail', diagnosis: 'blocked-event-loop' })
    expect(loop.message).toMatch(/^the event loop was blocked for \d+ ms while serving GET \/report$/)
  })

  it('does not blame a slow boot (module loading) on request handling', async () => {
    const result = await gradeFixture('slow-boot.ts', [get('/').expectStatus(200)])
    expect(result.checks.find((c) => c.id === 'event-loop')).toMatchObject({ status: 'pass' })
  })

  it('fails the check whose request crashed the program just after a right answer', async () => {
    const result = await gradeFixture('answers-then-crashes.ts', [get('/').expectStatus(200).expectBody('ok'), get('/next').expectStatus(200)])
    expect(result.checks.map((c) => [c.id, c.status, c.diagnosis])).toEqual([
      ['get-root', 'fail', 'write-after-end'],
      ['get-next', 'pass', null], // a fresh copy was started for it
      ['event-loop', 'pass', null],
    ])
    expect(result.checks[0]!.message).toBe('the program died just after answering this request')
  })

  it('reports a check that breaks by itself as an error, not as the learner failing', async () => {
    const broken = flow('broken', 'a check with a bug', async () => {
      throw new TypeError('oops')
    })
    const result = await gradeFixture('ok.ts', [broken])
    expect(result.checks[0]).toMatchObject({ status: 'error', points: 0, diagnosis: null, message: 'the check itself broke (please report it): oops' })
    expect(result.passed).toBe(false)
  })
})
