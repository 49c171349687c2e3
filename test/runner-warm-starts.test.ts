// Proves a warm start (Node, tsx and the probe loaded ahead of time) runs the learner's file
// exactly as a cold start would: as the main module, with the same results.
import { afterEach, describe, expect, it } from 'vitest'
import { get } from '../src/dsl/request.ts'
import { Program } from '../src/runner/program.ts'
import { WarmStarts } from '../src/runner/warm-starts.ts'
import { fixture, isAlive, SERVERS } from './helpers.ts'
import { findEntryFile } from '../src/curriculum/entry-file.ts'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { checkLesson } from '../src/runner/check-lesson.ts'
import { learnerProcessOptions, programEnv } from '../src/runner/process-options.ts'

const warm = new WarmStarts()
const started: Program[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((program) => program.stop()))
})
async function start(name: string) {
  const { program, outcome } = await Program.start({
    entry: fixture(name),
    cwd: SERVERS,
    learnerDir: SERVERS,
    env: { ...process.env, PORT: '3000' },
    bootTimeoutMs: 10_000,
    waitForListen: true,
    warm,
  })
  started.push(program)
  return { program, outcome }
}

describe('warm starts', () => {
  it('run the learner file as the main module, cold the first time and warm after', async () => {
    for (let run = 0; run < 3; run++) {
      const { program, outcome } = await start('main-only.js')
      expect(outcome).toEqual({ state: 'listening' })
      await program.send(get('/').expectStatus(200).expectBody('main main-only.js'))
      await program.stop()
    }
  })

  it('switch to another entry in the same folder', async () => {
    await start('ok.ts')
    const { program } = await start('ok-commonjs.js')
    await program.send(get('/z').expectBody('ok GET /z'))
  })

  it('leave no standby behind when closed', async () => {
    await start('ok.ts')
    const standby = warm.standbyPid!
    expect(isAlive(standby)).toBe(true)
    await warm.close()
    expect(isAlive(standby)).toBe(false)
    expect(warm.standbyPid).toBeUndefined()
    await warm.close() // twice is fine
  })
})

describe('a standby prepared before the checks are loaded (what `check` does)', () => {
  it('serves the lesson run when the lesson sets no environment of its own, with the same verdict', async () => {
    const lesson = findLesson(loadLessons(), '4')
    const entry = findEntryFile(lesson.solutionDir, lesson.entry)!
    const ahead = new WarmStarts({ keepStandby: false })
    ahead.prepare(learnerProcessOptions(entry, programEnv(process.env)))
    const result = await checkLesson(lesson, entry, { warm: ahead })
    expect(ahead.served).toBe(1)
    expect(ahead.standbyPid).toBeUndefined() // no second standby left waiting
    expect(result.passed).toBe(true)
    await ahead.close()
  })

  it('is not used by a lesson with its own environment, which starts its program afresh and still passes', async () => {
    const lesson = findLesson(loadLessons(), '22')
    const entry = findEntryFile(lesson.solutionDir, lesson.entry)!
    const ahead = new WarmStarts({ keepStandby: false })
    ahead.prepare(learnerProcessOptions(entry, programEnv(process.env)))
    const standby = ahead.standbyPid!
    const result = await checkLesson(lesson, entry, { warm: ahead })
    expect(ahead.served).toBe(0)
    expect(isAlive(standby)).toBe(false)
    expect(result.passed).toBe(true)
  })
})
