/** Lesson Markdown as terminal text: headings, code blocks, tables and lists, via marked-terminal. */
import { stripVTControlCharacters } from 'node:util'
import { Marked, type MarkedExtension } from 'marked'
import { markedTerminal } from 'marked-terminal'
import { colourOn } from '../report/ui.ts'

/** The terminal's width, or 80 where it reports none (a pipe, a bare pseudo-terminal). */
export function terminalWidth(): number {
  const columns = process.stdout.columns
  return columns && columns > 20 ? Math.min(columns, 100) : 80
}

export function renderMarkdown(markdown: string, width = terminalWidth()): string {
  const marked = new Marked()
  // @types/marked-terminal types the extension as a renderer; at run time it is an extension.
  marked.use(markedTerminal({ width, reflowText: true, tab: 2 }) as unknown as MarkedExtension)
  const text = (marked.parse(markdown, { async: false }) as string).trimEnd()
  // Tables and code highlighting colour on their own; follow ui's decision instead.
  return colourOn ? text : stripVTControlCharacters(text)
}
