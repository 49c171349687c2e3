/** Live progress on a terminal (one redrawn bar), plain lines otherwise (CI logs, pipes). */
import type { GradedLesson } from './grade-one.ts'

export type Progress = { update(graded: GradedLesson, done: number, total: number): void; end(): void }

export function createProgress(stream: NodeJS.WriteStream, { tty = stream.isTTY === true } = {}): Progress {
  if (!tty) {
    return {
      update: ({ learner, result }, done, total) =>
        stream.write(`[${done}/${total}] ${JSON.stringify(learner)} lesson ${result.lesson}: ${result.score}/${result.maxScore}${result.passed ? ' ✔' : ''}\n`),
      end: () => {},
    }
  }
  const width = 28
  return {
    update: ({ learner, result }, done, total) => {
      const filled = Math.round((done / total) * width)
      const label = `${learner.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 24)} · ${result.lesson}`
      stream.write(`\r\u001b[2K[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${label}`)
    },
    end: () => stream.write('\r\u001b[2K'),
  }
}
