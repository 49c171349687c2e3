/**
 * Lesson 12: serving a folder. Every file of public/ byte for byte with its Content-Type, a 404
 * for what is missing, nothing from outside public/, HEAD like GET without a body, and a large
 * file whole. Setup adds seeded extra files (.txt, .svg, an unknown extension, several MB) to the
 * program's own public/ folder and removes them afterwards.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { defineChecks, flow, get, head, request, mediaType, type HttpCheckContext } from '../src/dsl/index.ts'
import type { Random } from '../src/dsl/random.ts'

/** Extra files are named with this prefix, so a run can clean up after an interrupted one. */
const PREFIX = 'wb-check-'
const LARGE_BYTES = 5 * 1024 * 1024

type Extras = { txt: string; svg: string; unknown: string; large: string }
/** Keyed by exercise folder: several programs may be graded at once in one process. */
const extrasByDir = new Map<string, Extras>()

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
  }
  writeFileSync(join(dir, extras.txt), `Notes for ${random.name()}: café, 名前, 🚀\n`)
  const hue = random.int(0, 359)
  writeFileSync(join(dir, extras.svg), `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="hsl(${hue} 60% 50%)"/></svg>\n`)
  writeFileSync(join(dir, extras.unknown), seededBytes(random.int(1, 2 ** 30), 3000))
  writeFileSync(join(dir, extras.large), seededBytes(random.int(1, 2 ** 30), LARGE_BYTES))
  extrasByDir.set(exerciseDir, extras)
  return extras
}

function removeExtras(exerciseDir: string) {
  const dir = join(exerciseDir, 'public')
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir)) if (name.startsWith(PREFIX)) rmSync(join(dir, name), { force: true })
}

/** Bytes from a small xorshift generator: the same seed gives the same file. */
function seededBytes(seed: number, length: number): Buffer {
  const words = new Uint32Array(Math.ceil(length / 4))
  let x = seed >>> 0 || 1
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    words[i] = x
  }
  return Buffer.from(words.buffer, 0, length)
}

const publicFile = (t: HttpCheckContext, name: string) => readFileSync(join(t.exerciseDir, 'public', name))

function extras(t: HttpCheckContext): Extras {
  const found = extrasByDir.get(t.exerciseDir)
  if (!found) t.fail('the extra test files were not placed in public/ (setup did not run)')
  return found
}

/** The learner's own entry file, the one a traversal must never reveal. */
function entryFile(t: HttpCheckContext): { name: string; bytes: Buffer } {
  for (const name of ['server.ts', 'server.js', 'server.mjs', 'server.cjs', 'server.mts', 'server.cts']) {
    const file = join(t.exerciseDir, name)
    if (existsSync(file)) return { name, bytes: readFileSync(file) }
  }
  t.fail(`no server entry file in ${t.exerciseDir}`)
}

/** Sends a path that climbs out of public/ (raw, as written) and fails if any of the file comes back. */
async function tryTraversal(t: HttpCheckContext, rawPath: (entry: string) => string) {
  const entry = entryFile(t)
  const path = rawPath(entry.name)
  const exchange = await t.exchange(request('GET', path))
  if (!exchange.response) t.fail(`GET ${path} got no answer (${exchange.error?.message ?? 'no response'})`, { exchange })
  const body = exchange.response.body
  const head = entry.bytes.subarray(0, Math.min(64, entry.bytes.length))
  if (body.length > 0 && head.length > 0 && body.includes(head)) {
    t.fail(`GET ${path} served ${entry.name}, a file outside public/: anyone could read your source code`, {
      diagnosis: 'path-traversal',
      expected: '403 or 404, and none of the file',
      actual: `${exchange.response.status} with the content of ${entry.name}`,
      exchange,
    })
  }
  if (![403, 404].includes(exchange.response.status)) {
    t.fail(`GET ${path} escapes public/ and should be refused with 403 or 404, got ${exchange.response.status}`, {
      expected: '403 or 404',
      actual: String(exchange.response.status),
      exchange,
    })
  }
}

