/**
 * Notices files read whole into memory: `fs.readFile`, `fs.readFileSync` and
 * `fs.promises.readFile` (also `node:fs/promises`) are wrapped, and a read that returns more
 * than LARGE_READ_BYTES is reported. A lesson that asks for streaming (12) can then tell a
 * program that sends a large file with `createReadStream` from one that loads it first.
 * The wrappers return exactly what the originals return.
 */
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { report } from './channel.ts'
import { LARGE_READ_BYTES, type SourceLocation } from './events.ts'

type Locate = (stack: string | undefined) => SourceLocation | null
type How = 'readFile' | 'readFileSync' | 'promises.readFile'

export function watchFileReads(locate: Locate): void {
  const noticed = (how: How, file: unknown, result: unknown, stack: () => string | undefined) => {
    const bytes = typeof result === 'string' ? Buffer.byteLength(result) : Buffer.isBuffer(result) ? result.length : 0
    if (bytes <= LARGE_READ_BYTES) return
    report({ t: 'file-read', how, path: describePath(file), bytes, where: locate(stack()) })
  }

  const readFileSync = fs.readFileSync
  fs.readFileSync = function (this: unknown, ...args: unknown[]) {
    const result = (readFileSync as (...a: unknown[]) => unknown).apply(this, args)
    noticed('readFileSync', args[0], result, () => new Error().stack)
    return result
  } as typeof fs.readFileSync

  const readFile = fs.readFile
  fs.readFile = function (this: unknown, ...args: unknown[]) {
    const stack = new Error().stack
    const callback = args.at(-1)
    if (typeof callback === 'function') {
      args[args.length - 1] = function (this: unknown, error: unknown, data: unknown) {
        if (!error) noticed('readFile', args[0], data, () => stack)
        return (callback as (...a: unknown[]) => unknown).call(this, error, data)
      }
    }
    return (readFile as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof fs.readFile

  const promisesReadFile = fs.promises.readFile
  fs.promises.readFile = async function (this: unknown, ...args: unknown[]) {
    const stack = new Error().stack
    const result = await (promisesReadFile as (...a: unknown[]) => Promise<unknown>).apply(this, args)
    noticed('promises.readFile', args[0], result, () => stack)
    return result
  } as typeof fs.promises.readFile

  // `import { readFile } from 'node:fs'` binds to the ES module's exports: bring them up to date.
  syncBuiltinESMExports()
}

export function describePath(file: unknown): string {
  if (typeof file === 'string') return file
  if (file instanceof URL) return file.pathname
  if (Buffer.isBuffer(file)) return file.toString()
  if (typeof file === 'number') return `file descriptor ${file}`
  return 'a file handle'
}
