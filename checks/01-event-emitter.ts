/** Lesson 01: EventEmitter basics. Every clause of the Doorbell contract, driven in the learner's own process. */
import { EventEmitter } from 'node:events'
import { defineChecks, exported, moduleCheck } from '../src/dsl/index.ts'
import type { ModuleCheckContext } from '../src/dsl/index.ts'

type Doorbell = EventEmitter & { ring(visitor: string): unknown; mute(): unknown }
type DoorbellClass = new () => Doorbell

/** The learner's class (named, default or CommonJS export), or a failure saying what is missing. */
function doorbellClass(exports: Record<string, unknown>, t: ModuleCheckContext): DoorbellClass {
  const found = exported(exports, 'Doorbell')
  if (typeof found !== 'function') t.fail('doorbell.ts does not export a class named Doorbell (try `export class Doorbell extends EventEmitter`)')
  return found as DoorbellClass
}

function newDoorbell(exports: Record<string, unknown>, t: ModuleCheckContext): Doorbell {
  const bell = new (doorbellClass(exports, t))()
  if (!(bell instanceof EventEmitter)) t.fail('a new Doorbell() is not an EventEmitter: does the class extend EventEmitter from node:events?')
  for (const method of ['ring', 'mute'] as const) {
    if (typeof bell[method] !== 'function') t.fail(`a Doorbell has no ${method}() method`)
  }
  return bell
}

/** Every emit of `name` on `bell`, as the list of arguments each listener call received. */
function record(bell: Doorbell, name: string): unknown[][] {
  const calls: unknown[][] = []
  bell.on(name, (...args: unknown[]) => calls.push(args))
  return calls
}

const mentionsVisitor = (value: unknown) => value instanceof Error && /visitor/i.test(value.message)
const describe = (value: unknown) => (value instanceof Error ? `${value.name}: "${value.message}"` : JSON.stringify(value) ?? String(value))

