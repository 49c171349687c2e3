// Proves the misbehaving clients checks use for timeouts, against real Node servers on real
// sockets: a slowloris and a trickling body are cut off by headersTimeout and requestTimeout (and
// are not, with Node's default 30 s checking interval), an idle kept-alive connection is seen
// closed, a malformed request gets Node's 400, a client can leave before its answer, responses
// are parsed whatever their framing, and every client stops at its deadline.
import http from 'node:http'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { describeOutcome, idleAfterResponse, leavingClient, parseResponse, sendRaw, slowloris, tricklingBody, type Target } from '../src/dsl/slow-client.ts'

const servers: http.Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function serve(options: http.ServerOptions, handler: http.RequestListener = (_req, res) => res.end('ok')): Promise<Target & { server: http.Server }> {
  const server = http.createServer(options, handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }
}

const limits = { headersTimeout: 200, requestTimeout: 400, connectionsCheckingInterval: 25 }

describe('the slow clients', () => {
  it('a slowloris is cut off by headersTimeout: Node answers 408 and closes', async () => {
    const target = await serve(limits)
    const outcome = await slowloris(target, { byteEveryMs: 10, deadlineMs: 2000 })
    expect(outcome.response?.status).toBe(408)
    expect(outcome.finishedSending).toBe(false)
    expect(outcome.sentBytes).toBeGreaterThan(5)
    expect(outcome.closedAfterMs).toBeGreaterThanOrEqual(200)
    expect(outcome.closedAfterMs).toBeLessThan(1500)
    expect(describeOutcome(outcome)).toMatch(/^the server answered 408 Request Timeout after \d+ ms; the server (closed|reset) the connection after \d+ ms$/)
  })

  it('a slowloris outlives headersTimeout when Node checks only every 30 s (the default)', async () => {
    const target = await serve({ headersTimeout: 200, requestTimeout: 400 })
    const outcome = await slowloris(target, { deadlineMs: 600 })
    expect(outcome.response).toBeNull()
    expect(outcome.closedAfterMs).toBeNull()
    expect(outcome.watchedMs).toBeGreaterThanOrEqual(600)
    expect(describeOutcome(outcome)).toMatch(/^no answer came; the connection was still open after \d+ ms$/)
  })

  it('a trickling body is cut off by requestTimeout with 408, never arriving whole', async () => {
    let handled = false
    const target = await serve(limits, (req, res) => {
      handled = true
      req.resume().on('end', () => res.end('whole'))
    })
    const outcome = await tricklingBody(target, { path: '/upload', declaredLength: 1000, pieceEveryMs: 10, deadlineMs: 2000 })
    expect(handled).toBe(true)
    expect(outcome.response?.status).toBe(408)
    expect(outcome.sentBytes).toBeLessThan(1000 + 200)
    expect(outcome.answeredAfterMs).toBeGreaterThanOrEqual(400)
  })

  it('an idle kept-alive connection is seen closed, counted from the end of its response', async () => {
    const target = await serve({ keepAliveTimeout: 100 })
    const outcome = await idleAfterResponse(target, { deadlineMs: 3000 })
    expect(outcome.response).toMatchObject({ status: 200, complete: true })
    expect(outcome.response!.body.toString()).toBe('ok')
    // Node adds a second of grace on top of keepAliveTimeout (20, 22 and 24 alike, by default).
    expect(outcome.idleBeforeCloseMs).toBeGreaterThanOrEqual(100)
    expect(outcome.idleBeforeCloseMs).toBeLessThan(2500)
  })

  it('speaks to a server on an IPv6 address, with the address in brackets in Host', async () => {
    let host = ''
    const server = http.createServer((req, res) => {
      host = req.headers.host ?? ''
      res.writeHead(200, { Connection: 'close' }).end('v6')
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '::1', resolve))
    const port = (server.address() as net.AddressInfo).port
    const outcome = await sendRaw({ host: '::1', port }, `GET / HTTP/1.1\r\nHost: [::1]:${port}\r\n\r\n`, { deadlineMs: 2000 })
    expect(outcome.response?.body.toString()).toBe('v6')
    const idle = await idleAfterResponse({ host: '::1', port }, { deadlineMs: 2000 })
    expect(idle.response?.status).toBe(200)
    expect(host).toBe(`[::1]:${port}`)
  })

  it('a connection the server closes after its answer shows no idle time', async () => {
    const target = await serve({}, (_req, res) => res.writeHead(200, { Connection: 'close' }).end('bye'))
    const outcome = await idleAfterResponse(target, { deadlineMs: 2000 })
    expect(outcome.response?.headers.connection).toBe('close')
    expect(outcome.idleBeforeCloseMs).toBeLessThan(100)
  })

  it('a malformed request sent raw gets what the server says: Node\'s own 400 and a close', async () => {
    const target = await serve({})
    const outcome = await sendRaw(target, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n', { deadlineMs: 2000 })
    expect(outcome.finishedSending).toBe(true)
    expect(outcome.response).toMatchObject({ status: 400, statusMessage: 'Bad Request', headers: { connection: 'close' } })
    expect(outcome.closedAfterMs).not.toBeNull()
  })

  it('a client leaves before its answer, and the server sees it go', async () => {
    let closedEarly: Promise<boolean> = Promise.resolve(false)
    let reached!: () => void
    const handlerReached = new Promise<void>((resolve) => (reached = resolve))
    const target = await serve({}, (_req, res) => {
      closedEarly = new Promise((resolve) => res.on('close', () => resolve(!res.writableFinished)))
      reached()
    })
    const visit = leavingClient(target, { path: '/slow', deadlineMs: 2000 })
    await handlerReached
    visit.leave()
    const outcome = await visit.outcome
    expect(outcome.response).toBeNull()
    expect(outcome.watchedMs).toBeLessThan(1500)
    expect(await closedEarly).toBe(true)
  })

  it('stops at its deadline when the server says nothing, and reports a refused connection as data', async () => {
    const sockets: net.Socket[] = []
    const silent = net.createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as net.AddressInfo).port
    const outcome = await sendRaw({ host: '127.0.0.1', port }, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { deadlineMs: 300 })
    expect(outcome.watchedMs).toBeGreaterThanOrEqual(300)
    expect(outcome.watchedMs).toBeLessThan(1000)
    expect(outcome.response).toBeNull()
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => silent.close(resolve))
    const refused = await sendRaw({ host: '127.0.0.1', port }, 'GET / HTTP/1.1\r\n\r\n', { deadlineMs: 1000 })
    expect(refused.error).toBe('ECONNREFUSED')
    expect(describeOutcome(refused)).toBe('the connection failed (ECONNREFUSED)')
  })
})

