/** Lesson 09: a complete resource. Todos created, read, updated, deleted and paged, as flows in order. */
import { defineChecks, del, flow, get, positiveInteger, post, put, show } from '../src/dsl/index.ts'
import type { HttpCheckContext, RequestCheck } from '../src/dsl/index.ts'

type Todo = { id: number; title: string; done: boolean }

/** A title no program can know in advance, with multi-byte characters to split. */
const seededTitle = (t: HttpCheckContext) => `${t.random.pick(['Buy', 'Call', 'Fix', 'Write'])} ${t.random.word()} ✓ ${t.random.int(1, 9999)} — ${t.random.name()}`

async function create(t: HttpCheckContext, fields: { title: string; done?: boolean }): Promise<Todo> {
  const expected = { id: positiveInteger(), title: fields.title, done: fields.done ?? false }
  const exchange = await t.send(post('/todos').json(fields).slowly({ pieces: 8, delayMs: 2 }).expectStatus(201).expectJson(expected))
  return exchange.body as Todo
}

/**
 * `total` from the listing. A refused POST is proven not stored by a total that did not move, so
 * a listing without a numeric `total` fails here, saying why it is needed.
 */
async function currentTotal(t: HttpCheckContext, when: string): Promise<number> {
  const exchange = await t.exchange(get('/todos'))
  const total = (exchange.body as { total?: unknown } | undefined)?.total
  if (typeof total === 'number') return total
  return t.fail(`GET /todos ${when} has no numeric "total", so there is no telling whether a refused todo was stored`, {
    expected: 'GET /todos → 200 {"data": [...], "page", "limit", "total": <number of todos>}',
    actual: exchange.response ? `${exchange.response.status} ${show(exchange.body ?? exchange.response.body.toString('utf8'))}` : String(exchange.error?.code),
    exchange,
  })
}

const missingId = (t: HttpCheckContext) => t.random.int(900_000, 999_999)

