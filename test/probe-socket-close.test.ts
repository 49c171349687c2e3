// Proves the probe sees a timer that keeps writing to a raw socket after its client has gone,
// however the client left: with a goodbye (FIN: Node then ends the socket and swaps in a `write`
// of its own, which the prototype never sees) or with a reset (ECONNRESET). And that it stays quiet
// for a timer stopped on 'close'.
import { describe, expect, it } from 'vitest'
import { flow } from '../src/dsl/define.ts'
import type { SeenMistake } from '../src/dsl/define.ts'
import { tcp } from '../src/dsl/tcp-client.ts'
import { gradeFixture } from './helpers.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function seenAfter(command: 'LEAK' | 'WATCH', leave: 'disconnect' | 'disconnectAbruptly'): Promise<SeenMistake[]> {
  let seen: SeenMistake[] = []
  const result = await gradeFixture('line-server.ts', [
    flow('leave', 'leave while ticking', async (t) => {
      const mark = t.output.mark()
      await t.talk(tcp().line(command).expectLine('TICK 1')[leave]())
      await sleep(150) // several ticks of 20 ms
      seen = await t.mistakesSeen(mark)
    }),
  ])
  expect(result.checks[0]!.status).toBe('pass')
  return seen
}

describe('the probe watches raw sockets', () => {
  it('sees writes after the client ended the connection politely', async () => {
    const seen = await seenAfter('LEAK', 'disconnect')
    expect(seen).toEqual([{ code: 'write-after-close', detail: 'socket.write() was called after the client had gone', where: expect.objectContaining({ line: 16 }) }]) // the `send` helper the timer calls
  }, 30_000)

  it('sees writes after the client reset the connection', async () => {
    const seen = await seenAfter('LEAK', 'disconnectAbruptly')
    expect(seen.map((mistake) => mistake.code)).toEqual(['write-after-close'])
  }, 30_000)

  it("stays quiet for a timer stopped on 'close', either way", async () => {
    expect(await seenAfter('WATCH', 'disconnect')).toEqual([])
    expect(await seenAfter('WATCH', 'disconnectAbruptly')).toEqual([])
  }, 30_000)
})
