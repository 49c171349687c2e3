// Proves report.html in a real headless Chromium: it renders offline, the heatmap is there, a
// cell opens its checks (the page's own script ran), and no learner string became markup.
// Without a browser it skips with a reason locally, and fails under CI=true.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
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
})
