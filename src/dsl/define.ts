/**
 * What a lesson's checks file declares, and what a check may do while it runs. The runner
 * implements these contexts; checks only ever see these types.
 */
import { RequestCheck } from './request.ts'
import { TcpScript, type TcpTranscript } from './tcp-client.ts'
import type { Exchange } from './exchange.ts'
import type { FailureDetails } from './failure.ts'
import type { DiagnosisCode } from './diagnosis-codes.ts'
import type { Random } from './random.ts'
import type { StreamOptions, StreamedExchange } from './streaming.ts'
import type { BodyMemory } from './body-memory.ts'
import type { Server } from 'node:http'

export type OutputStream = 'stdout' | 'stderr' | 'any'
export type ExitInfo = { code: number | null; signal: string | null }

/** The program's printed lines. A mark is a point in time to read "since". */
export type OutputView = {
  mark(): number
  lines(options?: { since?: number; stream?: OutputStream }): string[]
  /**
   * The first line since `since` that contains `match` (case-insensitive) or matches it; null by the
   * deadline (default `LINE_WAIT_MS`: a line printed as a response finishes or the server listens is
   * long in by then, and a program that prints nothing should not cost the learner seconds).
   */
  waitForLine(match: string | RegExp, options?: { since?: number; stream?: OutputStream; timeoutMs?: number }): Promise<string | null>
  /**
   * Waits until the program can print nothing more on its own: it is idle (no timer, no I/O, no
   * request open) and no client of the checks is waiting on it. Every line printed by then has
   * been read. False when the deadline came first (a program with an interval never goes quiet).
   */
  quiet(timeoutMs: number): Promise<boolean>
}

export const LINE_WAIT_MS = 500

/** A running copy of the learner's program, as a check sees it. */
export type ProgramView = {
  readonly listening: boolean
  readonly host: string
  readonly port: number
  /** Sends the request and applies its expectations; throws a failure with the whole exchange. */
  send(request: RequestCheck): Promise<Exchange>
  /** Sends the request and returns whatever happened, expectations not applied. */
  exchange(request: RequestCheck): Promise<Exchange>
  /**
   * Applies a request's expectations to an exchange already made (the first 429 of a burst,
   * which cannot be asked for twice); fails as `send` would, with the exchange.
   */
  judge(request: RequestCheck, exchange: Exchange): void
  /** Sends the requests one after another on one kept-alive connection (fails if it was not kept). */
  sameConnection(requests: RequestCheck[]): Promise<Exchange[]>
  /**
   * A streaming exchange on a connection of its own (a generated body, pieces with the answer's
   * arrivals noted, a slow reader, a client that leaves mid-stream: see src/dsl/streaming.ts).
   * Applies the request's expectations like `send`, to as much of the response as was read.
   */
  stream(request: RequestCheck, options?: StreamOptions): Promise<StreamedExchange>
  /** Plays a raw TCP conversation on a new connection; throws a failure with its transcript. */
  talk(script: TcpScript): Promise<TcpTranscript>
  readonly output: OutputView
  signal(signal: NodeJS.Signals): void
  waitForExit(timeoutMs: number): Promise<ExitInfo | null>
  /** Waits until the program has reported everything it did so far (one probe heartbeat). */
  settle(): Promise<void>
  /** Waits until a request whose URL starts with `path` reaches the program's handler (seen by the probe). */
  waitForRequest(path: string, timeoutMs?: number): Promise<boolean>
  /**
   * Files of over 1 MB the program read whole into memory (`fs.readFile`, `readFileSync`,
   * `fs.promises.readFile`) since `since` (a mark from `output.mark()`), after settling.
   */
  largeFileReads(since?: number): Promise<LargeFileRead[]>
  /** The mistakes the probe saw happen since `since` (a mark from `output.mark()`), after settling. */
  mistakesSeen(since?: number): Promise<SeenMistake[]>
  /**
   * File read streams (`fs.createReadStream`) the program created since `since` (a mark from
   * `output.mark()`), after settling: each one's file, whether it is still open, and where.
   */
  fileStreams(since?: number): Promise<FileStream[]>
  /** Request bodies of 16 MiB or more that ended since `since`, with the memory the program still held then (after settling). */
  bodyMemory(since?: number): Promise<BodyMemory[]>
  /**
   * Responses the program finished since `since` (a mark from `output.mark()`), after settling:
   * each one's request, status, and the body bytes its code gave `write`/`end` (which Node drops
   * without a word on a 304 or a HEAD, so the wire cannot show them).
   */
  responsesSeen(since?: number): Promise<SeenResponse[]>
}

/** A mistake the probe saw as it happened: its code, what exactly, where in the learner's code. */
export type SeenMistake = { code: DiagnosisCode; detail: string; where: { file: string; line: number; column: number } | null }

/** A response the probe saw finish: its request, its status, the body bytes the learner's code gave it. */
export type SeenResponse = { method: string; url: string; status: number; bodyBytes: number }

/** A whole-file read the probe saw: which call, which file, how many bytes, where in the learner's code. */
export type LargeFileRead = { how: string; path: string; bytes: number; where: { file: string; line: number; column: number } | null }

/** A file read stream the probe saw created: which file, whether it is still open, where in the learner's code. */
export type FileStream = { path: string; open: boolean; where: { file: string; line: number; column: number } | null }

export type StartOptions = { env?: Record<string, string>; forcedPort?: number }