describe('parseResponse', () => {
  const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-A: 1\r\nx-a: 2\r\n'
  it('reads a body by Content-Length, complete or not', () => {
    expect(parseResponse(Buffer.from(`${head}Content-Length: 5\r\n\r\nhello`), false)).toMatchObject({ status: 200, headers: { 'x-a': '1, 2' }, complete: true })
    expect(parseResponse(Buffer.from(`${head}Content-Length: 9\r\n\r\nhello`), false)?.complete).toBe(false)
  })
  it('decodes a chunked body and knows when its last chunk came', () => {
    const chunked = parseResponse(Buffer.from(`${head}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n`), false)
    expect(chunked?.body.toString()).toBe('hello world')
    expect(chunked?.complete).toBe(true)
    expect(parseResponse(Buffer.from(`${head}Transfer-Encoding: chunked\r\n\r\n5\r\nhel`), false)).toMatchObject({ complete: false })
  })
  it('takes a body without framing as ending at the close, and no head as no response', () => {
    expect(parseResponse(Buffer.from('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n'), false)).toMatchObject({ status: 408, complete: false })
    expect(parseResponse(Buffer.from('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n'), true)).toMatchObject({ status: 408, complete: true })
    expect(parseResponse(Buffer.from('HTTP/1.1 400 Bad'), true)).toBeNull()
    expect(parseResponse(Buffer.from('PONG\r\n\r\n'), true)).toBeNull()
  })
})
