/**
 * A class folder holds one folder per learner. A learner's folder is their copy of the workbook
 * (`exercises/NN-slug/`), or just its `exercises/` tree, or the `NN-slug/` folders directly.
 */
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Lesson } from '../curriculum/lessons.ts'
import { UsageError } from '../errors.ts'

export type Learner = { name: string; dir: string }

export function findLearners(classDir: string, only?: string): Learner[] {
  if (!existsSync(classDir) || !statSync(classDir).isDirectory()) throw new UsageError(`"${classDir}" is not a folder. Give the folder that holds one folder per learner.`)
  const learners = readdirSync(classDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => ({ name: entry.name, dir: join(classDir, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name))
  if (only !== undefined) {
    const one = learners.filter((learner) => learner.name === only)
    if (!one.length) throw new UsageError(`There is no learner "${only}" in ${classDir}.`)
    return one
  }
  if (!learners.length) throw new UsageError(`${classDir} holds no learner folders.`)
  return learners
}

/**
 * The learner's folder for a lesson: `{ dir }`, or `{ link }` when the folder (or the `exercises/`
 * folder above it) is a symbolic link, which is never followed: it could point at another
 * learner's work. Null when they have none.
 */
export function lessonFolder(learnerDir: string, lesson: Lesson): { dir: string } | { link: string } | null {
  const exercises = join(learnerDir, 'exercises')
  if (isLink(exercises)) return { link: 'exercises/' }
  const prefix = `${String(lesson.number).padStart(2, '0')}-`
  for (const base of [exercises, learnerDir]) {
    if (!isDir(base)) continue
    const exact = join(base, lesson.id)
    if (isDir(exact)) return { dir: exact }
    // A renamed slug still counts when the number matches: `03-my-server/`.
    const names = readdirSync(base).sort()
    const loose = names.find((name) => name.startsWith(prefix) && isDir(join(base, name)))
    if (loose) return { dir: join(base, loose) }
    const linked = names.find((name) => (name === lesson.id || name.startsWith(prefix)) && isLink(join(base, name)))
    if (linked) return { link: `${relative(learnerDir, join(base, linked))}/` }
  }
  return null
}

// lstat: a symlink is not a folder, whatever it points at.
const isDir = (path: string) => lstatSync(path, { throwIfNoEntry: false })?.isDirectory() === true
const isLink = (path: string) => lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true
