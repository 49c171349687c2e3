/**
 * The web workbook's server: Node's own `http`, bound to 127.0.0.1 on a free port, every
 * request through the token guard, every response with a strict Content-Security-Policy.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { findLesson } from '../curriculum/lessons.ts'
import { openLesson, type Session } from '../learn/session.ts'
import { eventStream } from './event-stream.ts'
import { liveChecks, type LiveChecks } from './live-checks.ts'
import { route, text, type WebApp } from './routes.ts'
import { tokenGuard, type TokenGuard } from './token-guard.ts'

export type WebWorkbook = { url: string; port: number; token: string; close: () => Promise<void> }

/** Only the page's own script and style; nothing from anywhere else, no framing, no inline code. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/** How long stopping waits for a check under way (the runner's exit hook kills what is left). */
const STOP_DEADLINE_MS = 5_000

export async function startWebWorkbook(session: Session): Promise<WebWorkbook> {
  const events = eventStream()
  let live: LiveChecks = liveChecks(session, events)
  const app: WebApp = {
    events,
    get live() {
      return live
    },
    open: async (number) => {
      const before = live
      live = liveChecks(openLesson(before.session, findLesson(before.session.lessons, String(number))), events)
      live.trigger('first check')
      void before.stop() // its last verdict names its own lesson: pages of the new one ignore it
      return live
    },
  }
  let guard: TokenGuard | null = null
  const server = createServer((request, response) => {
    secure(response)
    if (!guard) return text(response, 503, 'Starting: try again in a moment.')
    void handle(request, response, guard, app).catch((error: unknown) => {
      if (!response.headersSent) text(response, 500, `The workbook failed: ${error instanceof Error ? error.message : String(error)}`)
      else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  guard = tokenGuard(port)
  live.trigger('first check') // the first verdict, ready by the time the page opens
  return {
    url: `http://127.0.0.1:${port}/?token=${guard.token}`,
    port,
    token: guard.token,
    close: async () => {
      events.close()
      const deadline = new Promise<void>((done) => setTimeout(done, STOP_DEADLINE_MS).unref())
      await Promise.race([live.stop(), deadline])
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await session.warm?.close()
    },
  }
}

async function handle(request: IncomingMessage, response: ServerResponse, guard: TokenGuard, app: WebApp): Promise<void> {
  const admission = guard.admit(request)
  if (!admission.allowed) return text(response, admission.status, admission.reason)
  if (admission.fromUrl && request.method === 'GET' && request.url !== undefined && !request.url.startsWith('/events')) {
    // The token leaves the address bar (and the history's next entries): the cookie carries it now.
    const url = new URL(request.url, 'http://localhost')
    url.searchParams.delete('token')
    response.writeHead(303, { Location: `${url.pathname}${url.search}`, 'Set-Cookie': guard.cookie(), 'Cache-Control': 'no-store', 'Content-Length': 0 })
    response.end()
    return
  }
  await route(request, response, app)
}

function secure(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  response.setHeader('X-Content-Type-Options', 'nosniff')
  response.setHeader('Referrer-Policy', 'no-referrer')
  response.setHeader('X-Frame-Options', 'DENY')
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
}
