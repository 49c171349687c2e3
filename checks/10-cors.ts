/** Lesson 10: CORS. Every response carries Access-Control-Allow-Origin; preflights get 204 and the allow lists. */
import { defineChecks, flow, get, options, request } from '../src/dsl/index.ts'

/** A browser names the page's origin on every cross-origin request. */
const ORIGIN = 'http://localhost:5173'

export default defineChecks({
  lesson: 10,
  slug: 'cors',
  checks: [
    get('/data')
      .header('Origin', ORIGIN)
      .title('GET /data answers {"ok":true} as JSON')
      .expectStatus(200)
      .expectJson({ ok: true }),

    get('/data')
      .id('data-allows-any-origin')
      .header('Origin', ORIGIN)
      .title('GET /data carries Access-Control-Allow-Origin: *')
      .expectStatus(200)
      .expectHeader('access-control-allow-origin', '*'),

    flow('not-found-allows-any-origin', 'an unknown path answers 404, still with Access-Control-Allow-Origin: *', async (t) => {
      const path = `/${t.random.word()}/${t.random.word()}`
      await t.send(get(path).header('Origin', ORIGIN).expectStatus(404).expectHeader('access-control-allow-origin', '*'))
    }),

    flow('other-method-allows-any-origin', 'a PUT or DELETE to an unknown path answers 404 with Access-Control-Allow-Origin: *', async (t) => {
      const method = t.random.pick(['PUT', 'DELETE', 'POST'])
      const path = `/${t.random.word()}`
      const sent = method === 'DELETE' ? request(method, path) : request(method, path).json({ id: t.random.int(1, 99) })
      await t.send(sent.header('Origin', ORIGIN).expectStatus(404).expectHeader('access-control-allow-origin', '*'))
    }),

    flow('preflight-any-path', 'OPTIONS on any path answers 204 with an empty body', async (t) => {
      const path = `/${t.random.word()}/${t.random.int(1, 999)}`
      await t.send(preflight(path, 'PUT').expectStatus(204).expectEmptyBody())
    }),

    flow('preflight-allows-origin', 'a preflight carries Access-Control-Allow-Origin: *', async (t) => {
      const path = `/${t.random.word()}`
      await t.send(preflight(path, 'DELETE').expectStatus(204).expectHeader('access-control-allow-origin', '*'))
    }),

    flow('preflight-allows-methods', 'a preflight lists GET, POST, PUT and DELETE in Access-Control-Allow-Methods', async (t) => {
      const path = t.random.pick(['/data', `/${t.random.word()}`])
      await t.send(
        preflight(path, 'POST').expectStatus(204).expectHeaderList('access-control-allow-methods', ['GET', 'POST', 'PUT', 'DELETE']),
      )
    }),

    flow('preflight-allows-headers', 'a preflight lists Content-Type in Access-Control-Allow-Headers', async (t) => {
      const path = `/${t.random.word()}/${t.random.word()}`
      await t.send(preflight(path, 'PUT').expectStatus(204).expectHeaderList('access-control-allow-headers', ['Content-Type']))
    }),
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
