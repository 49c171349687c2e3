/**
 * What a learner's program is started with for a lesson: its folder, its environment, its
 * loader. One place, so that `check` can start a standby for exactly these options before it has
 * loaded the runner (see warm-starts.ts), and the runner finds that standby fitting.
 */
import { dirname } from 'node:path'
import { DISPLAY_PORT } from '../limits.ts'
import type { StartOptions } from './learner-process.ts'
import { loaderFor, type Loader } from './loader-for.ts'
import type { OsSandbox } from './sandboxed-start.ts'

export type ProcessChoices = {
  loader?: Loader | undefined
  nodeFlags?: string[] | undefined
  outputCapBytes?: number | undefined
  osSandbox?: OsSandbox | undefined
}

/** The program's environment: the given one, PORT 3000 as the lessons say, then the lesson's own variables. */
export function programEnv(base: NodeJS.ProcessEnv, ...lessonEnv: (Record<string, string> | undefined)[]): NodeJS.ProcessEnv {
  return Object.assign({ ...base, PORT: String(DISPLAY_PORT) }, ...lessonEnv)
}

export function learnerProcessOptions(entryFile: string, env: NodeJS.ProcessEnv, choices: ProcessChoices = {}): Omit<StartOptions, 'entry'> & { loader: Loader } {
  const exerciseDir = dirname(entryFile)
  return {
    cwd: exerciseDir,
    learnerDir: exerciseDir,
    env,
    loader: choices.loader ?? loaderFor(entryFile),
    ...(choices.nodeFlags ? { nodeFlags: choices.nodeFlags } : {}),
    ...(choices.outputCapBytes ? { outputCapBytes: choices.outputCapBytes } : {}),
    ...(choices.osSandbox ? { osSandbox: choices.osSandbox } : {}),
  }
}
