// Proves the probe sees the two silent stream mistakes as they happen: writing to a client that
// has gone (write-after-close) and writing on past a full buffer without waiting for 'drain'
// (ignored-backpressure), with the learner's line, and stays quiet for a program that does both right.
import http from 'node:http'
import { describe, expect, it } from 'vitest'
import { flow } from '../src/dsl/index.ts'
import type { HttpCheckContext, SeenMistake } from '../src/dsl/index.ts'
import { gradeFixture } from './helpers.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Reads the first bytes of `path`, then hangs up (or, with `slowly`, reads nothing for a while). */
function visit(t: HttpCheckContext, path: string, how: 'leave' | 'stall'): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: t.host, port: t.port, path, agent: false }, (res) => {
      if (how === 'leave') res.once('data', () => (req.destroy(), resolve()))
      else {
        res.pause()
        setTimeout(() => (req.destroy(), resolve()), 400)
      }
    })
    req.on('error', (error) => (how === 'leave' ? resolve() : reject(error)))
  })
}

async function seenOn(path: string, how: 'leave' | 'stall'): Promise<SeenMistake[]> {
  let seen: SeenMistake[] = []
  await gradeFixture('streams-carelessly.ts', [
    flow('visit', 'visit', async (t) => {
      const mark = t.output.mark()
      await visit(t, path, how)
      await sleep(150)
      seen = await t.mistakesSeen(mark)
    }),
  ])
  return seen
}

describe('the probe watches streams', () => {
  it('sees a timer writing to a response whose client left', async () => {
    const seen = await seenOn('/ticks', 'leave')
    expect(seen).toEqual([{ code: 'write-after-close', detail: 'res.write() was called after the client had gone on GET /ticks', where: expect.objectContaining({ line: 9 }) }])
  }, 30_000)

  it('sees writes that go on while over 1 MiB waits for a slow reader', async () => {
    const seen = await seenOn('/flood', 'stall')
    expect(seen.map((m) => m.code)).toEqual(['ignored-backpressure'])
    expect(seen[0]!.where).toMatchObject({ line: 11 })
  }, 30_000)

  it('stays quiet for a response that stops writing when its client leaves', async () => {
    expect(await seenOn('/careful', 'leave')).toEqual([])
  }, 30_000)
})
