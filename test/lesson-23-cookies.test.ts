// Lesson 23's promise to the learner: each cookie mistake fails its own check (and no other),
// with a message that says what to change.
import { describe, expect, it } from 'vitest'
import { findEntryFile } from '../src/curriculum/entry-file.ts'
import { loadLessons } from '../src/curriculum/lessons.ts'
import { checkLesson } from '../src/runner/check-lesson.ts'
import { listMistakeFixtures, materialize } from '../src/verify/mistake-fixtures.ts'

/** What the failing check's message must say, per wrong answer. */
const ADVICE: Record<string, RegExp> = {
  'wrong-answer.no-httponly': /no HttpOnly: add `HttpOnly`/,
  'wrong-answer.session-survives-logout': /Delete it there too, e\.g\. `sessions\.delete\(id\)`/,
  'wrong-answer.logout-keeps-cookie': /no Set-Cookie for "session".*Max-Age=0/,
  'wrong-answer.signature-not-checked': /must be ignored: recompute the signature and compare \(crypto\.timingSafeEqual/,
  'wrong-answer.math-random-id': /about \d+ random bits .*crypto\.randomBytes\(32\)/,
  'wrong-answer.counter-id': /about \d+ random bits \(\d of their 32 characters change/,
  'wrong-answer.uuid-id': /UUIDs .*122 random bits/,
  'wrong-answer.fixation': /kept that id.*Make a new id on every login/,
  'wrong-answer.old-id-kept': /The old id must stop working: delete the old session/,
  'wrong-answer.naive-split': /split each pair at its first "=" \(indexOf\), not with split\('='\)/,
  'wrong-answer.search-header': /parse the header into names and values instead of searching it/,
  'wrong-answer.fixed-fallback-secret': /the fallback secret is fixed/,
  'wrong-answer.base64-signature': /the signature is in base64 .*use base64url/,
  'wrong-answer.empty-user-accepted': /with an empty user .*expected 400/,
  'wrong-answer.me-shared-user': /expected JSON \{"user":/,
}

const lesson = loadLessons().find((candidate) => candidate.number === 23)!
const wrongAnswers = listMistakeFixtures(lesson.id).filter((fixture) => fixture.code === null)

describe('lesson 23, cookie mistakes', () => {
  it('has advice written for every wrong answer', () => {
    expect(wrongAnswers.map((fixture) => fixture.name).sort()).toEqual(Object.keys(ADVICE).sort())
  })

  it('fails each wrong answer on exactly its own checks, saying what to change', async () => {
    const outcomes: { name: string; failed: string[]; message: string }[] = []
    const queue = [...wrongAnswers]
    // Two at a time: the machine running the tests may be small.
    await Promise.all([0, 1].map(async () => {
      for (let fixture = queue.shift(); fixture; fixture = queue.shift()) {
        const copy = materialize(fixture, lesson.solutionDir)
        try {
          const result = await checkLesson(lesson, findEntryFile(copy.dir, lesson.entry)!, { seed: 23 })
          const failed = result.checks.filter((check) => check.status !== 'pass')
          outcomes.push({ name: fixture.name, failed: failed.map((check) => check.id).sort(), message: failed.map((check) => check.message).join('\n') })
        } finally {
          copy.remove()
        }
      }
    }))
    for (const fixture of wrongAnswers) {
      const outcome = outcomes.find((one) => one.name === fixture.name)!
      expect(outcome.failed, fixture.name).toEqual([...fixture.mustFail].sort())
      expect(outcome.message, fixture.name).toMatch(ADVICE[fixture.name]!)
    }
  }, 120_000)
})
