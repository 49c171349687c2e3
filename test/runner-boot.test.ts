// Proves the runner boots learner programs of every style, learns their real port from the
// probe without sleeping, and runs programs that hard-code the same port side by side.
import { afterEach, describe, expect, it } from 'vitest'
import { get } from '../src/dsl/request.ts'
import type { Program } from '../src/runner/program.ts'
import { startFixture } from './helpers.ts'

const started: Program[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((program) => program.stop()))
})
async function boot(name: string, options?: { bootTimeoutMs?: number }) {
  const result = await startFixture(name, options)
  started.push(result.program)
  return result
}

describe('booting a learner program', () => {
  it('moves a hard-coded listen(3000) to a free port and reports it', async () => {
    const { program, outcome } = await boot('ok.ts')
    expect(outcome).toEqual({ state: 'listening' })
    expect(program.port).not.toBe(3000)
    const exchange = await program.send(get('/hi').expectStatus(200).expectBody('ok GET /hi'))
    expect(exchange.target.displayPort).toBe(3000)
  })

  it('runs two programs that hard-code the same port at the same time', async () => {
    const [a, b] = await Promise.all([boot('ok.ts'), boot('ok.ts')])
    expect(a.program.port).not.toBe(b.program.port)
    await Promise.all([a.program.send(get('/a').expectBody('ok GET /a')), b.program.send(get('/b').expectBody('ok GET /b'))])
  })

  it('runs plain CommonJS JavaScript', async () => {
    const { program, outcome } = await boot('ok-commonjs.js')
    expect(outcome.state).toBe('listening')
    await program.send(get('/x').expectStatus(200).expectBody('ok GET /x'))
  })

  it('reaches a server that listens on localhost only', async () => {
    const { program } = await boot('ok-localhost.mjs')
    await program.send(get('/').expectBody('ok'))
  })

  it('runs TypeScript that imports a sibling as ./greeting.js', async () => {
    const { program } = await boot('imports-sibling.ts')
    await program.send(get('/').expectBody('hello from a sibling'))
  })

  it('captures stdout line by line', async () => {
    const { program } = await boot('ok.ts')
    expect(await program.output.waitForLine('LISTENING on', { timeoutMs: 2000 })).toBe('listening on 3000')
  })
})

describe('programs that do not listen', () => {
  it('reports a crash on boot with the learner file and line', async () => {
    const { program, outcome } = await boot('crash-on-boot.ts')
    expect(outcome.state).toBe('exited')
    const crash = program.process.probeEvents().find((event) => event.t === 'uncaught')
    expect(crash).toMatchObject({ name: 'SyntaxError', where: { line: 4 } })
    expect(crash && crash.t === 'uncaught' && crash.where?.file).toMatch(/crash-on-boot\.ts$/)
  })

  it('reports an exit without listening', async () => {
    const { outcome } = await boot('never-listens.ts')
    expect(outcome).toMatchObject({ state: 'exited', exit: { code: 0 } })
  })

  it('gives up on a program that idles without listening, at the boot deadline', async () => {
    const { outcome } = await boot('idles-without-listening.ts', { bootTimeoutMs: 700 })
    expect(outcome).toEqual({ state: 'timeout' })
  })
})
