// Fair turns between connections. uWS reads up to half a megabyte from one socket per readiness
// event and calls the message handler for every frame in it, in one go: a client that floods
// small frames would otherwise have all of them handled before anyone else's. So each connection
// may handle a bounded number of messages per event-loop turn; past that its frames wait in its
// own queue (in arrival order) and are resumed here, round-robin, one budget per connection per
// turn, after the poll phase has served everyone else's sockets.
//
// Turns are counted by one setImmediate per turn, and only in turns in which some connection has
// reached TURN_WATCH_FROM messages since its count was last reset (module-level callback, no
// closure). A client that sends a frame per turn, as client libraries do, schedules one turn end
// per TURN_WATCH_FROM frames instead of one per frame (measured end to end: an Immediate per frame
// cost the main thread about 1.4 µs, of the 20–30 µs a frame costs in all, for the check phase it
// wakes).

/** Messages one connection may have handled in one event-loop turn before its frames wait. */
export const MESSAGES_PER_TURN = 256;

/**
 * A connection's count at which the end of the current turn must be known. Counts below it may
 * span several turns (nobody marks the turns in between), so a connection that reaches
 * MESSAGES_PER_TURN has handled at least MESSAGES_PER_TURN − TURN_WATCH_FROM of them in this turn:
 * the turn end scheduled when it reached this count has not come yet, or its count would have
 * been reset.
 */
export const TURN_WATCH_FROM = 32;

/**
 * Frames one connection may have waiting. uWS cannot be told to stop reading a socket, so a client
 * that sends faster than its frames are handled must be cut off, and soon: merely taking in a
 * flood (uWS parses every frame of a 512 KiB read and calls us for each) costs the main thread
 * about a microsecond a frame, which every other client waits through. No client library gets
 * near this: they send a frame per command and wait for answers.
 */
export const MAX_WAITING_FRAMES = 4 * MESSAGES_PER_TURN;

/** A connection with frames waiting. */
export interface Resumable {
  /** Handle up to one budget of waiting frames; calls resumeLater again if some are left. */
  resume(): void;
}

let turnNumber = 0;
let turnEndScheduled = false;

function endTurn(): void {
  turnNumber++;
  turnEndScheduled = false;
}

/**
 * The number of the current event-loop turn, as far as it is known: it moves on only at the end
 * of a turn in which someone called watchTurn (work counted against an older number is spent).
 */
export function currentTurn(): number {
  return turnNumber;
}

/** A connection's count reached TURN_WATCH_FROM: mark the end of this turn. */
export function watchTurn(): void {
  if (!turnEndScheduled) {
    turnEndScheduled = true;
    setImmediate(endTurn);
  }
}

const waiting: Resumable[] = [];
let resumeScheduled = false;

/**
 * Resume `r` on a later turn. Callers queue each connection once until it has been resumed.
 * Immediates queued while immediates run wait for the next loop iteration, so every poll phase
 * (everyone else's frames) comes between two budgets of one connection.
 */
export function resumeLater(r: Resumable): void {
  waiting.push(r);
  if (!resumeScheduled) {
    resumeScheduled = true;
    setImmediate(resumeWaiting);
  }
}

function resumeWaiting(): void {
  resumeScheduled = false;
  const batch = waiting.splice(0);
  for (const r of batch) r.resume();
}
