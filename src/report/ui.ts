/** The one place colour lives. chalk follows the terminal: NO_COLOR, FORCE_COLOR, pipes. */
import chalk from 'chalk'

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
