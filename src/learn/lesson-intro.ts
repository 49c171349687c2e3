/** A lesson as the learner first sees it: the text, then the file to edit and the command that checks it. */
import { ui } from '../report/ui.ts'
import { page } from './pager.ts'
import { renderMarkdown } from './render-markdown.ts'
import { checkCommand, entryFile, shown, type Session } from './session.ts'

export function formatLessonIntro(session: Session): string {
  return [formatLessonText(session), '', formatWhere(session)].join('\n')
}

function formatLessonText(session: Session): string {
  const { lesson } = session
  const number = String(lesson.number).padStart(2, '0')
  return [ui.heading(`Lesson ${number} of ${session.lessons.at(-1)?.number ?? number}: ${lesson.title}`), '', renderMarkdown(lesson.body)].join('\n')
}

/**
 * The lesson in a terminal: a text taller than the screen opens in a pager, so it is read from
 * its first line; what to edit and how to check it (and `after`, such as the lessons' list)
 * follow, right above the menu, where they stay in view.
 */
export async function showLessonIntro(session: Session, after = ''): Promise<void> {
  const text = formatLessonText(session)
  if (!(await page(text))) session.write(`${text}\n`)
  session.write(`\n${after}${formatWhere(session)}\n`)
}

export function formatWhere(session: Session): string {
  const { file, exists } = entryFile(session)
  return [
    `${ui.bold('Edit:')}   ${ui.code(shown(file))}${exists ? '' : ui.fail('  (missing: create it)')}`,
    `${ui.bold('Check:')}  ${ui.code(checkCommand(session))}`,
  ].join('\n')
}

/** For a pipe or CI: what to do next, without a menu. */
export function formatNextSteps(session: Session): string {
  const { lesson } = session
  return [
    '',
    ui.bold('Next steps'),
    `  1. Build what the lesson asks in ${ui.code(shown(entryFile(session).file))}.`,
    `  2. Check it: ${ui.code(checkCommand(session))}`,
    `  3. In a terminal, ${ui.code(`npm run lesson ${lesson.number}`)} opens a menu: check, watch, hints, quiz, solution.`,
  ].join('\n')
}