export default defineChecks({
  lesson: 1,
  slug: 'event-emitter',
  checks: [
    moduleCheck('extends-event-emitter', 'Doorbell is exported and extends EventEmitter', (exports, t) => {
      newDoorbell(exports, t)
    }),

    moduleCheck('ring-emits-visitor-and-count', "ring(visitor) emits 'ring' with the visitor and a count from 1", (exports, t) => {
      const bell = newDoorbell(exports, t)
      const calls = record(bell, 'ring')
      const visitors = [t.random.name(), t.random.name(), t.random.name()]
      for (const visitor of visitors) bell.ring(visitor)
      if (calls.length === 0) t.fail(`rang 3 times with a 'ring' listener attached, but the listener was never called`)
      t.equal(calls, visitors.map((visitor, i) => [visitor, i + 1]), "the arguments of each 'ring' event")
    }),

    // Second, before any other check rings a doorbell: a counter shared by every doorbell (a
    // module-level variable) fails here, with a message that names the problem, and nowhere else.
    moduleCheck('counts-per-doorbell', 'each Doorbell counts its own rings', (exports, t) => {
      const front = newDoorbell(exports, t)
      const back = newDoorbell(exports, t)
      const frontRings = record(front, 'ring')
      const backRings = record(back, 'ring')
      const [a, b, c] = [t.random.name(), t.random.name(), t.random.name()]
      front.ring(a)
      front.ring(b)
      back.ring(c)
      // The second doorbell going on from the first one's count is the shared-counter mistake itself.
      const backCount = backRings[0]?.[1]
      const frontLast = frontRings.at(-1)?.[1]
      if (typeof backCount === 'number' && typeof frontLast === 'number' && backCount === frontLast + 1) {
        t.fail(`a new doorbell's first ring came with count ${backCount}, not 1: the doorbells share one count (keep it on the instance, like \`#rings = 0\` in the class, not in a variable outside it)`, {
          expected: JSON.stringify([[c, 1]]),
          actual: JSON.stringify(backRings),
        })
      }
      t.equal(backRings, [[c, 1]], 'the first ring of a second doorbell')
      t.equal(frontRings, [[a, 1], [b, 2]], 'the rings of the first doorbell')
    }),

    moduleCheck('ring-returns-emit-result', 'ring() returns true when someone listens and false when no one does', (exports, t) => {
      const heard = newDoorbell(exports, t)
      heard.on('ring', () => {})
      const withListener = heard.ring(t.random.name())
      if (withListener !== true) t.fail(`with a 'ring' listener, ring() should return true (what emit returns), got ${describe(withListener)}`, { expected: 'true', actual: describe(withListener) })
      const alone = newDoorbell(exports, t)
      const withoutListener = alone.ring(t.random.name())
      if (withoutListener !== false) t.fail(`with no 'ring' listener, ring() should return false (what emit returns), got ${describe(withoutListener)}`, { expected: 'false', actual: describe(withoutListener) })
    }),

    moduleCheck('empty-visitor-emits-error', "an empty or blank visitor emits 'error', not 'ring', and does not count", (exports, t) => {
      const bell = newDoorbell(exports, t)
      const rings = record(bell, 'ring')
      const errors = record(bell, 'error')
      // Counts are compared with this bell's own first ring, not with 1: whether each doorbell counts
      // from 1 is counts-per-doorbell's question, so a shared counter is not blamed on blank visitors.
      const first = t.random.name()
      bell.ring(first)
      const start = rings.length === 1 && typeof rings[0]![1] === 'number' ? rings[0]![1] : 1
      rings.length = 0
      for (const blank of ['', ' \t ']) {
        const before = errors.length
        bell.ring(blank)
        if (errors.length === before) t.fail(`ring(${JSON.stringify(blank)}) did not emit 'error'`)
        const error = errors.at(-1)![0]
        if (!mentionsVisitor(error)) {
          t.fail(`ring(${JSON.stringify(blank)}) should emit 'error' with an Error whose message mentions "visitor", got ${describe(error)}`, {
            expected: 'an Error whose message contains "visitor"',
            actual: describe(error),
          })
        }
      }
      if (rings.length) t.fail(`ring('') must not emit 'ring', but a 'ring' listener was called with ${JSON.stringify(rings[0])}`)
      const visitor = t.random.name()
      bell.ring(visitor)
      t.equal(rings, [[visitor, start + 1]], `the next real ring after ring(${JSON.stringify(first)}) and two blank ones (blank visitors do not count)`)
    }),

    moduleCheck('empty-visitor-throws-without-listener', "with no 'error' listener, ring('') throws", (exports, t) => {
      const bell = newDoorbell(exports, t)
      const rings = record(bell, 'ring')
      let thrown: unknown = null
      try {
        bell.ring('')
      } catch (error) {
        thrown = error ?? 'undefined'
      }
      if (thrown === null) t.fail(`ring('') returned normally; with no 'error' listener, emitting 'error' throws`)
      if (!mentionsVisitor(thrown)) t.fail(`ring('') threw ${describe(thrown)}, expected the Error it emitted (its message mentions "visitor")`)
      if (rings.length) t.fail(`ring('') must not emit 'ring'`)
    }),

    moduleCheck('mute-removes-ring-listeners', "mute() removes every 'ring' listener; later rings return false", (exports, t) => {
      const bell = newDoorbell(exports, t)
      const first = record(bell, 'ring')
      const second = record(bell, 'ring')
      bell.mute()
      if (bell.listenerCount('ring') !== 0) t.fail(`after mute(), ${bell.listenerCount('ring')} 'ring' listener(s) are still attached`, { expected: '0', actual: String(bell.listenerCount('ring')) })
      const result = bell.ring(t.random.name())
      if (first.length || second.length) t.fail('a listener was still called after mute()')
      if (result !== false) t.fail(`after mute(), ring() should return false, got ${describe(result)}`, { expected: 'false', actual: describe(result) })
    }),

  ],
})
