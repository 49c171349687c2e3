/**
 * Lesson Markdown as terminal text, via marked-terminal, with two of its gaps filled: list items
 * get their inline formatting and are reflowed like paragraphs, and tables fit the terminal
 * (cells wrap; a table too wide even then becomes a list of rows).
 */
import { stripVTControlCharacters } from 'node:util'
import { Marked, type MarkedExtension, type Tokens } from 'marked'
import { markedTerminal } from 'marked-terminal'
import wrapAnsi from 'wrap-ansi'
import { colourOn } from '../report/ui.ts'
import { fitTable } from './fit-table.ts'

/** The terminal's width, or 80 where it reports none (a pipe, a bare pseudo-terminal). */
export function terminalWidth(): number {
  const columns = process.stdout.columns
  return columns && columns > 20 ? Math.min(columns, 100) : 80
}

/** Room a list item's text has: the list's indent and bullet (`  1. `) take up to six columns. */
const LIST_INDENT = 6

/** One paragraph's text, its source line breaks dropped, wrapped at `width` display columns. */
const reflow = (text: string, width: number) => wrapAnsi(restoreColons(text).replace(/[ \t]*\n[ \t]*/g, ' '), width, { hard: true, trim: true })

/** marked-terminal hides ':' in inline code as '*#COLON|*' until its own paragraph and table code put it back. */
const restoreColons = (text: string) => text.replaceAll('*#COLON|*', ':')

export function renderMarkdown(markdown: string, width = terminalWidth()): string {
  const marked = new Marked()
  // @types/marked-terminal types the extension as a renderer; at run time it is an extension.
  marked.use(markedTerminal({ width, reflowText: true, tab: 2 }) as unknown as MarkedExtension)
  marked.use({
    renderer: {
      // A tight list item's text comes as a block-level text token: marked-terminal prints its
      // source (raw ** and backticks, the source's line breaks). Render it inline and reflow it.
      text(token: Tokens.Text | Tokens.Escape) {
        if (!('tokens' in token) || !token.tokens) return false
        return reflow(this.parser.parseInline(token.tokens), Math.max(20, width - LIST_INDENT))
      },
      // marked-terminal reflows by characters; 名 and 🚀 take two columns each.
      paragraph(token: Tokens.Paragraph) {
        return `${reflow(this.parser.parseInline(token.tokens), width)}\n\n`
      },
      // A loose item's paragraphs would be reflowed to the full width, then indented past it.
      listitem(item: Tokens.ListItem) {
        item.tokens = item.tokens.map((token) => (token.type === 'paragraph' ? { ...token, type: 'text' } : token))
        return false
      },
      table(token: Tokens.Table) {
        const cells = (row: Tokens.TableCell[]) => row.map((cell) => restoreColons(this.parser.parseInline(cell.tokens)))
        return `${fitTable(cells(token.header), token.rows.map(cells), width)}\n\n`
      },
    },
  })
  const text = (marked.parse(markdown, { async: false }) as string).trimEnd()
  // Tables and code highlighting colour on their own; follow ui's decision instead.
  return colourOn ? text : stripVTControlCharacters(text)
}
