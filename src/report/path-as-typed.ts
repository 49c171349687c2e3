/** A path as the learner would type it from where they are (absolute when it lies elsewhere). */
import { isAbsolute, relative } from 'node:path'

/** Where the learner typed the command: npm runs scripts in the package's folder and says where in INIT_CWD. */
const typedFrom = () => process.env.INIT_CWD || process.cwd()

export function pathAsTyped(path: string): string {
  const near = relative(typedFrom(), path)
  return near && !near.startsWith('..') && !isAbsolute(near) ? near : path
}
