/**
 * A table that fits the terminal: at its natural width if it can, else with columns narrowed
 * and cells wrapped on word boundaries, else (a column would be too narrow to read) as a list,
 * one block per row with each cell under its column's name.
 */
import Table from 'cli-table3'
import stringWidth from 'string-width'
import wrapAnsi from 'wrap-ansi'

/** Narrower than this, a column is harder to read than a list. */
const MIN_COLUMN = 12
/** Each column costs its padding (one space either side) and a border. */
const PER_COLUMN = 3

export function fitTable(header: string[], rows: string[][], width: number): string {
  const columns = header.length
  const natural = header.map((cell, i) => Math.max(widest(cell), ...rows.map((row) => widest(row[i] ?? ''))))
  const room = width - 1 - columns * PER_COLUMN
  const widths = shareOut(natural, room)
  if (!widths || widths.some((w, i) => w < Math.min(MIN_COLUMN, natural[i]!))) return asList(header, rows, width)
  const table = new Table({
    head: header,
    colWidths: widths.map((w) => w + 2),
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [] },
  })
  for (const row of rows) table.push(header.map((_, i) => row[i] ?? ''))
  return table.toString()
}

/** The widest line of a cell. */
const widest = (cell: string) => Math.max(0, ...cell.split('\n').map((line) => stringWidth(line)))

/** Column widths within `room`: narrow columns keep their width, the rest share what is left equally. */
function shareOut(natural: number[], room: number): number[] | null {
  if (room < natural.length) return null
  const widths = [...natural]
  let open = natural.map((_, i) => i)
  let left = room
  // Water-filling: every column that fits in an equal share of what is left takes its natural width.
  for (;;) {
    const share = Math.floor(left / open.length)
    const fitting = open.filter((i) => natural[i]! <= share)
    if (!fitting.length) {
      open.forEach((i, k) => (widths[i] = share + (k < left - share * open.length ? 1 : 0)))
      return widths
    }
    for (const i of fitting) left -= natural[i]!
    open = open.filter((i) => !fitting.includes(i))
    if (!open.length) return widths
  }
}

function asList(header: string[], rows: string[][], width: number): string {
  const wrap = (text: string, indent: string) =>
    wrapAnsi(text.replace(/\s*\n\s*/g, ' '), Math.max(20, width - indent.length), { hard: true })
      .split('\n')
      .map((line) => indent + line)
      .join('\n')
  return rows
    .map((row) =>
      header
        .map((name, i) => {
          const bullet = i === 0 ? '• ' : '  '
          return `${bullet}${wrap(`${name}: ${row[i] ?? ''}`, '  ').slice(2)}`
        })
        .join('\n'),
    )
    .join('\n\n')
}
