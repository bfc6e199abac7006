// Backstretch's clock for one step of the player: a countdown to an absolute deadline, pause
// and resume, ±10 s, and the step's clock kept in the tab's session storage so that a reload
// resumes the time that was left. No DOM here: the time source, the timers and the storage
// come in as arguments (the browser's by default), so node --test can run it on a fake clock
// (tests/js/clock.test.mjs).
//
// Time left is always worked out from an absolute deadline on a monotonic clock
// (performance.now()), never by counting ticks, so the clock does not drift and is right
// again after the tab was in the background. What outlives the page (the saved clock) is in
// wall-clock time (Date.now()), the only clock two page loads share.

/** The browser's clocks and timers; tests pass their own with the same four members. */
export const browserTime = {
  now: () => performance.now(),
  wall: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (id) => clearTimeout(id),
};

// The saved clock of a step: sessionStorage["backstretch:step:<step key>"] =
// { started (epoch ms), pausedMs (paused so far), endsAt (epoch ms, while running) |
//   left (ms, while paused) }.
export const SAVED = "backstretch:step:";
// A saved deadline that passed longer ago than this is not finished on a reload: the step
// starts afresh (the tab was left, or the phone slept, long past the end of the step).
export const STALE_MS = 60_000;
// The shortest a countdown can be made with −10 s while it is paused.
const SHORTEST_MS = 1000;

