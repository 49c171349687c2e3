// Proves the quiz shows each learner the choices in an order of their own: shuffled, the same on
// every run for one learner (the salt kept in the progress file), and graded by the choice picked
// whatever its place on screen. The last test takes the quiz in a real terminal.
import { readFileSync, writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { loadProgress, progressSalt } from '../src/learn/progress.ts'
import { shownChoices } from '../src/learn/quiz.ts'
import { escapeRegExp } from '../src/dsl/escape-regexp.ts'
import { KEYS, Terminal, scratch, testEnv } from './learn-terminal.ts'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const question = { question: 'Which?', choices: ['alpha', 'beta', 'gamma', 'delta'], answer: 2, explanation: 'Because.' }

describe('the order of a question’s choices', () => {
  it('is a shuffle of all of them, each keeping its index in the lesson', () => {
    const shown = shownChoices(question, 'salt:03-x:0')
    expect(shown.map((choice) => choice.title).sort()).toEqual([...question.choices].sort())
    for (const { title, value } of shown) expect(question.choices[Number(value)]).toBe(title)
  })

  it('is the same every time for one key, and differs between learners', () => {
    expect(shownChoices(question, 'salt:03-x:0')).toEqual(shownChoices(question, 'salt:03-x:0'))
    const orders = new Set(Array.from({ length: 20 }, (_, learner) => shownChoices(question, `learner-${learner}:03-x:0`).map((c) => c.value).join('')))
    expect(orders.size).toBeGreaterThan(5)
    // The right answer is not pinned to one place on screen.
    const places = new Set(Array.from({ length: 20 }, (_, learner) => shownChoices(question, `learner-${learner}:03-x:0`).findIndex((c) => c.value === '2')))
    expect(places.size).toBe(4)
  })

  it('comes from a salt made once and kept in the progress file', () => {
    const space = scratch()
    cleanups.push(space.remove)
    const salt = progressSalt(space.progress)
    expect(salt).toMatch(/^[0-9a-f]{16}$/)
    expect(progressSalt(space.progress)).toBe(salt)
    expect(loadProgress(space.progress).salt).toBe(salt)
  })
})

describe('the quiz in the menu', () => {
  const lesson = findLesson(loadLessons(), '3')
  const salt = 'a-fixed-learner'

/** The choices of the quiz's question `index` as they are listed under it on screen. */
  const listedAfter = (screen: string, title: string) => {
    const lines = screen.split('\n')
    const at = lines.findIndex((line) => line.includes(title))
    return lines.slice(at + 1, at + 1 + lesson.quiz[0]!.choices.length).map((line) => line.replace(/^\s*[❯>]?\s*/, '').trimEnd())
  }

  it('lists the choices in the learner’s own order, and grades the one picked', async () => {
    expect(lesson.quiz.length).toBeGreaterThan(0)
    const space = scratch()
    cleanups.push(space.remove)
    writeFileSync(space.progress, JSON.stringify({ version: 1, lessons: {}, salt }))
    const expected = shownChoices(lesson.quiz[0]!, `${salt}:${lesson.id}:0`)
    const right = expected.findIndex((choice) => Number(choice.value) === lesson.quiz[0]!.answer)
    expect(expected.map((choice) => choice.title), 'this learner’s order is not the lesson’s').not.toEqual(lesson.quiz[0]!.choices)

    for (const run of [1, 2]) {
      const terminal = new Terminal(['3', '--dir', space.exercise], testEnv(space.progress))
      cleanups.push(() => terminal.kill())
      const menu = await terminal.waitFor(/What next\?[\s\S]*Quiz \(/, 20_000)
      terminal.send(KEYS.down.repeat(3) + KEYS.enter) // Check, Watch, Next hint, Quiz
      const title = `(1/${lesson.quiz.length}) ${lesson.quiz[0]!.question}`
      const asked = await terminal.waitFor(new RegExp(`${escapeRegExp(title)}[^\\n]*\\n`), 10_000, menu)
      await terminal.waitFor(new RegExp(escapeRegExp(expected.at(-1)!.title)), 10_000, asked) // the whole list drawn
      expect(listedAfter(terminal.screen.slice(menu), title), `run ${run}`).toEqual(expected.map((choice) => choice.title))
      if (run === 2) {
        terminal.send(KEYS.ctrlC)
        expect(await terminal.waitForExit(10_000)).toBe(0)
        break
      }
      terminal.send(KEYS.down.repeat(right) + KEYS.enter)
      const graded = await terminal.waitFor(/✔ Right\./, 10_000, asked)
      await terminal.waitFor(new RegExp(`\\(2/${lesson.quiz.length}\\)`), 10_000, graded)
      terminal.send(KEYS.ctrlC)
      expect(await terminal.waitForExit(10_000)).toBe(0)
    }
    expect(JSON.parse(readFileSync(space.progress, 'utf8')).salt).toBe(salt)
  }, 60_000)
})
