/**
 * The file read streams a program opened, from the probe's `file-stream` events: which file,
 * where in the learner's code, and whether the stream has closed since.
 */
import type { FileStream } from '../dsl/define.ts'
import type { ProbeEvent } from '../probe/events.ts'

export function fileStreamsIn(events: ProbeEvent[]): FileStream[] {
  const streams = new Map<number, FileStream>()
  for (const event of events) {
    if (event.t !== 'file-stream') continue
    if (event.state === 'opened') streams.set(event.id, { path: event.path, open: true, where: event.where })
    else {
      const stream = streams.get(event.id)
      if (stream) stream.open = false
    }
  }
  return [...streams.values()]
}
