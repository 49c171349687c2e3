/**
 * The starter of a lesson's exercise, as committed: read from git (`git show HEAD:exercises/…`)
 * when the workbook is a git checkout. A workbook downloaded as a zip has no history, so it has
 * no pristine copy to restore from; the learner is told where to get one instead.
 *
 * If the learner commits their own work, HEAD holds it, and "reset" restores their last commit.
 */
import { execFileSync } from 'node:child_process'
import { relative } from 'node:path'
import { entryCandidates } from '../curriculum/entry-file.ts'
import type { Lesson } from '../curriculum/lessons.ts'
import { ROOT } from '../root.ts'

export type Starter = { found: true; name: string; text: string } | { found: false; why: string }

export function readStarter(lesson: Lesson, root = ROOT): Starter {
  const folder = relative(root, lesson.exerciseDir).split('\\').join('/')
  for (const name of entryCandidates(lesson.entry)) {
    try {
      const text = execFileSync('git', ['show', `HEAD:./${folder}/${name}`], { cwd: root, encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] })
      return { found: true, name, text }
    } catch {
      // not this name, or no git: try the next, then explain
    }
  }
  return {
    found: false,
    why: `The starter comes from git, and this copy of the workbook is not a git checkout (or ${folder} is not committed). Download the workbook again and copy ${folder}/${lesson.entry} from it.`,
  }
}
