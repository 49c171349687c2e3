// Lesson 17 — reference solution: a server built on our own mini framework.
import { createApp, type Handler, type Next, type Request, type Response } from './app.ts'

const app = createApp()

// Logging: one line per request, then hand over to whatever comes next.
app.use((req, res, next) => {
  const started = performance.now()
  res.on('finish', () => console.log(`${req.method} ${req.url} ${res.statusCode} ${Math.round(performance.now() - started)}ms`))
  next()
})

// Body parsing, the job express.json() does: read the stream, decode once, parse, set req.body.
const jsonBody: Handler = (req, res, next) => {
  if (req.method !== 'POST' && req.method !== 'PUT') return next()
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8')
    try {
      req.body = text ? JSON.parse(text) : undefined
    } catch {
      return res.status(400).json({ error: 'Invalid JSON' })
    }
    next()
  })
}
app.use(jsonBody)

app.get('/hello/:name', (req, res) => {
  res.json({ hello: req.params.name })
})

app.post('/echo', (req, res) => {
  res.json(req.body ?? null)
})

app.get('/fail', () => {
  throw new Error('This route fails on purpose')
})

// Registered last, with four parameters: errors thrown above land here.
app.use((error: unknown, req: Request, res: Response, _next: Next) => {
  console.error(`${req.method} ${req.url} failed:`, error instanceof Error ? error.message : error)
  res.status(500).json({ error: 'Internal Server Error' })
})

app.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