/** What an HTTP check may do; `D` is the data the lesson's `setup` returned (see `Setup`). */
export type HttpCheckContext<D = unknown> = ProgramView & {
  readonly random: Random
  readonly exerciseDir: string
  /** The `data` the lesson's `setup` returned for this run (its extra files' names, an upstream's port). */
  readonly setup: D
  /** Starts another copy of the program (other env, a given port); stopped after the check. */
  start(options?: StartOptions): Promise<ProgramView>
  /** Occupies a free port on 127.0.0.1 until released (or the check ends). */
  holdPort(): Promise<{ port: number; release(): Promise<void> }>
  fail(message: string, details?: FailureDetails): never
  skip(reason: string): never
}

/** A server a module check serves (`t.serve`), as the check's client sees it. */
export type ServedServer = {
  readonly port: number
  /** Sends the request and applies its expectations; fails as an HTTP check's `t.send` does, with the exchange. */
  send(request: RequestCheck): Promise<Exchange>
  /** Sends the request and returns whatever happened, expectations not applied. */
  exchange(request: RequestCheck): Promise<Exchange>
}

export type ModuleCheckContext = {
  readonly random: Random
  /**
   * Waits until `server` (an `http.Server` the learner's code made and started, e.g. with
   * `listen(0)`) listens on a TCP port, and returns a client that sends it the DSL's requests.
   * The server is closed when the check ends. `what` names it in a failure ("the server returned by app.listen()").
   */
  serve(server: Server, what?: string): Promise<ServedServer>
  /** Deep equality of plain values; fails with `what` expected and what came instead. */
  equal(actual: unknown, expected: unknown, what: string): void
  fail(message: string, details?: FailureDetails): never
  skip(reason: string): never
}

type CheckMeta = { id: string; title: string; points: number }
export type HttpCheck<D = unknown> = CheckMeta & { kind: 'http'; request?: RequestCheck; run(t: HttpCheckContext<D>): Promise<unknown> }
export type ModuleCheck = CheckMeta & {
  kind: 'module'
  run(exports: Record<string, unknown>, t: ModuleCheckContext): Promise<unknown> | unknown
}
export type Check = HttpCheck | ModuleCheck

export type SetupContext = { exerciseDir: string; random: Random }
/** What `setup` made: extra environment for the program, `data` handed to every HTTP check as `t.setup`, and how to undo it. */
export type Setup<D = unknown> = { env?: Record<string, string>; data?: D; teardown?: () => Promise<void> | void }

export type LessonChecks = {
  lesson: number
  slug: string
  checks: Check[]
  /** Extra environment for the program under test. */
  env?: Record<string, string>
  /** Runs before the program starts (an upstream server, a large file); torn down afterwards. */
  setup?: (context: SetupContext) => Promise<Setup> | Setup
  /** The file module checks import, relative to the exercise folder (default: the lesson's entry). */
  moduleFile?: string
}

type Points = { points?: number }

/** A check written as code; `flow<Extras>(…)` when it reads the data the lesson's `setup` returned (`t.setup`). */
export function flow<D = unknown>(id: string, title: string, run: (t: HttpCheckContext<D>) => Promise<unknown>, options: Points = {}): HttpCheck<D> {
  return { kind: 'http', id, title, points: options.points ?? 1, run }
}

/**
 * A check that is one request, drawn when it runs from the run's random values and the data the
 * lesson's setup returned: data like a request used as a check, where a flow would only draw
 * values and send. `drawn('missing-file', '…', ({ random }) => get(`/${random.word()}.html`).expectStatus(404))`
 */
export function drawn<D = unknown>(id: string, title: string, build: (context: { random: Random; setup: D }) => RequestCheck, options: Points = {}): HttpCheck<D> {
  return { kind: 'http', id, title, points: options.points ?? 1, run: (t) => t.send(build({ random: t.random, setup: t.setup })) }
}

export function moduleCheck(id: string, title: string, run: ModuleCheck['run'], options: Points = {}): ModuleCheck {
  return { kind: 'module', id, title, points: options.points ?? 1, run }
}

/** An HTTP check as `defineChecks` accepts it: one that reads `t.setup` must read what the lesson's setup returns. */
type CheckFor<D> = ModuleCheck | RequestCheck | TcpScript | (CheckMeta & { kind: 'http'; run: (t: HttpCheckContext<D>) => Promise<unknown> })

export function defineChecks<D = undefined>(
  lesson: Omit<LessonChecks, 'checks' | 'setup'> & { setup?: (context: SetupContext) => Promise<Setup<D>> | Setup<D>; checks: CheckFor<D>[] },
): LessonChecks {
  const checks = lesson.checks.map((check) => (check instanceof RequestCheck ? fromRequest(check) : check instanceof TcpScript ? fromTcp(check, lesson.lesson) : check))
  const seen = new Set<string>()
  for (const check of checks) {
    if (seen.has(check.id)) throw new Error(`lesson ${lesson.lesson}: two checks share the id "${check.id}"`)
    seen.add(check.id)
  }
  return { ...lesson, checks }
}

function fromRequest(request: RequestCheck): HttpCheck {
  const { method, path } = request.spec
  const id = request.meta.id ?? `${method.toLowerCase()}-${path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root'}`
  const title = request.meta.title ?? `${method} ${path}`
  return { kind: 'http', id, title, points: request.meta.points, request, run: (t) => t.send(request) }
}

function fromTcp(script: TcpScript, lesson: number): HttpCheck {
  const { id, title, points } = script.meta
  if (!id || !title) throw new Error(`lesson ${lesson}: a tcp() conversation used as a check needs .id() and .title()`)
  return { kind: 'http', id, title, points, run: (t) => t.talk(script) }
}
