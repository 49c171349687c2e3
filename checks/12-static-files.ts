/**
 * Lesson 12: serving a folder. Every file of public/ byte for byte with its Content-Type, a 404
 * for what is missing, nothing from outside public/, a 400 or 404 (never a crash) for a path no
 * file can have, HEAD like GET without a body, a large file streamed, and no file stream left
 * open by a client that hangs up mid-download. Setup adds seeded extra files (.txt, .svg, an
 * unknown extension, one of several MB, one of 64 MiB) to the program's own public/ folder and
 * removes them afterwards.
 */
import http from 'node:http'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { defineChecks, drawn, flow, get, head, request, mediaType, type HttpCheckContext, type Random } from '../src/dsl/index.ts'

/** Extra files are named with this prefix, so a run can clean up after an interrupted one. */
const PREFIX = 'wb-check-'
const LARGE_BYTES = 5 * 1024 * 1024
/**
 * The file a client hangs up on: larger than all the socket buffers between the checker and the
 * program can hold (a few MB each way on Linux), so that the program cannot have read it to the
 * end when the client leaves. Only its first bytes are written: the rest is a hole, which costs
 * no disk space where the file system supports sparse files.
 */
const HUGE_BYTES = 64 * 1024 * 1024
const HUGE_HEAD_BYTES = 256 * 1024
/** How long a stream may stay open after its client has gone: closing it takes a few ms. */
const STREAM_CLOSE_MS = 1000

/** The extra files' names, drawn for each run: setup returns them, checks read them as `t.setup`. */
type Extras = { txt: string; svg: string; unknown: string; large: string; huge: string }

const JS_TYPES = ['text/javascript', 'application/javascript']

function placeExtras(exerciseDir: string, random: Random): Extras {
  const dir = join(exerciseDir, 'public')
  mkdirSync(dir, { recursive: true })
  removeExtras(exerciseDir)
  const extras: Extras = {
    txt: `${PREFIX}${random.word()}.txt`,
    svg: `${PREFIX}${random.word()}.svg`,
    unknown: `${PREFIX}${random.word()}.${random.word()}`,
    large: `${PREFIX}${random.word()}.bin`,
    huge: `${PREFIX}${random.word()}-huge.bin`,
  }
  writeFileSync(join(dir, extras.txt), `Notes for ${random.name()}: café, 名前, 🚀\n`)
  const hue = random.int(0, 359)
  writeFileSync(join(dir, extras.svg), `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="hsl(${hue} 60% 50%)"/></svg>\n`)
  writeFileSync(join(dir, extras.unknown), random.bytes(3000))
  writeFileSync(join(dir, extras.large), random.bytes(LARGE_BYTES))
  writeFileSync(join(dir, extras.huge), random.bytes(HUGE_HEAD_BYTES))
  truncateSync(join(dir, extras.huge), HUGE_BYTES)
  return extras
}

function removeExtras(exerciseDir: string) {
  const dir = join(exerciseDir, 'public')
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir)) if (name.startsWith(PREFIX)) rmSync(join(dir, name), { force: true })
}

const publicFile = (t: HttpCheckContext, name: string) => readFileSync(join(t.exerciseDir, 'public', name))

/** The learner's own entry file, the one a traversal must never reveal. */
function entryFile(t: HttpCheckContext): { name: string; bytes: Buffer } {
  for (const name of ['server.ts', 'server.js', 'server.mjs', 'server.cjs', 'server.mts', 'server.cts']) {
    const file = join(t.exerciseDir, name)
    if (existsSync(file)) return { name, bytes: readFileSync(file) }
  }
  t.fail(`no server entry file in ${t.exerciseDir}`)
}

/** Sends a path that climbs out of public/ (raw, as written): refused, and none of the entry file in the answer. */
async function tryTraversal(t: HttpCheckContext, rawPath: (entry: string) => string) {
  const entry = entryFile(t)
  const start = entry.bytes.subarray(0, Math.min(64, entry.bytes.length))
  await t.send(
    request('GET', rawPath(entry.name))
      .expectThat(
        `none of ${entry.name}, a file outside public/`,
        (response) => (start.length > 0 && response.body.includes(start) ? `${entry.name} came back: anyone could read your source code` : null),
        'path-traversal',
      )
      .expectStatus(403, 404),
  )
}

/** What came back before the checker hung up: the status and the first bytes of the body. */
type CutShort = { status: number; firstBytes: Buffer } | { error: string }

