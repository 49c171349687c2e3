// Lesson 01 — reference solution: a doorbell that is an EventEmitter.
import { EventEmitter } from 'node:events'

export class Doorbell extends EventEmitter {
  // Each doorbell keeps its own count: an instance field, not a module-level variable.
  #rings = 0

  /** Rings for `visitor`; returns whether anyone was listening, exactly as emit() does. */
  ring(visitor: string): boolean {
    if (visitor.trim() === '') {
      // 'error' is special: with no 'error' listener, emit('error') throws this Error.
      return this.emit('error', new Error('a visitor is required to ring the doorbell'))
    }
    this.#rings += 1
    // Listeners run right here, synchronously, one after another, before emit() returns.
    return this.emit('ring', visitor, this.#rings)
  }

  /** Silences the doorbell: every 'ring' listener is removed (other events keep theirs). */
  mute(): void {
    this.removeAllListeners('ring')
  }
}

export default Doorbell
