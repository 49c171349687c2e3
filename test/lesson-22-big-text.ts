/**
 * How lesson 22's `public/big.txt` is made: about 1 MiB of text (1,048,576 bytes or a little
 * more), word after word from a seeded generator, so that the file is the same on every machine
 * and can be made again. It is prose-like on purpose: gzip shrinks it about 3 times, as it would
 * a real page of text, and some words take 2, 3 or 4 bytes in UTF-8 so that a body decoded
 * wrongly shows. `test/lesson-22-files.test.ts` proves the committed copies are this text.
 */

const WORDS = `the a an of to and in on for with by from as at that this it is are was were be been has
have had will would can could may might must should server client request response header body
stream socket chunk byte buffer encoding gzip brotli deflate identity accept vary cache proxy
browser handler route status length type value field token quality weight dictionary window
block level memory time speed size ratio file folder text line page reader writer pipe pipeline
transform compress decompress inflate inflated limit bomb payload upload download network
latency bandwidth mobile link packet frame connection kept alive closed open fast slow small
large tiny huge every each many few some most other same different first last next before after
while when where because although unless until quickly slowly carefully quietly often rarely
always never sometimes today tomorrow morning evening river mountain garden kitchen library
market harbour station village city forest meadow island bridge tower lantern letter story song
map journey traveller baker teacher gardener sailor painter neighbour friend stranger child
elder cat dog fox owl sparrow heron whale otter bread apple honey tea coffee soup cheese lemon
pepper salt rain snow wind sun moon star cloud storm light shadow colour silver golden green
blue red quiet loud warm cold bright dark old new young wise clever patient curious gentle honest
busy lazy proud humble careful brave kind café naïve façade résumé jalapeño smörgåsbord Zoë
Łódź straße 名前 東京 データ 🚀 ✓`.split(/\s+/)

export const BIG_TEXT_BYTES = 1024 * 1024

export function bigText(seed = 22): Buffer {
  let x = seed >>> 0 || 1
  const next = () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x
  }
  const pick = (n: number) => next() % n
  const parts: string[] = []
  let bytes = 0
  for (let paragraph = 1; bytes < BIG_TEXT_BYTES; paragraph++) {
    const sentences: string[] = []
    for (let count = 3 + pick(5); count > 0; count--) {
      const words: string[] = []
      for (let n = 5 + pick(12); n > 0; n--) words.push(WORDS[pick(WORDS.length)]!)
      if (pick(4) === 0) words.splice(1 + pick(words.length - 1), 0, String(pick(10_000)))
      const sentence = words.join(' ')
      sentences.push(sentence[0]!.toUpperCase() + sentence.slice(1) + (pick(8) === 0 ? '?' : pick(10) === 0 ? '!' : '.'))
    }
    const lines: string[] = []
    let line = ''
    for (const word of sentences.join(' ').split(' ')) {
      if (line && line.length + 1 + word.length > 72) {
        lines.push(line)
        line = word
      } else line = line ? `${line} ${word}` : word
    }
    lines.push(line)
    const heading = paragraph % 40 === 1 ? `Chapter ${Math.ceil(paragraph / 40)}\n\n` : ''
    const block = `${heading}${lines.join('\n')}\n\n`
    parts.push(block)
    bytes += Buffer.byteLength(block)
  }
  return Buffer.from(parts.join(''))
}
