// Proves report.html in a real headless Chromium: it renders offline, the heatmap is there, a
// cell opens its checks (the page's own script ran), and no learner string became markup.
// Without a browser it skips with a reason locally, and fails under CI=true.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { findLesson, loadLessons } from '../src/curriculum/lessons.ts'
import { findLearners } from '../src/grade/find-learners.ts'
import { gradeClass } from '../src/grade/grade-class.ts'
import { DEFAULT_LIMITS, protectionsInForce } from '../src/grade/sandbox.ts'
import { summarize } from '../src/grade/summary.ts'
import { writeReports } from '../src/grade/write-reports.ts'
import { toHtml } from '../src/grade/html.ts'
import type { GradedLesson } from '../src/grade/grade-one.ts'
import type { CheckResult } from '../src/runner/results.ts'
import { failed, passed } from '../src/runner/check-results.ts'

const ROOT = join(import.meta.dirname, '..')
const browser = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => spawnSync('which', [name]).status === 0)
const work = mkdtempSync(join(tmpdir(), 'grade-browser-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

if (!browser && !process.env.CI) console.log('grade-report-browser: skipped, no chromium on PATH (apt-get install chromium); CI runs it')

describe.skipIf(!browser && !process.env.CI)('report.html in a headless browser', () => {
  it('renders the heatmap, opens a cell, and escapes learner strings', async () => {
    expect(browser, 'CI=true needs chromium on PATH (.ci/run installs it)').toBeTruthy()
    const lesson = findLesson(loadLessons(), '3')
    const classDir = join(ROOT, 'test', 'fixtures', 'class', 'hostile')
    const learners = findLearners(classDir).filter((l) => ['control', 'fake-result', 'early-exit'].includes(l.name))
    const graded = await gradeClass({ learners, lessons: [lesson], seed: 3, jobs: 2, limits: DEFAULT_LIMITS })
    const files = writeReports(join(work, 'out'), graded, summarize(graded, [lesson]), {
      generatedAt: 'test', seed: 3, durationMs: 1, protections: protectionsInForce(DEFAULT_LIMITS), node: process.version,
    })
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(work, 'profile')}`, '--window-size=1280,900']
    // ?cell=2,0 makes the page's own script open fake-result's lesson 03 cell, as a click would.
    const url = `${pathToFileURL(files.html).href}?cell=2,0`
    const dom = execFileSync(browser!, [...flags, '--dump-dom', url], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] })
    expect(dom).toContain('<table class="heat">')
    expect(dom).toMatch(/<div id="cell-detail" class="detail">/) // no longer hidden: the script ran
    expect(dom).toContain('fake-result · 03-request-response')
    expect(dom).not.toMatch(/<img[^>]*onerror/) // the learner's header never became an element
    expect(dom).not.toContain('<script>alert')
    const png = join(process.env.GRADE_SCREENSHOT_DIR ?? work, 'report.png')
    execFileSync(browser!, [...flags, `--screenshot=${png}`, url], { timeout: 60_000, stdio: 'ignore' })
    expect(existsSync(png) && statSync(png).size > 10_000).toBe(true)
  }, 120_000)

  it('fits 24 lessons in a 1280 px window with the total in view, and marks a lesson not handed in', () => {
    expect(browser, 'CI=true needs chromium on PATH (.ci/run installs it)').toBeTruthy()
    const lessons = Array.from({ length: 24 }, (_, i) => ({ number: i + 1, id: `${String(i + 1).padStart(2, '0')}-a-rather-long-lesson-slug`, title: `Lesson ${i + 1}` }))
    const check = (id: string, right: boolean): CheckResult => {
      const which = { id, title: `check ${id}`, points: 10 }
      return right ? passed(which, { durationMs: 1 }) : failed(which, { message: 'wrong' }, { durationMs: 1 })
    }
    const graded: GradedLesson[] = ['a learner with a very long name indeed, longer than any column', 'bo', 'cy'].flatMap((learner, l) =>
      lessons.map((lesson) => {
        const checks = [check('a', true), check('b', (lesson.number + l) % 3 !== 0)]
        const score = checks.reduce((sum, c) => sum + c.points, 0)
        const result = { lesson: lesson.number, slug: lesson.id.slice(3), title: lesson.title, passed: score === 20, score, maxScore: 20, durationMs: 1, seed: 1, file: 'x', checks }
        return learner === 'cy' && lesson.number === 7 ? { learner, result: { ...result, score: 0 }, missing: 'no folder for lesson 07' } : { learner, result }
      }),
    )
    const html = toHtml(summarize(graded, lessons), { generatedAt: 'test', seed: 1, durationMs: 1, protections: [], node: process.version })
    // The report as written, plus a script that measures its layout into the DOM the browser dumps.
    const measure = `<script>addEventListener('load', function(){ var wrap = document.querySelector('.heat-wrap'); var total = document.querySelector('.heat thead th.total').getBoundingClientRect(); var missing = document.querySelector('td.cell.missing');
      document.body.setAttribute('data-measure', JSON.stringify({ inner: innerWidth, page: document.documentElement.scrollWidth, wrapScroll: wrap.scrollWidth, wrapClient: wrap.clientWidth, totalRight: total.right, missingText: missing && missing.textContent, missingBg: missing && getComputedStyle(missing).backgroundImage })); });</script>`
    const dir = join(work, 'wide')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'report.html')
    writeFileSync(file, html.replace('</body>', `${measure}</body>`))
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(work, 'profile-wide')}`, '--window-size=1280,900', '--hide-scrollbars']
    const dom = execFileSync(browser!, [...flags, '--dump-dom', pathToFileURL(file).href], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] })
    const found = /data-measure="([^"]*)"/.exec(dom)
    expect(found, 'the measuring script ran').toBeTruthy()
    const m = JSON.parse(found![1]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as Record<string, number | string>
    expect(m.inner).toBe(1280)
    expect(m.page, 'the page does not scroll sideways').toBeLessThanOrEqual(1280)
    expect(m.wrapScroll, 'all 24 lessons fit without scrolling the heatmap').toBeLessThanOrEqual(m.wrapClient as number)
    expect(m.totalRight, 'the Total column is in view').toBeLessThanOrEqual(1280)
    expect(m.missingText).toBe('–')
    expect(m.missingBg).toContain('repeating-linear-gradient')
    const png = join(process.env.GRADE_SCREENSHOT_DIR ?? work, 'report-24-lessons.png')
    execFileSync(browser!, [...flags, `--screenshot=${png}`, pathToFileURL(file).href], { timeout: 60_000, stdio: 'ignore' })
    expect(existsSync(png)).toBe(true)
  }, 120_000)
})
