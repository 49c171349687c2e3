/**
 * Lesson 06: choosing the status. Item names are drawn at random (seeded), and every created item
 * is read back through the Location header it came with, so only a real store passes.
 */
import { bodyText, defineChecks, drawn, del, flow, get, headerValue, post, type Exchange, type HttpCheckContext } from '../src/dsl/index.ts'

/** `/items/7` or `http://localhost:3000/items/7` → `/items/7`; null for anything else. */
function itemPath(location: string | undefined): string | null {
  if (!location) return null
  try {
    const { pathname } = new URL(location, 'http://localhost')
    return /^\/items\/[^/]+$/.test(pathname) ? pathname : null
  } catch {
    return null
  }
}

/** Creates an item and checks the 201, the Location and the stored item; returns where it lives. */
async function create(t: HttpCheckContext, name: string): Promise<{ path: string; id: unknown }> {
  const sent = await t.send(
    post('/items')
      .json({ name }) // sent at once: bodies in pieces are lesson 07's subject
      .expectStatus(201)
      .expectThat('a Location header /items/<id>', (response) => {
        const location = headerValue(response, 'location')
        return itemPath(location) ? null : location === undefined ? 'no Location header' : `Location: ${location}`
      })
      .expectJson({ name }),
  )
  const response = sent.response!
  const path = itemPath(headerValue(response, 'location'))!
  const { id } = sent.body as { id?: unknown }
  const idInPath = decodeURIComponent(path.slice('/items/'.length))
  if ((typeof id !== 'number' && typeof id !== 'string') || String(id) !== idInPath) {
    t.fail(`the created item's id should be the one in its Location (${path}), got ${JSON.stringify(id)}`, {
      expected: `{"id": ${JSON.stringify(idInPath)}, …} (a number or a string)`,
      actual: bodyText(response),
      exchange: sent,
    })
  }
  return { path, id }
}

const readBack = (path: string, id: unknown, name: string) => get(path).expectStatus(200).expectJson({ id, name })

export default defineChecks({
  lesson: 6,
  slug: 'status-codes',
  checks: [
    get('/old-page')
      .title('GET /old-page redirects for good: 301 with Location: /new-page')
      .expectStatus(301)
      .expectHeader('location', /^(https?:\/\/[^/]+)?\/new-page$/),

    get('/new-page').title('GET /new-page answers 200').expectStatus(200),

    get('/admin')
      .id('admin-no-credentials')
      .title('GET /admin without Authorization is 401 with a WWW-Authenticate header')
      .expectStatus(401)
      .expectHeaderPresent('www-authenticate'),

    get('/admin')
      .id('admin-user-token')
      .title('GET /admin with a user token is 403')
      .header('Authorization', 'Bearer user-token')
      .expectStatus(403),

    get('/admin')
      .id('admin-admin-token')
      .title('GET /admin with the admin token is 200')
      .header('Authorization', 'Bearer admin-token')
      .expectStatus(200),

    flow('create-item', 'POST /items answers 201, a Location and the stored item, readable at that Location', async (t) => {
      const first = t.random.name()
      const second = `${t.random.name()} ${t.random.word()}`
      const a = await create(t, first)
      const b = await create(t, second)
      if (a.path === b.path) t.fail(`two created items got the same Location (${a.path})`, { expected: 'a new id for each item', actual: a.path })
      await t.send(readBack(a.path, a.id, first))
      await t.send(readBack(b.path, b.id, second))
    }),

    drawn('item-not-found', 'GET /items/:id of an id never created is 404', ({ random }) => get(`/items/${random.int(100_000, 999_999)}`).expectStatus(404)),

    flow('delete-item', 'DELETE /items/:id is 204 with no body, and the item is gone (404) afterwards', async (t) => {
      const name = t.random.name()
      const kept = t.random.name()
      const doomed = await create(t, name)
      const other = await create(t, kept)
      await t.send(del(doomed.path).expectStatus(204).expectEmptyBody())
      await t.send(get(doomed.path).expectStatus(404))
      await t.send(readBack(other.path, other.id, kept))
    }),

    flow('boom-is-500', 'GET /boom is 500 {"error":"Internal Server Error"}, and the next request is still served', async (t) => {
      await t.send(get('/boom').expectStatus(500).expectJson({ error: 'Internal Server Error' }))
      const after: Exchange = await t.exchange(get('/new-page'))
      if (after.response?.status !== 200) {
        t.fail('after GET /boom, GET /new-page was not answered 200: the server stopped serving', {
          expected: 'status 200 "OK"',
          actual: after.response ? `status ${after.response.status}` : (after.error?.message ?? 'no response'),
          exchange: after,
        })
      }
    }),

    drawn('unknown-path', 'an unknown path is 404', ({ random }) => get(`/${random.word()}/${random.word()}`).expectStatus(404)),
  ],
})
