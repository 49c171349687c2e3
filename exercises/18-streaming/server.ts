// Lesson 18 — bodies as streams, end to end.
// Run `npm run check 18` to grade this file; `npm run lesson 18` explains the lesson.
import http from 'node:http'

function sendJson(res: http.ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(value))
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')

  if (req.method === 'POST' && url.pathname === '/upper') {
    // TODO: answer 200 text/plain with the body upper-cased, streamed: pipeline(req, <a Transform>,
    //       res, callback) from 'node:stream'. The Transform upper-cases each chunk as it passes.
    // TODO: a chunk can end in the middle of a character ('ë', '名', '🚀' take 2 to 4 bytes): decode
    //       inside the Transform with a StringDecoder from 'node:string_decoder', not chunk.toString().
    return sendJson(res, 501, { error: 'Not implemented yet' })
  }

  if (req.method === 'POST' && url.pathname === '/hash') {
    // TODO: answer {"bytes": <number>, "sha256": "<hex>"} for a body of any size (the checks send
    //       128 MiB): createHash('sha256') from 'node:crypto', then hash.update(chunk) for each chunk
    //       of `for await (const chunk of req)`. Never keep the chunks: no array, no Buffer.concat.
    return sendJson(res, 501, { error: 'Not implemented yet' })
  }

  if (req.method === 'GET' && url.pathname === '/numbers') {
    // TODO: read ?count=N (up to 5,000,000) and answer 200 text/plain with the lines 1 … N, each
    //       ending in "\n". Write them in batches with res.write(); when it returns false, stop
    //       and carry on in res.once('drain', …). Call res.end() after the last line.
    // TODO: a client may leave in the middle: stop writing when the response closes
    //       (res.on('close', …)).
    return sendJson(res, 501, { error: 'Not implemented yet' })
  }

  sendJson(res, 404, { error: 'Not found' })
})

server.listen(3000, () => {
  console.log('Listening on http://localhost:3000')
})
