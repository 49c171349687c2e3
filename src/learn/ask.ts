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
export async function selectOrBack<T extends string>(
  message: string,
  choices: Choice<T>[],
  initial = 0,
  hint = '↑/↓ then Enter',
  options: { neutral?: boolean } = {},
): Promise<T | null> {
  // optionsPerPage: supported by prompts' select, missing from @types/prompts; the whole menu fits.
  const question = {
    type: 'select',
    name: 'value',
    message,
    choices,
    initial,
    optionsPerPage: 14,
    hint,
    warn: 'not available yet',
  } as PromptObject
  const tick = options.neutral ? neutralTick() : null
  if (tick) question.onState = tick.onState
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
    tick?.restore()
  }
}

export async function confirm(message: string, initial = false): Promise<boolean> {
  const answer = (await prompts({ type: 'confirm', name: 'value', message, initial })) as { value?: boolean }
  if (answer.value === undefined) throw new Cancelled('cancelled')
  return answer.value
}

/**
 * prompts marks every submitted answer with a green tick, which reads as "right" on a quiz pick
 * that is wrong. While such a prompt is open, once it is submitted (its state is fired just
 * before the last render), the tick it draws becomes a neutral bullet; the verdict printed next
 * says right or wrong. Returns the undo.
 */
function neutralTick(): { onState: (state: { aborted: boolean; exited: boolean }) => void; restore: () => void } {
  const out = process.stdout
  const write = out.write
  let submitted = false
  out.write = function (chunk: unknown, ...rest: unknown[]) {
    const text = submitted && typeof chunk === 'string' ? chunk.replace(/[✔√]/, '•') : chunk
    return (write as (...a: unknown[]) => boolean).call(out, text, ...rest)
  } as typeof out.write
  return {
    onState: (state) => void (submitted = !state.aborted && !state.exited),
    restore: () => void (out.write = write),
  }
}
