/**
 * Says when the program is idle, and which requests it left unanswered then (see idle-watch.ts):
 * after a request handler returns, and at every heartbeat. The runner fails such a response as
 * `missing-end` at once, and stops waiting for output that can no longer come.
 *
 * Idle is confirmed a whole turn of the loop after the moment it stands for (`since`): by then
 * every socket event that had reached the machine by `since` (a request, a hang-up) has been
 * read, and any connection it closed has run its 'close' listeners. So the runner may trust a
 * report whose `since` is later than its client's last act.
 */
import { report } from './channel.ts'
import { isIdle } from './idle-watch.ts'
import { unansweredRequests } from './request-registry.ts'

let pending = false

/** Looks once the loop has gone round (poll, close callbacks, poll again) and reports if the program is idle then. */
export function confirmIdle(): void {
  if (pending || !isIdle()) return
  pending = true
  const since = Date.now()
  setImmediate(() =>
    setImmediate(() => {
      pending = false
      if (isIdle()) report({ t: 'idle', since, stalled: unansweredRequests() })
    }).unref(),
  ).unref()
}
