/**
 * The learner's entry file in a folder: the lesson names `server.ts`, but `server.js`,
 * `server.mjs`, `server.mts`… are graded exactly the same.
 */
import { existsSync, statSync } from 'node:fs'
import { basename, extname, join } from 'node:path'

const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']

export function findEntryFile(dir: string, entry: string): string | null {
  const base = basename(entry, extname(entry))
  for (const extension of EXTENSIONS) {
    const candidate = join(dir, base + extension)
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  }
  return null
}

export const entryCandidates = (entry: string) => EXTENSIONS.map((extension) => basename(entry, extname(entry)) + extension)
