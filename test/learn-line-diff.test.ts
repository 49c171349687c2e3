// Proves the solution diff: removed and added lines in order, unchanged lines kept as context,
// distant changes separated by a gap.
import { expect, test } from 'vitest'
import { diffHunks, diffLines } from '../src/learn/line-diff.ts'

test('a changed line shows as removed then added, the rest unchanged', () => {
  expect(diffLines('a\nb\nc\n', 'a\nB\nc\n')).toEqual([
    { kind: 'same', text: 'a' },
    { kind: 'removed', text: 'b' },
    { kind: 'added', text: 'B' },
    { kind: 'same', text: 'c' },
  ])
})

test('an empty file diffs to all additions; CRLF equals LF', () => {
  expect(diffLines('', 'x\ny').map((line) => line.kind)).toEqual(['added', 'added'])
  expect(diffLines('x\r\ny\r\n', 'x\ny\n').every((line) => line.kind === 'same')).toBe(true)
})

test('hunks keep context around changes and mark the gaps', () => {
  const before = Array.from({ length: 20 }, (_, index) => `line ${index}`).join('\n')
  const after = before.replace('line 2\n', 'line two\n').replace('line 17', 'line seventeen')
  const hunks = diffHunks(diffLines(before, after), 1)
  expect(hunks.map((line) => line.text)).toEqual(['line 1', 'line 2', 'line two', 'line 3', '…', 'line 16', 'line 17', 'line seventeen', 'line 18'])
})
