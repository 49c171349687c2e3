/**
 * A check's timeline as terminal lines: one per event, its time since the first request began,
 * who acted, what happened, and where in the learner's code. Readable without colour:
 *
 *     +0.4 ms  client  GET /countdown HTTP/1.1
 *     +1.1 ms  server  write 2 B → true  server.ts:14
 */
import type { TimelineEvent } from '../runner/timeline.ts'
import { ui } from './ui.ts'

/** A timeline longer than this shows its first events and its last ones. */
const MAX_LINES = 60
const HEAD_LINES = 20

export function formatTimeline(events: readonly TimelineEvent[]): string[] {
  const times = events.map((event) => `+${event.at.toFixed(1)} ms`)
  const width = Math.max(0, ...times.map((time) => time.length))
  const line = (event: TimelineEvent, index: number) => {
    const exchange = event.exchange === undefined ? '' : `#${event.exchange + 1} `
    return `${ui.dim(times[index]!.padStart(width))}  ${event.side.padEnd(6)}  ${exchange}${event.text}${event.where ? `  ${ui.dim(event.where)}` : ''}`
  }
  const lines = events.map(line)
  if (lines.length <= MAX_LINES) return lines
  const tail = MAX_LINES - HEAD_LINES
  return [...lines.slice(0, HEAD_LINES), ui.dim(`… ${lines.length - MAX_LINES} more events …`), ...lines.slice(-tail)]
}
