/** What each diagnosis means and where to look, in the learner's terms. */
import type { DiagnosisCode } from '../dsl/diagnosis-codes.ts'

export const EXPLANATIONS: Record<DiagnosisCode, { name: string; explain: string }> = {
  'never-listened': {
    name: 'never listened',
    explain: 'The program never started listening: it stopped on an error before reaching server.listen() (fix the error shown above first), or it never calls server.listen(port).',
  },
  crashed: {
    name: 'crashed',
    explain: 'The program died while being checked. Read the error and the line it names; an exception thrown in a handler kills the whole server unless caught.',
  },
  'missing-end': {
    name: 'response never finished',
    explain: 'The request reached your handler, but the response was never finished. Every path through the handler must end with res.end(), or the client waits forever.',
  },
  'headers-after-body': {
    name: 'headers after the body',
    explain: 'A header or the status was set after the body had started. The status line and headers go out with the first res.write(): set them all before writing.',
  },
  'write-after-end': {
    name: 'wrote after end',
    explain: 'Something was written after res.end(), or the response was ended twice. Answer each request exactly once: return right after responding.',
  },
  'req-body-undefined': {
    name: 'req.body in plain Node',
    explain: 'Plain Node never fills req.body (that is Express middleware). Read the body from the request stream: collect its "data" chunks and use them on "end".',
  },
  'missing-content-type': {
    name: 'no Content-Type',
    explain: 'The response has a body but no Content-Type header, so clients have to guess what it is. Set the one that matches the body: text/plain for text, text/html for a page, application/json for JSON.',
  },
  'wrong-content-type': {
    name: 'wrong Content-Type',
    explain: 'The Content-Type does not match the body (JSON sent as text/html, say). Clients trust the header, not the bytes.',
  },
  'invalid-body-type': {
    name: 'not a string or Buffer',
    explain: 'res.write() and res.end() take a string or a Buffer. To send an object, send JSON.stringify(object) with Content-Type application/json.',
  },
  'split-multibyte': {
    name: 'a character split across chunks',
    explain: 'The body was decoded chunk by chunk, so a character whose bytes fell into two chunks was corrupted. Collect the Buffers and decode once: Buffer.concat(chunks).toString("utf8").',
  },
  'first-chunk-only': {
    name: 'only the first chunk',
    explain: 'Only the first "data" chunk was used, but large or slow bodies arrive in several. Collect every chunk and use the body on "end".',
  },
  'event-name-mismatch': {
    name: 'event name mismatch',
    explain: 'The name an event is emitted under and the name its listener waits for differ by a typo. Event names are plain strings that nothing checks: with one letter off, the listener is never called.',
  },
  'unhandled-error-event': {
    name: "'error' with no listener",
    explain: "An 'error' event was emitted with no 'error' listener, and EventEmitter throws in that case. Emit 'error' only for real errors, and listen for it where you emit it.",
  },
  'blocked-event-loop': {
    name: 'blocked event loop',
    explain: 'Synchronous work held the event loop, so no other request could be served meanwhile. Use asynchronous APIs (timers, fs/promises, streams) instead of busy loops or *Sync calls.',
  },
  'path-traversal': {
    name: 'path traversal',
    explain: 'A file outside the folder meant to be served was sent. Resolve the requested path and refuse any that ends up outside the folder.',
  },
  'buffered-whole-body': {
    name: 'held the whole body in memory',
    explain: 'A large body or file was read whole into memory before being sent on. Stream it instead: fs.createReadStream(file) or the request itself, joined to the response with stream.pipeline().',
  },
  'ignored-backpressure': {
    name: 'ignored backpressure',
    explain: "write() returned false and the writing went on, so data piled up in memory. When write() returns false, stop and wait for the 'drain' event before writing more (pipeline() does this for you).",
  },
  'write-after-close': {
    name: 'wrote after the client left',
    explain: "The client had gone, but a timer or a source kept writing to its response or socket. Listen for 'close' and stop what feeds it there: clear the timer, destroy the source (pipeline() does it for you).",
  },
}
