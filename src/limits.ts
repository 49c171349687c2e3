/**
 * The limits that depend on each other, in one place: every deadline a check run waits on, the
 * caps on what a program may print, and the port learners are shown. How they depend on each
 * other (test/runner-limits.test.ts holds them to it):
 *
 *   HEARTBEAT_MS < BLOCKED_LOOP_MS < BARRIER_MS < STUCK_MS < REQUEST_DEADLINE_MS < CHECK_DEADLINE_MS
 *   every request deadline a checks file sets < CHECK_DEADLINE_MS
 *   SERVE_WAIT_MS < MODULE_CHECK_DEADLINE_MS; REQUEST_DEADLINE_MS < MODULE_CHECK_DEADLINE_MS
 *   module checks: the runner waits BOOT_DEADLINE_MS + n × (MODULE_CHECK_DEADLINE_MS + MODULE_CHECK_REPORT_MS),
 *     and passes MODULE_CHECK_DEADLINE_MS to the harness that enforces it
 *   BOOT_DEADLINE_MS + CHECK_DEADLINE_MS < GRADE_LESSON_DEADLINE_MS
 *   CHECK_DEADLINE_MS + STOP_WAIT_MS < GRADE_CLEANUP_WAIT_MS
 *
 * A leaf: it imports nothing, so the probe (inside the learner's process), the DSL, the runner
 * and the grader all read the same numbers.
 */

// ── The event loop ────────────────────────────────────────────────────────────────────────

/**
 * How often the probe's heartbeat timer fires in the learner's process. Each beat is a barrier
 * ("everything before it has been reported") and measures how late the loop ran it, so it must
 * be far shorter than BLOCKED_LOOP_MS; 20 ms costs the program nothing measurable.
 */
export const HEARTBEAT_MS = 20

/** The longest a request may block the event loop (the event-loop check, `blocked-event-loop`). */
export const BLOCKED_LOOP_MS = 500

/**
 * How long the runner waits for the next heartbeat at a barrier. A loop may legally be blocked
 * for BLOCKED_LOOP_MS, which delays the beat that much: twice that leaves room for a busy machine.
 * A barrier that waits this long in vain means the loop is stuck now (`stuckNow`).
 */
export const BARRIER_MS = 2 * BLOCKED_LOOP_MS

/**
 * Silence, with a request in flight, after which a program counts as stuck and is stopped:
 * three times the longest block allowed, so a program that blocks too long but does answer
 * still gets its answer judged; shorter than REQUEST_DEADLINE_MS, so a stuck loop is named as
 * such before the request's own deadline gives up on it.
 */
export const STUCK_MS = 3 * BLOCKED_LOOP_MS

/** How often the stall watch looks at the heartbeat's silence: a few looks per STUCK_MS. */
export const STALL_POLL_MS = 100

// ── Inside one check ──────────────────────────────────────────────────────────────────────

/**
 * A request's deadline unless its check says otherwise (`.timeout(ms)`); also the default wait
 * for a TCP connection, a line on it or its end, and for a request to reach the program
 * (`t.waitForRequest`). A right answer on this machine takes milliseconds: 2 s is for a loaded
 * grader. Longer than STUCK_MS (see there), and far shorter than CHECK_DEADLINE_MS, so a check
 * can make several requests.
 */
export const REQUEST_DEADLINE_MS = 2000

/**
 * How long `t.output.waitForLine` waits by default: a line printed as a response finishes (or as
 * the server listens) is long in by then, and a program that prints nothing should not cost the
 * learner seconds.
 */
export const LINE_WAIT_MS = 500

/**
 * After a check, how long the runner waits for every request the program received to be
 * reported finished before judging: usually already true. As long as the longest allowed block,
 * so a handler that blocks within the rule still finishes in time.
 */
export const SETTLE_MS = BLOCKED_LOOP_MS

// ── Per check, per start, per lesson ──────────────────────────────────────────────────────

/**
 * The whole of one HTTP check, every request and wait in it. Checks that send big bodies set
 * longer request deadlines themselves (up to 14 s for lesson 18's slow writers), so it stays
 * above the longest of those.
 */
export const CHECK_DEADLINE_MS = 15_000

/**
 * One module check inside the module harness (a function call on the learner's module; a promise
 * that never settles is the usual reason it ends). The runner passes it to the harness.
 */
export const MODULE_CHECK_DEADLINE_MS = 3000

/**
 * How long a server a module check serves (`t.serve(server)`) may take to listen once its code
 * called `listen()`: shorter than MODULE_CHECK_DEADLINE_MS, so a server that never listens is
 * told as such rather than as a check that did not finish.
 */
export const SERVE_WAIT_MS = 1500

/** What the runner allows beyond each module check's deadline for the harness to report it. */
export const MODULE_CHECK_REPORT_MS = 500

/** From start to `listen()`: tsx compiling the learner's TypeScript on a loaded machine takes seconds. */
export const BOOT_DEADLINE_MS = 10_000

/** How long `stop()` waits for a killed process group to be reported gone. */
export const STOP_WAIT_MS = 2000

/** A whole lesson when grading (`grade --timeout` changes it): boot plus every check, with room. */
export const GRADE_LESSON_DEADLINE_MS = 90_000

/**
 * After a graded lesson is cut off, how long the grader waits for the runner to notice (its
 * processes are being killed meanwhile): longer than one check's deadline plus a stop, the
 * longest the runner can be waiting on when the cut comes.
 */
export const GRADE_CLEANUP_WAIT_MS = 20_000

// ── Output ────────────────────────────────────────────────────────────────────────────────

/** What is kept of each of a program's streams (stdout, stderr) in `lesson` and `check`. */
export const OUTPUT_CAP_BYTES = 1_000_000

/** The same for an untrusted program when grading: enough for any honest lesson, little to flood with. */
export const GRADE_OUTPUT_CAP_BYTES = 256 * 1024

/** The probe's own channel may carry this many times a stream's cap: a busy lesson reports many events. */
export const PROBE_CHANNEL_CAP_FACTOR = 16

// ── The port ──────────────────────────────────────────────────────────────────────────────

/**
 * The port learners write and see: the program gets `PORT=3000`, the probe moves `listen(3000)`
 * to a free port, and every `curl` line and transcript names 3000 (or the port the program asked
 * for) so it can be tried by hand.
 */
export const DISPLAY_PORT = 3000
