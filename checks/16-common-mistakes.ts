/**
 * Lesson 16: the clinic. The starter has seven routes with one mistake each, so each route's
 * check fails with its own diagnosis. Several of those mistakes crash the program only after
 * the answer went out: the runner fails the check whose request did that, with the mistake that
 * caused it.
 */
import { anyNumber, defineChecks, drawn, flow, get, post, satisfies } from '../src/dsl/index.ts'

/** A date and time in ISO 8601's extended format, with its offset: `2025-03-01T12:30:00.000Z`. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
/** How far `now` may be from the checker's own clock (the same machine): generous, never flaky. */
const NOW_TOLERANCE_MS = 60_000

export default defineChecks({
  lesson: 16,
  slug: 'common-mistakes',
  checks: [
    get('/').id('home').title('GET / answers "home" as plain text, once').expectStatus(200).expectText('home'),

    get('/about').id('about').title('GET /about answers "about" as plain text, and finishes').expectStatus(200).expectText('about'),

    get('/api/stats').id('stats').title('GET /api/stats answers JSON {"visits": <number>}').expectStatus(200).expectJson({ visits: anyNumber() }),

    drawn('echo', 'POST /api/echo sends back the JSON it received, even when it arrives in pieces that cut characters in half', ({ random }) => {
      const sent = { name: random.name(), note: `${random.word()} — Zoë 名前 🚀`, city: random.pick(['Malmö', 'São Paulo', '東京', 'Kraków']), n: random.int(1, 999) }
      return post('/api/echo').json(sent).slowly({ pieces: 12 }).expectStatus(200).expectJson(sent)
    }),

    drawn('greet', 'POST /api/greet with JSON {"name"} answers {"greeting": "Hello, <name>!"}', ({ random }) => {
      const name = random.name()
      return post('/api/greet').json({ name }).expectStatus(200).expectJson({ greeting: `Hello, ${name}!` })
    }),

    flow('time', 'GET /api/time answers JSON {"now": <the current time, ISO 8601>}', (t) => {
      return t.send(
        get('/api/time')
          .expectStatus(200)
          .expectJson({
            now: satisfies('the current time as an ISO 8601 string, e.g. new Date().toISOString()', (value) => {
              if (typeof value !== 'string' || !ISO_8601.test(value)) return false
              const at = Date.parse(value)
              return Number.isFinite(at) && Math.abs(at - Date.now()) <= NOW_TOLERANCE_MS
            }),
          }),
      )
    }),

    get('/api/user').id('user').title('GET /api/user answers JSON {"name":"Ada"} with the header X-Cache: miss').expectStatus(200).expectJson({ name: 'Ada' }).expectHeader('x-cache', 'miss'),
  ],
})
