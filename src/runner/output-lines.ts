/** Splits a child's byte stream into lines, keeping at most `capBytes` of it. */
import { StringDecoder } from 'node:string_decoder'

export class LineSplitter {
  private pending = ''
  private readonly decoder = new StringDecoder('utf8')
  private kept = 0
  truncated = false

  private readonly capBytes: number
  private readonly onLine: (line: string) => void

  constructor(capBytes: number, onLine: (line: string) => void) {
    this.capBytes = capBytes
    this.onLine = onLine
  }

  push(chunk: Buffer): void {
    if (this.truncated) return
    this.kept += chunk.length
    if (this.kept > this.capBytes) {
      this.truncated = true
      chunk = chunk.subarray(0, Math.max(0, chunk.length - (this.kept - this.capBytes)))
    }
    const text = this.pending + this.decoder.write(chunk)
    const lines = text.split('\n')
    this.pending = lines.pop() ?? ''
    for (const line of lines) this.onLine(line.replace(/\r$/, ''))
  }

  flush(): void {
    this.pending += this.decoder.end()
    if (this.pending) this.onLine(this.pending)
    this.pending = ''
  }
}
