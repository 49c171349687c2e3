// Lesson 01 — EventEmitter basics.
// Run `npm run check 1` to grade this file; `npm run lesson 1` explains the lesson.
import { EventEmitter } from 'node:events'

export class Doorbell extends EventEmitter {
  // TODO: keep a count of this doorbell's rings (each Doorbell counts its own)

  ring(visitor: string): boolean {
    // TODO: an empty or whitespace-only visitor → emit 'error' with an Error whose
    //       message mentions "visitor"; it does not count as a ring

    // TODO: otherwise count the ring and emit 'ring' with (visitor, count),
    //       and return what emit() returns
    return false
  }

  mute(): void {
    // TODO: remove every 'ring' listener
  }
}
