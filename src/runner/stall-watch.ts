/**
 * A program whose event loop never turns again (`while (true) {}` in a handler) sends no more
 * heartbeats: the probe's beat is a timer, and a timer needs the loop. A heartbeat that stopped
 * while a request was in flight is the evidence of a blocked loop, seen while it is still
 * blocked (a beat measuring the lag would only come once the loop turns again, which it never
 * does). The runner then stops that copy, fails the check with `blocked-event-loop`, fails the
 * event-loop check, and starts a fresh copy for the checks after.
 */
import { BARRIER_MS, STALL_POLL_MS, STUCK_MS } from '../limits.ts'
import type { LearnerProcess } from './learner-process.ts'

export type Stall = { silentMs: number; during: string | null }

/** What the stall watch needs of a program. */
export type Watched = { process: LearnerProcess; awaitingAnswer: string | null }

/** Milliseconds since the probe's last heartbeat (or since the program started, before any beat). */
export function silentMs(process: LearnerProcess): number {
  const records = process.records
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i]!
    if (record.source === 'probe' && record.event.t === 'beat') return Date.now() - record.at
  }
  return records.length ? Date.now() - records[0]!.at : 0
}

/** The request the program is serving (seen by the probe, no response yet), else one the runner awaits an answer to. */
export function requestInFlight(program: Watched): string | null {
  const open = new Map<number, string>()
  for (const event of program.process.probeEvents()) {
    if (event.t === 'request') open.set(event.id, `${event.method} ${event.url}`)
    else if (event.t === 'response' || event.t === 'closed-unfinished') open.delete(event.id)
  }
  return [...open.values()].at(-1) ?? program.awaitingAnswer
}

/**
 * Watches a running program until the returned function is called; calls `onStuck` once when its
 * heartbeat has been silent for STUCK_MS with a request in flight. The silence is confirmed after
 * this process has read whatever is waiting on the probe's pipe (a busy grader may be late to
 * read beats that were sent in time).
 */
export function watchForStall(program: Watched, onStuck: (stall: Stall) => void, stuckMs = STUCK_MS): () => void {
  let stopped = false
  const suspect = () => !program.process.hasExited && silentMs(program.process) >= stuckMs ? requestInFlight(program) : null
  const timer = setInterval(() => {
    if (stopped || !suspect()) return
    setImmediate(() => {
      const during = stopped ? null : suspect()
      if (!during) return
      stop()
      onStuck({ silentMs: silentMs(program.process), during })
    })
  }, STALL_POLL_MS)
  const stop = () => {
    stopped = true
    clearInterval(timer)
  }
  return stop
}

/**
 * After a barrier waited for a beat in vain: is the loop stuck right now? It is when the heartbeat
 * has been silent as long as the barrier waited. Confirmed after this process has read its pipes,
 * like the watch above.
 */
export async function stuckNow(program: Watched): Promise<Stall | null> {
  await new Promise((resolve) => setImmediate(resolve))
  if (program.process.hasExited) return null
  const silent = silentMs(program.process)
  return silent >= BARRIER_MS ? { silentMs: silent, during: requestInFlight(program) } : null
}

export function stallMessage(stall: Stall): string {
  return `the program stopped responding${stall.during ? ` while serving ${stall.during}` : ''}: its event loop did not turn for ${stall.silentMs} ms (a loop that never ends?), so it was stopped and started again for the next check`
}

export function stallDetail(stall: Stall): string {
  return `no heartbeat from the program for ${stall.silentMs} ms${stall.during ? ` while ${stall.during} was in flight` : ''}: nothing else could run, no other request, no timer`
}
