/**
 * Runs one HTTP check against the running program, with a deadline, and turns what happened
 * into a result: pass, or a failure with its exchange, `curl` line and diagnosis.
 */
import net from 'node:net'
import { relative } from 'node:path'
import type { HttpCheck, HttpCheckContext, StartOptions } from '../dsl/define.ts'
import { CheckFailure, CheckSkipped } from '../dsl/failure.ts'
import type { Random } from '../dsl/random.ts'
import { diagnose, type Diagnosis } from './diagnose.ts'
import { Program, type ProgramOptions } from './program.ts'
import { curlFor, reportExchange } from './report-exchange.ts'
import { formatTranscript } from './report-transcript.ts'
import type { CheckResult } from './results.ts'
import type { SourceLocation } from '../probe/events.ts'
import { stallDetail, stallMessage, stuckNow, watchForStall } from './stall-watch.ts'
import { buildTimeline } from './build-timeline.ts'

export type HttpCheckEnvironment = {
  random: Random
  exerciseDir: string
  /** The data the lesson's `setup` returned, handed to each check as `t.setup`. */
  setup?: unknown
  /** How to start another copy of the program (env and flags of this run). */
  programOptions: Omit<ProgramOptions, 'forcedPort'>
  checkTimeoutMs: number
  /** Every program started, so the lesson can stop them all. */
  programs: Program[]
  /** Give the result its timeline (the programs were started with the probe tracing). */
  trace?: boolean
}

export async function runHttpCheck(check: HttpCheck, main: Program, environment: HttpCheckEnvironment): Promise<CheckResult> {
  const started = performance.now()
  const mark = main.process.mark()
  const firstExchange = main.exchanges.length
  const firstConversation = main.conversations.length
  const others: Program[] = [] // copies started by the check, stopped when it ends
  const heldPorts: net.Server[] = []
  let signalled = false // an exit after the check's own signal is not a crash

  const t: HttpCheckContext = {
    get listening() {
      return main.listening
    },
    host: main.host,
    port: main.port,
    output: main.output,
    send: (request) => main.send(request),
    exchange: (request) => main.exchange(request),
    judge: (request, exchange) => main.judge(request, exchange),
    sameConnection: (requests) => main.sameConnection(requests),
    stream: (request, options) => main.stream(request, options),
    talk: (script) => main.talk(script),
    signal: (signal) => {
      signalled = true
      main.signal(signal)
    },
    waitForExit: (ms) => main.waitForExit(ms),
    settle: () => main.settle(),
    waitForRequest: (path, timeoutMs) => main.waitForRequest(path, timeoutMs),
    largeFileReads: (since) => main.largeFileReads(since),
    mistakesSeen: (since) => main.mistakesSeen(since),
    fileStreams: (since) => main.fileStreams(since),
    bodyMemory: (since) => main.bodyMemory(since),
    responsesSeen: (since) => main.responsesSeen(since),
    random: environment.random,
    exerciseDir: environment.exerciseDir,
    setup: environment.setup,
    async start(options: StartOptions = {}) {
      const { program } = await Program.start({
        ...environment.programOptions,
        env: { ...environment.programOptions.env, ...options.env },
        ...(options.forcedPort ? { forcedPort: options.forcedPort } : {}),
      })
      environment.programs.push(program)
      others.push(program)
      return program
    },
    async holdPort() {
      const server = net.createServer()
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
      heldPorts.push(server)
      const port = (server.address() as net.AddressInfo).port
      return { port, release: () => new Promise<void>((resolve) => server.close(() => resolve())) }
    },
    fail(message, details) {
      throw new CheckFailure(message, details)
    },
    skip(reason) {
      throw new CheckSkipped(reason)
    },
  }

  let outcome:
    | { status: 'pass' }
    | { status: 'skip' | 'error'; reason: string }
    | { status: 'fail'; failure: CheckFailure }
  // A heartbeat that stops while a request is in flight: the loop is stuck. Stop this copy at
  // once (the check's requests then end too) rather than wait out every deadline against it.
  const stopWatching = watchForStall(main, (stall) => {
    main.stuck = stall
    void main.stop()
  })
  try {
    await withDeadline(check.run(t), environment.checkTimeoutMs)
    // A right answer followed by a crash (a second res.end() throws a moment later) is a failure
    // of this check: let the program report what its requests did before calling it a pass.
    await main.requestsSettled(mark)
    // A mistake seen (a second res.end()) may crash the program a moment later: wait for that.
    if (main.process.probeEvents(mark).some((event) => event.t === 'mistake')) await main.settle()
    if (!signalled && exitedSince(main, mark)) throw new CheckFailure('the program died just after answering this request')
    outcome = { status: 'pass' }
  } catch (error) {
    if (error instanceof CheckSkipped) outcome = { status: 'skip', reason: error.message }
    else if (error instanceof CheckFailure) outcome = { status: 'fail', failure: error }
    // Anything else is the check's own fault, not the learner's: status "error".
    else outcome = { status: 'error', reason: `the check itself broke (please report it): ${(error as Error)?.message ?? String(error)}` }
  } finally {
    stopWatching()
    for (const server of heldPorts) server.close()
  }
  if (main.stuck) outcome = { status: 'fail', failure: new CheckFailure(stallMessage(main.stuck)) }

  const base = { id: check.id, title: check.title, maxPoints: check.points, durationMs: Math.round(performance.now() - started) }
  // Last in the result: the longest part, and only there when asked for.
  const traced = async () => (environment.trace ? { timeline: await timelineOf(main, others, mark, [firstExchange, firstConversation], environment.exerciseDir) } : {})
  const empty = { diagnosis: null, detail: null, where: null, expected: null, actual: null, exchange: null, curl: null }
  if (outcome.status !== 'fail') {
    const timeline = await traced()
    for (const other of others) await other.stop()
    return {
      ...base,
      ...empty,
      status: outcome.status,
      points: outcome.status === 'pass' ? check.points : 0,
      message: outcome.status === 'pass' ? 'passed' : outcome.reason,
      ...timeline,
    }
  }

  // Let the program report everything it did before judging what went wrong (what a handler
  // that answered early did once the body was in, too).
  if (!main.process.hasExited) {
    await main.requestsSettled(mark)
    await main.settle()
    // No beat came to that barrier: the loop is stuck now (the request's own deadline ended first).
    const stall = await stuckNow(main)
    if (stall) {
      main.stuck = stall
      await main.stop()
    }
  }
  const stall = main.stuck
  // Exchanges with other copies count too: a request to a copy may be the one left unanswered.
  const exchanges = [...main.exchanges.slice(firstExchange), ...others.flatMap((other) => other.exchanges)]
  const events = [main, ...others].flatMap((program) => program.process.probeEvents(program === main ? mark : 0))
  const exitedNow = exitedSince(main, mark)
  const { failure } = outcome
  const found: Diagnosis | null = stall
    ? { code: 'blocked-event-loop', detail: stallDetail(stall), where: null }
    : (diagnose({
        events,
        exchanges,
        exit: exitedNow && !signalled ? { code: exitedNow.code, signal: exitedNow.signal } : null,
        fromCheck: failure.details.diagnosis ?? null,
      }) ?? listenerMistakeBefore(main, mark))
  const timeline = await traced() // once every request has settled: a cut-off one's close included
  for (const other of others) await other.stop()
  const { conversation } = failure.details
  // A failed TCP conversation is the whole story: an earlier HTTP exchange would only mislead.
  const exchange = failure.details.exchange ?? (conversation ? null : exchanges.at(-1)) ?? null
  return {
    ...base,
    status: 'fail',
    points: 0,
    message: stall && failure.message !== stallMessage(stall) ? `${failure.message}; ${stallMessage(stall)}` : failure.message,
    diagnosis: found?.code ?? null,
    detail: found?.detail || null,
    where: found?.where ? relativeWhere(found.where, environment.exerciseDir) : null,
    expected: failure.details.expected ?? null,
    actual: failure.details.actual ?? null,
    exchange: exchange ? reportExchange(exchange) : null,
    curl: exchange ? curlFor(exchange) : (conversation?.tryIt ?? null),
    ...(conversation ? { transcript: formatTranscript(conversation.entries) } : {}),
    ...timeline,
  }
}

