/**
 * Lesson 19: a line protocol on `net.createServer`, and HTTP answered by hand. Every check talks
 * over raw TCP (`tcp()`), except those that ask Node's http client and curl whether they accept
 * the hand-written HTTP answer. Timings are judged against what the program did (ticks spaced
 * out rather than sent at once), never against the clock of a busy machine.
 */
import { execFile } from 'node:child_process'
import { defineChecks, flow, get, tcp, type HttpCheckContext, type TcpTranscript } from '../src/dsl/index.ts'

/** The contract's tick interval. */
const TICK_MS = 100
/** Two ticks and a little: a timer that was never stopped writes twice meanwhile. */
const SOME_TICKS_MS = 2 * TICK_MS + 20
const TICK = /^TICK \d+$/
/**
 * Between two pieces of a line: long enough that a busy program still reads them one by one
 * (a line split in pieces that arrive together is not split at all), short enough to stay fast.
 */
const PIECE_GAP_MS = 40
const COMMANDS = new Set(['PING', 'ECHO', 'TIME', 'QUIT', 'WATCH', 'STOP'])

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Several conversations at once: all are let finish (none left running), then the first failure counts. */
async function together<T>(talks: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(talks)
  const failed = settled.find((outcome) => outcome.status === 'rejected')
  if (failed) throw failed.reason
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<T>).value)
}

/** A short text to echo, drawn for this run: `mavo tesik`. */
const phrase = (t: HttpCheckContext) => `${t.random.word()} ${t.random.word()}`

/** A word in capitals that is no command. */
function unknownCommand(t: HttpCheckContext): string {
  const word = t.random.word().toUpperCase()
  return COMMANDS.has(word) ? `${word}X` : word
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
/** An ISO 8601 date and time (`2025-03-01T09:30:00.000Z`), within a minute of the checker's clock. */
function isCurrentTime(line: string): string | null {
  if (!ISO_8601.test(line)) return `got ${JSON.stringify(line)}, which is not an ISO 8601 date and time (new Date().toISOString() gives one)`
  const offBy = Math.abs(Date.parse(line) - Date.now())
  return offBy <= 60_000 ? null : `got ${JSON.stringify(line)}, ${Math.round(offBy / 1000)} s away from the current time`
}

/**
 * More ticks than the time allows: a program ticking every 100 ms cannot have sent more than one
 * per 100 ms since WATCH went out (plus one for a timer's rounding), however late the checker
 * read them. Ticks written in a burst, or every 0.1 ms (`setInterval(fn, 0.1)`: milliseconds
 * taken for seconds), break it at once.
 */
function tooManyTicks(conversation: TcpTranscript): string | null {
  const watchSent = conversation.entries.find((entry) => entry.kind === 'sent' && entry.text === JSON.stringify('WATCH\n'))?.atMs ?? 0
  const ticks = conversation.lines.filter((line) => TICK.test(line)).length
  const lastArrival = conversation.lineTimes.at(-1) ?? watchSent
  const allowed = Math.floor((lastArrival - watchSent) / TICK_MS) + 1
  return ticks <= allowed ? null : `${ticks} TICK lines came within ${lastArrival - watchSent} ms of WATCH, where one every 100 ms allows ${allowed}`
}

// ── HTTP by hand ──

type HttpAnswer = { statusLine: string; headers: Map<string, string>; body: Buffer }

/** Reads a complete HTTP/1.1 answer from raw bytes, or says what is wrong with it. */
function parseHttpAnswer(received: Buffer): HttpAnswer | string {
  if (!received.length) return 'nothing came back'
  const headEnd = received.indexOf('\r\n\r\n')
  if (headEnd === -1) {
    const lfOnly = received.includes('\n\n')
    return lfOnly
      ? 'the head ends with "\\n\\n": every line of an HTTP head ends with "\\r\\n", and an empty line "\\r\\n" ends the head'
      : `no empty line ("\\r\\n\\r\\n") ends the head; received ${JSON.stringify(received.toString('utf8').slice(0, 200))}`
  }
  const [statusLine = '', ...headerLines] = received.subarray(0, headEnd).toString('latin1').split('\r\n')
  const headers = new Map<string, string>()
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    if (colon <= 0) return `the head holds the line ${JSON.stringify(line)}, which is no "Name: value" header`
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return { statusLine, headers, body: received.subarray(headEnd + 4) }
}

/** The contract's answer, judged byte by byte: status line, headers, a Content-Length in bytes, the body. */
function judgeHttpAnswer(conversation: TcpTranscript, expectedBody: string): string | null {
  const answer = parseHttpAnswer(conversation.received)
  if (typeof answer === 'string') return answer
  if (answer.statusLine !== 'HTTP/1.1 200 OK') return `the status line was ${JSON.stringify(answer.statusLine)}, not "HTTP/1.1 200 OK"`
  const type = answer.headers.get('content-type')
  if (type?.split(';')[0]?.trim().toLowerCase() !== 'text/plain') return type === undefined ? 'there was no Content-Type header' : `Content-Type was ${JSON.stringify(type)}, not text/plain`
  const length = answer.headers.get('content-length')
  if (length === undefined) return 'there was no Content-Length header'
  const bytes = answer.body.length
  if (Number(length) !== bytes) {
    const characters = [...answer.body.toString('utf8')].length
    const why = Number(length) === characters && characters !== bytes ? ': it counts characters, but Content-Length counts bytes (Buffer.byteLength)' : ''
    return `Content-Length said ${length}, but ${bytes} bytes of body followed${why}`
  }
  if (answer.headers.get('connection')?.toLowerCase() !== 'close') return `the Connection header was ${JSON.stringify(answer.headers.get('connection') ?? 'missing')}, not "close"`
  const body = answer.body.toString('utf8')
  if (body !== expectedBody) return `the body was ${JSON.stringify(body)}, not ${JSON.stringify(expectedBody)}`
  return null
}

const STATUS_LINE = 'HTTP/1.1 200 OK'

/** A whole request, as curl would send it, in one packet. */
const rawRequest = (path: string) => `GET ${path} HTTP/1.1\r\nHost: localhost:3000\r\nUser-Agent: workbook\r\nAccept: */*\r\n\r\n`

type CurlRun = { code: number | null; stdout: Buffer; stderr: string } | 'missing'

function runCurl(url: string): Promise<CurlRun> {
  return new Promise((resolve) => {
    // -q: no ~/.curlrc; --noproxy: straight to the program; --max-time: never hang.
    execFile('curl', ['-q', '-sS', '-i', '--http1.1', '--noproxy', '*', '--max-time', '3', url], { encoding: 'buffer', timeout: 5000 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return resolve('missing')
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : null) : 0
      resolve({ code, stdout, stderr: stderr.toString('utf8').trim() })
    })
  })
}

