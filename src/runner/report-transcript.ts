/**
 * A TCP conversation as a report shows it: one line per thing sent, received or noticed, with
 * its time, and the line that replays it by hand. Plain lines typed one after the other are
 * `nc localhost 3000`; anything that depends on packets and pauses (a line in pieces, lines
 * sent together, an abrupt disconnect) is a line of Node that sends exactly what the check sent.
 */
import type { TranscriptEntry } from '../dsl/tcp-client.ts'

/**
 * What the client sent and when (ms after connecting): bytes, or how it left. `answered`: the
 * check waited for the server's answer before this one (the replay leaves time for it too).
 */
export type SentPiece = { atMs: number; data: Buffer | 'end' | 'reset'; answered?: boolean }

/** A conversation with more entries than this shows its first few and its last ones. */
const MAX_ENTRIES = 40
const HEAD_ENTRIES = 8
/** How long the replay keeps listening after its last send, when the check did not hang up. */
const LISTEN_AFTER_MS = 1000
/** At least this long between two sends with an answer awaited between them (typing by hand is slower still). */
const ANSWER_GAP_MS = 100

const ARROW: Record<TranscriptEntry['kind'], string> = { sent: '→', received: '←', note: '·' }

export function formatTranscript(entries: readonly TranscriptEntry[]): string[] {
  const line = (entry: TranscriptEntry) => `${String(entry.atMs).padStart(5)} ms ${ARROW[entry.kind]} ${entry.text}`
  if (entries.length <= MAX_ENTRIES) return entries.map(line)
  const tail = MAX_ENTRIES - HEAD_ENTRIES
  return [...entries.slice(0, HEAD_ENTRIES).map(line), `         … ${entries.length - MAX_ENTRIES} more …`, ...entries.slice(-tail).map(line)]
}

export function tryItFor(sent: readonly SentPiece[], target: { displayPort: number }): string {
  const port = target.displayPort
  const typed = typedLines(sent)
  if (typed) return `nc localhost ${port}` + (typed.length ? `    # then type: ${typed.join(' ⏎ ')} ⏎` : '')
  // The check's own timing, shifted later where an answer needs more time than the check took.
  let previous = 0
  let shift = 0
  const steps: [number, string | number[] | 0 | 1][] = sent.map(({ atMs, data, answered }) => {
    const at = roundTime(atMs) + shift
    const time = answered ? Math.max(at, previous + ANSWER_GAP_MS) : at
    shift += time - at
    previous = time
    return [time, data === 'end' ? 0 : data === 'reset' ? 1 : isUtf8Text(data) ? data.toString('utf8') : [...data]]
  })
  const last = sent.at(-1)
  if (!last || Buffer.isBuffer(last.data)) steps.push([previous + LISTEN_AFTER_MS, 0])
  const script = [
    `const s=require("net").connect(${port},"localhost");s.setNoDelay(true);`,
    `s.on("data",d=>process.stdout.write(d));s.on("error",e=>console.log(e.message));s.on("close",()=>process.exit());`,
    `for(const[ms,x]of JSON.parse(process.argv[1]))setTimeout(()=>x===0?s.end():x===1?s.resetAndDestroy():s.write(typeof x=="string"?x:Buffer.from(x)),ms)`,
  ].join('')
  return `node -e ${quote(script)} ${quote(JSON.stringify(steps))}`
}

/**
 * The lines to type into `nc`, when typing reproduces the conversation: each send one whole
 * line ending in `\n`, nothing but a polite goodbye. Null when it takes a script.
 */
function typedLines(sent: readonly SentPiece[]): string[] | null {
  const lines: string[] = []
  for (const { data } of sent) {
    if (data === 'end') continue
    if (data === 'reset' || !isUtf8Text(data)) return null
    const text = data.toString('utf8')
    if (!/^[^\r\n]*\n$/.test(text) || text.length > 200) return null
    lines.push(text.slice(0, -1))
  }
  return lines
}

const roundTime = (ms: number) => Math.round(ms / 10) * 10
const isUtf8Text = (bytes: Buffer) => Buffer.from(bytes.toString('utf8')).equals(bytes)
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`
