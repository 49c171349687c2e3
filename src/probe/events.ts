/**
 * What the probe, running inside the learner's process, reports to the runner.
 * One JSON object per line on file descriptor 3; shared by both sides.
 */
import type { DiagnosisCode } from '../dsl/diagnosis-codes.ts'
import type { WireExchange } from '../dsl/exchange.ts'

/** Where in the learner's own code something happened: `server.ts:12:5`. */
export type SourceLocation = { file: string; line: number; column: number }

export type ProbeEvent =
  | { t: 'listening'; port: number; address: string; family: string; requestedPort: number | null }
  | { t: 'request'; id: number; method: string; url: string; at: number }
  | {
      t: 'response'
      id: number
      method: string
      url: string
      status: number
      contentType: string | null
      bodyBytes: number
      requestComplete: boolean
      requestDataEvents: number
      at: number
    }
  | { t: 'closed-unfinished'; id: number; method: string; url: string; headersSent: boolean }
  /** A request answered before its body had all arrived: the body has now ended (or was cut off). */
  | { t: 'body-after-response'; id: number; complete: boolean }
  | {
      t: 'mistake'
      code: DiagnosisCode
      detail: string
      requestId: number | null
      where: SourceLocation | null
      /** Node let it pass without an error (a status set too late, a bare second `end()`). */
      silent?: boolean
    }
  | {
      t: 'uncaught'
      name: string
      message: string
      code: string | null
      stack: string
      where: SourceLocation | null
      inFlight: { id: number; method: string; url: string; requestComplete: boolean; requestDataEvents: number }[]
    }
  /** `rss` and `arrayBuffers`: the program's memory at that beat (`process.memoryUsage()`), in bytes. */
  | {
      t: 'beat'
      seq: number
      lagMs: number
      during: string | null
      rss?: number
      arrayBuffers?: number
    }
  /**
   * The program is idle: nothing pending could run its code again unless a client sends
   * something, and every socket event that had arrived by `since` (Date.now()) has been handled.
   * `stalled`: the requests in flight it left unanswered (received whole, handler returned, not ended).
   */
  | { t: 'idle'; since: number; stalled: number[] }
  /**
   * A request body of LARGE_BODY_BYTES or more (by its Content-Length), measured as it ended:
   * `heldBytes` is how much more memory (ArrayBuffers and heap, each after a garbage collection)
   * the program held than when the request arrived; `peakRssGrowth` how far RSS rose meanwhile.
   */
  | {
      t: 'body-memory'
      requestId: number | null
      method: string
      url: string
      bodyBytes: number
      heldBytes: number
      arrayBuffersGrowth: number
      peakRssGrowth: number
    }
  /** A file of over LARGE_READ_BYTES read whole into memory (fs.readFile and friends). */
  | { t: 'file-read'; how: 'readFile' | 'readFileSync' | 'promises.readFile'; path: string; bytes: number; where: SourceLocation | null }
  | { t: 'module-start'; id: string }
  | {
      t: 'module-result'
      id: string
      status: 'pass' | 'fail' | 'error' | 'skip'
      message: string
      expected?: string
      actual?: string
      where?: SourceLocation | null
      /** The exchange with a server the check served (`t.serve`) that failed it. */
      exchange?: WireExchange
      diagnosis?: DiagnosisCode
    }
  | { t: 'module-load-failed'; name: string; message: string; stack: string; where: SourceLocation | null }
  | { t: 'module-done' }
  /** A file read stream (`fs.createReadStream`) created, or closed (its file descriptor released, or never opened). */
  | { t: 'file-stream'; id: number; state: 'opened' | 'closed'; path: string; where: SourceLocation | null }
  /** What the server did for its requests since the last `trace` event (only when tracing; see trace.ts). */
  | { t: 'trace'; events: TraceRecord[] }

export type TraceKind = 'connect' | 'request' | 'body-chunk' | 'status' | 'set-header' | 'write-head' | 'write' | 'end' | 'finish' | 'close' | 'threw'

/**
 * One thing the server did for request `id`, at `at`: milliseconds on the clock both processes
 * share (`performance.timeOrigin + performance.now()`). A `connect` says which connection the
 * request came on: its number, the client's port, and which request on it this is.
 */
export type TraceRecord = {
  id: number
  at: number
  kind: TraceKind
  text: string
  where?: SourceLocation
  connection?: number
  peerPort?: number
  nth?: number
}

/** The variables through which the runner configures the probe (removed before learner code runs). */
export const PROBE_ENV = {
  nonce: 'WORKBOOK_PROBE_NONCE',
  /** The nonce again, for the module harness only (it removes it before loading learner code). */
  harnessNonce: 'WORKBOOK_HARNESS_NONCE',
  forcedPort: 'WORKBOOK_FORCED_PORT',
  learnerDir: 'WORKBOOK_LEARNER_DIR',
  checksModule: 'WORKBOOK_CHECKS_MODULE',
  target: 'WORKBOOK_TARGET',
  seed: 'WORKBOOK_SEED',
  /** Set: the probe records each request's timeline (trace.ts). */
  trace: 'WORKBOOK_TRACE',
} as const

export const PROBE_FD = 3
export const HEARTBEAT_MS = 20
export const BLOCKED_LOOP_MS = 500
/** Bytes queued past a `write()` that returned false before the writer is said to ignore backpressure (1 MiB). */
export const BACKPRESSURE_BYTES = 1024 * 1024
/** A request body announced this large or larger is measured for memory held (16 MiB). */
export const LARGE_BODY_BYTES = 16 * 1024 * 1024
/** A whole-file read larger than this is reported as a `file-read` event. */
export const LARGE_READ_BYTES = 1_000_000
