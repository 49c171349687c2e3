/** The interactive loop: a menu of what to do with the lesson, until the learner quits. */
import { existsSync } from 'node:fs'
import { partOf } from '../curriculum/lessons.ts'
import { ui } from '../report/ui.ts'
import { Cancelled, confirm, select, selectOrBack, type Choice } from './ask.ts'
import { formatWhere, showLessonIntro } from './lesson-intro.ts'
import { formatLessonList, lessonLabel, describeState } from './lesson-list.ts'
import { hintMenuTitle, hintsToShow } from './hints.ts'
import { lessonProgress, loadProgress, progressSalt, resetLessonProgress, updateLesson } from './progress.ts'
import { formatAnswer, formatScore, shownChoices } from './quiz.ts'
import { resetExercise } from './reset-exercise.ts'
import { readStarter } from './starter.ts'
import { runCheck } from './run-check.ts'
import { entryFile, nextLesson, openLesson, shown, type Session } from './session.ts'
import { formatSolutionDiff } from './solution-diff.ts'
import { watchMode } from './watch-mode.ts'

type Action = 'check' | 'watch' | 'web' | 'hint' | 'quiz' | 'solution' | 'reset' | 'read' | 'next' | 'list' | 'forget' | 'quit'

export async function menuLoop(start: Session, options: { watch: boolean }): Promise<void> {
  let session = start
  if (options.watch && (await watchMode(session)) === 'quit') return
  for (;;) {
    const action = await select<Action>(`What next? (lesson ${session.lesson.number})`, menuChoices(session))
    session.write('\n')
    try {
      const next = await perform(action, session)
      if (next === 'quit') return
      session = next
    } catch (error) {
      if (error instanceof Cancelled) throw error
      // One failed action (a file that cannot be written, say) does not end the session.
      session.write(`${ui.fail('✖')} ${error instanceof Error ? error.message : String(error)}\n`)
    }
    session.write('\n')
  }
}

/** Does what the learner picked; returns the session to go on with, or 'quit'. */
async function perform(action: Action, start: Session): Promise<Session | 'quit'> {
  let session = start
  switch (action) {
    case 'check':
      await runCheck(session)
      break
    case 'watch':
      if ((await watchMode(session)) === 'quit') return 'quit'
      break
    case 'web':
      if (session.web && (await session.web(session)) === 'quit') return 'quit'
      break
    case 'hint':
      showHint(session)
      break
    case 'quiz':
      await takeQuiz(session)
      break
    case 'solution':
      await showSolution(session)
      break
    case 'reset':
      await resetToStarter(session)
      break
    case 'read':
      await showLessonIntro(session)
      break
    case 'next': {
      const next = nextLesson(session)
      if (next) session = await enter(openLesson(session, next))
      break
    }
    case 'list': {
      const chosen = await pickLesson(session)
      if (chosen) session = await enter(chosen)
      break
    }
    case 'forget':
      if (await confirm(`Forget your progress on lesson ${session.lesson.number} (hints seen, passed, quiz)? Your code stays.`)) {
        resetLessonProgress(session.lesson.id)
        session.write(`Progress on lesson ${session.lesson.number} forgotten.\n`)
      }
      break
    case 'quit':
      return 'quit'
  }
  return session
}

function menuChoices(session: Session): Choice<Action>[] {
  const { lesson } = session
  const record = lessonProgress(loadProgress(), lesson.id)
  const next = nextLesson(session)
  return [
    { title: 'Check my code now', value: 'check' },
    { title: 'Watch: check again on every save', value: 'watch' },
    { title: hintMenuTitle(lesson, record.hintsShown), value: 'hint', disabled: lesson.hints.length === 0 },
    { title: lesson.quiz.length ? `Quiz (${lesson.quiz.length} questions)${record.quizDone ? ', done' : ''}` : 'Quiz (none for this lesson)', value: 'quiz', disabled: lesson.quiz.length === 0 },
    // A Classroom assignment is handed out without solutions/: then there is nothing to show.
    ...(existsSync(lesson.solutionDir) ? [{ title: record.passed ? 'Show the solution' : 'Show the solution (spoiler)', value: 'solution' as const }] : []),
    { title: 'Reset the exercise to its starter', value: 'reset' },
    { title: 'Read the lesson again', value: 'read' },
    ...(session.web ? [{ title: 'Open in the browser: the lesson, live checks and timelines', value: 'web' as const }] : []),
    ...(next ? [{ title: `Next lesson: ${lessonLabel(next)}`, value: 'next' as const }] : []),
    { title: 'All lessons', value: 'list' },
    { title: 'Forget my progress on this lesson', value: 'forget' },
    { title: 'Quit', value: 'quit' },
  ]
}

