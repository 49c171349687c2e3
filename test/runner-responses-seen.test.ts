// Proves a check can see what the wire cannot: the body bytes a program gave a 304 or a HEAD
// response, which Node drops without a word, next to the ordinary responses it finished.
import { describe, expect, it } from 'vitest'
import { flow, get, head } from '../src/dsl/index.ts'
import type { Exchange, SeenResponse } from '../src/dsl/index.ts'
import { gradeFixture } from './helpers.ts'

describe('the responses a program finished', () => {
  it('count the body bytes its code gave, even those Node never sent', async () => {
    let seen: SeenResponse[] = []
    const wire: Exchange[] = []
    const result = await gradeFixture('bodies-without-content.ts', [
      flow('look', 'look', async (t) => {
        await t.exchange(get('/plain'))
        await t.settle() // its response reported: before the mark, so not counted
        const mark = t.output.mark()
        wire.push(await t.exchange(get('/not-modified')), await t.exchange(head('/other')), await t.exchange(get('/plain')))
        seen = await t.responsesSeen(mark)
      }),
    ])
    expect(result.checks.find((check) => check.id === 'look')?.status).toBe('pass')
    expect(wire.map((exchange) => [exchange.response?.status, exchange.response?.body.length])).toEqual([[304, 0], [200, 0], [200, 2]])
    expect(seen).toEqual([
      { method: 'GET', url: '/not-modified', status: 304, bodyBytes: 7 },
      { method: 'HEAD', url: '/other', status: 200, bodyBytes: 14 },
      { method: 'GET', url: '/plain', status: 200, bodyBytes: 2 },
    ])
  }, 30_000)
})
