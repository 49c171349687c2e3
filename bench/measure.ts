/** Timing helpers for the benchmark: medians of several runs, never a single sample. */
export type Timing = { label: string; runs: number; medianMs: number; minMs: number; maxMs: number }

export async function measure(label: string, runs: number, work: () => Promise<unknown>): Promise<Timing> {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await work()
    samples.push(performance.now() - started)
  }
  return timingOf(label, samples)
}

/** The median, least and most of samples taken elsewhere (an even count: the mean of the middle two). */
export function timingOf(label: string, samples: readonly number[]): Timing {
  if (!samples.length) throw new Error(`${label}: no samples to take a median of`)
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const medianMs = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { label, runs: sorted.length, medianMs, minMs: sorted[0]!, maxMs: sorted.at(-1)! }
}

export const ms = (value: number) => `${Math.round(value)} ms`
export const ratio = (value: number, floor: number) => `${(value / floor).toFixed(2)}×`
