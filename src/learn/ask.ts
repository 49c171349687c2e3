/** The only place that prompts. Ctrl-C or Esc in any prompt throws `Cancelled` (the command then exits 0). */
import prompts, { type PromptObject } from 'prompts'

export class Cancelled extends Error {
  readonly code = 'CANCELLED'
}

export type Choice<T extends string> = { title: string; value: T; description?: string; disabled?: boolean }

export async function select<T extends string>(message: string, choices: Choice<T>[], initial = 0): Promise<T> {
  // optionsPerPage: supported by prompts' select, missing from @types/prompts; the whole menu fits.
  const question = { type: 'select', name: 'value', message, choices, initial, optionsPerPage: 14, hint: '↑/↓ then Enter', warn: 'not available yet' } as PromptObject
  const answer = (await prompts(question)) as { value?: T }
  if (answer.value === undefined) throw new Cancelled('cancelled')
  return answer.value
}

export async function confirm(message: string, initial = false): Promise<boolean> {
  const answer = (await prompts({ type: 'confirm', name: 'value', message, initial })) as { value?: boolean }
  if (answer.value === undefined) throw new Cancelled('cancelled')
  return answer.value
}
