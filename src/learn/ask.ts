/** The only place that prompts. Ctrl-C or Esc in any prompt throws `Cancelled` (the command then exits 0). */
import prompts from 'prompts'

export class Cancelled extends Error {
  readonly code = 'CANCELLED'
}

export type Choice<T extends string> = { title: string; value: T; description?: string; disabled?: boolean }

export async function select<T extends string>(message: string, choices: Choice<T>[], initial = 0): Promise<T> {
  const answer = (await prompts({ type: 'select', name: 'value', message, choices, initial, hint: '↑/↓ then Enter', warn: 'not available yet' })) as { value?: T }
  if (answer.value === undefined) throw new Cancelled('cancelled')
  return answer.value
}

export async function confirm(message: string, initial = false): Promise<boolean> {
  const answer = (await prompts({ type: 'confirm', name: 'value', message, initial })) as { value?: boolean }
  if (answer.value === undefined) throw new Cancelled('cancelled')
  return answer.value
}
