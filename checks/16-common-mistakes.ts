/**
 * Lesson 16: the clinic. The starter makes every mistake a server can make, one route (or one
 * kind of body) each, so each failing check names its diagnosis. Several of those mistakes
 * crash the program only after the answer went out, so every check also makes sure the server
 * is still running once it has answered.
 */
import { anyNumber, defineChecks, flow, get, post, type HttpCheckContext, type RequestCheck } from '../src/dsl/index.ts'

/** Sends the request, then waits until the program has run everything that request set off. */
async function answersAndSurvives(t: HttpCheckContext, request: RequestCheck) {
  await t.send(request)
  // Two heartbeats: the first may have been on its way before the answer was sent.
  await t.settle()
  await t.settle()
  if (!t.listening) {
    const { method, path } = request.spec
    t.fail(`${method} ${path} was answered, but then the program crashed`, {
      expected: 'the server still running after answering',
      actual: 'the program exited',
    })
  }
}

export default defineChecks({
  lesson: 16,
  slug: 'common-mistakes',
  checks: [
    flow('home', 'GET / answers "home" as plain text, once', (t) =>
      answersAndSurvives(t, get('/').expectStatus(200).expectContentType('text/plain').expectBody('home')),
    ),

    flow('about', 'GET /about answers "about" as plain text, and finishes', (t) =>
      answersAndSurvives(t, get('/about').expectStatus(200).expectContentType('text/plain').expectBody('about')),
    ),

    flow('stats', 'GET /api/stats answers JSON {"visits": <number>}', (t) =>
      answersAndSurvives(t, get('/api/stats').expectStatus(200).expectJson({ visits: anyNumber() })),
    ),

    flow('echo', 'POST /api/echo sends back the JSON it received, as JSON', (t) => {
      const sent = { message: `${t.random.word()} ${t.random.word()}`, count: t.random.int(1, 999), tags: [t.random.word(), t.random.word()] }
      return answersAndSurvives(t, post('/api/echo').json(sent).slowly().expectStatus(200).expectJson(sent))
    }),

    flow('echo-multibyte', 'POST /api/echo keeps multi-byte characters intact when the body arrives in pieces', (t) => {
      const sent = { name: t.random.name(), note: `${t.random.word()} — Zoë 名前 🚀`, city: t.random.pick(['Malmö', 'São Paulo', '東京', 'Kraków']) }
      return answersAndSurvives(t, post('/api/echo').json(sent).slowly(12).expectStatus(200).expectJson(sent))
    }),

    flow('echo-charset', 'POST /api/echo reads a body sent as application/json; charset=utf-8', (t) => {
      const sent = { id: t.random.int(1, 9999), word: t.random.word() }
      return answersAndSurvives(t, post('/api/echo').json(sent, 'application/json; charset=utf-8').slowly().expectStatus(200).expectJson(sent))
    }),

    flow('user', 'GET /api/user answers JSON {"name":"Ada"} with the header X-Cache: miss', (t) =>
      answersAndSurvives(t, get('/api/user').expectStatus(200).expectJson({ name: 'Ada' }).expectHeader('x-cache', 'miss')),
    ),
  ],
})