/**
 * GETs `path` on a connection of its own and hangs up as soon as the first bytes of the body
 * arrive, as a closed browser tab does. Not recorded as an exchange: hanging up is the check's
 * doing, not an unanswered request.
 */
function hangUpMidDownload(t: HttpCheckContext, path: string): Promise<CutShort> {
  return new Promise((resolve) => {
    const req = http.get({ host: t.host, port: t.port, path, agent: false }, (res) => {
      const status = res.statusCode ?? 0
      res.once('data', (chunk: Buffer) => {
        resolve({ status, firstBytes: chunk })
        req.destroy()
      })
      res.once('end', () => resolve({ status, firstBytes: Buffer.alloc(0) }))
    })
    const timer = setTimeout(() => req.destroy(new Error('no answer within 2 s')), 2000)
    req.once('close', () => clearTimeout(timer))
    req.on('error', (error) => resolve({ error: error.message }))
  })
}

/** Sends a path no file can have; the program must refuse it (400 or 404) and stay up. */
async function refusesBadPath(t: HttpCheckContext, path: string, why: string) {
  const exchange = await t.exchange(request('GET', path))
  if (!exchange.response) {
    t.fail(`GET ${path} got no answer (${exchange.error?.message ?? 'no response'}): ${why}`, { expected: '400 or 404', actual: 'no answer', exchange })
  }
  if (![400, 404].includes(exchange.response.status)) {
    t.fail(`GET ${path} names no file (${why}) and should answer 400 or 404, got ${exchange.response.status}`, {
      expected: '400 or 404',
      actual: String(exchange.response.status),
      exchange,
    })
  }
}

