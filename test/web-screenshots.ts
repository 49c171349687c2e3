/**
 * `npm run screenshots`: pictures of the web workbook for the README, taken in Debian's
 * Chromium: lesson 3 on a scratch copy of its starter, failing, in light and dark, wide and
 * narrow, into docs/images/.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../support/learn-terminal.ts'
import { launchChromium, startWeb } from './web-workbook.ts'

const OUT = join(ROOT, 'docs', 'images')
const SIZES = { wide: { width: 1280, height: 1180 }, narrow: { width: 360, height: 780 } } as const

mkdirSync(OUT, { recursive: true })
const web = await startWeb()
const browser = await launchChromium()
try {
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, viewport] of Object.entries(SIZES)) {
      const page = await browser.newPage({ viewport, colorScheme: scheme, deviceScaleFactor: 1 })
      await page.goto(web.url)
      await page.locator('#status', { hasText: /checks pass/ }).waitFor({ timeout: 60_000 })
      // The verdict at the top: wide, the first failure and its timeline below it (the work
      // column scrolls on its own); narrow, the verdict and what to fix.
      await page.evaluate((wide) => document.getElementById(wide ? 'status' : 'checks-title')?.scrollIntoView({ block: 'start' }), name === 'wide')
      const file = join(OUT, `web-${name}-${scheme}.png`)
      await page.screenshot({ path: file })
      console.log(`wrote ${file}`)
      await page.close()
    }
  }
} finally {
  await browser.close()
  web.remove()
}
