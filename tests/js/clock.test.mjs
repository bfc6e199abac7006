// The player's clock (static/js/clock.js) on a fake clock: run by tests/test_js_modules.py.
import assert from "node:assert/strict";
import test from "node:test";

import { Countdown, SAVED, STALE_MS, StepClock, formatClock, forgetClocks } from "../../static/js/clock.js";

// A monotonic clock, a wall clock and timers that move only when the test says. Each timer
// fires `lateMs` after it was due, as a busy browser's do.
function fakeTime({ lateMs = 0 } = {}) {
  let now = 5_000;
  let wallOffset = 1_800_000_000_000;
  let nextId = 1;
  const timers = new Map();
  return {
    now: () => now,
    wall: () => now + wallOffset,
    setTimeout(callback, ms) {
      timers.set(nextId, { at: now + ms + lateMs, callback });
      return nextId++;
    },
    clearTimeout(id) {
      timers.delete(id);
    },
    /** Let `ms` pass, firing each timer at its time. */
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= end);
        if (due.length === 0) break;
        const [id, timer] = due.reduce((a, b) => (b[1].at < a[1].at ? b : a));
        timers.delete(id);
        now = Math.max(now, timer.at);
        timer.callback();
      }
      now = end;
    },
    /** A page reload: a new monotonic origin, the wall clock `ms` on. */
    reload(ms) {
      wallOffset += ms + now - 5_000;
      now = 5_000;
      timers.clear();
    },
    /** A hidden tab: the browser holds its timers back. */
    holdTimers: () => timers.clear(),
    pending: () => timers.size,
  };
}

// sessionStorage's interface over a Map.
class MemoryStorage {
  constructor() {
    this.items = new Map();
  }
  get length() {
    return this.items.size;
  }
  key(index) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(name) {
    return this.items.has(name) ? this.items.get(name) : null;
  }
  setItem(name, value) {
    this.items.set(name, String(value));
  }
  removeItem(name) {
    this.items.delete(name);
  }
}

function countdown(seconds, time) {
  const shown = [];
  const ends = [];
  const clock = new Countdown(seconds, {
    onSecond: (left, due) => shown.push({ left, due, at: time.now() }),
    onEnd: () => ends.push(time.now()),
    time,
  });
  return { clock, shown, ends };
}

function stepClock(time, storage, { seconds = 30, stepKey = "play:3" } = {}) {
  const shown = [];
  const ends = [];
  const clock = new StepClock({
    stepKey,
    seconds,
    storage,
    time,
    onSecond: (left) => shown.push(left),
    onEnd: () => ends.push(time.now()),
  });
  return { clock, shown, ends };
}

test("the clock reads minutes and seconds", () => {
  assert.equal(formatClock(0), "0:00");
  assert.equal(formatClock(9), "0:09");
  assert.equal(formatClock(75), "1:15");
  assert.equal(formatClock(600), "10:00");
});

test("a countdown shows each second once and ends at its deadline", () => {
  const time = fakeTime();
  const { clock, shown, ends } = countdown(3, time);
  const startedAt = time.now();

  clock.start();
  time.advance(3_500);

  assert.deepEqual(
    shown.map((tick) => tick.left),
    [3, 2, 1, 0],
  );
  assert.deepEqual(ends, [startedAt + 3_000]);
  assert.equal(clock.running, false);
  assert.equal(time.pending(), 0);
});

test("each second is due on the deadline, not on the last tick", () => {
  const time = fakeTime();
  const { clock, shown } = countdown(5, time);
  const deadline = time.now() + 5_000;

  clock.start();
  time.advance(6_000);

  for (const tick of shown.slice(1)) assert.equal(tick.due, deadline - tick.left * 1000);
});

test("late timers do not add up: the clock does not drift", () => {
  const time = fakeTime({ lateMs: 7 }); // every timer 7 ms late, 60 times over
  const { clock, shown, ends } = countdown(60, time);
  const deadline = time.now() + 60_000;

  clock.start();
  time.advance(61_000);

  assert.deepEqual(
    shown.map((tick) => tick.left),
    Array.from({ length: 61 }, (_, i) => 60 - i),
  );
  const lateness = shown.slice(1).map((tick) => tick.at - tick.due);
  assert.ok(Math.max(...lateness) <= 7, `late by ${Math.max(...lateness)} ms`);
  assert.ok(ends[0] - deadline <= 7, `ended ${ends[0] - deadline} ms late`);
});

test("pause keeps the time left and resume goes on from it", () => {
  const time = fakeTime();
  const { clock, shown, ends } = countdown(20, time);
  clock.start();
  time.advance(4_300);

  clock.pause();
  assert.equal(clock.leftMs, 15_700);
  time.advance(60_000); // a long pause: nothing moves
  assert.equal(clock.leftMs, 15_700);
  assert.equal(shown.at(-1).left, 16);
  assert.deepEqual(ends, []);

  const resumedAt = time.now();
  clock.start();
  time.advance(16_000);
  assert.deepEqual(ends, [resumedAt + 15_700]);
});

test("ten seconds more or fewer moves the deadline, never below one second left", () => {
  const time = fakeTime();
  const { clock, shown, ends } = countdown(30, time);
  const startedAt = time.now();
  clock.start();
  time.advance(5_000);

  clock.adjust(10);
  assert.equal(shown.at(-1).left, 35);
  clock.adjust(-10);
  clock.adjust(-10);
  assert.equal(shown.at(-1).left, 15);
  clock.adjust(-10);
  clock.adjust(-10); // 5 s left: −10 s leaves one second, not none
  assert.equal(clock.leftMs, 1_000);
  assert.deepEqual(ends, []);
  time.advance(1_000);
  assert.deepEqual(ends, [startedAt + 6_000]);
});

