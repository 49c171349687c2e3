/**
 * `npm run lesson [N]`: read a lesson, then a menu to check, watch, get hints, take the quiz,
 * see the solution or reset the exercise. Without a terminal (a pipe, CI) it prints the lesson
 * and the next steps and exits 0. Without N it resumes at the first lesson not yet passed.
 */
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadLessons, findLesson } from '../curriculum/lessons.ts'
import { ui } from '../report/ui.ts'
import { parseLessonArgs } from './lesson-args.ts'
import { formatLessonList } from '../learn/lesson-list.ts'
import { firstUnfinished, loadProgress, resetLessonProgress, updateLesson } from '../learn/progress.ts'
import { shown, type Session } from '../learn/session.ts'
import { WarmStarts } from '../runner/warm-starts.ts'
import { runCommand } from './run-command.ts'
import { UsageError } from '../errors.ts'

// `npm run lesson | head`: a closed pipe ends the command quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

runCommand(async () => {
  const args = parseLessonArgs(process.argv.slice(2))
  const lessons = loadLessons()
  if (!lessons.length) throw new UsageError('There are no lessons yet (lessons/ is empty).')
  const progress = loadProgress()
  const lesson = args.lesson === undefined ? firstUnfinished(lessons, progress)! : findLesson(lessons, args.lesson)
  const write = (text: string) => void process.stdout.write(text)

  if (args.resetProgress) {
    resetLessonProgress(lesson.id)
    write(`Progress on lesson ${lesson.number} (${lesson.title}) forgotten. Your code is untouched.\n`)
    return 0
  }
  const dir = args.dir === undefined ? lesson.exerciseDir : resolve(args.dir)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(
      args.dir === undefined
        ? `${shown(dir)}/ is missing: restore it with \`git checkout -- ${shown(dir)}\`, or work elsewhere with --dir.`
        : `--dir ${args.dir}: no such folder.`,
    )
  }
  const session: Session = { lessons, lesson, dir, customDir: args.dir !== undefined, seed: args.seed, poll: args.poll, write }

  const resuming = args.lesson === undefined ? `${formatLessonList(lessons, progress)}\n\n${ui.dim(`Resuming at lesson ${lesson.number}, the first one not passed yet.`)}\n\n` : ''
  updateLesson(lesson.id, { started: true })
  if (args.web) {
    // Loaded only here: the terminal's commands never load the web layer.
    const { serveUntilStopped } = await import('../web/serve.ts')
    session.warm = new WarmStarts()
    await serveUntilStopped(session)
    setImmediate(() => process.exit(process.exitCode ?? 0))
    return 0
  }
  // The terminal's renderer and menu are loaded only now: `--web` starts without them.
  const [{ formatLessonIntro, formatNextSteps, showLessonIntro }, { menuLoop }, { Cancelled }] = await Promise.all([import('../learn/lesson-intro.ts'), import('../learn/menu.ts'), import('../learn/ask.ts')])
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI
  if (!interactive) {
    write(`${resuming}${formatLessonIntro(session)}\n${formatNextSteps(session)}\n`)
    return 0
  }
  // In a terminal the list comes after the lesson text, so it is on screen with the menu.
  await showLessonIntro(session, resuming)

  // Ctrl-C while a check runs (no prompt is reading keys): leave at once; the runner's exit
  // hook kills every learner process group it started, so no server is left behind.
  process.once('SIGINT', () => {
    process.stdout.write(`\n${ui.dim('Stopped.')}\n`)
    process.exit(130)
  })
  write('\n')
  session.warm = new WarmStarts() // standbys die with this process (the runner's exit hook)
  session.web = async (current) => (await import('../web/serve.ts')).serveFromMenu(current)
  try {
    await menuLoop(session, { watch: args.watch })
    write(ui.dim('Bye. Your progress is saved; `npm run lesson` picks up where you left off.\n'))
  } catch (error) {
    if (!(error instanceof Cancelled)) throw error
    write(ui.dim('Bye. Your progress is saved; `npm run lesson` picks up where you left off.\n'))
  } finally {
    // A prompt, a watcher or the waiting warm start may still hold the process: leave now,
    // also after an error (the top-level catch has printed it and set the exit code by then).
    setImmediate(() => process.exit(process.exitCode ?? 0))
  }
  return 0
})
