/**
 * Reads the probe's idle reports (see src/probe/idle-report.ts): the program was idle, nothing
 * pending could run its code again, and these requests were left unanswered. With no client
 * sending anything more, such a response can never finish and a line not yet printed never
 * comes: the runner stops waiting for them at once instead of at a deadline.
 */
import type { LogRecord } from './learner-process.ts'

/** An idle report (the moment it stands for, the requests it left unanswered), or null when the record is none. */
export function idleReport(record: LogRecord): { since: number; stalled: number[] } | null {
  return record.source === 'probe' && record.event.t === 'idle' ? record.event : null
}

/** The requests the program has begun and neither finished nor seen cut off, as the probe reports them. */
export class OpenRequests {
  readonly open = new Map<number, { method: string; url: string; seq: number }>()

  constructor(records: readonly LogRecord[] = []) {
    for (const record of records) this.note(record)
  }

  note(record: LogRecord): void {
    if (record.source !== 'probe') return
    const { event } = record
    if (event.t === 'request') this.open.set(event.id, { method: event.method, url: event.url, seq: record.seq })
    else if (event.t === 'response' || event.t === 'closed-unfinished') this.open.delete(event.id)
  }

  /** Every open request is among `stalled`. */
  allStalled(stalled: number[]): boolean {
    return [...this.open.keys()].every((id) => stalled.includes(id))
  }
}

/** A change the program reported after `seq` that may undo an idle report: a request, a response, a cut. */
export function changedSince(records: readonly LogRecord[], seq: number): boolean {
  return records.slice(seq).some((record) => record.source === 'exit' || (record.source === 'probe' && ['request', 'response', 'closed-unfinished', 'body-after-response', 'uncaught'].includes(record.event.t)))
}

export const STALLED_MESSAGE = 'the handler returned without ending the response, and nothing left in the program could end it'