export default defineChecks({
  lesson: 12,
  slug: 'static-files',
  setup({ exerciseDir, random }) {
    placeExtras(exerciseDir, random)
    return {
      teardown() {
        removeExtras(exerciseDir)
        extrasByDir.delete(exerciseDir)
      },
    }
  },
  checks: [
    flow('root-is-index', 'GET / serves public/index.html as text/html', async (t) => {
      await t.send(get('/').expectStatus(200).expectContentType('text/html').expectBodyBytes(publicFile(t, 'index.html'), 'public/index.html'))
    }),

    flow('index-html', 'GET /index.html serves the same page', async (t) => {
      await t.send(get('/index.html').expectStatus(200).expectContentType('text/html').expectBodyBytes(publicFile(t, 'index.html'), 'public/index.html'))
    }),

    flow('css', 'GET /style.css serves the stylesheet as text/css', async (t) => {
      await t.send(get('/style.css').expectStatus(200).expectContentType('text/css').expectBodyBytes(publicFile(t, 'style.css'), 'public/style.css'))
    }),

    flow('js', 'GET /app.js serves the script as JavaScript', async (t) => {
      await t.send(get('/app.js').expectStatus(200).expectContentType(...JS_TYPES).expectBodyBytes(publicFile(t, 'app.js'), 'public/app.js'))
    }),

    flow('png', 'GET /logo.png serves the image byte for byte as image/png', async (t) => {
      await t.send(get('/logo.png').expectStatus(200).expectContentType('image/png').expectBodyBytes(publicFile(t, 'logo.png'), 'public/logo.png'))
    }),

    flow('json', 'GET /data.json serves the data as application/json', async (t) => {
      await t.send(get('/data.json').expectStatus(200).expectContentType('application/json').expectBodyBytes(publicFile(t, 'data.json'), 'public/data.json'))
    }),

    flow('txt', 'a .txt file is served as text/plain', async (t) => {
      const name = extras(t).txt
      await t.send(get(`/${name}`).expectStatus(200).expectContentType('text/plain').expectBodyBytes(publicFile(t, name), `public/${name}`))
    }),

    flow('svg', 'an .svg file is served as image/svg+xml', async (t) => {
      const name = extras(t).svg
      await t.send(get(`/${name}`).expectStatus(200).expectContentType('image/svg+xml').expectBodyBytes(publicFile(t, name), `public/${name}`))
    }),

    flow('unknown-extension', 'a file with an unknown extension is served as application/octet-stream', async (t) => {
      const name = extras(t).unknown
      await t.send(get(`/${name}`).expectStatus(200).expectContentType('application/octet-stream').expectBodyBytes(publicFile(t, name), `public/${name}`))
    }),

    flow('missing-file', 'a file that does not exist answers 404', async (t) => {
      const name = t.random.pick([`${t.random.word()}.html`, `${t.random.word()}/${t.random.word()}.css`, `${t.random.word()}.png`])
      await t.send(get(`/${name}`).expectStatus(404))
    }),

    flow('traversal-dot-dot', 'GET /../server.ts is refused (403 or 404) and reveals nothing', async (t) => {
      await tryTraversal(t, (entry) => `/../${entry}`)
    }),

    flow('traversal-encoded-dots', 'GET /%2e%2e/server.ts is refused (403 or 404) and reveals nothing', async (t) => {
      await tryTraversal(t, (entry) => `/%2e%2e/${entry}`)
    }),

    flow('traversal-encoded-slash', 'GET /..%2fserver.ts is refused (403 or 404) and reveals nothing', async (t) => {
      await tryTraversal(t, (entry) => `/..%2f${entry}`)
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

    flow('large-file', 'a file of several MB arrives whole and byte for byte', async (t) => {
      const name = extras(t).large
      await t.send(
        get(`/${name}`).timeout(10_000).expectStatus(200).expectContentType('application/octet-stream').expectBodyBytes(publicFile(t, name), `public/${name}`),
      )
    }),

    flow('large-file-streamed', 'a large file is streamed, not read whole into memory first', async (t) => {
      const name = extras(t).large
      const mark = t.output.mark()
      await t.send(get(`/${name}`).timeout(10_000).expectStatus(200))
      // The probe reports any fs.readFile/readFileSync/promises.readFile that returned over 1 MB.
      const whole = (await t.largeFileReads(mark)).find((read) => read.path.endsWith(name))
      if (whole) {
        const where = whole.where ? ` (${relative(t.exerciseDir, whole.where.file)}:${whole.where.line})` : ''
        t.fail(`${name} (${(whole.bytes / 1024 / 1024).toFixed(1)} MB) was read whole with ${whole.how}()${where} before it was sent; stream it with fs.createReadStream(file).pipe(res)`, {
          expected: 'the file sent as it is read (a read stream)',
          actual: `fs.${whole.how}() loaded all ${whole.bytes} bytes into memory`,
        })
      }
    }),
  ],
})
