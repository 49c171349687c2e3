// Proves each check's timeline: `npm run check --trace --json` carries the client's and the
// server's events in order on the real lesson 3 (solution, starter, a forgotten res.end()), a
// kept-alive connection is told from a new one, a body chunk that ends inside a character, a
// write() that returns false and a call that threw are noticed, a raw TCP conversation is there
// as its transcript, and the terminal shows it.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { workbookCommand } from './workbook-command.ts'
import { ROOT } from '../src/runner/paths.ts'
import { runLesson } from '../src/runner/run-lesson.ts'
import { defineChecks, flow } from '../src/dsl/define.ts'
import { get, post } from '../src/dsl/request.ts'
import { tcp } from '../src/dsl/tcp-client.ts'
import { formatTimeline } from '../src/report/timeline-lines.ts'
import type { CheckResult } from '../src/runner/results.ts'
import type { TimelineEvent } from '../src/runner/timeline.ts'
import { fixture } from './helpers.ts'

function check(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...workbookCommand('check').slice(1), ...args], { cwd: ROOT, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    )
  })
}

const kinds = (timeline: TimelineEvent[], side: 'client' | 'server') => timeline.filter((event) => event.side === side).map((event) => event.kind)
const first = (timeline: TimelineEvent[], side: string, kind: string) => timeline.find((event) => event.side === side && event.kind === kind)!
const byTitle = (checks: CheckResult[], start: string) => checks.find((c) => c.title.startsWith(start))!

describe('the timeline of each check', () => {
  it('on the solution: each side in order, the writes where the code made them, the kept-alive connection noticed', async () => {
    const { code, stdout } = await check('3', '--solution', '--trace', '--json', '--seed', '7')
    expect(code).toBe(0)
    const checks: CheckResult[] = JSON.parse(stdout).checks
    const countdown = byTitle(checks, 'GET /countdown counts down')
    const timeline = countdown.timeline!
    expect(kinds(timeline, 'client')).toEqual(['connect', 'request', 'response', 'end'])
    expect(kinds(timeline, 'server')).toEqual(['connect', 'request', 'write-head', 'write', 'write', 'write', 'end', 'finish'])
    expect(timeline.filter((event) => event.kind === 'write').map((event) => [event.text, event.where])).toEqual([
      ['write 2 B → true', 'server.ts:14'],
      ['write 2 B → true', 'server.ts:14'],
      ['write 2 B → true', 'server.ts:14'],
    ])
    expect(first(timeline, 'server', 'end')).toMatchObject({ text: 'end(8 B)', where: 'server.ts:15' })
    // What caused what comes first: sent before received, ended before the client has it all.
    expect(first(timeline, 'client', 'request').at).toBeLessThanOrEqual(first(timeline, 'server', 'request').at)
    expect(first(timeline, 'server', 'end').at).toBeLessThanOrEqual(first(timeline, 'client', 'end').at)
    expect(timeline.map((event) => event.at)).toEqual(timeline.map((event) => event.at).sort((a, b) => a - b))
    // The first check opened the connection; this one came on it again, and both sides say so.
    expect(first(byTitle(checks, 'GET / answers').timeline!, 'server', 'connect').text).toBe('new connection')
    expect(first(timeline, 'client', 'connect').text).toBe('same connection as the last request (kept alive)')
    expect(first(timeline, 'server', 'connect').text).toBe('same connection, request 2 on it (kept alive)')
    expect(timeline.every((event) => event.exchange === undefined)).toBe(true) // one exchange: no numbers
    // Every HTTP check has one; the event-loop check has none.
    expect(checks.filter((c) => c.timeline).map((c) => c.id)).toEqual(checks.filter((c) => c.id !== 'event-loop').map((c) => c.id))
  })

  it('on the starter: the response ends at once, with no write; a forgotten res.end() leaves the client waiting', async () => {
    const starter = await check('3', '--file', join(ROOT, 'exercises', '03-request-response'), '--trace', '--json', '--seed', '7')
    const countdown = byTitle(JSON.parse(starter.stdout).checks, 'GET /countdown counts down').timeline!
    expect(kinds(countdown, 'server')).toEqual(['connect', 'request', 'end', 'status', 'finish'])
    expect(first(countdown, 'server', 'status').text).toBe('status 200 and headers go out')

    const missingEnd = join(ROOT, 'test', 'fixtures', 'mistakes', '03-request-response', 'missing-end')
    const { stdout } = await check('3', '--file', missingEnd, '--trace', '--json', '--seed', '7')
    const timeline = byTitle(JSON.parse(stdout).checks, 'GET /countdown counts down').timeline!
    expect(kinds(timeline, 'server')).toEqual(['connect', 'request', 'set-header', 'write', 'status', 'write', 'write', 'write', 'close', 'close'])
    expect(timeline.filter((event) => event.side === 'server' && event.kind === 'close').map((event) => event.text).sort()).toEqual([
      'connection closed',
      'response cut off: closed before res.end()',
    ])
    expect(kinds(timeline, 'client').slice(0, 3)).toEqual(['connect', 'request', 'response'])
    expect(first(timeline, 'client', 'close').text).toBe('gave up waiting: no complete response within 2000 ms (TIMEOUT)')
  }, 60_000)

  it('--verbose shows the timeline under a failure only; without a flag there is none', async () => {
    const missingEnd = join(ROOT, 'test', 'fixtures', 'mistakes', '03-request-response', 'missing-end')
    const verbose = await check('3', '--file', missingEnd, '--verbose', '--seed', '7')
    expect(verbose.stdout).toMatch(/\n {4}timeline:\n {6,}\+\d+\.\d ms {2}client {2}same connection as the last request \(kept alive\)\n/)
    expect(verbose.stdout).toMatch(/\n +\+\d+\.\d ms {2}server {2}write 8 B → true {2}server\.ts:9\n/)
    expect(verbose.stdout).not.toMatch(/^✓ GET \/ answers.*\n +\+/m) // a pass shows none
    const plain = await check('3', '--solution', '--json', '--seed', '7')
    expect(JSON.parse(plain.stdout).checks.some((c: CheckResult) => 'timeline' in c)).toBe(false)
  }, 60_000)

  it('notices a chunk that ends inside a character, a write() that returns false, and where a call threw', async () => {
    const result = await runLesson({
      checks: defineChecks({
        lesson: 99,
        slug: 'test',
        checks: [
          post('/echo').text('crème brûlée, déjà vu').slowly({ pieces: 4, delayMs: 40 }).id('echo').expectBody('26 bytes'),
          get('/big').id('big').expectStatus(200),
          flow('twice', 'two requests on one connection', (t) => t.sameConnection([post('/echo').text('a'), post('/echo').text('bc')])),
          get('/late').id('late').expectStatus(200),
        ],
      }),
      checksPath: '',
      title: 'test',
      entryFile: fixture('traced.ts'),
      seed: 1,
      bootTimeoutMs: 10_000,
      trace: true,
    })
    const [echo, big, twice, late] = result.checks.map((c) => c.timeline!)
    const split = (side: string) => echo!.filter((event) => event.side === side && event.kind === 'body-chunk' && event.text.endsWith('(ends inside a multi-byte character)'))
    expect(split('client').length).toBeGreaterThan(0)
    expect(split('server').length).toBeGreaterThan(0)
    expect(first(echo!, 'server', 'body-chunk').text).toMatch(/^body chunk \d+ B/)
    expect(echo!.filter((event) => event.kind === 'body-chunk' && event.side === 'server').at(-1)!.text).toMatch(/^body complete: 26 B in \d+ chunks?$/)
    expect(first(big!, 'server', 'write')).toMatchObject({ text: 'write 1048576 B → false (buffer full: wait for drain)', where: 'traced.ts:12' })
    // Two requests: their events numbered, the second on the connection the first opened.
    expect(new Set(twice!.map((event) => event.exchange))).toEqual(new Set([0, 1]))
    const connects = twice!.filter((event) => event.kind === 'connect').map((event) => `${event.exchange} ${event.side}: ${event.text}`)
    expect(connects.sort()).toEqual([
      '0 client: new connection',
      '0 server: new connection',
      '1 client: same connection as the last request (kept alive)',
      '1 server: same connection, request 2 on it (kept alive)',
    ])
    expect(twice!.filter((event) => event.side === 'server' && event.kind === 'end').map((event) => event.exchange)).toEqual([0, 1])
    const threw = late!.filter((event) => event.kind === 'threw')
    expect(threw[0]).toMatchObject({ side: 'server', text: 'res.setHeader() threw ERR_HTTP_HEADERS_SENT', where: 'traced.ts:17' })
    expect(threw[1]!.text).toMatch(/^threw Error: Cannot set headers after they are sent to the client \(uncaught: the program crashes\)$/)
  })
})

