// Proves the four curriculum trees agree: every lesson has its text, starter, solution and
// checks under one NN-slug, the contract's lessons all exist, and front matter is complete.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findEntryFile } from '../src/curriculum/entry-file.ts'
import { loadLessons } from '../src/curriculum/lessons.ts'
import { loadChecks } from '../src/runner/check-lesson.ts'
import { ROOT } from '../src/root.ts'

const slugsIn = (dir: string, pattern: RegExp) =>
  readdirSync(join(ROOT, dir)).flatMap((name) => {
    const match = pattern.exec(name)
    return match ? [match[1]!] : []
  }).sort()

const lessons = loadLessons()

describe('the curriculum trees', () => {
  it('share one NN-slug per lesson, with no orphan and no gap', () => {
    const texts = slugsIn('lessons', /^(\d{2}-[a-z0-9-]+)\.md$/)
    expect(slugsIn('exercises', /^(\d{2}-[a-z0-9-]+)$/)).toEqual(texts)
    expect(slugsIn('solutions', /^(\d{2}-[a-z0-9-]+)$/)).toEqual(texts)
    expect(slugsIn('checks', /^(\d{2}-[a-z0-9-]+)\.ts$/)).toEqual(texts)
    expect(texts.map((id) => Number(id.slice(0, 2)))).toEqual(texts.map((_, i) => i + 1))
  })

  // The contract lives beside the repository (../shared/), as in CI; elsewhere this is skipped.
  // Part one (curriculum.md) must exist whole; a Part two lesson (curriculum-part-two.md) is held
  // to its section from the moment it exists, and lessons are added in order, with no gap.
  const contract = join(ROOT, '..', 'shared', 'curriculum.md')
  const partTwo = join(ROOT, '..', 'shared', 'curriculum-part-two.md')
  const lessonsIn = (file: string) => (existsSync(file) ? [...readFileSync(file, 'utf8').matchAll(/^### (\d{2}) `([a-z0-9-]+)`/gm)].map((m) => `${m[1]}-${m[2]}`) : [])
  it.skipIf(!existsSync(contract))('hold every lesson the contract names, and Part two\'s in order as they come', () => {
    const partOne = lessonsIn(contract)
    const ids = lessons.map((lesson) => lesson.id)
    expect(ids.slice(0, partOne.length)).toEqual(partOne)
    expect(ids.slice(partOne.length)).toEqual(lessonsIn(partTwo).slice(0, ids.length - partOne.length))
  })

  it.each(lessons.map((lesson) => [lesson.id, lesson] as const))('%s has its entry files, hints, quiz and checks', async (_id, lesson) => {
    expect(findEntryFile(lesson.exerciseDir, lesson.entry), 'starter entry').not.toBeNull()
    expect(findEntryFile(lesson.solutionDir, lesson.entry), 'solution entry').not.toBeNull()
    expect(readFileSync(findEntryFile(lesson.exerciseDir, lesson.entry)!, 'utf8')).toContain('TODO')
    expect(lesson.hints.length).toBeGreaterThanOrEqual(3)
    expect(lesson.quiz.length).toBeGreaterThanOrEqual(3)
    for (const question of lesson.quiz) {
      expect(question.choices[question.answer], question.question).toBeDefined()
      expect(question.explanation, question.question).toBeTruthy()
    }
    const checks = await loadChecks(lesson)
    expect(checks.lesson).toBe(lesson.number)
    expect(checks.slug).toBe(lesson.slug)
    expect(checks.checks.length).toBeGreaterThan(0)
  })
})
