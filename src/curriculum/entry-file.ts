/**
 * The learner's entry file in a folder: the lesson names `server.ts`, but `server.js`,
 * `server.mjs`, `server.mts`… are graded exactly the same.
 */
import { existsSync, statSync } from 'node:fs'
import { basename, extname, join } from 'node:path'

const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']

/**
 * The entry to grade. Where several exist (a `server.js` written beside the untouched
 * `server.ts`), the one saved last is the one the learner is working on.
 */
export function findEntryFile(dir: string, entry: string): string | null {
  const found = entryFilesIn(dir, entry)
  if (found.length < 2) return found[0] ?? null
  return found.reduce((newest, file) => (statSync(file).mtimeMs > statSync(newest).mtimeMs ? file : newest))
}

/** Every file in `dir` that counts as the lesson's entry, in the order of EXTENSIONS. */
export function entryFilesIn(dir: string, entry: string): string[] {
  const base = basename(entry, extname(entry))
  return EXTENSIONS.map((extension) => join(dir, base + extension)).filter((candidate) => existsSync(candidate) && statSync(candidate).isFile())
}

export const entryCandidates = (entry: string) => EXTENSIONS.map((extension) => basename(entry, extname(entry)) + extension)
