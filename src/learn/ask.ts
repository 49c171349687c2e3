/** The only place that prompts. Ctrl-C (and Esc in the main menu) throws `Cancelled` (the command then exits 0). */
import prompts, { type PromptObject } from 'prompts'

export class Cancelled extends Error {
  readonly code = 'CANCELLED'
}

export type Choice<T extends string> = { title: string; value: T; description?: string; disabled?: boolean }

export async function select<T extends string>(message: string, choices: Choice<T>[], initial = 0): Promise<T> {
  const answer = await selectOrBack(message, choices, initial)
  if (answer === null) throw new Cancelled('cancelled')
  return answer
}

/**
 * A select where Esc goes back (null) and only Ctrl-C quits: for lists opened from the menu.
 * prompts ends on both alike; the key that ended it tells them apart.
 */
export async function selectOrBack<T extends string>(message: string, choices: Choice<T>[], initial = 0, hint = '↑/↓ then Enter'): Promise<T | null> {
  // optionsPerPage: supported by prompts' select, missing from @types/prompts; the whole menu fits.
  const question = { type: 'select', name: 'value', message, choices, initial, optionsPerPage: 14, hint, warn: 'not available yet' } as PromptObject
  let escaped = false
  const onKey = (_text: string, key?: { name?: string }) => {
    if (key?.name === 'escape') escaped = true
  }
  process.stdin.on('keypress', onKey)
  try {
    const answer = (await prompts(question)) as { value?: T }
    if (answer.value !== undefined) return answer.value
    if (escaped) return null
    throw new Cancelled('cancelled')
  } finally {
    process.stdin.off('keypress', onKey)
  }
}

export async function confirm(message: string, initial = false): Promise<boolean> {
  const answer = (await prompts({ type: 'confirm', name: 'value', message, initial })) as { value?: boolean }
  if (answer.value === undefined) throw new Cancelled('cancelled')
  return answer.value
}
