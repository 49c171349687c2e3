// Proves the checks read an event stream exactly as a browser's EventSource does (WHATWG HTML,
// "Parsing an event stream" and "Interpreting an event stream"): every line ending, split
// anywhere between chunks, comments, fields in any order, data with or without the space,
// multi-line data, ids that persist, retry, and the cases where nothing is dispatched.
import { describe, expect, it } from 'vitest'
import { EventStreamParser, type StreamEvent } from '../src/dsl/event-stream-parser.ts'

/** Feeds `pieces` (strings or bytes) one after another; returns the events and the parser. */
function parse(pieces: (string | Uint8Array)[], lastEventId = '') {
  const events: StreamEvent[] = []
  const parser = new EventStreamParser((event) => events.push(event), lastEventId)
  for (const piece of pieces) parser.push(typeof piece === 'string' ? Buffer.from(piece) : piece)
  return { events, parser }
}

/** Every way of cutting `text` in two, as two TCP reads might. */
function everySplit(text: string): Buffer[][] {
  const bytes = Buffer.from(text)
  return Array.from({ length: bytes.length + 1 }, (_, at) => [bytes.subarray(0, at), bytes.subarray(at)])
}

const tick = (n: number): StreamEvent => ({ type: 'tick', data: `{"n":${n}}`, lastEventId: String(n) })

describe('reading an event stream as EventSource does', () => {
  it('reads the lesson\'s tick with LF, CRLF or CR line ends, cut anywhere', () => {
    for (const end of ['\n', '\r\n', '\r']) {
      const text = `id: 1${end}event: tick${end}data: {"n":1}${end}${end}`
      for (const pieces of everySplit(text)) expect(parse(pieces).events, JSON.stringify(pieces.map(String))).toEqual([tick(1)])
    }
  })

  it('takes the fields in any order, with or without the space after the colon', () => {
    const { events } = parse(['data:{"n":7}\nid:7\nevent:tick\n\n', 'event: tick\r\ndata: {"n":8}\r\nid: 8\r\n\r\n'])
    expect(events).toEqual([tick(7), tick(8)])
  })

  it('removes one space only, and keeps a colon inside the value', () => {
    expect(parse(['data:  two spaces\n\ndata: a: b\n\n']).events.map((e) => e.data)).toEqual([' two spaces', 'a: b'])
  })

  it('skips comments and unknown fields, and reads retry only when it is all digits', () => {
    const { events, parser } = parse([': hello\n:\nretry: 2500\nfoo: bar\nEvent: nope\ndata: x\n\nretry: soon\n\n'])
    expect(events).toEqual([{ type: 'message', data: 'x', lastEventId: '' }])
    expect(parser.comments).toBe(2)
    expect(parser.reconnectionTime).toBe(2500)
  })

  it('joins several data lines with line feeds, and a line without a colon is a field with no value', () => {
    const { events } = parse(['data: first\ndata\ndata: third\n\n'])
    expect(events).toEqual([{ type: 'message', data: 'first\n\nthird', lastEventId: '' }])
  })

  it('dispatches nothing for a block without data, but its id still counts', () => {
    const { events, parser } = parse(['id: 41\nevent: tick\n\n', 'data: after\n\n'])
    expect(events).toEqual([{ type: 'message', data: 'after', lastEventId: '41' }])
    expect(parser.lastEventId).toBe('41')
  })

  it('keeps the last event id from event to event until an id field changes it (and ignores one holding NUL)', () => {
    const { events } = parse(['id: 5\ndata: a\n\ndata: b\n\nid: 6\u0000\ndata: c\n\nid\ndata: d\n\n'])
    expect(events.map((e) => e.lastEventId)).toEqual(['5', '5', '5', ''])
  })

  it('starts from the id a reconnection sent', () => {
    expect(parse(['data: x\n\n'], '12').events[0]!.lastEventId).toBe('12')
  })

  it('names an event "message" when the event field is missing or empty', () => {
    expect(parse(['event:\ndata: x\n\ndata: y\n\n']).events.map((e) => e.type)).toEqual(['message', 'message'])
  })

  it('decodes UTF-8 split between chunks, and drops one leading BOM', () => {
    const text = '\uFEFFdata: {"message":"Zoë ✓ 🚀"}\n\n'
    for (const pieces of everySplit(text)) expect(parse(pieces).events.map((e) => e.data)).toEqual(['{"message":"Zoë ✓ 🚀"}'])
  })

  it('never dispatches an event the stream cut off before its blank line', () => {
    const { events, parser } = parse(['data: whole\n\ndata: cut'])
    parser.end()
    expect(events.map((e) => e.data)).toEqual(['whole'])
  })

  it('needs the blank line: a CR then an LF in the next chunk is one line end, not two', () => {
    expect(parse(['data: x\r', '\n']).events).toEqual([])
    expect(parse(['data: x\r', '\n\r', '\n']).events.map((e) => e.data)).toEqual(['x'])
  })
})
