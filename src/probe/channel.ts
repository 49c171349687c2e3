/**
 * The probe's line to the runner: synchronous writes to fd 3, so that every event is out
 * before the process can die, and no handle keeps the learner's process alive.
 */
import { writeSync } from 'node:fs'
import { PROBE_ENV, PROBE_FD, type ProbeEvent } from './events.ts'

// The module harness is loaded apart from the preloaded probe, which has removed the nonce from
// the environment by then: the runner gives the harness its own copy.
const nonce = process.env[PROBE_ENV.nonce] ?? process.env[PROBE_ENV.harnessNonce] ?? ''
let open = nonce !== ''

export function report(event: ProbeEvent): void {
  if (!open) return
  try {
    writeSync(PROBE_FD, `${nonce} ${JSON.stringify(event)}\n`)
  } catch {
    open = false // the runner has gone; the learner's program carries on regardless
  }
}
