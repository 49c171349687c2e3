/** Every lesson with the learner's state: not started, in progress, passed, quiz done. */
import { partOf, type Lesson } from '../curriculum/lessons.ts'
import { ui } from '../report/ui.ts'
import { lessonProgress, lessonState, type Progress } from './progress.ts'

export function describeState(lesson: Lesson, progress: Progress): string {
  const record = lessonProgress(progress, lesson.id)
  const state = lessonState(record)
  const quiz = record.quizDone ? ', quiz done' : ''
  if (state === 'passed') return ui.pass(`passed${quiz}`)
  if (state === 'in progress') return ui.skip(`in progress${quiz}`)
  return ui.dim('not started')
}

const mark = (lesson: Lesson, progress: Progress) => {
  const state = lessonState(lessonProgress(progress, lesson.id))
  return state === 'passed' ? ui.tick : state === 'in progress' ? ui.skip('•') : ui.dim('·')
}

export function lessonLabel(lesson: Lesson): string {
  return `${String(lesson.number).padStart(2, '0')} ${lesson.title}`
}

export function formatLessonList(lessons: Lesson[], progress: Progress): string {
  if (!lessons.length) return 'No lessons yet.'
  const width = Math.max(...lessons.map((lesson) => lessonLabel(lesson).length))
  const twoParts = new Set(lessons.map((lesson) => partOf(lesson))).size > 1
  return lessons
    .flatMap((lesson, i) => {
      const line = `${mark(lesson, progress)} ${lessonLabel(lesson).padEnd(width)}  ${describeState(lesson, progress)}`
      const startsPart = twoParts && (i === 0 || partOf(lessons[i - 1]!) !== partOf(lesson))
      return startsPart ? [...(i ? [''] : []), ui.bold(partOf(lesson).title), line] : [line]
    })
    .join('\n')
}