async function enter(session: Session): Promise<Session> {
  updateLesson(session.lesson.id, { started: true })
  await showLessonIntro(session)
  session.write('\n')
  return session
}

function showHint(session: Session): void {
  const before = lessonProgress(loadProgress(), session.lesson.id).hintsShown
  const { lines, shownNow } = hintsToShow(session.lesson, before)
  updateLesson(session.lesson.id, { hintsShown: shownNow, started: true })
  session.write(`${lines}\n`)
}

async function takeQuiz(session: Session): Promise<void> {
  const { quiz, id } = session.lesson
  const salt = progressSalt()
  let right = 0
  for (const [index, question] of quiz.entries()) {
    const choices = shownChoices(question, `${salt}:${id}:${index}`)
    const picked = await selectOrBack(`(${index + 1}/${quiz.length}) ${question.question}`, choices, 0, '↑/↓ then Enter · Esc back to the menu', { neutral: true })
    if (picked === null) return
    const chosen = Number(picked)
    const answer = formatAnswer(question, chosen)
    if (answer.right) right++
    session.write(`${answer.text}\n\n`)
  }
  updateLesson(session.lesson.id, { quizDone: true, started: true })
  session.write(`${formatScore(right, quiz.length)}\n`)
}

async function showSolution(session: Session): Promise<void> {
  const record = lessonProgress(loadProgress(), session.lesson.id)
  if (!record.passed && !(await confirm('You have not passed this lesson yet. Seeing the solution now spoils the puzzle. Show it anyway?'))) return
  session.write(`${formatSolutionDiff(session.lesson, entryFile(session).file)}\n`)
}

async function resetToStarter(session: Session): Promise<void> {
  const { file } = entryFile(session)
  // Say so before asking, when there is no starter to go back to (a zip download has no git).
  const starter = readStarter(session.lesson)
  if (!starter.found) return void session.write(`${ui.fail('✖')} ${starter.why}\n`)
  if (!(await confirm(`Replace ${shown(file)} with the starter? Your file is kept as a backup.`))) return
  const outcome = resetExercise(session.lesson, session.dir)
  if (outcome.state === 'no-starter') session.write(`${ui.fail('✖')} ${outcome.why}\n`)
  else if (outcome.state === 'unchanged') session.write(`${shown(outcome.file)} is already the starter.\n`)
  else session.write(`${ui.pass('✔')} ${shown(outcome.file)} is the starter again.${outcome.backup ? ` Your old file: ${ui.code(shown(outcome.backup))}` : ''}\n${formatWhere(session)}\n`)
}

async function pickLesson(session: Session): Promise<Session | null> {
  const progress = loadProgress()
  session.write(`${formatLessonList(session.lessons, progress)}\n\n`)
  const choices: Choice<string>[] = [
    { title: 'Back', value: 'back' },
    ...session.lessons.flatMap((lesson, i) => {
      const choice = { title: `${lessonLabel(lesson)}  ${describeState(lesson, progress)}`, value: lesson.id }
      // Part two begins: a heading that cannot be picked.
      const startsPart = i > 0 && partOf(session.lessons[i - 1]!) !== partOf(lesson)
      return startsPart ? [{ title: `── ${partOf(lesson).title} ──`, value: `part-${lesson.number}`, disabled: true }, choice] : [choice]
    }),
  ]
  const initial = Math.max(0, choices.findIndex((choice) => choice.value === session.lesson.id))
  const id = await selectOrBack('Open which lesson?', choices, initial, '↑/↓ then Enter · Esc back')
  const lesson = session.lessons.find((candidate) => candidate.id === id)
  return lesson ? openLesson(session, lesson) : null
}
