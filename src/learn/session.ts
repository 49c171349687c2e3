/** What every menu action works on: the lesson, the folder the learner edits, and how to reach them. */
import { join } from 'node:path'
import { findEntryFile } from '../curriculum/entry-file.ts'
import { pathAsTyped } from '../report/path-as-typed.ts'
import type { Lesson } from '../curriculum/lessons.ts'
import type { WarmStarts } from '../runner/warm-starts.ts'

export type Session = {
  lessons: Lesson[]
  lesson: Lesson
  /** The folder the learner edits: the lesson's exercise folder, or `--dir`. */
  dir: string
  /** `--dir` was given (it applies to the lesson it was given with). */
  customDir: boolean
  seed: number | undefined
  poll: boolean
  write: (text: string) => void
  /** A learner process kept started ahead of time, so each check after the first is quick. */
  warm?: WarmStarts
  /** Serves the lesson as a local web page until the learner goes back to the menu or quits (given by the command: learn does not import the web layer). */
  web?: (session: Session) => Promise<'menu' | 'quit'>
}

/** The learner's entry file as it is now (`server.js` counts for `server.ts`), or the expected one. */
export function entryFile(session: Session): { file: string; exists: boolean } {
  const found = findEntryFile(session.dir, session.lesson.entry)
  return found ? { file: found, exists: true } : { file: join(session.dir, session.lesson.entry), exists: false }
}

/** A path as the learner would type it from where they are. */
export const shown = pathAsTyped

export function checkCommand(session: Session): string {
  return session.customDir ? `npm run check -- ${session.lesson.number} --file ${shown(session.dir)}` : `npm run check ${session.lesson.number}`
}

export function nextLesson(session: Session): Lesson | undefined {
  return session.lessons.find((other) => other.number > session.lesson.number)
}

/** The session moved to another lesson: its own exercise folder. */
export function openLesson(session: Session, lesson: Lesson): Session {
  return { ...session, lesson, dir: lesson.exerciseDir, customDir: false }
}
