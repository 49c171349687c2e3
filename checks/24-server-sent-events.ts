/**
 * Lesson 24: server-sent events. Every stream is read as a browser's EventSource reads it
 * (src/dsl/sse-client.ts): fields in any order, comments and `retry:` lines allowed, LF, CRLF or
 * CR line ends. The checks tick fast (TICK_MS=30); "headers at once" is judged on a copy that
 * ticks every 3 s, where a server that waits for its first event to send its headers misses the
 * limit by far. Timings are judged generously (the contract's 200 ms, with room for a busy
 * machine), and a client that hangs up is watched by the probe: a write to it afterwards is
 * `write-after-close`.
 */
import {
  defineChecks,
  eventStreams,
  flow,
  get,
  matchJson,
  post,
  show,
  type EventStreamClient,
  type EventStreams,
  type HttpCheckContext,
  type ProgramView,
  type ReceivedEvent,
} from '../src/dsl/index.ts'

const TICK_MS = 30
/** The copy that judges "headers at once" ticks this slowly. */
const SLOW_TICK_MS = 3000
/** The contract's limit for the headers and for a broadcast to arrive. */
const LIMIT_MS = 200
/** What the checks allow for that limit on a busy machine: far less than SLOW_TICK_MS. */
const ALLOWED_MS = 1000
/** How long a check waits for the ticks it needs: the ticks themselves, plus a generous margin. */
const ticksWithin = (count: number) => count * TICK_MS + 2000
/** How long a check waits for a stream's status and headers before calling it unanswered. */
const HEADERS_WAIT_MS = 2000
const MANY_CLIENTS = 50

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs `body` with a group of event streams, all hung up at the end whatever happens. */
async function withStreams<T>(target: ProgramView, body: (streams: EventStreams) => Promise<T>): Promise<T> {
  const streams = eventStreams(target)
  try {
    return await body(streams)
  } finally {
    streams.closeAll()
  }
}

/** The stream answered 200: anything else (a 404, a 501, no answer) fails here, with what came. */
async function expectOpen(t: HttpCheckContext, client: EventStreamClient, label = 'GET /events'): Promise<void> {
  await client.waitForHeaders(HEADERS_WAIT_MS)
  if (client.status === null) {
    const why = client.error ? `${client.error.code}: ${client.error.message}` : `no status and headers within ${HEADERS_WAIT_MS} ms`
    t.fail(`${label}: no answer (${why})`, { expected: '200 and a stream of events', actual: why, exchange: client.exchange() })
  }
  if (client.status !== 200) {
    t.fail(`${label}: expected status 200, got ${client.status}`, { expected: '200', actual: client.describe(), exchange: client.exchange() })
  }
}

/** Waits for `count` tick events; fails with what came instead (the stream ended, ticks too slow). */
async function expectTicks(t: HttpCheckContext, client: EventStreamClient, count: number, label = 'GET /events'): Promise<ReceivedEvent[]> {
  await client.waitForEvents('tick', count, ticksWithin(count))
  const ticks = client.eventsOf('tick')
  if (ticks.length >= count) return ticks
  const details = { expected: `${count} tick events, one every TICK_MS (${TICK_MS} ms here)`, actual: client.describe(), exchange: client.exchange() }
  if (client.endedAt !== null) {
    t.fail(`${label}: the response ended after ${client.events.length} event(s): a stream stays open and the server keeps writing to it (no res.end() after an event, that is polling)`, details)
  }
  if (client.error) t.fail(`${label}: the connection broke off after ${client.events.length} event(s) (${client.error.code})`, details)
  const others = client.events.filter((event) => event.type !== 'tick')
  if (others.length && !ticks.length) {
    t.fail(`${label}: events came, but none of type "tick" (they came as "${others[0]!.type}"): each tick needs an \`event: tick\` line`, details)
  }
  t.fail(`${label}: only ${ticks.length} tick event(s) in ${ticksWithin(count)} ms, with TICK_MS=${TICK_MS}: read the interval from process.env.TICK_MS and send a tick every TICK_MS`, details)
}