test("paused, ten seconds fewer also stops at one second", () => {
  const time = fakeTime();
  const { clock, shown } = countdown(12, time);

  clock.adjust(-10);
  assert.equal(clock.leftMs, 2_000);
  clock.adjust(-10);
  assert.equal(clock.leftMs, 1_000);
  clock.adjust(10);
  assert.equal(clock.leftMs, 11_000);
  assert.deepEqual(
    shown.map((tick) => [tick.left, tick.due]),
    [
      [2, null],
      [1, null],
      [11, null],
    ],
  );
});

test("catching up after the background shows the right second at once", () => {
  const time = fakeTime();
  const { clock, shown } = countdown(30, time);
  clock.start();
  time.holdTimers(); // the tab was hidden: its timer did not fire, but time went on
  time.advance(12_400);
  assert.equal(shown.at(-1).left, 30);

  clock.tick();

  assert.equal(shown.at(-1).left, 18);
});

test("a step's clock is saved as it runs and a reload resumes the time left", () => {
  const time = fakeTime();
  const storage = new MemoryStorage();
  const first = stepClock(time, storage);
  first.clock.begin();
  time.advance(12_000);

  time.reload(2_000); // two seconds to load the page again
  const again = stepClock(time, storage);
  again.clock.begin();

  assert.equal(again.clock.restored, true);
  assert.equal(again.shown[0], 16);
  time.advance(16_000);
  assert.equal(again.ends.length, 1);
  assert.equal(again.clock.activeSeconds(), 30);
});

test("a step saved paused comes back paused with its time left", () => {
  const time = fakeTime();
  const storage = new MemoryStorage();
  const first = stepClock(time, storage);
  first.clock.begin();
  time.advance(10_000);
  first.clock.setPaused(true);

  time.reload(300_000); // five minutes away: a paused step does not go stale
  const again = stepClock(time, storage);
  again.clock.begin();
  time.advance(60_000);

  assert.equal(again.clock.paused, true);
  assert.deepEqual(again.shown, [20]);
  assert.deepEqual(again.ends, []);
  assert.equal(again.clock.setPaused(false), true);
  time.advance(20_000);
  assert.equal(again.ends.length, 1);
});

test("a deadline that passed less than a minute ago ends the step at once on a reload", () => {
  const time = fakeTime();
  const storage = new MemoryStorage();
  stepClock(time, storage).clock.begin();

  time.reload(30_000 + STALE_MS - 1_000); // ended 59 s ago
  const again = stepClock(time, storage);
  again.clock.begin();
  time.advance(0);

  assert.equal(again.clock.restored, true);
  assert.deepEqual(again.shown, [0]);
  assert.equal(again.ends.length, 1);
});

test("a deadline more than a minute past starts the step afresh", () => {
  const time = fakeTime();
  const storage = new MemoryStorage();
  stepClock(time, storage).clock.begin();

  time.reload(30_000 + STALE_MS + 1_000); // ended 61 s ago
  const again = stepClock(time, storage);
  again.clock.begin();
  time.advance(0);

  assert.equal(again.clock.restored, false);
  assert.deepEqual(again.shown, [30]);
  assert.deepEqual(again.ends, []);
  assert.equal(again.clock.activeSeconds(), 0);
});

test("the time a step ran leaves its pauses out", () => {
  const time = fakeTime();
  const { clock } = stepClock(time, new MemoryStorage(), { seconds: 0 });
  clock.begin();
  time.advance(8_000);
  clock.setPaused(true);
  time.advance(45_000);
  assert.equal(clock.activeSeconds(), 8);
  clock.setPaused(false);
  time.advance(4_000);

  assert.equal(clock.activeSeconds(), 12);
  assert.equal(clock.setPaused(false), false); // already running
});

test("only the step on screen keeps a saved clock", () => {
  const time = fakeTime();
  const storage = new MemoryStorage();
  storage.setItem("backstretch:sound", "1");
  stepClock(time, storage, { stepKey: "play:1" }).clock.begin();
  assert.ok(storage.getItem(`${SAVED}play:1`));

  const next = stepClock(time, storage, { stepKey: "play:2" });
  next.clock.begin();
  assert.equal(storage.getItem(`${SAVED}play:1`), null);
  assert.ok(storage.getItem(`${SAVED}play:2`));

  next.clock.forget();
  forgetClocks(storage);
  assert.deepEqual([...storage.items.keys()], ["backstretch:sound"]);
});

test("an untimed step saves nothing and never ends by itself", () => {
  const time = fakeTime();
  const storage = new MemoryStorage();
  const { clock, ends } = stepClock(time, storage, { seconds: 0 });

  clock.begin();
  clock.adjust(10);
  time.advance(120_000);

  assert.equal(storage.length, 0);
  assert.deepEqual(ends, []);
});

test("a saved clock that cannot be read starts the step afresh", () => {
  const time = fakeTime();
  const storage = new MemoryStorage();
  storage.setItem(`${SAVED}play:3`, "{not json");

  const { clock, shown } = stepClock(time, storage);
  clock.begin();

  assert.equal(clock.restored, false);
  assert.deepEqual(shown, [30]);
});
