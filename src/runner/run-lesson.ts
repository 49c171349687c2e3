/**
 * Grades one learner program against one lesson's checks: module checks in an isolated child,
 * HTTP checks in order against one running copy of the program (started again if it dies),
 * and a watch on the event loop throughout. Returns data; prints nothing.
 */
import { dirname } from 'node:path'
import type { HttpCheck, LessonChecks, ModuleCheck } from '../dsl/define.ts'
import { createRandom } from '../dsl/random.ts'
import { BLOCKED_LOOP_MS, PROBE_ENV } from '../probe/events.ts'
import { describeCrash } from './describe-crash.ts'
import { Program, type BootOutcome } from './program.ts'
import type { CheckResult, LessonResult } from './results.ts'
import { runHttpCheck, relativeWhere } from './run-http-check.ts'
import { loaderFor, type Loader } from './loader-for.ts'
import type { OsSandbox } from './sandboxed-start.ts'
import { runModuleChecks } from './run-module-checks.ts'
import { stallDetail, stuckNow } from './stall-watch.ts'
import type { WarmStarts } from './warm-starts.ts'

export type RunOptions = {
  checks: LessonChecks
  checksPath: string
  title: string
  /** The learner's entry file; the program runs in its folder. */
  entryFile: string
  /** The file module checks import (default: the entry). */
  moduleFile?: string
  seed: number
  env?: NodeJS.ProcessEnv
  nodeFlags?: string[]
  outputCapBytes?: number
  bootTimeoutMs?: number
  checkTimeoutMs?: number
  /** How the program is loaded: by default as its entry needs (tsx); `plain` for JavaScript the grader compiled. */
  loader?: Loader
  /** With `plain`: the module harness and the lesson's checks as JavaScript bundles. */
  engine?: { harness: string; checks: string }
  /** Run every process of the program inside this OS sandbox (see sandboxed-start.ts). */
  osSandbox?: OsSandbox
  /** Warm starts for the program under test (watch mode keeps one across runs). */
  warm?: WarmStarts
  /** Called as each check finishes, for live progress. */
  onResult?: (result: CheckResult) => void
  /** Give each HTTP check its timeline (the probe then records what the server does; see src/probe/trace.ts). */
  trace?: boolean
}

/** Boots after which a program that keeps dying is not started again. */
const MAX_BOOTS = 4

export async function runLesson(options: RunOptions): Promise<LessonResult> {
  const started = performance.now()
  const exerciseDir = dirname(options.entryFile)
  const random = createRandom(options.seed)
  const programs: Program[] = []
  const results: CheckResult[] = []
  const emit = (result: CheckResult) => {
    results.push(result)
    options.onResult?.(result)
  }
  const setup = (await options.checks.setup?.({ exerciseDir, random })) ?? {}
  const env = { ...(options.env ?? process.env), PORT: '3000', ...options.checks.env, ...setup.env, ...(options.trace ? { [PROBE_ENV.trace]: '1' } : {}) }
  const processOptions = {
    cwd: exerciseDir,
    learnerDir: exerciseDir,
    env,
    loader: options.loader ?? loaderFor(options.entryFile),
    ...(options.nodeFlags ? { nodeFlags: options.nodeFlags } : {}),
    ...(options.outputCapBytes ? { outputCapBytes: options.outputCapBytes } : {}),
    ...(options.osSandbox ? { osSandbox: options.osSandbox } : {}),
  }
  const bootTimeoutMs = options.bootTimeoutMs ?? 10_000

  try {
    const moduleChecks = options.checks.checks.filter((check): check is ModuleCheck => check.kind === 'module')
    if (moduleChecks.length) {
      const moduleResults = await runModuleChecks({
        checks: moduleChecks,
        checksPath: options.engine?.checks ?? options.checksPath,
        ...(options.engine ? { harness: options.engine.harness } : {}),
        target: options.moduleFile ?? options.entryFile,
        seed: options.seed,
        exerciseDir,
        processOptions,
        bootTimeoutMs,
      })
      moduleResults.forEach(emit)
    }

    const httpChecks = options.checks.checks.filter((check): check is HttpCheck => check.kind === 'http')
    let main: Program | null = null
    let bootFailure: BootFailure | null = null
    for (const check of httpChecks) {
      if (!bootFailure && (!main || main.process.hasExited)) {
        if (programs.length >= MAX_BOOTS) {
          bootFailure = programs.at(-1)?.stuck
            ? { message: `the program got stuck ${programs.filter((p) => p.stuck).length} times (its event loop stopped turning), so the remaining checks were not run: fix the endless loop reported above first`, diagnosis: 'blocked-event-loop', where: null, detail: null }
            : { message: `the program died ${programs.length} times, so the remaining checks were not run: fix the crash reported above first`, diagnosis: 'crashed', where: null, detail: null }
        } else {
          const { program, outcome } = await Program.start({
            ...processOptions,
            entry: options.entryFile,
            bootTimeoutMs,
            waitForListen: true,
            ...(options.warm ? { warm: options.warm } : {}),
          })
          programs.push(program)
          if (outcome.state === 'listening') main = program
          else bootFailure = describeBootFailure(program, outcome, exerciseDir, bootTimeoutMs)
        }
      }
      if (bootFailure || !main) {
        emit(notRun(check, bootFailure!))
        continue
      }
      emit(
        await runHttpCheck(check, main, {
          random,
          exerciseDir,
          setup: setup.data,
          programOptions: { ...processOptions, entry: options.entryFile, bootTimeoutMs, waitForListen: true },
          checkTimeoutMs: options.checkTimeoutMs ?? 15_000,
          programs,
          ...(options.trace ? { trace: true } : {}),
        }),
      )
    }
    if (httpChecks.length && !main) emit(eventLoopSkipped('the program never listened'))
    else if (httpChecks.length) {
      // The beat that measures a block arrives just after it: wait for it before judging. A
      // program whose beat never comes is stuck right now: that is a block too.
      await Promise.all(
        programs
          .filter((program) => !program.process.hasExited)
          .map(async (program) => {
            await program.settle()
            program.stuck ??= await stuckNow(program)
          }),
      )
      // No free points: a program that does nothing cannot block anything. The event loop is
      // judged only once some check of the lesson has passed.
      const behaved = results.some((result) => result.status === 'pass')
      emit(behaved ? eventLoopCheck(programs) : eventLoopSkipped('it counts once another check of this lesson passes'))
    }

    const score = results.reduce((sum, result) => sum + result.points, 0)
    const maxScore = results.reduce((sum, result) => sum + result.maxPoints, 0)
    return {
      lesson: options.checks.lesson,
      slug: options.checks.slug,
      title: options.title,
      passed: results.every((result) => result.status === 'pass' || result.status === 'skip'),
      score,
      maxScore,
      durationMs: Math.round(performance.now() - started),
      seed: options.seed,
      file: options.entryFile,
      checks: results,
    }
  } finally {
    await Promise.all(programs.map((program) => program.stop()))
    await setup.teardown?.()
  }
}

