/**
 * A beat every HEARTBEAT_MS. It measures how late the event loop ran the timer (a blocked loop)
 * and gives the runner a barrier: a beat sent after an event proves the program is responsive.
 * Each beat also carries the program's memory (RSS and ArrayBuffers), and looks whether the
 * program is idle (see idle-report.ts).
 * Unreferenced, so it never keeps the program alive.
 */
import { report } from './channel.ts'
import { HEARTBEAT_MS } from './events.ts'
import { requestServedSince } from './request-registry.ts'
import { sampleMemory } from './memory-watch.ts'
import { rawClientServedSince } from './socket-watch.ts'
import { flushTrace } from './trace.ts'
import { confirmIdle } from './idle-report.ts'
import { ownTimer } from './idle-watch.ts'

export function startHeartbeat(): void {
  let seq = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    const lagMs = Math.max(0, Math.round(now - last - HEARTBEAT_MS))
    const during = requestServedSince(last) ?? rawClientServedSince(last)
    last = now
    flushTrace() // before the beat: a beat is the runner's barrier for everything done until then
    report({ t: 'beat', seq: ++seq, lagMs, during, ...sampleMemory() })
    confirmIdle()
  }, HEARTBEAT_MS)
  ownTimer(timer).unref()
}
