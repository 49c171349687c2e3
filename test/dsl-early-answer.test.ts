// Proves a body that never ends tells a server that refuses early from one that waits for the
// end: the first answers while the body is unfinished, the second only times out, and neither
// request is recorded among the program's exchanges (a wait given up is the checker's doing).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { sendWithoutEnd } from '../src/dsl/early-answer.ts'

const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function serve(handler: http.RequestListener): Promise<{ host: string; port: number }> {
  const server = http.createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.closeAllConnections()
  return { host: '127.0.0.1', port: (server.address() as AddressInfo).port }
}

const unfinished = (timeoutMs: number) => ({
  method: 'POST',
  path: '/upload',
  headers: { 'Content-Type': 'application/octet-stream' },
  body: Buffer.alloc(256 * 1024, 7),
  declaredLength: 10 * 1024 * 1024,
  timeoutMs,
})

describe('a body that never ends', () => {
  it('gets the answer of a server that refuses once it has read enough', async () => {
    let seen = 0
    const target = await serve((req, res) => {
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length
        if (seen > 100_000 && !res.headersSent) {
          res.writeHead(413, { 'Content-Type': 'application/json', Connection: 'close' })
          res.end('{"error":"Payload too large"}')
        }
      })
    })
    const { answered, exchange } = await sendWithoutEnd(target, unfinished(3000))
    expect(answered).toBe(true)
    expect(exchange.response?.status).toBe(413)
    expect(exchange.response?.body.toString()).toBe('{"error":"Payload too large"}')
    expect(exchange.request.headers['Content-Length']).toBe(String(10 * 1024 * 1024))
  })

  it('gets nothing from a server that waits for the end, and gives up at its deadline', async () => {
    let received = 0
    const target = await serve((req, res) => {
      req.on('data', (chunk: Buffer) => (received += chunk.length))
      req.on('end', () => res.end('all of it'))
      req.on('error', () => {})
    })
    const started = performance.now()
    const { answered, exchange } = await sendWithoutEnd(target, unfinished(400))
    expect(answered).toBe(false)
    expect(exchange.response).toBeNull()
    expect(exchange.error).toMatchObject({ code: 'TIMEOUT' })
    expect(performance.now() - started).toBeLessThan(3000)
    expect(received).toBe(256 * 1024) // every byte sent arrived: only the end was missing
  })
})
