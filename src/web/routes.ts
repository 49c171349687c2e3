/**
 * The web workbook's routes, once the token guard has let a request in:
 *   GET  /                 the current lesson's page          GET  /lesson/N   lesson N's page (checks move there)
 *   GET  /assets/NAME      the page's CSS and script          GET  /events     verdicts as server-sent events
 *   POST /api/check        check now                          POST /api/hint   the next hint
 *   POST /api/quiz         {question, choice} → right or not  GET  /api/solution[?spoil=1]  the solution as a diff
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { findLesson } from '../curriculum/lessons.ts'
import { openLesson, type Session } from '../learn/session.ts'
import { readAsset } from './assets.ts'
import type { EventStream } from './event-stream.ts'
import type { LiveChecks } from './live-checks.ts'

// The page and its Markdown and highlighting are loaded on the first request, not before the
// address is printed: the command starts sooner, and the browser's first visit pays ~0.1 s.
const pages = () => import('./page.ts')
const actions = () => import('./lesson-actions.ts')

export type WebApp = {
  events: EventStream
  /** The lesson whose file is watched and checked now. */
  readonly live: LiveChecks
  /** Moves the live checks to lesson N (its own exercise folder). */
  open: (lesson: number) => Promise<LiveChecks>
}

const MAX_BODY = 4_096

export async function route(request: IncomingMessage, response: ServerResponse, app: WebApp): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const path = url.pathname
  const method = request.method ?? 'GET'
  const get = method === 'GET' || method === 'HEAD'

  if (path === '/' && get) return html(response, (await pages()).renderPage(app.live.session))
  const lessonPage = /^\/lesson\/(\d{1,3})$/.exec(path)
  if (lessonPage && get) {
    const number = Number(lessonPage[1])
    if (!app.live.session.lessons.some((lesson) => lesson.number === number)) return text(response, 404, `There is no lesson ${number}.`)
    const live = number === app.live.session.lesson.number ? app.live : await app.open(findLesson(app.live.session.lessons, String(number)).number)
    return html(response, (await pages()).renderPage(live.session))
  }
  if (path.startsWith('/assets/') && get) {
    const asset = await readAsset(path.slice('/assets/'.length))
    if (!asset) return text(response, 404, 'No such file.')
    response.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': asset.body.length, 'Cache-Control': 'no-cache' })
    response.end(method === 'HEAD' ? undefined : asset.body)
    return
  }
  if (path === '/events' && method === 'GET') return app.events.open(request, response, app.live.snapshot())
  if (path === '/api/solution' && method === 'GET') {
    const session = sessionFor(app, url.searchParams.get('lesson'))
    return session ? json(response, 200, (await actions()).solutionDiff(session, url.searchParams.get('spoil') === '1')) : json(response, 400, { error: 'No such lesson.' })
  }

  if (method === 'POST' && path.startsWith('/api/')) {
    const body = await readJson(request)
    if (body === undefined) return json(response, 400, { error: 'Send a JSON object (Content-Type: application/json, under 4 KB).' })
    // Each page names its lesson: a tab left open on another lesson acts on its own.
    const session = sessionFor(app, body.lesson)
    if (!session) return json(response, 400, { error: 'No such lesson.' })
    if (path === '/api/check') {
      const live = session === app.live.session ? app.live : await app.open(session.lesson.number)
      live.trigger('Check now')
      return json(response, 202, { checking: true })
    }
    if (path === '/api/hint') return json(response, 200, (await actions()).nextHint(session) ?? { done: true })
    if (path === '/api/quiz') {
      const answer = (await actions()).answerQuiz(session, body.question, body.choice)
      return answer ? json(response, 200, answer) : json(response, 400, { error: 'No such question or choice.' })
    }
  }
  const known = ['/', '/events', '/api/check', '/api/hint', '/api/quiz', '/api/solution'].includes(path) || lessonPage || path.startsWith('/assets/')
  return known ? text(response, 405, `${method} is not allowed on ${path}.`) : text(response, 404, 'Not found.')
}

/** The session for the lesson a page names (the live one for its own lesson), or null for no such lesson. */
function sessionFor(app: WebApp, lesson: unknown): Session | null {
  const current = app.live.session
  const number = Number(lesson)
  if (number === current.lesson.number) return current
  const found = current.lessons.find((candidate) => candidate.number === number)
  return found ? openLesson(current, found) : null
}

/** A small JSON object, or undefined for anything else (too big, not JSON, not an object). */
async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) return undefined
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY) return undefined
    chunks.push(chunk)
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function html(response: ServerResponse, page: string): void {
  const body = Buffer.from(page)
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' })
  response.end(response.req.method === 'HEAD' ? undefined : body)
}

function json(response: ServerResponse, status: number, data: unknown): void {
  const body = Buffer.from(JSON.stringify(data))
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' })
  response.end(body)
}

export function text(response: ServerResponse, status: number, message: string): void {
  const body = Buffer.from(`${message}\n`)
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' })
  response.end(body)
}
