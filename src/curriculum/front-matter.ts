/** Splits a Markdown file into its YAML front matter and its body. */
import { createRequire } from 'node:module'

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/

// The YAML parser is loaded only when a whole front matter is parsed: loading it costs more than
// `npm run check` spends on everything else before the learner's program starts.
const require = createRequire(import.meta.url)
let yaml: typeof import('yaml') | null = null

export function splitFrontMatter(text: string): { data: Record<string, unknown>; body: string } {
  const match = FRONT_MATTER.exec(text)
  if (!match) return { data: {}, body: text }
  yaml ??= require('yaml') as typeof import('yaml')
  const data = yaml.parse(match[1]!) as unknown
  return { data: typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {}, body: text.slice(match[0].length) }
}

/**
 * Top-level keys of the front matter whose values are one-line strings YAML reads exactly as
 * written (`title: Headers and JSON`, `title: "req and res: …"`), read without the YAML parser.
 * Anything else (a key absent or repeated, a value YAML could read as another type, a quoted
 * string with escapes, a value continued on the next line, no front matter) gives null: parse
 * the whole front matter instead.
 */
export function plainStrings<K extends string>(text: string, keys: readonly K[]): Record<K, string> | null {
  const match = FRONT_MATTER.exec(text)
  if (!match) return null
  const lines = match[1]!.split(/\r?\n/)
  const found = {} as Record<K, string>
  for (const key of keys) {
    const at = lines.flatMap((line, index) => (line.startsWith(`${key}:`) ? [index] : []))
    if (at.length !== 1) return null
    const next = lines[at[0]! + 1]
    if (next !== undefined && /^[\s#]/.test(next)) return null // a continuation, a nested block or a comment: not simple
    const value = plainValue(lines[at[0]!]!.slice(key.length + 1))
    if (value === null) return null
    found[key] = value
  }
  return found
}

function plainValue(raw: string): string | null {
  if (!/^[ \t]/.test(raw)) return null
  const value = raw.trim()
  const quoted = /^"([^"\\]*)"$/.exec(value)
  if (quoted) return quoted[1]!
  // A plain scalar that starts with a letter, holds no ": " or " #", and is no boolean or null.
  if (!/^[A-Za-z][^\t]*$/.test(value) || /: | #|:$/.test(value) || /^(true|false|null|yes|no|on|off|y|n)$/i.test(value)) return null
  return value
}
