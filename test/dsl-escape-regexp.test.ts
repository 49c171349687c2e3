// Proves the one regex-escape helper: every character with a meaning in a RegExp matches itself,
// as the checks use it for learner-chosen paths and log lines.
import { expect, it } from 'vitest'
import { escapeRegExp } from '../src/dsl/escape-regexp.ts'

it('escapes every special character, so the text matches itself and nothing else', () => {
  const awkward = 'GET /a.b?c=(1)|[2]{3}*+^$\\ ok'
  expect(escapeRegExp('/hello/zoë')).toBe('/hello/zoë')
  expect(escapeRegExp('a.b*c')).toBe('a\\.b\\*c')
  expect(new RegExp(`^${escapeRegExp(awkward)}$`).test(awkward)).toBe(true)
  expect(new RegExp(`^${escapeRegExp('a.c')}$`).test('abc')).toBe(false)
  expect(new RegExp(`^${escapeRegExp('$member')}$`).test('$member')).toBe(true)
})
