// Proves the typo detector flags near-identical event names and leaves distinct ones alone.
import { describe, expect, it } from 'vitest'
import { nearestName } from '../src/probe/near-names.ts'

describe('nearestName', () => {
  it.each([
    ['Ring', ['ring'], 'ring'],
    ['rings', ['ring'], 'ring'],
    ['conection', ['connection'], 'connection'],
    ['requets', ['request', 'close'], 'request'],
  ])('%s is a typo of %s', (name, candidates, expected) => {
    expect(nearestName(name, candidates)).toBe(expected)
  })

  it.each([
    ['end', ['send']],
    ['close', ['close', 'closed']],
    ['finish', ['prefinish']],
    ['data', ['drain']],
  ])('%s is not flagged against %s', (name, candidates) => {
    expect(nearestName(name, candidates)).toBeNull()
  })
})
