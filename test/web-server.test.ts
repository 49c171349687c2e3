// Proves the web workbook's server over real HTTP, started as `npm run lesson 3 -- --web` on a
// scratch copy of the starter: no token → 403; another Host (DNS rebinding) → 421; a post from
// another site → 403; the token → the cookie, then the page with its Content-Security-Policy and
// its two assets with their types; the event stream delivers a failing verdict, then a passing
// one after the solution is saved, and one on Check now; opening another lesson's page moves the
// checks there; Ctrl-C stops it with no learner process left behind.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EventStreamParser, type StreamEvent } from '../src/dsl/event-stream-parser.ts'
import { CONTENT_SECURITY_POLICY } from '../src/web/server.ts'
import { isAlive } from './helpers.ts'
import { startWeb, type RunningWeb } from './web-workbook.ts'

let web: RunningWeb
beforeAll(async () => {
  web = await startWeb()
}, 60_000)
afterAll(() => web?.remove())

type Reply = { status: number; headers: IncomingHttpHeaders; body: string }

function send(path: string, options: { headers?: Record<string, string>; method?: string; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: web.port, path, method: options.method ?? 'GET', headers: { Host: `127.0.0.1:${web.port}`, ...options.headers }, timeout: 10_000 }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }))
    })
    request.on('timeout', () => request.destroy(new Error(`${path}: no answer within 10 s`)))
    request.on('error', reject)
    request.end(options.body)
  })
}

const cookie = () => `workbook-${web.port}=${web.token}`

