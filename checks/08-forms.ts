/** Lesson 08: JSON and URL-encoded bodies on POST /signup, 415 for other types, and the form page. */
import { bodyText, defineChecks, flow, get, post, satisfies } from '../src/dsl/index.ts'
import type { HttpCheckContext } from '../src/dsl/index.ts'

const anError = () => satisfies('an error message', (v) => v !== undefined && v !== null)

/** An address no program can know in advance; the `+` is part of it. */
const seededEmail = (t: HttpCheckContext) => `${t.random.word()}+${t.random.word()}@${t.random.word()}.example`
const seededPlan = (t: HttpCheckContext) => `${t.random.pick(['free', 'pro', 'team'])}-${t.random.word()}`

/** The opening tags of every <form> on the page. */
const formTags = (html: string) => html.match(/<form\b[^>]*>/gi) ?? []
const attribute = (tag: string, name: string) => {
  const found = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
  return found ? (found[1] ?? found[2] ?? found[3] ?? '').trim() : null
}
/** A form posts to /signup when its method is post and its action is /signup (or absent: the page's own URL). */
const postsToSignup = (tag: string) => {
  const method = attribute(tag, 'method')
  const action = attribute(tag, 'action')
  return method?.toLowerCase() === 'post' && (action === null || action === '' || /^(https?:\/\/[^/]+)?\/signup\/?$/i.test(action))
}

export default defineChecks({
  lesson: 8,
  slug: 'forms',
  checks: [
    get('/signup')
      .id('signup-page')
      .title('GET /signup answers an HTML page with a <form> that posts to /signup')
      .expectStatus(200)
      .expectContentType('text/html')
      .expectThat('a <form method="post" action="/signup">', (response) => {
        const tags = formTags(bodyText(response))
        if (tags.length === 0) return 'the page has no <form>'
        return tags.some(postsToSignup) ? null : `no form posts to /signup: ${tags.join(' ')}`
      }),

    flow('json-signup', 'POST /signup with a JSON body (sent in pieces) answers 201 {"email","plan"}', async (t) => {
      const first = { email: seededEmail(t), plan: `${seededPlan(t)} ✨` }
      await t.send(post('/signup').json(first).slowly({ pieces: 12, delayMs: 3 }).expectStatus(201).expectJson(first))
      const second = { email: seededEmail(t), plan: seededPlan(t) }
      await t.send(post('/signup').json(second, 'application/json; charset=utf-8').slowly({ pieces: 8, delayMs: 3 }).expectStatus(201).expectJson(second))
    }),

    flow('form-signup', 'POST /signup with a URL-encoded form decodes + and %XX and answers 201', async (t) => {
      const [user, tag, host] = [t.random.word(), t.random.word(), t.random.word()]
      const [planA, planB] = [t.random.word(), t.random.word()]
      // email user+tag@host.example written with %2B and %40; the plan "planA planB é" with + for the space
      const raw = `email=${user}%2B${tag}%40${host}.example&plan=${planA}+${planB}+%C3%A9`
      const expected = { email: `${user}+${tag}@${host}.example`, plan: `${planA} ${planB} é` }
      await t.send(post('/signup').bytes(raw, 'application/x-www-form-urlencoded').slowly({ pieces: 10, delayMs: 3 }).expectStatus(201).expectJson(expected))

      const again = { email: seededEmail(t), plan: seededPlan(t) }
      await t.send(
        post('/signup').bytes(new URLSearchParams(again).toString(), 'application/x-www-form-urlencoded; charset=utf-8').slowly({ pieces: 6, delayMs: 3 })
          .expectStatus(201).expectJson(again),
      )
    }),

    flow('email-required', 'a missing or empty email gets 400 with a JSON error', async (t) => {
      const plan = seededPlan(t)
      await t.send(post('/signup').json({ plan }).slowly({ pieces: 4, delayMs: 3 }).expectStatus(400).expectJson({ error: anError() }))
      await t.send(post('/signup').json({ email: '', plan }).slowly({ pieces: 4, delayMs: 3 }).expectStatus(400).expectJson({ error: anError() }))
      await t.send(post('/signup').bytes(`email=&plan=${plan}`, 'application/x-www-form-urlencoded').expectStatus(400).expectJson({ error: anError() }))
      await t.send(post('/signup').bytes(`plan=${plan}`, 'application/x-www-form-urlencoded').expectStatus(400).expectJson({ error: anError() }))
    }),

    flow('unsupported-type', 'another Content-Type, or none, gets 415 with a JSON error', async (t) => {
      const email = seededEmail(t)
      const bodies: [string, string | null][] = [
        [`email=${email}`, 'text/plain'],
        [`<signup><email>${email}</email></signup>`, 'application/xml'],
        [JSON.stringify({ email, plan: 'pro' }), null],
      ]
      for (const [body, type] of bodies) {
        await t.send(post('/signup').bytes(body, type).expectStatus(415).expectJson({ error: anError() }))
      }
    }),
  ],
})
