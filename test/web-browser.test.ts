// Proves the web workbook in a real browser (Debian's Chromium through playwright-core): lesson 3
// opens on a scratch copy of the starter and shows the failure, with what to fix, the line to
// try and the exchange's timeline as a sequence diagram; Tab reaches Check now with a visible
// focus, and Enter checks again; a hint and a quiz answer work; the solution written to the file
// turns the page green without a reload; the solution then shows as a diff; the page fits a
// 360 px window; the script and styles run under the strict policy without a complaint; and a
// browser without the token is refused. Skips with a reason where Chromium is missing, except in
// CI (CI=true), where it fails instead.
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CHROMIUM, launchChromium, startWeb } from './web-workbook.ts'

const present = existsSync(CHROMIUM)
if (!present && !process.env.CI) console.log(`web-browser: skipped, no ${CHROMIUM} (apt-get install chromium); CI runs it`)

describe.skipIf(!present && !process.env.CI)('the web workbook in Chromium', () => {
  it('shows the failure, turns green on save without a reload, and refuses a browser without the token', async () => {
    expect(present, `CI=true needs ${CHROMIUM} (.ci/run installs it)`).toBe(true)
    const web = await startWeb()
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      const complaints: string[] = []
      page.on('console', (message) => void (message.type() === 'error' && complaints.push(message.text())))
      page.on('pageerror', (error) => complaints.push(error.message))

      await page.goto(web.url)
      expect(new URL(page.url()).search, 'the token left the address bar').toBe('')
      expect(await page.locator('h1').first().textContent()).toBe('req and res: reading the request, writing the response')

      // The starter fails: the verdict, what to fix first, and the line to try it by hand.
      await page.locator('#status', { hasText: /^✖ \d of \d+ checks pass/ }).waitFor({ timeout: 60_000 })
      expect(await page.locator('body').getAttribute('class')).toBe('failing')
      expect(await page.locator('.causes h3').first().textContent()).toMatch(/^What to fix/)
      expect(await page.locator('.cause .copyable code').first().textContent()).toMatch(/^curl -i 'http:\/\/localhost:3000\//)
      expect(await page.locator('.cause').first().locator('.diff .removed').first().textContent()).toBe('− Content-Type: text/plain\n')
      expect(await page.locator('#badge').textContent()).toMatch(/^✖ \d\/\d+$/)
      // Its timeline, as a sequence diagram: the request to the server, the server's own steps
      // (with where in the file), the response back.
      const timeline = page.locator('.cause').first().locator('.timeline')
      await timeline.waitFor()
      expect(await timeline.locator('li.to-server .msg').allTextContents()).toContain('client to server: GET / HTTP/1.1')
      expect(await timeline.locator('li.to-client .msg').first().textContent()).toMatch(/^server to client: HTTP\/1\.1 200 OK$/)
      expect(await timeline.locator('li.on-server .where').first().textContent()).toMatch(/^server\.ts:\d+$/)
      expect(await timeline.locator('li.ev .t').first().textContent()).toMatch(/^\d+(\.\d)? ms$/)
      await page.evaluate(() => Object.assign(window, { sameDocument: 'yes' }))

      // Keyboard: Tab reaches Check now (every stop on the way has a visible focus), Enter checks.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
      for (let tabs = 0; tabs < 80 && (await page.evaluate(() => document.activeElement?.id)) !== 'check-now'; tabs++) {
        await page.keyboard.press('Tab')
        expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'a focus ring').not.toBe('none')
      }
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('check-now')
      await page.keyboard.press('Enter')
      await page.locator('#status', { hasText: 'Checking' }).waitFor({ timeout: 60_000 })
      await page.locator('#status', { hasText: /checks pass/ }).waitFor({ timeout: 60_000 })

      // One hint, remembered in the same progress file as the terminal's.
      await page.locator('#next-hint').click()
      await page.locator('#hints li', { hasText: /^Hint 1 of \d+:/ }).waitFor()
      expect(JSON.parse(readFileSync(web.progress, 'utf8')).lessons['03-request-response'].hintsShown).toBe(1)
      // A quiz answer: right or not, with why.
      await page.locator('form.question').first().locator('input[type=radio]').first().check()
      await page.locator('form.question').first().getByRole('button', { name: 'Answer' }).click()
      await page.locator('form.question .answer p', { hasText: /^(✔ Right\.|✖ Not quite\. The answer is: )/ }).first().waitFor()

      // The solution written to the file: the page turns green by itself.
      web.solve()
      await page.locator('#status', { hasText: /^✔ All \d+ checks pass/ }).waitFor({ timeout: 60_000 })
      expect(await page.locator('body').getAttribute('class')).toBe('passed')
      expect(await page.locator('#badge').textContent()).toMatch(/^✔ (\d+)\/\1$/)
      expect(await page.locator('.celebrate').textContent()).toBe('🎉 Lesson 3 passed! Next: lesson 4 (Headers and JSON)')
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: string }).sameDocument), 'no reload').toBe('yes')
      expect(await page.locator('nav li[data-lesson="3"]').getAttribute('class')).toBe('state-passed')

      // Passed: the solution as a diff against the learner's file (here the same file).
      await page.locator('#show-solution', { hasText: 'Show the solution' }).click()
      await page.locator('#solution', { hasText: 'Your file is the same as the solution.' }).waitFor()

      // A narrow window: nothing wider than the screen.
      await page.setViewportSize({ width: 360, height: 800 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      expect(complaints, 'no script error, no policy violation').toEqual([])

      // Another browser, without the token: refused.
      const stranger = await browser.newContext()
      const refused = await (await stranger.newPage()).goto(`http://127.0.0.1:${web.port}/`)
      expect(refused?.status()).toBe(403)
      await stranger.close()
    } finally {
      await browser.close()
      web.remove()
    }
  }, 300_000)
})