describe('the timeline of a raw TCP conversation', () => {
  it('is its transcript, on the same clock', async () => {
    const result = await runLesson({
      checks: defineChecks({ lesson: 99, slug: 'test', checks: [tcp().id('ping').title('PING → PONG').line('PING').expectLine('PONG')] }),
      checksPath: '',
      title: 'test',
      entryFile: fixture('line-server.ts'),
      seed: 1,
      bootTimeoutMs: 10_000,
      trace: true,
    })
    const timeline = result.checks[0]!.timeline!
    expect(timeline.map((event) => [event.side, event.kind, event.text])).toEqual([
      ['client', 'connect', 'connected to port 3000'],
      ['client', 'request', 'sent "PING\\n"'],
      ['client', 'response', 'received "PONG\\n"'],
    ])
  })
})

describe('the timeline in the terminal', () => {
  it('is one line per event: time, side, what happened, where', () => {
    const timeline: TimelineEvent[] = [
      { at: 0.42, side: 'client', kind: 'request', text: 'GET /countdown HTTP/1.1' },
      { at: 1.06, side: 'server', kind: 'write', text: 'write 12 B → false (buffer full: wait for drain)', where: 'server.ts:9' },
      { at: 12.5, side: 'server', kind: 'end', text: 'end()', where: 'server.ts:10', exchange: 1 },
    ]
    expect(formatTimeline(timeline)).toEqual([
      ' +0.4 ms  client  GET /countdown HTTP/1.1',
      ' +1.1 ms  server  write 12 B → false (buffer full: wait for drain)  server.ts:9',
      '+12.5 ms  server  #2 end()  server.ts:10',
    ])
  })
})

