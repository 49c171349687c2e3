// Proves a warm start (Node, tsx and the probe loaded ahead of time) runs the learner's file
// exactly as a cold start would: as the main module, with the same results.
import { afterEach, describe, expect, it } from 'vitest'
import { get } from '../src/dsl/request.ts'
import { Program } from '../src/runner/program.ts'
import { WarmStarts } from '../src/runner/warm-starts.ts'
import { fixture, isAlive, SERVERS } from './helpers.ts'

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
