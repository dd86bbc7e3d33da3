// Fair turns between connections. uWS reads up to half a megabyte from one socket per readiness
// event and calls the message handler for every frame in it, in one go: a client that floods
// small frames would otherwise have all of them handled before anyone else's. So each connection
// may handle a bounded number of messages per event-loop turn; past that its frames wait in its
// own queue (in arrival order) and are resumed here, round-robin, one budget per connection per
// turn, after the poll phase has served everyone else's sockets.
//
// Turns are counted by one setImmediate per turn in which any frame arrived (not per frame, and
// no closure: module-level callbacks).

/** Messages one connection may have handled in one event-loop turn before its frames wait. */
export const MESSAGES_PER_TURN = 256;

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

/** The number of the current event-loop turn (work counted against an older turn is spent). */
export function currentTurn(): number {
  if (!turnEndScheduled) {
    turnEndScheduled = true;
    setImmediate(endTurn);
  }
  return turnNumber;
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
