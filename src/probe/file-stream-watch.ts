/**
 * Notices file read streams left open: `fs.createReadStream` is wrapped, and each stream it
 * returns is reported when it is created and again when it closes (its file descriptor
 * released, or never opened). Lesson 12 cuts a download short and asks whether the stream that
 * fed it was closed: `pipe()` stops writing when the response closes but leaves the file stream
 * open, paused, for as long as the process lives; `pipeline()` destroys it. The wrapper returns
 * exactly what the original returns; only a `'close'` listener is added to the stream.
 */
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { report } from './channel.ts'
import type { SourceLocation } from './events.ts'
import { describePath } from './file-read-watch.ts'

type Locate = (stack: string | undefined) => SourceLocation | null

export function watchFileStreams(locate: Locate): void {
  const createReadStream = fs.createReadStream
  let nextId = 1

  fs.createReadStream = function (this: unknown, ...args: unknown[]) {
    // A path the file system refuses (a NUL byte) throws here, before any stream exists.
    const stream = (createReadStream as (...a: unknown[]) => fs.ReadStream).apply(this, args)
    const id = nextId++
    const path = describePath(args[0] ?? (args[1] as { fd?: unknown } | undefined)?.fd)
    report({ t: 'file-stream', id, state: 'opened', path, where: locate(new Error().stack) })
    stream.once('close', () => report({ t: 'file-stream', id, state: 'closed', path, where: null }))
    return stream
  } as typeof fs.createReadStream

  // `import { createReadStream } from 'node:fs'` binds to the ES module's exports: bring them up to date.
  syncBuiltinESMExports()
}
