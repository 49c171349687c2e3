// Proves the runner grades a program with no HTTP server at all (a `net` server speaking a line
// protocol) as it grades an HTTP one: it boots and reports where it listens, its checks talk raw
// TCP, the event-loop check still judges it (naming what the client had sent), and a failure is
// reported with its conversation and a line to replay it instead of a curl line.
import { describe, expect, it } from 'vitest'
import { flow } from '../src/dsl/define.ts'
import { tcp } from '../src/dsl/tcp-client.ts'
import { formatLessonResult } from '../src/report/terminal.ts'
import { checkHtml } from '../src/grade/html.ts'
import { toJunit } from '../src/grade/junit.ts'
import { Program } from '../src/runner/program.ts'
import { WarmStarts } from '../src/runner/warm-starts.ts'
import { fixture, gradeFixture, SERVERS, startFixture } from './helpers.ts'

describe('a program with no HTTP server', () => {
  it('boots, moves its listen(3000) to a free port, and reports the port it asked for', async () => {
    const { program, outcome } = await startFixture('line-server.ts')
    try {
      expect(outcome).toEqual({ state: 'listening' })
      expect(program.port).not.toBe(3000)
      expect(program.process.probeEvents().find((event) => event.t === 'listening')).toMatchObject({ requestedPort: 3000, port: program.port })
      expect((await program.talk(tcp().line('PING').expectLine('PONG'))).lines).toEqual(['PONG'])
    } finally {
      await program.stop()
    }
  })

  it('runs from a warm start (watch mode) as from a cold one', async () => {
    const warm = new WarmStarts()
    try {
      for (let run = 0; run < 2; run++) {
        const options = { entry: fixture('line-server.ts'), cwd: SERVERS, learnerDir: SERVERS, env: { ...process.env, PORT: '3000' }, bootTimeoutMs: 10_000, waitForListen: true, warm }
        const { program, outcome } = await Program.start(options)
        expect(outcome).toEqual({ state: 'listening' })
        expect((await program.talk(tcp().line('PING').expectLine('PONG'))).lines).toEqual(['PONG'])
        await program.stop()
      }
    } finally {
      await warm.close()
    }
  }, 30_000)

  it('is graded check by check, with the event-loop check judged too', async () => {
    const result = await gradeFixture('line-server.ts', [
      tcp().id('ping').title('PING → PONG').line('PING').expectLine('PONG'),
      flow('two-clients', 'two clients at once', async (t) => {
        await Promise.all([t.talk(tcp().line('ECHO a').expectLine('a')), t.talk(tcp().line('ECHO b').expectLine('b'))])
      }),
    ])
    expect(result.checks.map((check) => [check.id, check.status])).toEqual([
      ['ping', 'pass'],
      ['two-clients', 'pass'],
      ['event-loop', 'pass'],
    ])
  }, 30_000)

  it('fails the event-loop check when it blocks while serving a TCP client, and says what the client sent', async () => {
    const result = await gradeFixture('line-server.ts', [tcp().id('block').title('BLOCK').line('BLOCK').expectLine('DONE', { timeoutMs: 3000 })])
    const eventLoop = result.checks.find((check) => check.id === 'event-loop')!
    expect(eventLoop).toMatchObject({ status: 'fail', diagnosis: 'blocked-event-loop' })
    expect(eventLoop.message).toMatch(/^the event loop was blocked for \d+ ms while serving "BLOCK\\n" from a TCP client$/)
  }, 30_000)

  it('reports a failed conversation with its transcript and a line to replay it', async () => {
    const result = await gradeFixture('line-server.ts', [tcp().id('hello').title('HELLO → HI').line('PING').expectLine('PONG').line('HELLO').expectLine('HI')])
    const check = result.checks[0]!
    expect(check).toMatchObject({
      status: 'fail',
      message: 'expected the line "HI", but got "ERR"',
      expected: 'the line "HI"',
      actual: '"ERR"',
      exchange: null,
      curl: 'nc localhost 3000    # then type: PING ⏎ HELLO ⏎',
      diagnosis: null,
    })
    expect(check.transcript!.map((line) => line.replace(/^ *\d+ ms /, ''))).toEqual(['· connected to port 3000', '→ "PING\\n"', '← "PONG\\n"', '→ "HELLO\\n"', '← "ERR\\n"'])
    const shown = formatLessonResult(result)
    expect(shown).toContain('conversation:')
    expect(shown).toContain('→ "HELLO\\n"')
    expect(shown).toContain('try it:  nc localhost 3000')
    expect(checkHtml(check)).toContain('<th>conversation</th><td><pre>')
    expect(toJunit([{ learner: 'ada', result }])).toContain('conversation:\n')
  }, 30_000)
})
