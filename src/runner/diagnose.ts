/**
 * Names the mistake behind a failed check from what was observed while it ran: the probe's
 * events in the learner's process, the exchanges on the wire, the program's exit. A diagnosis
 * is an observation, never a guess: with nothing observed, there is none.
 */
import type { DiagnosisCode } from '../dsl/diagnosis-codes.ts'
import type { Exchange } from '../dsl/exchange.ts'
import { BLOCKED_LOOP_MS, type ProbeEvent, type SourceLocation } from '../probe/events.ts'
import type { ExitInfo } from '../dsl/define.ts'
import { splitsACharacter } from '../dsl/send-request.ts'
import { heldWhole, mebibytes } from '../dsl/body-memory.ts'

export type Diagnosis = { code: DiagnosisCode; detail: string; where: SourceLocation | null }

export type Observations = {
  events: ProbeEvent[]
  exchanges: Exchange[]
  /** Set when the program died while the check ran. */
  exit: ExitInfo | null
  /** A diagnosis the check itself reported (a content type seen on the wire). */
  fromCheck: DiagnosisCode | null
}

type Mistake = Extract<ProbeEvent, { t: 'mistake' }>

/**
 * Mistakes the probe saw happen, most specific first. Answering twice is named for what Node
 * did: ERR_HTTP_HEADERS_SENT thrown is `headers-after-body`; otherwise a second `end()` or a
 * `write()` after it is `write-after-end`, even when a status set in between was ignored too.
 */
const PROBE_MISTAKES: ((mistake: Mistake) => boolean)[] = [
  (m) => m.code === 'invalid-body-type',
  (m) => m.code === 'headers-after-body' && !m.silent,
  (m) => m.code === 'write-after-end',
  (m) => m.code === 'headers-after-body',
  (m) => m.code === 'req-body-undefined',
  (m) => m.code === 'event-name-mismatch',
  (m) => m.code === 'unhandled-error-event',
  (m) => m.code === 'write-after-close',
  (m) => m.code === 'ignored-backpressure',
]

/** Node errors that are one of those mistakes when they crash the program. */
const ERROR_CODES: Record<string, DiagnosisCode> = {
  ERR_HTTP_HEADERS_SENT: 'headers-after-body',
  ERR_STREAM_WRITE_AFTER_END: 'write-after-end',
  ERR_INVALID_ARG_TYPE: 'invalid-body-type',
}

export function diagnose(seen: Observations): Diagnosis | null {
  return (
    probeMistake(seen.events) ??
    heldWholeBody(seen.events) ??
    crashByKnownError(seen.events) ??
    firstChunkOnly(seen) ??
    splitMultibyte(seen) ??
    crashed(seen) ??
    missingEnd(seen) ??
    blockedLoop(seen.events) ??
    (seen.fromCheck ? { code: seen.fromCheck, detail: '', where: null } : null)
  )
}

/** Before anything seen on the wire: answering twice can look like reading only part of the body. */
function probeMistake(events: ProbeEvent[]): Diagnosis | null {
  const mistakes = events.filter((event): event is Mistake => event.t === 'mistake')
  for (const matches of PROBE_MISTAKES) {
    const found = mistakes.find(matches)
    if (found) return { code: found.code, detail: found.detail, where: found.where }
  }
  return null
}

/** A large request body the program still held (half of it or more) when it ended, as the probe measured. */
function heldWholeBody(events: ProbeEvent[]): Diagnosis | null {
  for (const event of events) {
    if (event.t !== 'body-memory' || !heldWhole(event)) continue
    return {
      code: 'buffered-whole-body',
      detail: `${event.method} ${event.url}: ${mebibytes(event.heldBytes)} of its ${mebibytes(event.bodyBytes)} body were still held in memory when it ended (RSS rose by ${mebibytes(event.peakRssGrowth)})`,
      where: null,
    }
  }
  return null
}

function crashByKnownError(events: ProbeEvent[]): Diagnosis | null {
  for (const event of events) {
    if (event.t !== 'uncaught' || !event.code) continue
    const code = ERROR_CODES[event.code]
    if (code) return { code, detail: `${event.name}: ${event.message}`, where: event.where }
  }
  return null
}

function firstChunkOnly({ events, exchanges }: Observations): Diagnosis | null {
  if (!exchanges.some((exchange) => exchange.request.pieces > 1)) return null
  for (const event of events) {
    const early =
      event.t === 'response'
        ? [event].filter((e) => !e.requestComplete && e.requestDataEvents >= 1 && e.status !== 413)
        : event.t === 'uncaught'
          ? event.inFlight.filter((e) => !e.requestComplete && e.requestDataEvents >= 1)
          : []
    const hit = early[0]
    if (hit) {
      return {
        code: 'first-chunk-only',
        detail: `${hit.method} ${hit.url} was handled after ${hit.requestDataEvents} 'data' chunk(s), before the body's 'end'`,
        where: event.t === 'uncaught' ? event.where : null,
      }
    }
  }
  return null
}

function splitMultibyte({ exchanges }: Observations): Diagnosis | null {
  const split = exchanges.find((exchange) => splitsACharacter(exchange.request))
  if (!split) return null
  const corrupted = exchanges.find((exchange) => exchange.response?.body.toString('utf8').includes('\uFFFD'))
  if (!corrupted) return null
  return {
    code: 'split-multibyte',
    detail: `a character split between two chunks of ${split.request.method} ${split.request.path} came back as "\uFFFD" in ${corrupted.request.method} ${corrupted.request.path}`,
    where: null,
  }
}

function missingEnd({ events, exchanges }: Observations): Diagnosis | null {
  const unanswered = exchanges.some((exchange) => exchange.error !== null)
  if (!unanswered) return null
  const finished = new Set(events.flatMap((event) => (event.t === 'response' ? [event.id] : [])))
  const open = events.find((event) => event.t === 'request' && !finished.has(event.id))
  if (!open || open.t !== 'request') return null
  const started = events.some((event) => event.t === 'closed-unfinished' && event.id === open.id && event.headersSent)
  return {
    code: 'missing-end',
    detail: `you never called res.end() on ${open.method} ${open.url}` + (started ? ' (the status and part of the body went out, then nothing)' : ''),
    where: null,
  }
}

function crashed({ events, exit }: Observations): Diagnosis | null {
  if (!exit) return null
  const uncaught = events.find((event) => event.t === 'uncaught')
  if (uncaught && uncaught.t === 'uncaught') {
    return { code: 'crashed', detail: `the program crashed: ${uncaught.name}: ${uncaught.message}`, where: uncaught.where }
  }
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`
  return { code: 'crashed', detail: `the program ${how} while being checked`, where: null }
}

function blockedLoop(events: ProbeEvent[]): Diagnosis | null {
  const beat = events.find((event) => event.t === 'beat' && event.during && event.lagMs > BLOCKED_LOOP_MS)
  if (!beat || beat.t !== 'beat') return null
  return { code: 'blocked-event-loop', detail: `the event loop was blocked for ${beat.lagMs} ms${beat.during ? ` while serving ${beat.during}` : ''}`, where: null }
}
