/** A path as the learner would type it from where they are (absolute when it lies elsewhere). */
import { isAbsolute, relative } from 'node:path'

export function pathAsTyped(path: string): string {
  const near = relative(process.cwd(), path)
  return near && !near.startsWith('..') && !isAbsolute(near) ? near : path
}