export default defineChecks({
  lesson: 9,
  slug: 'todos-crud',
  checks: [
    flow('crud', 'a todo can be created, read, updated, deleted, and is 404 afterwards', async (t) => {
      const title = seededTitle(t)
      const todo = await create(t, { title })
      const at = `/todos/${todo.id}`
      await t.send(get(at).expectStatus(200).expectJson({ id: todo.id, title, done: false }))
      await t.send(put(at).json({ done: true }).slowly({ pieces: 4, delayMs: 2 }).expectStatus(200).expectJson({ id: todo.id, title, done: true }))
      const renamed = seededTitle(t)
      await t.send(put(at).json({ title: renamed }).slowly({ pieces: 8, delayMs: 2 }).expectStatus(200).expectJson({ id: todo.id, title: renamed, done: true }))
      await t.send(put(at).json({ title, done: false }).slowly({ pieces: 8, delayMs: 2 }).expectStatus(200).expectJson({ id: todo.id, title, done: false }))
      await t.send(get(at).expectStatus(200).expectJson({ id: todo.id, title, done: false }))
      await t.send(del(at).expectStatus(204).expectEmptyBody())
      await t.send(get(at).expectStatus(404))
      await t.send(put(at).json({ done: true }).expectStatus(404))
    }),

    flow('create-done', 'POST /todos keeps "done": true when it is given', async (t) => {
      const title = seededTitle(t)
      const todo = await create(t, { title, done: true })
      await t.send(get(`/todos/${todo.id}`).expectStatus(200).expectJson({ id: todo.id, title, done: true }))
    }),

    flow('ids-never-reused', 'ids are never reused: a todo created after a delete gets a new id', async (t) => {
      const first = await create(t, { title: seededTitle(t) })
      const second = await create(t, { title: seededTitle(t) })
      if (second.id === first.id) t.fail(`two todos were both given id ${first.id}`, { expected: 'a new id for each todo', actual: `both ${first.id}` })
      await t.send(del(`/todos/${second.id}`).expectStatus(204))
      const third = await create(t, { title: seededTitle(t) })
      if (third.id === second.id || third.id === first.id) {
        t.fail(`the new todo got id ${third.id}, which was already used (created ${first.id} and ${second.id}, deleted ${second.id})`, {
          expected: `an id other than ${first.id} and ${second.id}`,
          actual: `id ${third.id}`,
        })
      }
      await t.send(get(`/todos/${first.id}`).expectStatus(200).expectJson({ id: first.id, title: first.title }))
      await t.send(get(`/todos/${third.id}`).expectStatus(200).expectJson({ id: third.id, title: third.title }))
    }),

    flow('create-invalid', 'POST /todos with invalid JSON or an empty or missing title gets 400 and stores nothing', async (t) => {
      const before = await currentTotal(t, 'before the refused todos')
      const invalid: [string, RequestCheck][] = [
        ['an empty body object', post('/todos').json({})],
        ['an empty title', post('/todos').json({ title: '', done: true }).slowly({ pieces: 4, delayMs: 2 })],
        ['no title', post('/todos').json({ done: false })],
        ['JSON cut off before its end', post('/todos').bytes(`{"title": "${seededTitle(t)}"`, 'application/json').slowly({ pieces: 6, delayMs: 2 })],
        ['a form body sent as JSON', post('/todos').bytes(`title=${t.random.word()}`, 'application/json')],
      ]
      for (const [what, sent] of invalid) {
        await t.send(sent.expectStatus(400))
        const after = await currentTotal(t, `after a refused POST /todos with ${what}`)
        if (after !== before) {
          t.fail(`POST /todos with ${what} was answered 400, yet GET /todos now counts ${after} todos instead of ${before}: a request answered 400 stores nothing (check the body before storing it)`, {
            expected: `total ${before}`,
            actual: `total ${after}`,
          })
        }
      }
    }),

    flow('update-invalid', 'PUT /todos/:id with an invalid title or done gets 400 and changes neither field', async (t) => {
      const title = seededTitle(t)
      const todo = await create(t, { title })
      const at = `/todos/${todo.id}`
      const invalid: [string, string][] = [
        ['a title that is a number', JSON.stringify({ title: t.random.int(1, 999) })],
        ['an empty title', JSON.stringify({ title: '' })],
        ['a done that is not a boolean', JSON.stringify({ done: t.random.pick(['yes', 'true', 1]) })],
        ['a body that is not JSON', `{"done": tru`],
        // One valid field beside an invalid one: neither may be applied.
        ['a valid title but a done that is not a boolean', JSON.stringify({ title: seededTitle(t), done: t.random.pick(['yes', 'true', 1]) })],
        ['a valid done but an empty title', JSON.stringify({ done: true, title: '' })],
      ]
      for (const [what, body] of invalid) {
        const exchange = await t.exchange(put(at).bytes(body, 'application/json').slowly({ pieces: 4, delayMs: 2 }))
        if (exchange.response?.status !== 400) {
          t.fail(`PUT ${at} with ${what} should get 400, got ${exchange.response ? exchange.response.status : exchange.error?.code}`, {
            expected: '400 "Bad Request"',
            actual: exchange.response ? String(exchange.response.status) : String(exchange.error?.code),
            exchange,
          })
        }
        const read = await t.send(get(at).expectStatus(200))
        const now = read.body as Partial<Todo> | undefined
        if (now?.title !== title || now?.done !== false) {
          t.fail(`PUT ${at} with ${what} (${body}) was answered 400, but the todo changed: a request answered 400 changes nothing (check every field before assigning any)`, {
            expected: show({ id: todo.id, title, done: false }),
            actual: show(now),
            exchange: read,
          })
        }
      }
    }),

    flow('not-found', 'GET and PUT of a todo that does not exist get 404', async (t) => {
      const id = missingId(t)
      await t.send(get(`/todos/${id}`).expectStatus(404))
      await t.send(put(`/todos/${id}`).json({ title: seededTitle(t) }).expectStatus(404))
    }),

    flow('pagination', 'GET /todos pages the list: {"data","page","limit","total"}, defaults 1 and 10', async (t) => {
      const made: Todo[] = []
      for (let i = 0; i < 12; i++) made.push(await create(t, { title: seededTitle(t) }))

      // Read the whole list with the default limit, page by page (the contract fixes no maximum limit).
      const first = await t.send(get('/todos').expectStatus(200).expectJson({ page: 1, limit: 10 }))
      const total = (first.body as { total?: unknown }).total
      if (typeof total !== 'number' || total < made.length) {
        t.fail(`GET /todos should report the number of todos as "total" (at least ${made.length}), got ${show(total)}`, {
          expected: `total ≥ ${made.length}`,
          actual: show(total),
          exchange: first,
        })
      }
      const all: Todo[] = []
      for (let pageNo = 1; pageNo <= Math.ceil((total as number) / 10); pageNo++) {
        const listed = await t.send(get(`/todos?page=${pageNo}`).expectStatus(200).expectJson({ page: pageNo, limit: 10, total }))
        all.push(...(((listed.body as { data?: unknown }).data as Todo[] | undefined) ?? []))
      }
      if (all.length !== total) {
        t.fail(`the pages of GET /todos hold ${all.length} todo(s), but "total" says ${show(total)}`, { expected: `${show(total)} todos`, actual: `${all.length}` })
      }
      for (const todo of made) {
        if (!all.some((item) => item.id === todo.id && item.title === todo.title)) {
          t.fail(`todo ${show(todo)} is missing from the pages of GET /todos`, { expected: show(todo), actual: show(all) })
        }
      }

      const page = (path: string, pageNo: number, limit: number) =>
        t.send(get(path).expectStatus(200).expectJson({ data: all.slice((pageNo - 1) * limit, pageNo * limit), page: pageNo, limit, total }))
      await page('/todos?page=2&limit=5', 2, 5)
      await page(`/todos?limit=3&page=${Math.ceil(all.length / 3)}`, Math.ceil(all.length / 3), 3)
    }),
  ],
})
