/** Lesson 03: req and res. What the contract asks of GET /, GET /countdown and every other request. */
import { defineChecks, drawn, flow, get, request } from '../src/dsl/index.ts'

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

    drawn('echo-get', 'any other GET says what was asked, query string included', ({ random }) => {
      const path = `/${random.word()}?${random.word()}=${random.int(1, 999)}`
      return request('GET', path).expectStatus(200).expectText(`You asked for GET ${path}`)
    }),

    drawn('echo-other-method', 'any other method says what was asked', ({ random }) => {
      const method = random.pick(['POST', 'PUT', 'DELETE', 'PATCH'])
      const path = `/${random.word()}/${random.int(1, 99)}`
      return request(method, path).expectStatus(200).expectText(`You asked for ${method} ${path}`)
    }),
  ],
})
