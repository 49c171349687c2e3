// Proves the probe counts a write as write-after-close only once the program has been told its
// client has gone ('close' on the response): a write in the same turn as the connection's end,
// which the program could not know about, is not a mistake.
import { describe, expect, it } from 'vitest'
import { flow, get } from '../src/dsl/index.ts'
import type { SeenMistake } from '../src/dsl/index.ts'
import { gradeFixture } from './helpers.ts'

async function seenOn(path: string): Promise<SeenMistake[]> {
  let seen: SeenMistake[] = []
  await gradeFixture('writes-before-told.ts', [
    flow('visit', 'visit', async (t) => {
      const mark = t.output.mark()
      await t.exchange(get(path).freshConnection().timeout(500))
      await t.settle()
      seen = await t.mistakesSeen(mark)
    }),
  ])
  return seen
}

describe('write-after-close waits for the program to be told', () => {
  it('does not count a write made before the response emitted close', async () => {
    expect(await seenOn('/same-turn')).toEqual([])
  }, 30_000)

  it('counts a write made after close', async () => {
    const seen = await seenOn('/after-close')
    expect(seen).toEqual([{ code: 'write-after-close', detail: 'res.write() was called after the client had gone on GET /after-close', where: expect.objectContaining({ line: 10 }) }])
  }, 30_000)
})