/** The check's timeline, once the programs have reported what they did (a socket's close, say). */
async function timelineOf(main: Program, others: Program[], mark: number, [firstExchange, firstConversation]: [number, number], exerciseDir: string) {
  await Promise.all([main, ...others].map((program) => (program.process.hasExited || program.stuck ? null : program.settle())))
  const programs = [main, ...others]
  return buildTimeline(
    {
      exchanges: [...main.exchanges.slice(firstExchange), ...others.flatMap((other) => other.exchanges)],
      conversations: [...main.conversations.slice(firstConversation), ...others.flatMap((other) => other.conversations)],
      events: programs.flatMap((program) => program.process.probeEvents(program === main ? mark : 0)),
    },
    exerciseDir,
  )
}

/**
 * A listener registered under a near-miss event name (`server.on('conection', …)`) is usually
 * registered at boot, before any check began; when nothing seen during the check explains its
 * failure, that earlier observation does.
 */
function listenerMistakeBefore(program: Program, mark: number): Diagnosis | null {
  for (const record of program.process.records) {
    if (record.seq > mark) break
    if (record.source === 'probe' && record.event.t === 'mistake' && record.event.code === 'event-name-mismatch') {
      return { code: record.event.code, detail: record.event.detail, where: record.event.where }
    }
  }
  return null
}

function exitedSince(program: Program, mark: number) {
  const exit = program.process.since(mark).find((record) => record.source === 'exit')
  return exit && exit.source === 'exit' ? exit : null
}

export function relativeWhere(where: SourceLocation, dir: string): string {
  return `${relative(dir, where.file) || where.file}:${where.line}:${where.column}`
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailure(`the check did not finish within ${ms} ms`)), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}
