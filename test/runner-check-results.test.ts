// Proves the result constructors: each status fills every field of the contract's result, in its
// order; a pass, a skip and an error carry no findings; a failure keeps what was found and nulls
// the rest; the points follow the status.
import { describe, expect, it } from 'vitest'
import { errored, failed, passed, skipped } from '../src/runner/check-results.ts'

const check = { id: 'status-200', title: 'GET / answers 200', points: 2 }
const CONTRACT_ORDER = ['id', 'title', 'status', 'points', 'maxPoints', 'message', 'diagnosis', 'detail', 'where', 'expected', 'actual', 'exchange', 'curl', 'durationMs']
const noFindings = { diagnosis: null, detail: null, where: null, expected: null, actual: null, exchange: null, curl: null }

describe('check results', () => {
  it('gives a pass its points and no findings', () => {
    const result = passed(check, { durationMs: 12 })
    expect(result).toEqual({ id: 'status-200', title: 'GET / answers 200', status: 'pass', points: 2, maxPoints: 2, message: 'passed', ...noFindings, durationMs: 12 })
    expect(Object.keys(result)).toEqual(CONTRACT_ORDER)
  })

  it('gives a skip and an error no points, the reason as message, and no findings', () => {
    expect(skipped(check, 'needs Node 22')).toEqual({ ...passed(check), status: 'skip', points: 0, message: 'needs Node 22', durationMs: 0 })
    expect(errored(check, 'the check itself broke', { durationMs: 3 })).toEqual({ ...passed(check), status: 'error', points: 0, message: 'the check itself broke', durationMs: 3 })
    expect(Object.keys(skipped(check, 'x'))).toEqual(CONTRACT_ORDER)
  })

  it('keeps what a failure found, nulls what it did not, and adds a transcript only when there is one', () => {
    const result = failed(check, { message: 'expected 200, got 404', diagnosis: 'missing-end', where: 'server.ts:3:5', expected: '200', actual: undefined })
    expect(result).toEqual({ ...noFindings, id: 'status-200', title: 'GET / answers 200', status: 'fail', points: 0, maxPoints: 2, message: 'expected 200, got 404', diagnosis: 'missing-end', where: 'server.ts:3:5', expected: '200', durationMs: 0 })
    expect(Object.keys(result)).toEqual(CONTRACT_ORDER)
    const talked = failed(check, { message: 'no PONG', transcript: ['→ PING', '← (nothing)'] })
    expect(talked.transcript).toEqual(['→ PING', '← (nothing)'])
    expect(Object.keys(talked)).toEqual([...CONTRACT_ORDER.slice(0, -1), 'transcript', 'durationMs'])
  })
})
