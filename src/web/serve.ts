/**
 * `npm run lesson N -- --web` and the menu's "Open in the browser": serve the lesson's page,
 * print its address (and open it where a browser can be opened), and stop cleanly on Ctrl-C:
 * the server closed, the check under way finished or killed, the warm start stopped.
 */
import { ui } from '../report/ui.ts'
import type { Session } from '../learn/session.ts'
import { canOpenBrowser, openBrowser } from './open-browser.ts'
import { startWebWorkbook, type WebWorkbook } from './server.ts'

async function announce(session: Session, howToStop: string): Promise<WebWorkbook> {
  const web = await startWebWorkbook(session)
  const opening = canOpenBrowser()
  session.write(
    `${ui.bold(`Lesson ${session.lesson.number} in your browser:`)} ${ui.code(web.url)}\n` +
      ui.dim(`${opening ? 'Opening it now; if no browser opens, open the address yourself. ' : 'Open the address in a browser on this machine. '}It answers only on 127.0.0.1, with the token in the address.\n`) +
      `${howToStop}\n`,
  )
  if (opening) openBrowser(web.url)
  return web
}

/** Serves until SIGINT or SIGTERM; resolves once everything has stopped. */
export async function serveUntilStopped(session: Session): Promise<void> {
  const web = await announce(session, ui.dim('Ctrl-C stops it.'))
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  session.write(ui.dim(`\n${signal === 'SIGINT' ? '' : `${signal}: `}Stopping the web workbook…\n`))
  await web.close()
  session.write(ui.dim('Stopped. Your progress is saved.\n'))
}

/** From the menu: serves until q (back to the menu) or Ctrl-C (quit), read as keys. */
export async function serveFromMenu(session: Session, input: NodeJS.ReadStream = process.stdin): Promise<'menu' | 'quit'> {
  const web = await announce(session, `${ui.bold('q')} back to the menu (stops the page) · ${ui.bold('Ctrl-C')} quit`)
  const wasRaw = input.isRaw
  input.setRawMode?.(true)
  input.resume()
  try {
    const how = await new Promise<'menu' | 'quit'>((resolve) => {
      const onKey = (data: Buffer) => {
        const key = data.toString()
        if (key === '\u0003') done('quit')
        else if (key === 'q' || key === 'Q') done('menu')
      }
      const done = (result: 'menu' | 'quit') => {
        input.off('data', onKey)
        resolve(result)
      }
      input.on('data', onKey)
    })
    session.write(ui.dim('Stopping the web workbook…\n'))
    await web.close()
    return how
  } finally {
    input.setRawMode?.(wasRaw)
    input.pause()
  }
}
