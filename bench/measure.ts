/** Timing helpers for the benchmark: medians of several runs, never a single sample. */
export type Timing = { label: string; runs: number; medianMs: number; minMs: number; maxMs: number }

export async function measure(label: string, runs: number, work: () => Promise<unknown>): Promise<Timing> {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await work()
    samples.push(performance.now() - started)
  }
  samples.sort((a, b) => a - b)
  const middle = Math.floor(samples.length / 2)
  const medianMs = samples.length % 2 ? samples[middle]! : (samples[middle - 1]! + samples[middle]!) / 2
  return { label, runs, medianMs, minMs: samples[0]!, maxMs: samples.at(-1)! }
}

export const ms = (value: number) => `${Math.round(value)} ms`
export const ratio = (value: number, floor: number) => `${(value / floor).toFixed(2)}×`
