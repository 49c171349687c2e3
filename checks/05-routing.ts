/**
 * Lesson 05: method + path routing and query strings. Pages, limits and ids are drawn at random
 * (seeded), so only a program that really paginates and looks users up can pass.
 */
import { anyNumber, defineChecks, flow, get, request, type HttpCheckContext } from '../src/dsl/index.ts'

const TOTAL = 25
const user = (id: number) => ({ id, name: `User ${id}` })

/** What GET /users must answer for the page and limit that take effect. */
function pageOf(page: number, limit: number) {
  const first = (page - 1) * limit + 1
  const last = Math.min(page * limit, TOTAL)
  const data = first > TOTAL ? [] : Array.from({ length: last - first + 1 }, (_, i) => user(first + i))
  return { data, page, limit, total: TOTAL }
}

const usersPage = (t: HttpCheckContext, query: string, page: number, limit: number) =>
  t.send(get(`/users${query}`).expectStatus(200).expectJson(pageOf(page, limit)))

const notFound = (path: string) => get(path).expectStatus(404).expectJson({ error: 'Not found' })

export default defineChecks({
  lesson: 5,
  slug: 'routing',
  checks: [
    get('/')
      .title('GET / welcomes you to the API')
      .expectStatus(200)
      .expectJson({ message: 'Welcome to the API', version: '1.0' }),

    get('/health')
      .title('GET /health reports healthy with an uptime in seconds')
      .expectStatus(200)
      .expectJson({ status: 'healthy', uptime: anyNumber(0) }),

    get('/users')
      .title('GET /users gives the first 10 users by default')
      .expectStatus(200)
      .expectJson(pageOf(1, 10)),

    flow('users-page-and-limit', 'GET /users?page=P&limit=L gives that page of users', async (t) => {
      const limit = t.random.int(2, 9)
      const lastPage = Math.ceil(TOTAL / limit)
      const page = t.random.int(2, lastPage) // the last page is often a short one
      await usersPage(t, `?page=${page}&limit=${limit}`, page, limit)
      const other = t.random.int(1, lastPage)
      await usersPage(t, `?limit=${limit}&page=${other}`, other, limit)
    }),

    flow('users-defaults', 'a missing, non-numeric, zero or negative page or limit takes its default', async (t) => {
      const limit = t.random.int(2, 12)
      const page = t.random.int(2, Math.ceil(TOTAL / limit))
      await usersPage(t, `?limit=${limit}`, 1, limit)
      await usersPage(t, `?page=${page}`, page, 10)
      await usersPage(t, `?page=${t.random.word()}&limit=${limit}`, 1, limit)
      await usersPage(t, `?page=${page}&limit=${t.random.word()}`, page, 10)
      await usersPage(t, `?page=0&limit=0`, 1, 10)
      await usersPage(t, `?page=-${t.random.int(1, 9)}&limit=-${t.random.int(1, 99)}`, 1, 10)
    }),

    flow('users-limit-cap', 'limit is capped at 100', async (t) => {
      await usersPage(t, `?limit=${t.random.int(101, 5000)}`, 1, 100)
      await usersPage(t, `?page=2&limit=${t.random.int(101, 5000)}`, 2, 100)
    }),

    flow('users-past-the-end', 'a page past the end has an empty data list', async (t) => {
      const limit = t.random.int(3, 15)
      const page = Math.ceil(TOTAL / limit) + t.random.int(1, 5)
      await usersPage(t, `?page=${page}&limit=${limit}`, page, limit)
    }),

    flow('user-by-id', 'GET /users/:id gives that user', async (t) => {
      for (const id of [t.random.int(1, 12), t.random.int(13, 25)]) {
        await t.send(get(`/users/${id}`).expectStatus(200).expectJson(user(id)))
      }
    }),

    flow('user-not-found', 'GET /users/:id is 404 for an id that does not exist, numeric or not', async (t) => {
      await t.send(notFound(`/users/${t.random.int(26, 9999)}`))
      await t.send(notFound(`/users/${t.random.word()}`))
    }),

    flow('query-ignored', 'routing ignores the query string', async (t) => {
      const query = `?${t.random.word()}=${t.random.int(1, 99)}`
      await t.send(get(`/health${query}`).expectStatus(200).expectJson({ status: 'healthy', uptime: anyNumber(0) }))
      const id = t.random.int(1, 25)
      await t.send(get(`/users/${id}${query}`).expectStatus(200).expectJson(user(id)))
      await t.send(get(`/${query}`).expectStatus(200).expectJson({ message: 'Welcome to the API', version: '1.0' }))
    }),

    flow('method-not-allowed', 'another method on a known path gets 405 and an Allow header', async (t) => {
      const method = () => t.random.pick(['POST', 'PUT', 'DELETE', 'PATCH'])
      const id = t.random.int(1, 25)
      for (const path of ['/users', '/health', `/users/${id}`]) {
        await t.send(request(method(), path).expectStatus(405).expectHeaderList('allow', ['GET']))
      }
    }),

    flow('unknown-path', 'an unknown path gets 404 {"error":"Not found"}', async (t) => {
      await t.send(notFound(`/${t.random.word()}`))
      await t.send(notFound(`/users/${t.random.int(1, 25)}/${t.random.word()}`))
    }),

    // `new URL(req.url, base)` reads "//users" as a URL with the host "users" (path "/"), and throws on "//".
    flow('double-slash-is-a-path', 'a request target is a path, never a host: GET //users and GET // are 404', async (t) => {
      await t.send(notFound('//users'))
      await t.send(notFound('//'))
    }),

    // `new URL(req.url, 'http://' + req.headers.host)` throws on these. The contract asks only for no
    // crash, so any answer passes (a 400 is what RFC 9112 asks for); the next request must be served.
    flow('malformed-host', 'a malformed Host header never crashes the server', async (t) => {
      for (const host of ['bad host', '[oops', `localhost:${t.random.word()}`]) {
        await t.send(get('/health').header('Host', host))
        await t.send(get('/health').expectStatus(200).expectJson({ status: 'healthy', uptime: anyNumber(0) }))
      }
    }),
  ],
})
