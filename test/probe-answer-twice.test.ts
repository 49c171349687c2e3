// Proves answering twice is reported for what it is, even when Node stays silent: a bare second
// res.end() (which Node ignores) is a `write-after-end` mistake with the learner's file and line,
// and it is the diagnosis, not `first-chunk-only`, when the first answer came before the body.
import { afterEach, describe, expect, it } from 'vitest'
import { get, post } from '../src/dsl/request.ts'
import type { Program } from '../src/runner/program.ts'
import { gradeFixture, startFixture } from './helpers.ts'

const started: Program[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((program) => program.stop()))
})

describe('answering twice', () => {
  it('reports a bare second end() in the same tick, which Node ignores, with its line', async () => {
    const { program } = await startFixture('answers-early-then-ends.ts')
    started.push(program)
    const mark = program.output.mark()
    await program.send(get('/twice').expectStatus(200).expectBody('once'))
    await program.settle()
    const mistakes = program.process.probeEvents(mark).filter((event) => event.t === 'mistake')
    expect(mistakes).toEqual([
      expect.objectContaining({
        code: 'write-after-end',
        detail: 'res.end() was called a second time (Node ignores it without an error) on GET /twice',
        silent: true,
        where: expect.objectContaining({ line: 11, column: 11 }),
      }),
    ])
    expect(program.process.hasExited).toBe(false) // the probe changed nothing Node does
  })

  it('sends the rest of a body answered early, and the probe says when it is in', async () => {
    const { program } = await startFixture('answers-early-then-ends.ts')
    started.push(program)
    const mark = program.output.mark()
    const exchange = await program.exchange(post('/at-once').json({ name: 'Zoë' }).slowly({ pieces: 6, delayMs: 5 }))
    expect(exchange.response?.status).toBe(200)
    await program.requestsSettled(mark)
    await program.settle()
    const events = program.process.probeEvents(mark)
    expect(events.find((event) => event.t === 'response')).toMatchObject({ requestComplete: false })
    expect(events.find((event) => event.t === 'body-after-response')).toMatchObject({ complete: true })
    expect(events.find((event) => event.t === 'mistake')).toMatchObject({ code: 'write-after-end', where: { line: 17 } })
  })

  for (const path of ['/at-once', '/first-chunk']) {
    it(`diagnoses an empty 200 sent early (${path}) and a bare end() once the body is in as write-after-end`, async () => {
      const result = await gradeFixture('answers-early-then-ends.ts', [post(path).json({ name: 'Zoë 名前 🚀' }).slowly({ pieces: 12, delayMs: 3 }).expectStatus(201)])
      expect(result.checks[0]).toMatchObject({
        status: 'fail',
        diagnosis: 'write-after-end',
        detail: `res.end() was called a second time (Node ignores it without an error) on POST ${path}`,
        where: 'answers-early-then-ends.ts:17:29',
      })
    })
  }
})
