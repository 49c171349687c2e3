/** Whether two event names are close enough to be a typo of one another. */

/** The name in `candidates` that `name` is most likely a typo of, or null. */
export function nearestName(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null
  let bestDistance = Infinity
  for (const candidate of candidates) {
    if (candidate === name) return null
    const distance = typoDistance(name, candidate)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best !== null && bestDistance <= allowedDistance(name, best) ? best : null
}

function allowedDistance(a: string, b: string): number {
  if (a.toLowerCase() === b.toLowerCase()) return Infinity // only the case differs
  const shorter = Math.min(a.length, b.length)
  return shorter < 4 ? 0 : shorter < 7 ? 1 : 2
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function typoDistance(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  const rows: number[][] = Array.from({ length: x.length + 1 }, (_, i) => [i])
  for (let j = 1; j <= y.length; j++) rows[0]![j] = j
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = value
    }
  }
  return rows[x.length]![y.length]!
}
