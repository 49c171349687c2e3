/** Lesson 07: the body is a stream. POST /users read from slow, chunked bodies; 400s, 413, GET /users. */
import { defineChecks, flow, get, matchJson, positiveInteger, post, satisfies, show } from '../src/dsl/index.ts'
import type { HttpCheckContext } from '../src/dsl/index.ts'

const anId = () =>
  satisfies('a new id (a positive integer or a non-empty string)', (v) => (Number.isInteger(v) && (v as number) > 0) || (typeof v === 'string' && v !== ''))

/** A name no program can know in advance, with characters of 2, 3 and 4 bytes to split. */
const seededName = (t: HttpCheckContext) => `Zoë 名前 🚀 ${t.random.name()} ${t.random.word()}`

export default defineChecks({
  lesson: 7,
  slug: 'request-body',
  checks: [
    flow('create-user', 'POST /users, sent slowly in pieces, stores the user with every field and a new id', async (t) => {
      const first = { name: seededName(t), city: `${t.random.word()} Köln`, age: t.random.int(18, 99), tags: [t.random.word(), '日本'] }
      const created = await t.send(post('/users').json(first).slowly({ pieces: 24, delayMs: 3 }).expectStatus(201).expectJson({ ...first, id: anId() }))
      const firstId = (created.body as { id: unknown }).id

      // A Content-Type with parameters is still JSON.
      const second = { name: seededName(t), pet: t.random.word() }
      const again = await t.send(
        post('/users').json(second, 'application/json; charset=utf-8').slowly({ pieces: 16, delayMs: 3 }).expectStatus(201).expectJson({ ...second, id: anId() }),
      )
      const secondId = (again.body as { id: unknown }).id
      if (secondId === firstId) t.fail(`two users were given the same id ${show(firstId)}`, { expected: 'a new id for each user', actual: `both ${show(firstId)}`, exchange: again })

      // Both come back, intact, from the list.
      await t.send(
        get('/users')
          .expectStatus(200)
          .expectJson(satisfies('a JSON list', (v) => Array.isArray(v)))
          .expectThat('both new users in the list, every field intact', (_response, exchange) => {
            const list = exchange.body as unknown[]
            for (const user of [{ ...first, id: firstId }, { ...second, id: secondId }]) {
              if (!list.some((item) => matchJson(item, user) === null)) return `${show(user)} is not in the list ${show(list)}`
            }
            return null
          }),
      )
    }),

    flow('invalid-json', 'a body that is not JSON gets 400 {"error":"Invalid JSON"}', async (t) => {
      const broken = [`{"name": "${seededName(t)}"`, `name=${t.random.word()}`, `{'name': '${t.random.word()}'}`]
      for (const body of broken) {
        await t.send(post('/users').bytes(body, 'application/json').slowly({ pieces: 6, delayMs: 3 }).expectStatus(400).expectJson({ error: 'Invalid JSON' }))
      }
    }),

    flow('name-required', 'JSON without a non-empty string name gets 400 {"error":"Name is required"}', async (t) => {
      const bodies = [{ city: t.random.word() }, { name: '' }, { name: t.random.int(1, 999) }, { name: [t.random.word()] }]
      for (const body of bodies) {
        await t.send(post('/users').json(body).slowly({ pieces: 4, delayMs: 3 }).expectStatus(400).expectJson({ error: 'Name is required' }))
      }
    }),

    // `typeof data.name` throws on null; `'name' in data` throws on 42 and "hi". None of it may crash.
    flow('not-an-object', 'JSON that is not an object (null, 42, "hi", []) gets 400 {"error":"Name is required"}', async (t) => {
      for (const body of [null, 42, 'hi', [], [t.random.word()]]) {
        await t.send(post('/users').json(body).slowly({ pieces: 2, delayMs: 3 }).expectStatus(400).expectJson({ error: 'Name is required' }))
      }
    }),

    flow('too-large', 'a body over 1 MB gets 413 at once, and the server keeps serving', async (t) => {
      // 1.1 MB of a JSON body that declares 2 MB and never finishes: waiting for the end would wait forever.
      const start = Buffer.from(`{"name":"${t.random.word()}","padding":"`)
      const body = Buffer.concat([start, Buffer.alloc(1_100_000 - start.length, 'a')])
      await t.send(
        post('/users').bytes(body, 'application/json').partial(1_100_000, 2_000_000).timeout(4000)
          .expectStatus(413).expectJson({ error: 'Payload too large' }),
      )
      await t.send(get('/users').freshConnection().expectStatus(200))
    }),

    flow('limit-is-exact', 'the limit is exact: a body of 1,000,000 bytes is stored, one of 1,000,001 bytes is 413', async (t) => {
      // Valid JSON with a name, padded to an exact size: only the size decides the answer.
      const name = t.random.name()
      const ofSize = (bytes: number) => {
        const start = Buffer.from(`{"name":${JSON.stringify(name)},"padding":"`)
        return Buffer.concat([start, Buffer.alloc(bytes - start.length - 2, 'a'), Buffer.from('"}')])
      }
      await t.send(
        post('/users').bytes(ofSize(1_000_000), 'application/json').timeout(4000)
          .expectStatus(201).expectJson({ name, id: anId() }),
      )
      await t.send(
        post('/users').bytes(ofSize(1_000_001), 'application/json').freshConnection().timeout(4000)
          .expectStatus(413).expectJson({ error: 'Payload too large' }),
      )
    }),
  ],
})
