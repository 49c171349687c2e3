/**
 * The one place colour lives. chalk follows the terminal (pipes, FORCE_COLOR); it does not
 * read NO_COLOR (no-color.org), so that is honoured here: present and not empty means none.
 */
import { Chalk } from 'chalk'

const chalk = new Chalk(process.env.NO_COLOR ? { level: 0 } : {})

/** Whether output is coloured at all (for renderers that colour on their own). */
export const colourOn = chalk.level > 0

export const ui = {
  pass: (text: string) => chalk.green(text),
  fail: (text: string) => chalk.red(text),
  skip: (text: string) => chalk.yellow(text),
  dim: (text: string) => chalk.dim(text),
  bold: (text: string) => chalk.bold(text),
  code: (text: string) => chalk.cyan(text),
  heading: (text: string) => chalk.bold.underline(text),
  diagnosis: (text: string) => chalk.magenta.bold(text),
  tick: chalk.green('✓'),
  cross: chalk.red('✗'),
  skipMark: chalk.yellow('–'),
}
