/** Lesson 03: req and res. What the contract asks of GET /, GET /countdown and every other request. */
import { defineChecks, flow, get, request } from '../src/dsl/index.ts'

export default defineChecks({
  lesson: 3,
  slug: 'request-response',
  checks: [
    get('/')
      .title('GET / answers "Hello, World!" as plain text')
      .expectStatus(200)
      .expectContentType('text/plain')
      .expectBody('Hello, World!'),

    get('/countdown')
      .title('GET /countdown counts down in several writes')
      .expectStatus(200)
      .expectContentType('text/plain')
      .expectBody('3\n2\n1\nliftoff\n'),

    get('/countdown')
      .id('countdown-chunked')
      .title('GET /countdown is streamed (chunked, no Content-Length)')
      .expectStatus(200)
      .expectHeader('transfer-encoding', 'chunked')
      .expectHeaderAbsent('content-length'),

    flow('echo-get', 'any other GET says what was asked, query string included', async (t) => {
      const path = `/${t.random.word()}?${t.random.word()}=${t.random.int(1, 999)}`
      await t.send(request('GET', path).expectStatus(200).expectContentType('text/plain').expectBody(`You asked for GET ${path}`))
    }),

    flow('echo-other-method', 'any other method says what was asked', async (t) => {
      const method = t.random.pick(['POST', 'PUT', 'DELETE', 'PATCH'])
      const path = `/${t.random.word()}/${t.random.int(1, 99)}`
      await t.send(request(method, path).expectStatus(200).expectContentType('text/plain').expectBody(`You asked for ${method} ${path}`))
    }),
  ],
})
