/**
 * Exchanges that stream, described as data for `t.stream(request, options)`: a body made piece by
 * piece as it is sent (the checks never hold it whole), a body sent in timed pieces (`.slowly()`)
 * with a note of when each piece of the answer arrived, a response read slowly (so that the
 * server's `write()` returns false), or a response abandoned after some bytes (a client that
 * hangs up mid-stream). Each travels on a connection of its own.
 */
import type { Exchange } from './exchange.ts'

export type StreamRead =
  /** Read everything as fast as it comes (the default). */
  | { kind: 'whole' }
  /** Read nothing for `stallMs` after the headers, then at most `bytesPerSecond`. */
  | { kind: 'slowly'; stallMs: number; bytesPerSecond: number }
  /** Read the first `bytes` of the body, then hang up (destroy the connection). */
  | { kind: 'leave-after'; bytes: number }

export type StreamOptions = {
  /**
   * Instead of the request's own body: `bytes` seeded bytes, made and sent `pieceBytes` at a time
   * (1 MiB by default), with `Content-Length`, and hashed (SHA-256) as they go.
   */
  generatedBody?: { bytes: number; seed: number; pieceBytes?: number }
  /** With a body sent in pieces (`.slowly()`): once the answer's first bytes arrive, send the rest without pausing. */
  hurryOnceAnswered?: boolean
  read?: StreamRead
}

/** One piece of the response body as it arrived, and how far the request had got by then. */
export type Arrival = {
  /** Milliseconds since the request was started. */
  atMs: number
  bytes: number
  /** Request body pieces written so far, of `pieces` in all. */
  requestPiecesSent: number
  /** Whether the whole request body had been written. */
  requestFinished: boolean
}

export type StreamedExchange = Exchange & {
  arrivals: Arrival[]
  /** Request body bytes written in all (a generated body the server stopped reading is cut short). */
  sentBytes: number
  /** The SHA-256 (hex) of a generated body as it was sent; null otherwise. */
  sentSha256: string | null
  /** With `leave-after`: the client hung up after this many body bytes; null when the response ended first. */
  leftAfterBytes: number | null
}