/** The tick events must count `first`, `first + 1`, … each with its id and `{"n": …}` data. */
function expectCounting(t: HttpCheckContext, client: EventStreamClient, ticks: ReceivedEvent[], first: number, label: string): void {
  ticks.forEach((tick, index) => {
    const n = first + index
    const details = { expected: `id: ${n}, event: tick, data: {"n":${n}}`, actual: describeTick(tick), exchange: client.exchange() }
    if (tick.lastEventId !== String(n)) {
      const got = tick.lastEventId === '' ? 'no id at all' : `id ${JSON.stringify(tick.lastEventId)}`
      t.fail(`${label}: tick number ${index + 1} should carry \`id: ${n}\`, it had ${got}${first > 1 ? ` (after Last-Event-ID: ${first - 1}, the count continues from ${first})` : ''}`, details)
    }
    const data = parseJson(tick.data)
    const mismatch = data.ok ? matchJson(data.value, { n }) : null
    if (!data.ok || mismatch) {
      t.fail(`${label}: tick ${n} should carry \`data: {"n":${n}}\` (JSON), got ${JSON.stringify(tick.data)}${mismatch ? ` (${mismatch.path}: expected ${mismatch.expected}, got ${mismatch.actual})` : ''}`, details)
    }
  })
}

function describeTick(event: ReceivedEvent): string {
  return `${event.lastEventId ? `id: ${event.lastEventId}, ` : 'no id, '}event: ${event.type}, data: ${JSON.stringify(event.data)}`
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/** A message with a quote, a line break and characters outside ASCII: JSON data keeps them whole. */
function messageFor(t: HttpCheckContext): string {
  return `${t.random.word()} "${t.random.word()}"\nfrom ${t.random.name()} ✓`
}

/** POST /broadcast must answer 202; resolves when it has. */
async function sendBroadcast(t: HttpCheckContext, message: string): Promise<void> {
  await t.send(post('/broadcast').json({ message }).expectStatus(202))
}

/**
 * Every client must receive `message` as a "message" event with `{"message": …}` data, in time:
 * counted from the moment the 202 came back (the event is usually there before it).
 */
async function expectBroadcast(t: HttpCheckContext, clients: EventStreamClient[], message: string, answeredAt: number, label: string): Promise<void> {
  const delivered = (client: EventStreamClient) => client.eventsOf('message').find((event) => {
    const data = parseJson(event.data)
    return data.ok && matchJson(data.value, { message }) === null
  })
  const results = await Promise.all(clients.map((client) => client.until(() => delivered(client) !== undefined, ALLOWED_MS + 300)))
  const missing = clients.filter((_, index) => !results[index])
  const expected = `event: message, data: ${show({ message })}`
  if (missing.length) {
    const client = missing[0]!
    const seen = client.eventsOf('message').map((event) => JSON.stringify(event.data))
    const other = seen.length ? ` (it got "message" events with other data: ${seen.slice(0, 2).join(', ')})` : client.events.some((event) => event.type !== 'tick' && event.type !== 'message') ? ` (it got events of type "${client.events.find((event) => event.type !== 'tick')!.type}": a broadcast is \`event: message\`)` : ''
    t.fail(`${label}: ${missing.length} of ${clients.length} connected client(s) never received the broadcast within ${ALLOWED_MS} ms${other}`, { expected, actual: client.describe(), exchange: client.exchange() })
  }
  const late = clients.map((client) => client.startedAt + delivered(client)!.at - answeredAt).reduce((worst, ms) => Math.max(worst, ms), 0)
  if (late > ALLOWED_MS) {
    t.fail(`${label}: the broadcast reached every client, but only ${Math.round(late)} ms after the 202 (the limit is ${LIMIT_MS} ms): write it to every open stream at once, not on the next tick`, { expected: `within ${LIMIT_MS} ms`, actual: `${Math.round(late)} ms` })
  }
}

/** Waits until every client has its status, headers and first tick (so the server has them all on its list). */
async function allTicking(t: HttpCheckContext, clients: EventStreamClient[]): Promise<void> {
  for (const client of clients) await expectOpen(t, client)
  for (const client of clients) await expectTicks(t, client, 1)
}

const PAGE_SCRIPT = /EventSource\s*\(\s*(['"`])(?:https?:\/\/[^'"`/]+)?(?:\/|\.\/)?events(?:\?[^'"`]*)?\1/

export default defineChecks({
  lesson: 24,
  slug: 'server-sent-events',
  env: { TICK_MS: String(TICK_MS) },
  checks: [
    get('/')
      .id('page')
      .title("GET / answers an HTML page whose script opens new EventSource('/events')")
      .expectStatus(200)
      .expectContentType('text/html')
      .expectThat("a <script> that opens new EventSource('/events')", (response) => {
        const html = response.body.toString('utf8')
        if (!/<script[\s>]/i.test(html)) return 'the page has no <script>'
        return PAGE_SCRIPT.test(html) ? null : "the page's script never calls new EventSource('/events')"
      }),

    flow('events-headers', 'GET /events answers 200 with Content-Type: text/event-stream and Cache-Control: no-cache', async (t) => {
      await withStreams(t, async (streams) => {
        const client = streams.open()
        await expectOpen(t, client)
        const type = client.headers['content-type']
        if (type === undefined) {
          return t.fail('GET /events: no Content-Type: an EventSource only reads a response marked text/event-stream', { expected: 'Content-Type: text/event-stream', actual: 'no Content-Type', exchange: client.exchange(), diagnosis: 'missing-content-type' })
        }
        if (type.split(';')[0]!.trim().toLowerCase() !== 'text/event-stream') {
          t.fail(`GET /events: Content-Type is ${type}: an EventSource refuses any stream not marked text/event-stream`, { expected: 'Content-Type: text/event-stream', actual: `Content-Type: ${type}`, exchange: client.exchange(), diagnosis: 'wrong-content-type' })
        }
        const cache = client.headers['cache-control']
        const directives = (cache ?? '').split(',').map((item) => item.trim().toLowerCase())
        if (!directives.includes('no-cache')) {
          t.fail(`GET /events: expected Cache-Control: no-cache, got ${cache ?? 'none'}: a cache between the server and the browser must not keep or replay the stream`, { expected: 'Cache-Control: no-cache', actual: cache === undefined ? 'no Cache-Control' : `Cache-Control: ${cache}`, exchange: client.exchange() })
        }
      })
    }),

    flow('headers-at-once', `the headers of GET /events arrive at once (within ${LIMIT_MS} ms), before the first event`, async (t) => {
      const copy = await t.start({ env: { TICK_MS: String(SLOW_TICK_MS) } })
      if (!copy.listening) t.fail(`a copy of the program started with TICK_MS=${SLOW_TICK_MS} never listened`)
      await withStreams(copy, async (streams) => {
        const client = streams.open()
        const arrived = await client.waitForHeaders(ALLOWED_MS)
        if (!arrived && !client.error) {
          t.fail(`GET /events, ticking every ${SLOW_TICK_MS} ms: no status and headers within ${ALLOWED_MS} ms (the limit is ${LIMIT_MS} ms). writeHead() only stores them until the first write: call res.flushHeaders() (or write a comment line) at once, so the browser knows the stream is open before the first event`, {
            expected: `the headers within ${LIMIT_MS} ms, before any event`,
            actual: `no headers within ${ALLOWED_MS} ms`,
            exchange: client.exchange(),
          })
        }
        await expectOpen(t, client, `GET /events (TICK_MS=${SLOW_TICK_MS})`)
      })
    }),

    flow('ticks', `one client gets tick events 1, 2, 3, one every TICK_MS (${TICK_MS} ms here), on a response that stays open`, async (t) => {
      await withStreams(t, async (streams) => {
        const client = streams.open()
        await expectOpen(t, client)
        const ticks = (await expectTicks(t, client, 3)).slice(0, 3)
        expectCounting(t, client, ticks, 1, 'GET /events')
        // Still open a tick later: the stream is one long response, not one answer per event.
        await client.until(() => client.over, TICK_MS + 20)
        if (client.endedAt !== null || client.error) {
          t.fail('GET /events: the response ended after the third tick: a stream stays open until the client leaves', { expected: 'the response still open', actual: client.describe(), exchange: client.exchange() })
        }
      })
    }),

    flow('ticks-per-client', 'each client counts from 1 on its own: a second client starts at 1 while the first goes on', async (t) => {
      await withStreams(t, async (streams) => {
        const first = streams.open()
        await expectOpen(t, first)
        await expectTicks(t, first, 2, 'the first client')
        const second = streams.open()
        await expectOpen(t, second, 'the second client')
        const secondTicks = (await expectTicks(t, second, 2, 'the second client')).slice(0, 2)
        const firstTicks = (await expectTicks(t, first, 4, 'the first client')).slice(0, 4)
        // A count shared by the whole server shows as a new client whose first tick is past 1.
        const startedLate = [['the first', firstTicks], ['the second', secondTicks]] as const
        const late = startedLate.find(([, ticks]) => /^\d+$/.test(ticks[0]!.lastEventId) && ticks[0]!.lastEventId !== '1')
        if (late) {
          t.fail(`${late[0]} client's first tick was ${describeTick(late[1][0]!)}: a new client starts at 1 and counts on its own. Keep the count inside the request handler, one per client, not one for the whole server`, {
            expected: 'the second client counts 1, 2, … on its own',
            actual: `first client: ${firstTicks.map((tick) => tick.lastEventId || '?').join(', ')}; second client: ${secondTicks.map((tick) => tick.lastEventId || '?').join(', ')}`,
            exchange: second.exchange(),
          })
        }
        expectCounting(t, first, firstTicks, 1, 'the first client')
        expectCounting(t, second, secondTicks, 1, 'the second client')
      })
    }),

    flow('reconnect', 'a client that reconnects with Last-Event-ID: k continues from k + 1', async (t) => {
      await withStreams(t, async (streams) => {
        const client = streams.open()
        await expectOpen(t, client)
        const seen = (await expectTicks(t, client, 2)).length
        const lastId = client.lastEventId
        if (!/^\d+$/.test(lastId)) {
          t.fail(`GET /events: after ${seen} ticks the last event id is ${lastId === '' ? 'empty (no `id:` lines)' : JSON.stringify(lastId)}: without ids a reconnecting EventSource cannot say where it stopped`, { expected: 'id: 1, id: 2, …', actual: client.describe(), exchange: client.exchange() })
        }
        // As the browser does after a drop: a new request that says which event it saw last.
        const again = streams.reconnect(client)
        const k = t.random.int(40, 900)
        const resumed = streams.open({ lastEventId: String(k) })
        const label = `GET /events with Last-Event-ID: ${lastId}`
        await expectOpen(t, again, label)
        expectCounting(t, again, (await expectTicks(t, again, 2, label)).slice(0, 2), Number(lastId) + 1, label)
        const otherLabel = `GET /events with Last-Event-ID: ${k}`
        await expectOpen(t, resumed, otherLabel)
        expectCounting(t, resumed, (await expectTicks(t, resumed, 1, otherLabel)).slice(0, 1), k + 1, otherLabel)
      })
    }),

    flow('broadcast', `POST /broadcast {"message": …} answers 202, and every connected client receives it within ${LIMIT_MS} ms`, async (t) => {
      await withStreams(t, async (streams) => {
        const clients = streams.openMany(3)
        await allTicking(t, clients)
        const message = messageFor(t)
        await sendBroadcast(t, message)
        await expectBroadcast(t, clients, message, performance.now(), 'POST /broadcast')
      })
    }),

    flow('leaver-forgotten', 'a client that disconnects is forgotten at once: its timer stops and nothing more is written to it', async (t) => {
      await withStreams(t, async (streams) => {
        const [leaver, stayer] = streams.openMany(2) as [EventStreamClient, EventStreamClient]
        await allTicking(t, [leaver, stayer])
        const mark = t.output.mark()
        leaver.close()
        // A few ticks, and a broadcast: neither may be written to the client that left.
        await sleep(Math.max(3 * TICK_MS, 100))
        // (The broadcast writes before it answers; the probe's report settles before judging.)
        await t.exchange(post('/broadcast').json({ message: messageFor(t) }))
        const written = (await t.mistakesSeen(mark)).find((mistake) => mistake.code === 'write-after-close')
        if (written) {
          t.fail(`after a client hung up, the server still wrote to it (${written.detail}): on the response's 'close' event, clear that client's timer and remove it from the broadcast list`, {
            expected: 'nothing written to a client once it has gone',
            actual: written.detail,
            diagnosis: 'write-after-close',
          })
        }
      })
    }),

    flow('broadcast-after-leave', 'a broadcast after a client left still reaches every client still connected', async (t) => {
      await withStreams(t, async (streams) => {
        const [leaver, ...stayers] = streams.openMany(3) as [EventStreamClient, ...EventStreamClient[]]
        await allTicking(t, [leaver, ...stayers])
        leaver.close()
        await sleep(Math.max(2 * TICK_MS, 60))
        const message = messageFor(t)
        await sendBroadcast(t, message)
        await expectBroadcast(t, stayers, message, performance.now(), 'POST /broadcast after a client left')
      })
    }),

    flow('many-clients', `${MANY_CLIENTS} clients at once each get their own ticks from 1, and a broadcast reaches all ${MANY_CLIENTS}`, async (t) => {
      await withStreams(t, async (streams) => {
        const clients = streams.openMany(MANY_CLIENTS)
        await Promise.all(clients.map((client) => client.waitForEvents('tick', 1, HEADERS_WAIT_MS + ticksWithin(1))))
        for (const [index, client] of clients.entries()) {
          const label = `client ${index + 1} of ${MANY_CLIENTS}`
          await expectOpen(t, client, label)
          expectCounting(t, client, (await expectTicks(t, client, 1, label)).slice(0, 1), 1, label)
        }
        const message = messageFor(t)
        await sendBroadcast(t, message)
        await expectBroadcast(t, clients, message, performance.now(), `POST /broadcast to ${MANY_CLIENTS} clients`)
      })
    }),
  ],
})
