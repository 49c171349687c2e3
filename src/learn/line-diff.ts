/**
 * A small line diff (longest common subsequence), enough for an exercise file of a few hundred
 * lines: Node has no diff built in, and this saves a dependency.
 */
export type DiffLine = { kind: 'same' | 'removed' | 'added'; text: string }

export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before)
  const b = splitLines(after)
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const width = b.length + 1
  const lengths = new Uint32Array((a.length + 1) * width)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!)
    }
  }
  const lines: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i++]! })
      j++
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) lines.push({ kind: 'removed', text: a[i++]! })
    else lines.push({ kind: 'added', text: b[j++]! })
  }
  while (i < a.length) lines.push({ kind: 'removed', text: a[i++]! })
  while (j < b.length) lines.push({ kind: 'added', text: b[j++]! })
  return lines
}

/**
 * The changes with `context` unchanged lines around each, `…` between distant hunks, as
 * `[marker, text]` pairs (`-` removed, `+` added, ` ` unchanged) for the caller to colour.
 */
export function diffHunks(lines: DiffLine[], context = 3): Array<{ kind: DiffLine['kind'] | 'gap'; text: string }> {
  const keep = lines.map(() => false)
  lines.forEach((line, index) => {
    if (line.kind === 'same') return
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) keep[k] = true
  })
  const out: Array<{ kind: DiffLine['kind'] | 'gap'; text: string }> = []
  let skipped = false
  lines.forEach((line, index) => {
    if (!keep[index]) {
      skipped = true
      return
    }
    if (skipped && out.length) out.push({ kind: 'gap', text: '…' })
    skipped = false
    out.push(line)
  })
  return out
}

const splitLines = (text: string) => {
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}
