/**
 * Says when the program is idle, and which requests it left unanswered then (see idle-watch.ts):
 * once the loop has settled after a request handler returns, and on every heartbeat. The runner
 * fails such a response as `missing-end` at once, and stops waiting for output that can no
 * longer come.
 */
import { report } from './channel.ts'
import { isIdle } from './idle-watch.ts'
import { requestsInFlight, unansweredRequests } from './request-registry.ts'

/** What the program looks like now: idle or not, and the requests it left unanswered. */
export function idleState(): { idle: true; stalled: number[] } | null {
  return isIdle() ? { idle: true, stalled: unansweredRequests() } : null
}

let scheduled = false

/**
 * After a handler returns with its response unfinished: look once the loop has settled (its
 * microtasks and the immediates queued so far have run), rather than waiting for the next beat.
 */
export function afterHandler(): void {
  if (scheduled || requestsInFlight() === 0) return
  scheduled = true
  setImmediate(() => {
    scheduled = false
    const state = idleState()
    if (state && state.stalled.length) report({ t: 'idle', stalled: state.stalled })
  }).unref()
}
