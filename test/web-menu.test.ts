// Proves the lesson menu's "Open in the browser" in a real terminal: it serves the page and
// prints its address (BROWSER=none: no browser is opened here), the page answers, q stops it
// and goes back to the menu (the address then answers no more), and Ctrl-C there exits 0.
import { request } from 'node:http'
import { afterEach, expect, test } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../src/web/server.ts'
import { KEYS, Terminal, scratch, testEnv } from '../support/learn-terminal.ts'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** GET / with the token: the status and whether the web workbook answered (its policy header), or the error's code. */
const ask = (url: string) =>
  new Promise<{ status: number | string; ours: boolean }>((resolve) => {
    const sent = request(url, { timeout: 10_000 }, (response) => {
      response.resume()
      resolve({ status: response.statusCode!, ours: response.headers['content-security-policy'] === CONTENT_SECURITY_POLICY })
    })
    sent.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? error.message, ours: false }))
    sent.end()
  })

test('the menu opens the lesson in the browser, and q stops the page and goes back', async () => {
  const space = scratch()
  cleanups.push(space.remove)
  const terminal = new Terminal(['3', '--dir', space.exercise], testEnv(space.progress, { BROWSER: 'none' }))
  cleanups.push(() => terminal.kill())

  const menu = await terminal.waitFor(/What next\?[\s\S]*Open in the browser: the lesson, live checks and timelines/, 20_000)
  terminal.send(KEYS.down.repeat(7)) // Check, Watch, Next hint, Quiz, Show the solution, Reset, Read the lesson again, Open in the browser
  await new Promise((resolve) => setTimeout(resolve, 200))
  terminal.send(KEYS.enter)
  const served = await terminal.waitFor(/q back to the menu \(stops the page\) · Ctrl-C quit/, 45_000, menu)
  const shown = terminal.screen.slice(menu, served).replaceAll('\r\n', '\n')
  expect(shown).toMatch(/Lesson 3 in your browser: http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+\nOpen the address in a browser on this machine\. It answers only on 127\.0\.0\.1, with the token in the address\.\nq back to the menu/)
  const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(terminal.screen.slice(menu))![0]
  expect(await ask(url)).toEqual({ status: 303, ours: true })
  terminal.send('q')
  await terminal.waitFor(/Stopping the web workbook…[\s\S]*What next\?/, 20_000, served)
  // Nothing of ours answers there any more (on a busy machine another test may already reuse the port).
  expect((await ask(url)).ours).toBe(false)
  terminal.send(KEYS.ctrlC)
  expect(await terminal.waitForExit(10_000)).toBe(0)
}, 90_000)
