/**
 * Lesson 02: the server is an EventEmitter. What the program prints on 'connection', 'request'
 * and 'listening', counted exactly against the TCP connections and requests the checks make.
 */
import { defineChecks, flow, get } from '../src/dsl/index.ts'
import type { HttpCheckContext } from '../src/dsl/index.ts'

const NEW_CONNECTION = 'new connection'
const REQUEST = 'request'

const contains = (line: string, phrase: string) => line.toLowerCase().includes(phrase)

/**
 * The stdout lines since `since` that contain `phrase`, read once the program can print nothing
 * more (a line too many shows up as well); a program that never goes quiet (an interval) is read
 * once `expected` such lines are in, or at a deadline.
 */
async function linesWith(t: HttpCheckContext, phrase: string, since: number, expected: number): Promise<string[]> {
  const read = () => t.output.lines({ since }).filter((line) => contains(line, phrase))
  const deadline = Date.now() + 1500
  while (!(await t.output.quiet(100)) && read().length < expected && Date.now() < deadline);
  await t.settle()
  return read()
}

function expectCount(t: HttpCheckContext, lines: string[], phrase: string, expected: number, after: string): void {
  if (lines.length === expected) return
  const shown = lines.length ? `: ${lines.map((line) => JSON.stringify(line)).join(', ')}` : ''
  t.fail(`after ${after}, expected exactly ${expected} line(s) containing "${phrase}", got ${lines.length}${shown}`, {
    expected: `${expected} line(s) containing "${phrase}"`,
    actual: `${lines.length}${shown}`,
  })
}

const randomPath = (t: HttpCheckContext) => `/${t.random.word()}`

export default defineChecks({
  lesson: 2,
  slug: 'connection-event',
  checks: [
    flow('prints-listening', 'prints a line containing "listening" once the server listens', async (t) => {
      // The line may well have been printed before this check began: read from the start.
      const line = await t.output.waitForLine('listening', { since: 0 })
      if (line === null) {
        const printed = t.output.lines({ since: 0 })
        t.fail('the server is listening, but no line containing "listening" was printed', {
          expected: 'a line containing "listening" (e.g. in a server.on(\'listening\', …) listener)',
          actual: printed.length ? printed.map((l) => JSON.stringify(l)).join(', ') : 'nothing on stdout',
        })
      }
    }),

    flow('answers-ok', 'every request gets 200 with body "ok"', async (t) => {
      for (const path of ['/', randomPath(t)]) {
        await t.send(get(path).freshConnection().expectStatus(200).expectBody('ok'))
      }
    }),

    flow('connection-line-per-connection', '3 separate TCP connections print exactly 3 "new connection" lines', async (t) => {
      const since = t.output.mark()
      for (let i = 0; i < 3; i++) {
        await t.send(get(randomPath(t)).freshConnection().expectStatus(200).expectBody('ok'))
      }
      expectCount(t, await linesWith(t, NEW_CONNECTION, since, 3), NEW_CONNECTION, 3, '3 requests, each on its own new TCP connection')
    }),

    flow('keep-alive-one-connection', '2 requests on one kept-alive connection print 1 "new connection" and 2 "request" lines', async (t) => {
      const since = t.output.mark()
      await t.sameConnection([
        get(randomPath(t)).expectStatus(200).expectBody('ok'),
        get(randomPath(t)).expectStatus(200).expectBody('ok'),
      ])
      const after = '2 requests sent one after the other on one kept-alive connection'
      expectCount(t, await linesWith(t, REQUEST, since, 2), REQUEST, 2, after)
      expectCount(t, await linesWith(t, NEW_CONNECTION, since, 1), NEW_CONNECTION, 1, after)
    }),
  ],
})
