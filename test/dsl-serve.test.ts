// Proves module checks can serve a server the learner's module made (t.serve): the DSL's requests
// reach it, and a failure carries the same message, expected, actual and exchange as an HTTP check's.
import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import checks from './fixtures/serve/checks.mts'
import { ROOT } from '../src/runner/paths.ts'
import { runLesson } from '../src/runner/run-lesson.ts'

const folder = join(ROOT, 'test', 'fixtures', 'serve')

describe('module checks that serve', () => {
  it('send DSL requests to the served server and report its exchange when they fail', async () => {
    const result = await runLesson({ checks, checksPath: join(folder, 'checks.mts'), title: 'serve', entryFile: join(folder, 'app.ts'), seed: 1, bootTimeoutMs: 10_000 })
    const byId = Object.fromEntries(result.checks.map((check) => [check.id, check]))
    expect(byId.right?.status).toBe('pass')
    expect(byId.wrong).toMatchObject({
      status: 'fail',
      message: 'expected body "bye", got "hi /there"',
      expected: '"bye"',
      actual: '"hi /there"',
      exchange: { request: { method: 'GET', path: '/there' }, response: { status: 200, body: 'hi /there' } },
    })
    expect(byId.idle).toMatchObject({ status: 'fail', message: 'the idle server did not start listening within 1500 ms', exchange: null })
  })
})
