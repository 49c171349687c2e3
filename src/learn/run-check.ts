/**
 * One check of the learner's file, printed: a passing run celebrates and points to the next
 * lesson; a failing one shows each failure's diagnosis first, then its details (formatCheck).
 * The result is remembered in the progress file.
 */
import type { LessonResult } from '../runner/results.ts'
import { checkLesson } from '../runner/check-lesson.ts'
import { entryFilesIn } from '../curriculum/entry-file.ts'
import { formatLessonResult } from '../report/terminal.ts'
import { ui } from '../report/ui.ts'
import { lessonProgress, loadProgress, updateLesson } from './progress.ts'
import { entryFile, nextLesson, shown, type Session } from './session.ts'

/** One check of the learner's file, as data, remembered in the progress file: what the terminal and the web page both show. */
export type CheckOutcome =
  | { state: 'missing'; file: string }
  | { state: 'checked'; file: string; result: LessonResult; /** passed now, for the first time */ firstPass: boolean; /** other entry files beside it, not graded */ notGraded: string[] }

export async function checkAndRecord(session: Session, options: { /** each HTTP check's timeline too */ trace?: boolean } = {}): Promise<CheckOutcome> {
  const { file, exists } = entryFile(session)
  if (!exists) return { state: 'missing', file }
  const result = await checkLesson(session.lesson, file, {
    ...(session.seed === undefined ? {} : { seed: session.seed }),
    ...(session.warm ? { warm: session.warm } : {}),
    ...(options.trace ? { trace: true } : {}),
  })
  const before = lessonProgress(loadProgress(), session.lesson.id)
  updateLesson(session.lesson.id, { started: true, passed: before.passed || result.passed })
  const notGraded = entryFilesIn(session.dir, session.lesson.entry).filter((other) => other !== file)
  return { state: 'checked', file, result, firstPass: result.passed && !before.passed, notGraded }
}

export async function runCheck(session: Session): Promise<LessonResult | null> {
  const { file, exists } = entryFile(session)
  if (!exists) {
    session.write(`${ui.fail('✖')} There is no ${shown(file)} yet: create it, then check again.\n`)
    return null
  }
  session.write(ui.dim(`Checking ${shown(file)} …\n`))
  const outcome = await checkAndRecord(session)
  if (outcome.state === 'missing') {
    session.write(`${ui.fail('✖')} There is no ${shown(outcome.file)} yet: create it, then check again.\n`)
    return null
  }
  const { result, notGraded } = outcome
  session.write(`${formatLessonResult(result, { notGraded })}\n${formatVerdict(session, result, outcome.firstPass)}\n`)
  return result
}

export function formatVerdict(session: Session, result: LessonResult, firstPass: boolean): string {
  if (!result.passed) {
    const stuck = session.lesson.hints.length ? ` Stuck? "Next hint" in the menu gives one hint at a time (in watch mode, q opens the menu).` : ''
    return ui.dim(`Fix the first failure above, save, and check again.${stuck}`)
  }
  const next = nextLesson(session)
  const cheer = firstPass ? `🎉 Lesson ${session.lesson.number} passed!` : `🎉 Still passing.`
  const onward = next ? ` Next: ${ui.code(`npm run lesson ${next.number}`)} (${next.title})` : ' That was the last lesson: well done.'
  return ui.pass(ui.bold(cheer)) + onward
}
