/**
 * A warm start: Node, tsx and the probe are loaded ahead of time, and this waits (blocked, doing
 * nothing) until the runner writes the entry's path on fd 3. Then the learner's file runs as the
 * real main module, exactly as `node entry` would run it (`require.main === module` holds).
 */
import { readSync } from 'node:fs'
import Module from 'node:module'
import { PROBE_FD } from './events.ts'

const entry = readLine(PROBE_FD)
if (!entry) process.exit(0) // the runner went away before using us
process.argv[1] = entry
;(Module as unknown as { runMain(main: string): void }).runMain(entry)

function readLine(fd: number): string {
  const buffer = Buffer.alloc(4096)
  let text = ''
  while (!text.includes('\n')) {
    let read: number
    try {
      read = readSync(fd, buffer)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return ''
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5) // a non-blocking fd: try again shortly
      continue
    }
    if (read === 0) return ''
    text += buffer.subarray(0, read).toString('utf8')
  }
  return text.slice(0, text.indexOf('\n'))
}