function describeBootFailure(program: Program, outcome: BootOutcome, exerciseDir: string, bootTimeoutMs: number): BootFailure {
  const events = program.process.probeEvents()
  const uncaught = events.find((event) => event.t === 'uncaught')
  if (uncaught && uncaught.t === 'uncaught') {
    const crash = describeCrash(uncaught, exerciseDir)
    return { message: `the program crashed before it listened: ${crash.error}`, diagnosis: 'never-listened', where: crash.where, detail: crash.frame }
  }
  const lastError = program.output.lines({ stream: 'stderr' }).slice(-3).join(' ').trim()
  const message =
    outcome.state === 'exited'
      ? `the program exited (code ${outcome.exit.code}) without ever calling listen()${lastError ? `: ${lastError}` : ''}`
      : `the program did not start listening within ${bootTimeoutMs / 1000} s (is server.listen() ever called?)`
  return { message, diagnosis: 'never-listened', where: null, detail: null }
}

type BootFailure = { message: string; diagnosis: CheckResult['diagnosis']; where: string | null; detail: string | null }

function notRun(check: HttpCheck, why: BootFailure): CheckResult {
  return {
    id: check.id,
    title: check.title,
    status: 'fail',
    points: 0,
    maxPoints: check.points,
    message: why.message,
    diagnosis: why.diagnosis,
    detail: why.detail,
    where: why.where,
    expected: null,
    actual: null,
    exchange: null,
    curl: null,
    durationMs: 0,
  }
}

/** The check every lesson with HTTP checks gets (its id, title and points, for results built elsewhere). */
export const EVENT_LOOP = { id: 'event-loop', title: `never blocks the event loop for over ${BLOCKED_LOOP_MS} ms`, maxPoints: 1, durationMs: 0, where: null, exchange: null, curl: null }

/** Listed even when it could not be judged, so every learner's lesson has the same maximum. */
function eventLoopSkipped(why: string): CheckResult {
  return { ...EVENT_LOOP, status: 'skip', points: 0, message: why, diagnosis: null, detail: null, expected: null, actual: null }
}

/**
 * Every lesson watches the event loop: no request may block it for over 500 ms. Lag while no
 * request was being served (loading modules at boot) is not the learner's request handling.
 */
function eventLoopCheck(programs: Program[]): CheckResult {
  const stuck = programs.find((program) => program.stuck)?.stuck
  if (stuck) {
    const during = stuck.during ? ` while serving ${stuck.during}` : ''
    return {
      ...EVENT_LOOP,
      status: 'fail',
      points: 0,
      message: `the event loop stopped turning${during}: no heartbeat for ${stuck.silentMs} ms, and the program had to be stopped`,
      diagnosis: 'blocked-event-loop',
      detail: stallDetail(stuck),
      expected: `at most ${BLOCKED_LOOP_MS} ms without the event loop turning`,
      actual: `over ${stuck.silentMs} ms, still blocked when it was stopped`,
    }
  }
  const worst = programs
    .flatMap((program) => program.process.probeEvents())
    .reduce<{ lagMs: number; during: string | null } | null>((max, event) => (event.t === 'beat' && event.during && event.lagMs > (max?.lagMs ?? BLOCKED_LOOP_MS) ? event : max), null)
  const base = EVENT_LOOP
  if (!worst) return { ...base, status: 'pass', points: 1, message: 'passed', diagnosis: null, detail: null, expected: null, actual: null }
  const during = worst.during ? ` while serving ${worst.during}` : ''
  return {
    ...base,
    status: 'fail',
    points: 0,
    message: `the event loop was blocked for ${worst.lagMs} ms${during}`,
    diagnosis: 'blocked-event-loop',
    detail: `nothing else could run for ${worst.lagMs} ms${during}: no other request, no timer`,
    expected: `at most ${BLOCKED_LOOP_MS} ms without the event loop turning`,
    actual: `${worst.lagMs} ms`,
  }
}