describe('npm run lesson 3 -- --web, over HTTP', () => {
  it('prints where it listens and how to stop it', () => {
    expect(web.output()).toContain(`Lesson 3 in your browser: ${web.url}\n`)
    expect(web.output()).toContain('Open the address in a browser on this machine. It answers only on 127.0.0.1, with the token in the address.\nCtrl-C stops it.\n')
  })

  it('refuses a request without the token, or with a wrong one', async () => {
    for (const path of ['/', '/events', '/assets/workbook.js', '/?token=wrong', '/lesson/3']) {
      const reply = await send(path)
      expect(reply.status, path).toBe(403)
      expect(reply.body).toBe('This page needs its token: open the address that `npm run lesson -- N --web` printed.\n')
      expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    }
    expect((await send('/', { headers: { Cookie: `workbook-${web.port}=${web.token.slice(1)}x` } })).status).toBe(403)
  })

  it('refuses another Host, even with the token (DNS rebinding)', async () => {
    for (const host of [`evil.example:${web.port}`, 'localhost', `127.0.0.1:${web.port + 1}`]) {
      const reply = await send(`/?token=${web.token}`, { headers: { Host: host, Cookie: cookie() } })
      expect(reply.status, host).toBe(421)
      expect(reply.body).toBe(`This server answers only as 127.0.0.1:${web.port} or localhost:${web.port}.\n`)
    }
  })

  it('refuses a post from a page of another site, even with the cookie', async () => {
    const reply = await send('/api/check', { method: 'POST', headers: { Cookie: cookie(), Origin: 'http://evil.example', 'Content-Type': 'application/json' }, body: '{}' })
    expect(reply.status).toBe(403)
  })

  it('trades the token in the address for an HttpOnly SameSite=Strict cookie, then serves the page', async () => {
    const first = await send(`/?token=${web.token}`, { headers: { Host: `localhost:${web.port}` } })
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe('/')
    expect(first.headers['set-cookie']).toEqual([`workbook-${web.port}=${web.token}; HttpOnly; SameSite=Strict; Path=/`])

    const page = await send('/', { headers: { Cookie: cookie() } })
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.body).toContain('<h1>req and res: reading the request, writing the response</h1>')
    expect(page.body).toContain('<span class="hljs-keyword">import</span>') // code highlighted on the server
    expect(page.body).not.toMatch(/<script>|\son[a-z]+=|style="/) // nothing inline: the policy would block it

    const css = await send('/assets/workbook.css', { headers: { Cookie: cookie() } })
    expect([css.status, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8'])
    const js = await send('/assets/workbook.js', { headers: { Cookie: cookie() } })
    expect([js.status, js.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8'])
    expect((await send('/assets/../package.json', { headers: { Cookie: cookie() } })).status).toBe(404)
    expect((await send('/lesson/99', { headers: { Cookie: cookie() } })).status).toBe(404)
    expect((await send('/api/hint', { method: 'POST', headers: { Cookie: cookie() }, body: 'x' })).status).toBe(400)
  })

  it('streams a verdict for the starter, then one that passes after the file is saved', async () => {
    const events = await openStream()
    try {
      expect(events.response.headers['content-type']).toBe('text/event-stream; charset=utf-8')
      const failing = JSON.parse((await events.next((event) => event.type === 'verdict')).data)
      expect(failing).toMatchObject({ lesson: 3, state: 'checked', passed: false })
      web.solve()
      const checking = JSON.parse((await events.next((event) => event.type === 'checking')).data)
      expect(checking).toEqual({ lesson: 3, why: expect.stringMatching(/^saved .*server\.ts$/) })
      const passing = JSON.parse((await events.next((event) => event.type === 'verdict')).data)
      expect(passing).toMatchObject({ lesson: 3, state: 'checked', passed: true, firstPass: true })
      expect(events.parser.reconnectionTime).toBe(2000)
      const asked = await send('/api/check', { method: 'POST', headers: { Cookie: cookie(), 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${web.port}` }, body: '{"lesson":3}' })
      expect([asked.status, asked.body]).toEqual([202, '{"checking":true}'])
      // (a save can be seen twice on a busy machine: a second run of it may come first)
      expect(JSON.parse((await events.next((event) => event.type === 'checking' && event.data.includes('Check now'))).data)).toEqual({ lesson: 3, why: 'Check now' })
      expect(JSON.parse((await events.next((event) => event.type === 'verdict')).data)).toMatchObject({ lesson: 3, passed: true, firstPass: false })
    } finally {
      events.close()
    }
  }, 180_000)

  it('acts on the lesson a page names: a tab left on another lesson gets its own hints', async () => {
    const post = (body: string) => send('/api/hint', { method: 'POST', headers: { Cookie: cookie(), 'Content-Type': 'application/json' }, body })
    const hint = await post('{"lesson":5}')
    expect(hint.status).toBe(200)
    expect(JSON.parse(hint.body)).toMatchObject({ seen: 1, button: expect.stringMatching(/^Show hint 2 of \d+$/), html: expect.stringMatching(/^<li><strong>Hint 1 of \d+:<\/strong> /) })
    const progress = JSON.parse(readFileSync(web.progress, 'utf8')).lessons
    expect(progress['05-routing'].hintsShown).toBe(1)
    expect(progress['03-request-response'].hintsShown).toBe(0)
    expect((await post('{"lesson":99}')).status).toBe(400)
  })

  it('moves the live checks to another lesson when its page is opened', async () => {
    const events = await openStream()
    try {
      const page = await send('/lesson/4', { headers: { Cookie: cookie() } })
      expect(page.status).toBe(200)
      expect(page.body).toContain('<body data-lesson="4">')
      expect(JSON.parse((await events.next((event) => event.type === 'checking' && event.data.includes('"lesson":4'))).data)).toEqual({ lesson: 4, why: 'first check' })
    } finally {
      events.close()
    }
  }, 180_000)

  it('stops on Ctrl-C, leaving no learner process behind', async () => {
    const children = descendantsOf(web.pid)
    expect(children.length, 'a learner process (the warm start at least) runs under it').toBeGreaterThan(0)
    expect(await web.interrupt(15_000)).toBe(0)
    expect(web.output()).toMatch(/Stopping the web workbook…\nStopped\. Your progress is saved\.\n$/)
    expect(children.filter(isAlive)).toEqual([])
  }, 180_000)
})

/** Every process started under `pid`, at any depth, as `ps` lists them now. */
function descendantsOf(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number) as [number, number])
  const found: number[] = []
  const visit = (parent: number) => {
    for (const [child, of] of rows) if (of === parent) found.push(child), visit(child)
  }
  visit(pid)
  return found
}

/** The event stream, read as EventSource reads it; `next` waits for the next event that matches. */
function openStream(): Promise<{ response: import('node:http').IncomingMessage; parser: EventStreamParser; next: (match: (event: StreamEvent) => boolean) => Promise<StreamEvent>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const queue: StreamEvent[] = []
    let waiting: (() => void) | null = null
    const parser = new EventStreamParser((event) => {
      queue.push(event)
      waiting?.()
    })
    const request = httpRequest({ host: '127.0.0.1', port: web.port, path: '/events', headers: { Host: `127.0.0.1:${web.port}`, Cookie: cookie() } }, (response) => {
      response.on('data', (chunk: Buffer) => parser.push(chunk))
      resolve({
        response,
        parser,
        close: () => request.destroy(),
        next: (match) =>
          new Promise<StreamEvent>((found, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching event within 60 s; seen: ${queue.map((event) => event.type).join(', ')}`)), 60_000)
            const look = () => {
              while (queue.length) {
                const event = queue.shift()!
                if (match(event)) {
                  clearTimeout(timer)
                  waiting = null
                  found(event)
                  return
                }
              }
              waiting = look
            }
            look()
          }),
      })
    })
    request.on('error', reject)
    request.end()
  })
}
