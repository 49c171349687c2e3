// Proves what a learner sees on a real screen (tmux at 80×24 and 150×45): a lesson taller than
// the screen opens in a pager at its first line; after q, what to edit, how to check it and the
// menu are all in view; resuming shows the lessons' list with them instead of above the text.
// Tables and lists in the text fit the width. The pane is read as tmux draws it, not as a stream.
import { execFileSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { loadLessons } from '../src/curriculum/lessons.ts'
import { LESSON, ROOT, scratch } from '../support/learn-terminal.ts'

const sessions: string[] = []
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const name of sessions.splice(0)) {
    try {
      execFileSync('tmux', ['kill-session', '-t', name], { stdio: 'ignore' })
    } catch {}
  }
  for (const cleanup of cleanups.splice(0)) cleanup()
})

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8', timeout: 10_000 })

function open(columns: number, rows: number, args: string[]): { screen: () => string; keys: (...keys: string[]) => void } {
  const space = scratch()
  cleanups.push(space.remove)
  const name = `workbook-screen-${process.pid}-${sessions.length}`
  sessions.push(name)
  const env = `env -u CI -u PAGER NO_COLOR=1 FORCE_COLOR=0 WORKBOOK_PROGRESS=${quote(space.progress)}`
  const command = `cd ${quote(ROOT)} && ${env} ${[...LESSON, ...args].map(quote).join(' ')}; sleep 30`
  tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), command)
  return {
    screen: () => tmux('capture-pane', '-p', '-t', name),
    keys: (...keys) => void tmux('send-keys', '-t', name, ...keys),
  }
}

async function until(screen: () => string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const now = screen()
    if (pattern.test(now)) return now
    if (Date.now() > deadline) throw new Error(`not on screen within ${timeoutMs} ms: ${pattern}\n--- screen ---\n${now}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe.each([
  [80, 24],
  [150, 45],
])('a lesson at %i×%i', (columns, rows) => {
  it('opens in a pager at its first line; after q the file, the check and the menu are in view', async () => {
    const term = open(columns, rows, ['7'])
    const first = await until(term.screen, /q for the menu/)
    expect(first).toContain('Lesson 07 of')
    expect(first).not.toContain('What next?')
    term.keys('q')
    const after = await until(term.screen, /What next\?/)
    expect(after).toMatch(/Edit: +exercises\/07-request-body\/server\.ts/)
    expect(after).toMatch(/Check: +npm run check 7/)
    for (const line of after.split('\n')) expect(line.length).toBeLessThanOrEqual(columns)
  }, 60_000)

  it('resuming lists the lessons right above the menu, not above the lesson text', async () => {
    const term = open(columns, rows, [])
    await until(term.screen, /q for the menu/)
    term.keys('q')
    const after = await until(term.screen, /What next\?/)
    expect(after).toContain('Resuming at lesson 1, the first one not passed yet.')
    const last = loadLessons().at(-1)!
    expect(after).toContain(`· ${String(last.number).padStart(2, '0')} ${last.title}`)
  }, 60_000)
})

describe('the menu on screen', () => {
  const down = (n: number) => Array.from({ length: n }, () => 'Down')

  it('a quiz pick is marked neutrally, then judged; Esc leaves the quiz for the menu', async () => {
    const term = open(100, 40, ['1'])
    await until(term.screen, /q for the menu|What next\?/)
    if (/q for the menu/.test(term.screen())) term.keys('q')
    await until(term.screen, /What next\?/)
    term.keys(...down(3), 'Enter') // Quiz
    await until(term.screen, /\(1\/\d\)/)
    term.keys('Enter') // whatever comes first, right or wrong
    const judged = await until(term.screen, /✔ Right\.|✖ Not quite/)
    const pickLine = judged.split('\n').find((line) => line.includes('(1/'))!
    expect(pickLine.startsWith('•')).toBe(true)
    expect(judged).not.toMatch(/✔ \(1\//)
    await until(term.screen, /\(2\/\d\)/)
    term.keys('Escape')
    const back = await until(term.screen, /What next\?[\s\S]*Check my code now/)
    expect(back).not.toContain('Bye.')
  }, 60_000)

  it('Esc in "All lessons" goes back to the menu instead of quitting', async () => {
    const term = open(100, 40, ['1'])
    await until(term.screen, /q for the menu|What next\?/)
    if (/q for the menu/.test(term.screen())) term.keys('q')
    await until(term.screen, /What next\?/)
    term.keys('Up', 'Up', 'Up', 'Enter') // All lessons (Quit, Forget, All lessons from the bottom)
    await until(term.screen, /Open which lesson\?/)
    term.keys('Escape')
    const back = await until(term.screen, /What next\?[\s\S]*Check my code now/)
    expect(back).not.toContain('Bye.')
  }, 60_000)
})