export default defineChecks({
  lesson: 19,
  slug: 'raw-sockets',
  checks: [
    tcp().id('ping').title('PING → PONG').line('PING').expectLine('PONG'),

    flow('echo', 'ECHO <text> → <text>', async (t) => {
      const [first, second] = [phrase(t), phrase(t)]
      await t.talk(tcp().line(`ECHO ${first}`).expectLine(first).line(`ECHO ${second}`).expectLine(second))
    }),

    tcp().id('time').title('TIME → the current time as an ISO 8601 string').line('TIME').expectLineThat('the current time in ISO 8601 (2025-03-01T09:30:00.000Z)', isCurrentTime),

    flow('unknown-command', 'anything else → ERR unknown command, and the connection stays open', async (t) => {
      await t.talk(
        tcp()
          .line(unknownCommand(t))
          .expectLine('ERR unknown command')
          .line(`${unknownCommand(t)} ${t.random.word()}`)
          .expectLine('ERR unknown command')
          .line('PING')
          .expectLine('PONG'),
      )
    }),

    tcp().id('quit').title('QUIT → BYE, then the server ends the connection').line('PING').expectLine('PONG').line('QUIT').expectLine('BYE').expectEnd(),

    tcp()
      .id('crlf')
      .title('lines ended by \\r\\n are understood too')
      .line('PING', '\r\n')
      .expectLine('PONG')
      .line('TIME', '\r\n')
      .expectLineThat('the current time in ISO 8601', isCurrentTime)
      .line('QUIT', '\r\n')
      .expectLine('BYE')
      .expectEnd(),

    flow('split-lines', 'a line split over several packets is answered once, when it is complete', async (t) => {
      const text = phrase(t)
      await t.talk(
        tcp()
          .inPieces(['PI', 'NG\n'], PIECE_GAP_MS)
          .expectLine('PONG')
          .split(`ECHO ${text}\n`, { at: [2, 7], delayMs: PIECE_GAP_MS })
          .expectLine(text)
          .inPieces(['PING\r', '\n'], PIECE_GAP_MS)
          .expectLine('PONG'),
      )
    }),

    flow('joined-lines', 'several lines in one packet are each answered once, in order', async (t) => {
      const [first, second] = [phrase(t), phrase(t)]
      await t.talk(
        tcp()
          .lines(['PING', `ECHO ${first}`, unknownCommand(t), `ECHO ${second}`])
          .expectLine('PONG')
          .expectLine(first)
          .expectLine('ERR unknown command')
          .expectLine(second)
          // a packet that ends in the middle of a line: the rest comes in the next one
          .send('PING\nECH')
          .expectLine('PONG')
          .send(`O ${first}\nPING\n`)
          .expectLine(first)
          .expectLine('PONG')
          .expectSilence(TICK_MS / 2, 'each line is answered once'),
      )
    }),

    flow('split-characters', 'characters cut between two packets come back intact (ECHO zoë 名前 🚀)', async (t) => {
      const text = `${t.random.pick(['zoë', 'søren', 'élodie'])} 名前 🚀 ${t.random.word()}`
      await t.talk(tcp().split(`ECHO ${text}\n`, { delayMs: PIECE_GAP_MS }).expectLine(text))
    }),

    flow('watch-ticks', 'WATCH → WATCHING, then TICK 1, TICK 2, TICK 3 unprompted, spaced out (every 100 ms)', async (t) => {
      await t.talk(
        tcp()
          .line('WATCH')
          .expectLine('WATCHING')
          .expectLine('TICK 1')
          .expectLine('TICK 2')
          .expectReceived('the ticks spaced out, one every 100 ms (not all at once)', tooManyTicks)
          .line('STOP')
          .expectLine('STOPPED', { skip: TICK }),
      )
    }),

    flow('watch-and-commands', 'while ticking, other commands are still answered', async (t) => {
      const text = phrase(t)
      await t.talk(
        tcp()
          .line('WATCH')
          .expectLine('WATCHING')
          .line('PING')
          .expectLine('PONG', { skip: TICK })
          .line(`ECHO ${text}`)
          .expectLine(text, { skip: TICK })
          .expectLine(TICK) // and the ticks go on
          .line('STOP')
          .expectLine('STOPPED', { skip: TICK }),
      )
    }),

    tcp()
      .id('watch-stop')
      .title('STOP → STOPPED, and no TICK after it')
      .line('WATCH')
      .expectLine('WATCHING')
      .line('STOP')
      .expectLine('STOPPED', { skip: TICK })
      .expectSilence(SOME_TICKS_MS, 'the ticks stopped')
      .line('PING')
      .expectLine('PONG'),

    flow('clients-leave', 'watchers that leave (a goodbye, a reset) stop their ticks, and no client ever crashes the server', async (t) => {
      const mark = t.output.mark()
      // Three clients at once: one ends politely ('end', then 'close'), one resets the connection
      // ('error' ECONNRESET, then 'close', no 'end'), one vanishes in the middle of a line.
      const [, abrupt] = await together([
        t.talk(tcp().line('WATCH').expectLine('WATCHING').disconnect()),
        t.talk(tcp().line('WATCH').expectLine('WATCHING').disconnectAbruptly()),
        t.talk(tcp().send('ECHO half a li').pause(10).disconnectAbruptly()),
      ])
      await sleep(SOME_TICKS_MS) // a timer left running writes twice meanwhile
      try {
        await t.talk(tcp().line('PING').expectLine('PONG'))
      } catch (error) {
        if (t.listening) throw error
        t.fail("the program died after clients dropped their connections (a reset makes the socket emit 'error': with no listener, it is thrown)", {
          expected: 'the server goes on serving other clients',
          actual: 'the program exited',
          conversation: abrupt,
        })
      }
      const seen = (await t.mistakesSeen(mark)).find((mistake) => mistake.code === 'write-after-close')
      if (seen) {
        // Shown: the reset, which only 'close' (not 'end') hears; the polite client left at the same time.
        t.fail('two watchers left (one ended the connection, one reset it), but the ticks went on: the program kept writing to a socket whose client had gone', {
          diagnosis: 'write-after-close',
          expected: "the ticks stop however the client leaves (clear the timer on the socket's 'close', which always comes)",
          actual: 'TICK lines written to a closed socket',
          conversation: abrupt,
        })
      }
    }),

    flow('many-clients', 'many clients at once, each answered on its own connection', async (t) => {
      const texts = Array.from({ length: 6 }, (_, i) => `client ${i + 1} ${t.random.word()}`)
      // Every client sends its line in pieces at the same moments, so the pieces interleave.
      await together(texts.map((text) => t.talk(tcp().split(`ECHO ${text}\n`, { at: [3, 9], delayMs: 30 }).expectLine(text).line('PING').expectLine('PONG'))))
    }),

    flow('clients-independent', 'one client watching sends its ticks to that client only', async (t) => {
      const watcher = tcp()
        .line('WATCH')
        .expectLine('WATCHING')
        .expectLine('TICK 1')
        .pause(TICK_MS / 2)
        .line('STOP')
        .expectLine('STOPPED', { skip: TICK })
      // connected after the watcher, listening while its first tick goes out
      const other = tcp()
        .pause(TICK_MS / 4)
        .line('PING')
        .expectLine('PONG')
        .expectSilence(1.5 * TICK_MS, "another client's ticks are not this one's")
      await together([t.talk(watcher), t.talk(other)])
    }),

    flow('http-by-hand', 'an HTTP request line gets a valid HTTP/1.1 answer, then the connection ends', async (t) => {
      const path = `/${t.random.word()}?page=${t.random.int(2, 99)}`
      await t.talk(
        tcp()
          .send(rawRequest(path))
          .expectLine(STATUS_LINE)
          .expectEnd()
          .expectReceived('HTTP/1.1 200 OK, Content-Type text/plain, Content-Length in bytes, Connection: close, the body', (conversation) =>
            judgeHttpAnswer(conversation, `You asked for GET ${path}`),
          ),
      )
    }),

    flow('http-headers-in-pieces', 'a request whose headers arrive in pieces is answered after the empty line, once', async (t) => {
      const path = `/${t.random.word()}/${t.random.word()}`
      const request = rawRequest(path)
      // Cut inside the target, after the request line's \r, inside a header name, and between the
      // \r and \n of the last header; the empty line that ends the head comes last, on its own.
      const edges = [0, 5, request.indexOf('\r\n') + 1, request.indexOf('Host') + 2, request.indexOf('\r\n\r\n') + 1, request.length - 2]
      const pieces = edges.slice(1).map((end, i) => request.slice(edges[i], end))
      await t.talk(
        tcp()
          .inPieces(pieces, 20)
          .expectSilence(TICK_MS / 2, 'no answer before the empty line that ends the head, and none to each header line')
          .send('\r\n')
          .expectLine(STATUS_LINE)
          .expectEnd()
          .expectReceived('HTTP/1.1 200 OK with the body and a correct Content-Length', (conversation) => judgeHttpAnswer(conversation, `You asked for GET ${path}`)),
      )
    }),

    flow('http-get', "Node's http.get accepts the answer (status, Content-Type, body, Connection: close)", async (t) => {
      const path = `/${t.random.word()}?q=${t.random.int(1, 999)}`
      await t.send(
        get(path)
          .freshConnection()
          .expectStatus(200)
          .expectContentType('text/plain')
          .expectHeader('connection', /^close$/i)
          .expectBody(`You asked for GET ${path}`),
      )
    }),

    flow('http-cafe', 'GET /cafe answers "café ☕" with a Content-Length that counts bytes (9), not characters', async (t) => {
      await t.talk(
        tcp()
          .send(rawRequest('/cafe'))
          .expectLine(STATUS_LINE)
          .expectEnd()
          .expectReceived('the body "café ☕" with Content-Length: 9', (conversation) => judgeHttpAnswer(conversation, 'café ☕')),
      )
      await t.send(get('/cafe').freshConnection().expectStatus(200).expectContentType('text/plain').expectBody('café ☕'))
    }),

    flow('curl', 'curl accepts the answer too (run when curl is installed)', async (t) => {
      const host = t.host.includes(':') ? `[${t.host}]` : t.host
      const paths = [`/${t.random.word()}`, '/cafe']
      const runs = await Promise.all(paths.map((path) => runCurl(`http://${host}:${t.port}${path}`)))
      for (const [index, run] of runs.entries()) {
        if (run === 'missing') return t.skip('curl is not installed on this machine, so it was not tried (http.get was)')
        const path = paths[index]!
        const expected = path === '/cafe' ? 'café ☕' : `You asked for GET ${path}`
        const headEnd = run.stdout.indexOf('\r\n\r\n')
        const statusLine = run.stdout.subarray(0, run.stdout.indexOf('\r\n')).toString('latin1')
        const body = headEnd === -1 ? '' : run.stdout.subarray(headEnd + 4).toString('utf8')
        const wrong =
          run.code !== 0
            ? `curl failed (exit code ${run.code}): ${run.stderr || 'no message'}`
            : !/^HTTP\/1\.1 200\b/.test(statusLine)
              ? `curl read the status line ${JSON.stringify(statusLine)}`
              : body !== expected
                ? `curl read the body ${JSON.stringify(body)}`
                : null
        if (wrong) {
          const exchange = await t.exchange(get(path).freshConnection())
          t.fail(`curl ${path}: ${wrong}`, { expected: `status 200 and the body ${JSON.stringify(expected)}`, actual: wrong, exchange })
        }
      }
    }),
  ],
})
