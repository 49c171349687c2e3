// Proves the data a lesson's setup returns reaches its checks as t.setup (typed), and that drawn()
// checks are requests drawn at run time from it and from the run's seeded random values.
import { describe, expect, it } from 'vitest'
import { defineChecks, drawn, flow } from '../src/dsl/define.ts'
import { get } from '../src/dsl/request.ts'
import { runLesson } from '../src/runner/run-lesson.ts'
import { fixture } from './helpers.ts'

type Paths = { text: string; json: string }

const lesson = (paths: Paths, torn: string[]) =>
  defineChecks({
    lesson: 99,
    slug: 'setup-data',
    setup: () => ({ data: paths, teardown: () => void torn.push('down') }),
    checks: [
      drawn<Paths>('text', 'the text path from setup', ({ setup }) => get(setup.text).expectStatus(200).expectText('hello, Zoë')),
      flow<Paths>('json', 'the JSON path from setup', async (t) => {
        const exchange = await t.send(get(t.setup.json).expectStatus(200))
        if ((exchange.body as { name?: string }).name !== 'Zoë') t.fail('not Zoë')
      }),
      drawn('missing', 'a drawn path is 404', ({ random }) => get(`/${random.word()}`).expectStatus(404)),
      drawn<Paths>('wrong', 'the text path, expecting other text', ({ setup }) => get(setup.text).expectText('bye')),
    ],
  })

describe('setup data and drawn checks', () => {
  it('hand setup data to the checks and draw requests when they run', async () => {
    const torn: string[] = []
    const result = await runLesson({ checks: lesson({ text: '/text', json: '/json' }, torn), checksPath: '', title: 'setup', entryFile: fixture('serves-files.ts'), seed: 1, bootTimeoutMs: 10_000 })
    expect(Object.fromEntries(result.checks.map((check) => [check.id, check.status]))).toEqual({ text: 'pass', json: 'pass', missing: 'pass', wrong: 'fail', 'event-loop': 'pass' })
    expect(result.checks.find((check) => check.id === 'wrong')?.message).toBe('expected body "bye", got "hello, Zoë"')
    expect(torn).toEqual(['down'])
  })

  it('refuse, at compile time, checks that read setup data of another shape', () => {
    defineChecks({
      lesson: 99,
      slug: 'x',
      // @ts-expect-error setup returns { other } where the checks read Paths
      setup: () => ({ data: { other: 1 } }),
      checks: [drawn<Paths>('text', 'reads Paths', ({ setup }) => get(setup.text))],
    })
  })
})
