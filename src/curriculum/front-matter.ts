/** Splits a Markdown file into its YAML front matter and its body. */
import { parse } from 'yaml'

export function splitFrontMatter(text: string): { data: Record<string, unknown>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text)
  if (!match) return { data: {}, body: text }
  const data = parse(match[1]!) as unknown
  return { data: typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {}, body: text.slice(match[0].length) }
}
