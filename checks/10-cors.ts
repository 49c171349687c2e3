/** Lesson 10: CORS. Every response carries Access-Control-Allow-Origin; preflights get 204 and the allow lists. */
import { defineChecks, drawn, flow, get, options, request } from '../src/dsl/index.ts'

/** A browser names the page's origin on every cross-origin request. */
const ORIGIN = 'http://localhost:5173'

export default defineChecks({
  lesson: 10,
  slug: 'cors',
  checks: [
    get('/data')
      .title('GET /data answers {"ok":true} as JSON')
      .header('Origin', ORIGIN)
      .expectStatus(200)
      .expectJson({ ok: true }),

    get('/data')
      .id('data-allows-any-origin')
      .title('GET /data carries Access-Control-Allow-Origin: *')
      .header('Origin', ORIGIN)
      .expectStatus(200)
      .expectHeader('access-control-allow-origin', '*'),

    drawn('not-found-allows-any-origin', 'an unknown path answers 404, still with Access-Control-Allow-Origin: *', ({ random }) =>
      get(`/${random.word()}/${random.word()}`).header('Origin', ORIGIN).expectStatus(404).expectHeader('access-control-allow-origin', '*'),
    ),

    drawn('other-method-allows-any-origin', 'a PUT or DELETE to an unknown path answers 404 with Access-Control-Allow-Origin: *', ({ random }) => {
      const method = random.pick(['PUT', 'DELETE', 'POST'])
      const path = `/${random.word()}`
      const sent = method === 'DELETE' ? request(method, path) : request(method, path).json({ id: random.int(1, 99) })
      return sent.header('Origin', ORIGIN).expectStatus(404).expectHeader('access-control-allow-origin', '*')
    }),

    drawn('preflight-any-path', 'OPTIONS on any path answers 204 with an empty body', ({ random }) =>
      preflight(`/${random.word()}/${random.int(1, 999)}`, 'PUT').expectStatus(204).expectEmptyBody(),
    ),

    drawn('preflight-allows-origin', 'a preflight carries Access-Control-Allow-Origin: *', ({ random }) =>
      preflight(`/${random.word()}`, 'DELETE').expectStatus(204).expectHeader('access-control-allow-origin', '*'),
    ),

    drawn('preflight-allows-methods', 'a preflight lists GET, POST, PUT and DELETE in Access-Control-Allow-Methods', ({ random }) =>
      preflight(random.pick(['/data', `/${random.word()}`]), 'POST').expectStatus(204).expectHeaderList('access-control-allow-methods', ['GET', 'POST', 'PUT', 'DELETE']),
    ),

    drawn('preflight-allows-headers', 'a preflight lists Content-Type in Access-Control-Allow-Headers', ({ random }) =>
      preflight(`/${random.word()}/${random.word()}`, 'PUT').expectStatus(204).expectHeaderList('access-control-allow-headers', ['Content-Type']),
    ),
  ],
})

/** What a browser sends before a PUT with a JSON body from another origin. */
function preflight(path: string, method: string) {
  return options(path).headers({
    Origin: ORIGIN,
    'Access-Control-Request-Method': method,
    'Access-Control-Request-Headers': 'content-type',
  })
}
