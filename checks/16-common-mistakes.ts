/**
 * Lesson 16: the clinic. The starter makes every mistake a server can make, one route (or one
 * kind of body) each, so each failing check names its diagnosis. Several of those mistakes
 * crash the program only after the answer went out: the runner fails the check whose request
 * did that, with the mistake that caused it.
 */
import { anyNumber, defineChecks, flow, get, post } from '../src/dsl/index.ts'

export default defineChecks({
  lesson: 16,
  slug: 'common-mistakes',
  checks: [
    get('/').expectStatus(200).expectContentType('text/plain').expectBody('home')
      .id('home')
      .title('GET / answers "home" as plain text, once'),

    get('/about').expectStatus(200).expectContentType('text/plain').expectBody('about')
      .id('about')
      .title('GET /about answers "about" as plain text, and finishes'),

    get('/api/stats').expectStatus(200).expectJson({ visits: anyNumber() })
      .id('stats')
      .title('GET /api/stats answers JSON {"visits": <number>}'),

    flow('echo', 'POST /api/echo sends back the JSON it received, as JSON', (t) => {
      const sent = { message: `${t.random.word()} ${t.random.word()}`, count: t.random.int(1, 999), tags: [t.random.word(), t.random.word()] }
      return t.send(post('/api/echo').json(sent).slowly().expectStatus(200).expectJson(sent))
    }),

    flow('echo-multibyte', 'POST /api/echo keeps multi-byte characters intact when the body arrives in pieces', (t) => {
      const sent = { name: t.random.name(), note: `${t.random.word()} — Zoë 名前 🚀`, city: t.random.pick(['Malmö', 'São Paulo', '東京', 'Kraków']) }
      return t.send(post('/api/echo').json(sent).slowly(12).expectStatus(200).expectJson(sent))
    }),

    flow('echo-charset', 'POST /api/echo reads a body sent as application/json; charset=utf-8', (t) => {
      const sent = { id: t.random.int(1, 9999), word: t.random.word() }
      return t.send(post('/api/echo').json(sent, 'application/json; charset=utf-8').slowly().expectStatus(200).expectJson(sent))
    }),

    get('/api/user').expectStatus(200).expectJson({ name: 'Ada' }).expectHeader('x-cache', 'miss')
      .id('user')
      .title('GET /api/user answers JSON {"name":"Ada"} with the header X-Cache: miss'),
  ],
})

