// Proves an endless loop in a handler is named for what it is: the probe's heartbeat stops while
// the request is in flight, so that check fails with blocked-event-loop, the event-loop check
// fails, and the stuck copy is stopped so the checks after it run against a fresh one.
import { describe, expect, it } from 'vitest'
import { get } from '../src/dsl/request.ts'
import { STUCK_MS } from '../src/limits.ts'
import { gradeFixture } from './helpers.ts'

describe('a handler that loops forever', () => {
  it('is diagnosed as a blocked event loop, and the checks after it get a fresh copy', async () => {
    const result = await gradeFixture('loops-forever.ts', [
      get('/').title('before').expectStatus(200).expectBody('ok'),
      // A deadline longer than the stall watch needs: the stopped heartbeat ends the check, not this.
      get('/loop').timeout(10_000).expectStatus(200),
      get('/after').expectStatus(200).expectBody('ok'),
      get('/again').expectStatus(200).expectBody('ok'),
    ])
    expect(result.checks.map((c) => [c.id, c.status, c.diagnosis])).toEqual([
      ['get-root', 'pass', null],
      ['get-loop', 'fail', 'blocked-event-loop'],
      ['get-after', 'pass', null],
      ['get-again', 'pass', null],
      ['event-loop', 'fail', 'blocked-event-loop'],
    ])
    expect(result.checks[1]!.message).toMatch(/^the program stopped responding while serving GET \/loop: its event loop did not turn for \d+ ms/)
    expect(result.checks[4]!.message).toMatch(/^the event loop stopped turning while serving GET \/loop: no heartbeat for \d+ ms/)
    expect(result.score).toBe(3)
    // No waiting past the evidence: the loop's check ends soon after STUCK_MS, not at its 10 s deadline.
    expect(result.checks[1]!.durationMs).toBeGreaterThanOrEqual(STUCK_MS)
    expect(result.checks[1]!.durationMs).toBeLessThan(STUCK_MS + 2000)
  }, 30_000)

  it('is caught after a short request deadline too, by the barrier that no beat answers', async () => {
    const result = await gradeFixture('loops-forever.ts', [get('/loop').timeout(300).expectStatus(200), get('/after').expectStatus(200).expectBody('ok')])
    expect(result.checks.map((c) => [c.id, c.status, c.diagnosis])).toEqual([
      ['get-loop', 'fail', 'blocked-event-loop'],
      ['get-after', 'pass', null],
      ['event-loop', 'fail', 'blocked-event-loop'],
    ])
  }, 30_000)
})
