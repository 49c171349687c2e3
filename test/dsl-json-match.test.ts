// Proves JSON is compared as values: order and extra keys never matter unless exact.
import { describe, expect, it } from 'vitest'
import { anyNumber, matchJson } from '../src/dsl/json-match.ts'

describe('matchJson', () => {
  it('ignores key order and allows extra keys', () => {
    expect(matchJson({ b: 2, a: 1, extra: true }, { a: 1, b: 2 })).toBeNull()
  })
  it('refuses extra keys when exact', () => {
    expect(matchJson({ a: 1, extra: true }, { a: 1 }, true)).toMatchObject({ path: '$', actual: 'also extra' })
  })
  it('compares arrays item by item, in order, with their length', () => {
    expect(matchJson(['a', 'b'], ['a', 'b'])).toBeNull()
    expect(matchJson(['b', 'a'], ['a', 'b'])).toMatchObject({ path: '$[0]' })
    expect(matchJson(['a'], ['a', 'b'])).toMatchObject({ path: '$' })
  })
  it('names the path of a nested mismatch', () => {
    expect(matchJson({ data: [{ id: 1 }] }, { data: [{ id: 2 }] })).toEqual({ path: '$.data[0].id', expected: '2', actual: '1' })
  })
  it('accepts matchers where the contract fixes a kind of value', () => {
    expect(matchJson({ uptime: 0.5 }, { uptime: anyNumber(0) })).toBeNull()
    expect(matchJson({ uptime: '1' }, { uptime: anyNumber(0) })).toMatchObject({ expected: 'a number ≥ 0' })
  })
  it('does not confuse a number with its string', () => {
    expect(matchJson({ count: '3' }, { count: 3 })).toMatchObject({ expected: '3', actual: '"3"' })
  })
})