/** "m:ss" for a number of whole seconds. */
export function formatClock(seconds) {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

// A countdown to an absolute deadline. Each timeout is aimed at the next whole second from
// the deadline, so small timer delays never add up. `onSecond(left, due)` is called once for
// each whole second shown (`due`: when it was due on the monotonic clock, null while
// paused); `onEnd()` once when the time is up.
export class Countdown {
  constructor(seconds, { onSecond = () => {}, onEnd = () => {}, time = browserTime } = {}) {
    this.remainingMs = seconds * 1000;
    this.onSecond = onSecond;
    this.onEnd = onEnd;
    this.time = time;
    this.deadline = null;
    this.timer = null;
    this.shown = null;
  }

  get running() {
    return this.deadline !== null;
  }

  /** Milliseconds left now, running or paused. */
  get leftMs() {
    return this.running ? Math.max(0, this.deadline - this.time.now()) : this.remainingMs;
  }

  start() {
    if (this.running || this.remainingMs <= 0) return;
    this.deadline = this.time.now() + this.remainingMs;
    this.tick();
  }

  pause() {
    this.stop();
  }

  /** Seconds more (or fewer, when negative); never below a second left. */
  adjust(seconds) {
    if (this.running) {
      const left = this.deadline - this.time.now();
      this.deadline += Math.max(seconds * 1000, SHORTEST_MS - left);
      this.time.clearTimeout(this.timer);
      this.tick();
    } else {
      this.remainingMs = Math.max(SHORTEST_MS, this.remainingMs + seconds * 1000);
      this.show(Math.ceil(this.remainingMs / 1000));
    }
  }

  stop() {
    if (this.running) this.remainingMs = Math.max(0, this.deadline - this.time.now());
    this.deadline = null;
    this.time.clearTimeout(this.timer);
  }

  show(left) {
    if (left === this.shown) return;
    this.shown = left;
    this.onSecond(left, this.deadline === null ? null : this.deadline - left * 1000);
  }

  tick() {
    if (!this.running) return;
    this.time.clearTimeout(this.timer);
    const ms = this.deadline - this.time.now();
    if (ms <= 0) {
      this.show(0);
      this.stop();
      this.onEnd();
      return;
    }
    const left = Math.ceil(ms / 1000);
    this.show(left);
    const untilNext = ms - (left - 1) * 1000;
    this.timer = this.time.setTimeout(() => this.tick(), Math.max(untilNext, 1));
  }
}

/** The saved clock of a step, or null (none, or not readable). */
export function loadClock(storage, stepKey) {
  try {
    const saved = JSON.parse(storage.getItem(SAVED + stepKey) || "null");
    return saved && typeof saved.started === "number" ? saved : null;
  } catch {
    return null;
  }
}

function saveClock(storage, stepKey, state) {
  try {
    storage.setItem(SAVED + stepKey, JSON.stringify(state));
  } catch {
    // storage is full or off: a reload starts the step again
  }
}

/** Forget every saved step clock but `except`'s: only the step on screen keeps its clock. */
export function forgetClocks(storage, except = null) {
  try {
    for (let i = storage.length - 1; i >= 0; i -= 1) {
      const name = storage.key(i);
      if (name?.startsWith(SAVED) && name !== SAVED + except) storage.removeItem(name);
    }
  } catch {
    // nothing was kept
  }
}

// The clock of the step on screen: its countdown when it is timed (`seconds` > 0), the
// time the person was active in it (for the step's record), pause, and the saved copy.
// A new StepClock forgets every other step's saved clock and picks up its own, if one was
// saved less than STALE_MS past its end. Call `begin()` once the page is ready for
// `onSecond` and `onEnd`.
export class StepClock {
  constructor({ stepKey, seconds = 0, storage, time = browserTime, onSecond, onEnd = () => {} }) {
    this.stepKey = stepKey;
    this.storage = storage;
    this.time = time;
    this.onEnd = onEnd;
    forgetClocks(storage, stepKey);
    let saved = loadClock(storage, stepKey);
    if (saved?.endsAt !== undefined && time.wall() - saved.endsAt > STALE_MS) saved = null;
    this.restored = saved !== null;
    this.started = saved ? saved.started : time.wall();
    this.pausedMs = saved?.pausedMs || 0;
    this.pausedAt = saved?.left !== undefined ? time.wall() : null;
    this.countdown = seconds > 0 ? new Countdown(seconds, { onSecond, onEnd, time }) : null;
    if (this.countdown && saved?.left !== undefined) {
      this.countdown.remainingMs = Math.max(SHORTEST_MS, saved.left);
    } else if (this.countdown && saved?.endsAt !== undefined) {
      this.countdown.remainingMs = Math.max(0, saved.endsAt - time.wall());
    }
  }

  get paused() {
    return this.pausedAt !== null;
  }

  /** Show the time left, run the countdown unless it was saved paused, and save it. */
  begin() {
    const countdown = this.countdown;
    if (!countdown) return;
    if (this.restored) countdown.show(Math.ceil(countdown.remainingMs / 1000));
    if (countdown.remainingMs <= 0) {
      this.time.setTimeout(this.onEnd, 0); // it ran out while the page was reloading
      return;
    }
    if (!this.paused) countdown.start();
    this.save();
  }

  /** Pause or resume; false when it already was so. */
  setPaused(paused) {
    if (paused === this.paused) return false;
    if (paused) {
      this.pausedAt = this.time.wall();
      this.countdown?.pause();
    } else {
      this.pausedMs += this.time.wall() - this.pausedAt;
      this.pausedAt = null;
      this.countdown?.start();
    }
    this.save();
    return true;
  }

  adjust(seconds) {
    this.countdown?.adjust(seconds);
    this.save();
  }

  /** Whole seconds the step has run, not counting pauses: what its record says was done. */
  activeSeconds() {
    const now = this.time.wall();
    const paused = this.pausedMs + (this.paused ? now - this.pausedAt : 0);
    return Math.round((now - this.started - paused) / 1000);
  }

  save() {
    const countdown = this.countdown;
    if (!countdown) return;
    const state = { started: this.started, pausedMs: this.pausedMs };
    if (countdown.running) state.endsAt = this.time.wall() + countdown.leftMs;
    else state.left = countdown.remainingMs;
    saveClock(this.storage, this.stepKey, state);
  }

  /** The step is over: no saved clock is kept. */
  forget() {
    forgetClocks(this.storage);
  }

  stop() {
    this.countdown?.stop();
  }

  /** After the tab was in the background: show the right second at once. */
  catchUp() {
    this.countdown?.tick();
  }
}
