/**
 * The one way the commands read their arguments: node:util's parseArgs, with every misuse told the
 * same way and thrown as a usage error (exit 2, no stack trace). A command line of the wrong shape
 * (an unknown option, an option without its value, a value given to a switch, an argument too many
 * or too few) is told in one line followed by the command's usage; a wrong value (a number that is
 * not a whole one, a choice not on the list) in one line that says what the option takes.
 */
import { parseArgs } from 'node:util'
import { UsageError } from '../errors.ts'

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean }
type Spec = Record<string, OptionSpec>
type ValueOf<O extends OptionSpec> = O['type'] extends 'boolean' ? boolean : O['multiple'] extends true ? string[] : string
export type Values<S extends Spec> = { [K in keyof S]?: ValueOf<S[K]> }

export type Arguments<S extends Spec> = {
  values: Values<S>
  positionals: string[]
  /** A command line of the wrong shape: the message (if any), then the usage line. */
  misuse(message?: string): UsageError
  /** The option as a whole number, if given; `min` for a count (`--jobs`: 1). */
  wholeNumber(name: keyof S & string, min?: number): number | undefined
  /** The option as one of `allowed`, if given. */
  oneOf<T extends string>(name: keyof S & string, allowed: readonly T[]): T | undefined
}

/**
 * Reads `args` (by default the command's own) against `options`; at most `positionals` plain
 * arguments. A value that begins with `-` is taken as a value (a negative seed), unless it looks
 * like an option (`--seed --json`: `--seed` has no value).
 */
export function readArguments<const S extends Spec>(spec: { usage: string; options: S; positionals?: number; args?: string[] }): Arguments<S> {
  const misuse = (message?: string) => new UsageError(message ? `${message}\n${spec.usage}` : spec.usage)
  const { values, positionals, tokens } = parseArgs({ args: spec.args ?? process.argv.slice(2), options: spec.options, strict: false, allowPositionals: true, tokens: true })
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    const option = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined
    if (!option) throw misuse(`Unknown option '${token.rawName}'.`)
    if (option.type === 'boolean' && token.value !== undefined) throw misuse(`${token.rawName} takes no value.`)
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && /^--?[a-z]/i.test(token.value)))) throw misuse(`${token.rawName} needs a value.`)
  }
  const allowed = spec.positionals ?? 0
  if (positionals.length > allowed) throw misuse(`Unexpected argument '${positionals[allowed]}'.`)
  // Checked above: every string option has its string, every switch is true.
  const read = values as Values<S>
  return {
    values: read,
    positionals,
    misuse,
    wholeNumber(name, min) {
      const text = read[name] as string | undefined
      if (text === undefined) return undefined
      const n = Number(text)
      if (text.trim() === '' || !Number.isInteger(n) || (min !== undefined && n < min)) {
        throw new UsageError(`--${name} takes a whole number${min === undefined ? '' : ` of ${min} or more`}, not "${text}".`)
      }
      return n
    },
    oneOf(name, choices) {
      const text = read[name] as string | undefined
      if (text === undefined) return undefined
      if (!(choices as readonly string[]).includes(text)) throw new UsageError(`--${name} takes ${listed(choices)}, not "${text}".`)
      return text as (typeof choices)[number]
    },
  }
}

/** `auto, required or none` */
const listed = (choices: readonly string[]) => (choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : (choices[0] ?? ''))