export default defineChecks({
  lesson: 12,
  slug: 'static-files',
  setup({ exerciseDir, random }) {
    return { data: placeExtras(exerciseDir, random), teardown: () => removeExtras(exerciseDir) }
  },
  checks: [
    get('/').id('root-is-index').title('GET / serves public/index.html as text/html').expectStatus(200).expectContentType('text/html').expectBodyFile('public/index.html'),
    get('/index.html').id('index-html').title('GET /index.html serves the same page').expectStatus(200).expectContentType('text/html').expectBodyFile('public/index.html'),
    get('/style.css').id('css').title('GET /style.css serves the stylesheet as text/css').expectStatus(200).expectContentType('text/css').expectBodyFile('public/style.css'),
    get('/app.js').id('js').title('GET /app.js serves the script as JavaScript').expectStatus(200).expectContentType(...JS_TYPES).expectBodyFile('public/app.js'),
    get('/logo.png').id('png').title('GET /logo.png serves the image byte for byte as image/png').expectStatus(200).expectContentType('image/png').expectBodyFile('public/logo.png'),
    get('/data.json').id('json').title('GET /data.json serves the data as application/json').expectStatus(200).expectContentType('application/json').expectBodyFile('public/data.json'),
    drawn<Extras>('txt', 'a .txt file is served as text/plain', ({ setup: { txt } }) => get(`/${txt}`).expectStatus(200).expectContentType('text/plain').expectBodyFile(`public/${txt}`)),
    drawn<Extras>('svg', 'an .svg file is served as image/svg+xml', ({ setup: { svg } }) => get(`/${svg}`).expectStatus(200).expectContentType('image/svg+xml').expectBodyFile(`public/${svg}`)),
    drawn<Extras>('unknown-extension', 'a file with an unknown extension is served as application/octet-stream', ({ setup: { unknown } }) =>
      get(`/${unknown}`).expectStatus(200).expectContentType('application/octet-stream').expectBodyFile(`public/${unknown}`),
    ),
    drawn('missing-file', 'a file that does not exist answers 404', ({ random }) =>
      get(`/${random.pick([`${random.word()}.html`, `${random.word()}/${random.word()}.css`, `${random.word()}.png`])}`).expectStatus(404),
    ),

    flow('traversal-dot-dot', 'GET /../server.ts is refused (403 or 404) and reveals nothing', async (t) => {
      await tryTraversal(t, (entry) => `/../${entry}`)
    }),

    flow('traversal-encoded-dots', 'GET /%2e%2e/server.ts is refused (403 or 404) and reveals nothing', async (t) => {
      await tryTraversal(t, (entry) => `/%2e%2e/${entry}`)
    }),

    flow('traversal-encoded-slash', 'GET /..%2fserver.ts is refused (403 or 404) and reveals nothing', async (t) => {
      await tryTraversal(t, (entry) => `/..%2f${entry}`)
    }),

    flow('nul-byte', 'GET /%00 answers 400 or 404, without crashing', async (t) => {
      await refusesBadPath(t, '/%00', "%00 decodes to a NUL byte, which fs.stat and createReadStream refuse by throwing at once")
    }),

    flow('malformed-escape', 'GET /%E0%A4%A answers 400 or 404, without crashing', async (t) => {
      await refusesBadPath(t, '/%E0%A4%A', 'a cut-off %-escape, on which decodeURIComponent throws a URIError')
    }),

    flow('head-like-get', 'HEAD gives the same status and Content-Type as GET, with no body', async (t) => {
      for (const path of ['/style.css', '/logo.png', `/${t.random.word()}.html`]) {
        const viaGet = await t.exchange(get(path))
        const response = viaGet.response
        if (!response) return t.fail(`GET ${path} got no answer (${viaGet.error?.message ?? 'no response'})`, { exchange: viaGet })
        const status = response.status
        const type = mediaType(response)
        let check = head(path).expectStatus(status).expectEmptyBody()
        if (type && status === 200) check = check.expectContentType(type)
        await t.send(check)
      }
    }),

    drawn<Extras>('large-file', 'a file of several MB arrives whole and byte for byte', ({ setup: { large } }) =>
      get(`/${large}`).timeout(10_000).expectStatus(200).expectContentType('application/octet-stream').expectBodyFile(`public/${large}`),
    ),

    flow<Extras>('large-file-streamed', 'a large file is streamed, not read whole into memory first', async (t) => {
      const name = t.setup.large
      const mark = t.output.mark()
      await t.send(get(`/${name}`).timeout(10_000).expectStatus(200))
      // The probe reports any fs.readFile/readFileSync/promises.readFile that returned over 1 MB.
      const whole = (await t.largeFileReads(mark)).find((read) => read.path.endsWith(name))
      if (whole) {
        const where = whole.where ? ` at ${relative(t.exerciseDir, whole.where.file)}:${whole.where.line}` : ''
        t.fail(`${name} (${(whole.bytes / 1024 / 1024).toFixed(1)} MB) was read whole with fs.${whole.how}()${where} before it was sent; stream it: pipeline(fs.createReadStream(file), res, callback)`, {
          expected: 'the file sent as it is read (a read stream)',
          actual: `fs.${whole.how}()${where} loaded all ${whole.bytes} bytes into memory`,
          diagnosis: 'buffered-whole-body',
        })
      }
    }),

    flow<Extras>('client-leaves', 'a client that hangs up mid-download leaves no file stream open', async (t) => {
      const name = t.setup.huge
      const mark = t.output.mark()
      const got = await hangUpMidDownload(t, `/${name}`)
      if ('error' in got) return t.fail(`GET /${name} got no answer (${got.error})`, { expected: '200 and the file', actual: got.error })
      const head = publicFile(t, name).subarray(0, HUGE_HEAD_BYTES)
      if (got.status !== 200 || got.firstBytes.length === 0 || !got.firstBytes.equals(head.subarray(0, got.firstBytes.length))) {
        t.fail(`GET /${name} should start sending the file (200 and its bytes) before the client hangs up`, {
          expected: `200 and the first bytes of public/${name}`,
          actual: got.status === 200 ? 'other bytes' : String(got.status),
        })
      }
      // Closing takes a few ms once the program notices the client has gone: ask until then.
      const deadline = Date.now() + STREAM_CLOSE_MS
      let open = (await t.fileStreams(mark)).filter((stream) => stream.open && stream.path.endsWith(name))
      while (open.length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        open = (await t.fileStreams(mark)).filter((stream) => stream.open && stream.path.endsWith(name))
      }
      const left = open[0]
      if (left) {
        const where = left.where ? ` (opened at ${relative(t.exerciseDir, left.where.file)}:${left.where.line})` : ''
        t.fail(`the client hung up mid-download of ${name}, and the file stream${where} was still open ${STREAM_CLOSE_MS / 1000} s later: pipe() stops when the response closes but leaves the file open. Use pipeline(stream, res, callback), or destroy the stream on res 'close'`, {
          expected: 'the file stream closed once the client has gone',
          actual: 'still open, holding its file descriptor',
        })
      }
    }),
  ],
})
