// Lesson 17 — a server built on your mini framework (app.ts).
import { createApp } from './app.ts'

const app = createApp()

// TODO: a logging middleware: print a line with req.method and req.url, then call next()

// TODO: a body-parsing middleware for POST: read the stream (collect the Buffers, decode once),
//       JSON.parse it into req.body, then call next()

app.get('/hello/:name', (req, res) => {
  res.json({ hello: req.params.name })
})

// TODO: POST /echo → the JSON body, sent back with res.json()

app.get('/fail', () => {
  throw new Error('This route fails on purpose')
})

// TODO: an error handler (4 parameters, registered last) that answers 500 with res.status(500).json(...)

app.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
