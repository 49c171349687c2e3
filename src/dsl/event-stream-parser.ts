/**
 * Reads a `text/event-stream` body exactly as a browser's `EventSource` does (the WHATWG HTML
 * standard, "Parsing an event stream" and "Interpreting an event stream"): UTF-8 with one leading
 * BOM dropped; lines ended by CRLF, LF or a lone CR (a CRLF may be split between two chunks);
 * `:` starts a comment; `field: value` with one optional space after the colon; a line with no
 * colon is a field with an empty value; field names are case-sensitive and unknown ones are
 * ignored; a blank line dispatches the event, unless its data is empty. The last event ID
 * persists from event to event (and across reconnections) until an `id` field changes it; an
 * event cut off by the end of the stream is never dispatched.
 */

/** One dispatched event, as a `MessageEvent` would carry it. */
export type StreamEvent = {
  /** `message` unless an `event` field named another type. */
  type: string
  /** The `data` lines joined with `\n`. */
  data: string
  /** The stream's last event ID string when this event was dispatched. */
  lastEventId: string
}

const LF = 0x0a
const CR = 0x0d

export class EventStreamParser {
  /** The last event ID string: what a reconnection sends as `Last-Event-ID` (when not empty). */
  lastEventId: string
  /** The reconnection time a `retry` field set, in ms; null until one did. */
  reconnectionTime: number | null = null
  /** Comment lines seen (without their colon), e.g. heartbeats. */
  comments = 0

  private readonly decoder = new TextDecoder('utf-8')
  private line = ''
  /** The previous chunk ended with CR: an LF starting the next one belongs to it. */
  private afterCR = false
  private data = ''
  private eventType = ''
  private idBuffer: string
  private readonly onEvent: (event: StreamEvent) => void

  constructor(onEvent: (event: StreamEvent) => void, lastEventId = '') {
    this.onEvent = onEvent
    this.lastEventId = lastEventId
    this.idBuffer = lastEventId
  }

  /** Feeds bytes as they arrive; dispatches every event they complete. */
  push(bytes: Uint8Array): void {
    this.feed(this.decoder.decode(bytes, { stream: true }))
  }

  /** The stream ended: a pending line or event is discarded, as the standard says. */
  end(): void {
    this.decoder.decode()
    this.line = ''
    this.data = ''
    this.eventType = ''
  }

  private feed(text: string): void {
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (this.afterCR) {
        this.afterCR = false
        if (code === LF) {
          // The LF of a CRLF: its CR ended the line already (perhaps in the previous chunk).
          start = i + 1
          continue
        }
      }
      if (code !== CR && code !== LF) continue
      this.processLine(this.line + text.slice(start, i))
      this.line = ''
      this.afterCR = code === CR
      start = i + 1
    }
    this.line += text.slice(start)
  }

  private processLine(line: string): void {
    if (line === '') return this.dispatch()
    if (line.startsWith(':')) {
      this.comments++
      return
    }
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    switch (field) {
      case 'event':
        this.eventType = value
        break
      case 'data':
        this.data += value + '\n'
        break
      case 'id':
        if (!value.includes('\u0000')) this.idBuffer = value
        break
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.reconnectionTime = Number(value)
        break
      default:
      // any other field is ignored
    }
  }

  private dispatch(): void {
    this.lastEventId = this.idBuffer
    if (this.data === '') {
      this.eventType = ''
      return
    }
    const data = this.data.endsWith('\n') ? this.data.slice(0, -1) : this.data
    const type = this.eventType === '' ? 'message' : this.eventType
    this.data = ''
    this.eventType = ''
    this.onEvent({ type, data, lastEventId: this.lastEventId })
  }
}
