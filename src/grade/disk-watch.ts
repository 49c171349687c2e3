/**
 * Watches how much a program writes into its sandbox folder: over the limit (in bytes or in
 * files), `onFull` is called once, and the grader stops the program. A per-file limit alone
 * (RLIMIT_FSIZE, OS sandbox) does not stop many small files; this does, on every platform.
 */
import { lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const MAX_ENTRIES = 20_000

export function watchDisk(folder: string, limitBytes: number, onFull: (why: string) => void, everyMs = 100): () => void {
  let done = false
  const timer = setInterval(() => {
    const used = sizeOf(folder, limitBytes)
    if (used === null) return
    if (used.bytes > limitBytes || used.entries > MAX_ENTRIES) {
      done = true
      clearInterval(timer)
      onFull(used.entries > MAX_ENTRIES ? `over ${MAX_ENTRIES} files` : `over ${Math.round(limitBytes / 1024 / 1024)} MiB`)
    }
  }, everyMs)
  timer.unref()
  return () => {
    if (!done) clearInterval(timer)
    done = true
  }
}

function sizeOf(folder: string, limitBytes: number): { bytes: number; entries: number } | null {
  let bytes = 0
  let entries = 0
  const pending = [folder]
  try {
    while (pending.length) {
      const dir = pending.pop()!
      for (const item of readdirSync(dir, { withFileTypes: true })) {
        if (++entries > MAX_ENTRIES) return { bytes, entries }
        const path = join(dir, item.name)
        if (item.isDirectory()) pending.push(path)
        else {
          try {
            bytes += lstatSync(path).size
          } catch {
            // gone meanwhile
          }
          if (bytes > limitBytes) return { bytes, entries }
        }
      }
    }
  } catch {
    return null // the folder is going: nothing to watch
  }
  return { bytes, entries }
}
