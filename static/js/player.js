// Backstretch player: the clock, cues, keyboard and wake lock for the step on screen.
//
// The server renders each step (#player) and htmx swaps the next one in; this
// module only brings the step to life. Time left is always worked out from an
// absolute deadline on performance.now(), never by counting ticks, so the
// clock does not drift and is right again after the tab was in the background.

const STORE = "backstretch:";
const options = { sound: load("sound", true), voice: load("voice", false), pace: load("pace", false) };

let audio = null; // made on the first gesture: browsers only allow sound after one
let wakeLock = null;
let current = null; // the step on screen

function load(name, fallback) {
  try {
    const value = localStorage.getItem(STORE + name);
    return value === null ? fallback : value === "1";
  } catch {
    return fallback;
  }
}

function save(name, on) {
  try {
    localStorage.setItem(STORE + name, on ? "1" : "0");
  } catch {
    // private browsing: the choice lasts for this page only
  }
}

function unlockAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!audio && Context) audio = new Context();
  if (audio && audio.state === "suspended") audio.resume();
}

function tone(frequency = 660, seconds = 0.12) {
  if (!options.sound || !audio || audio.state !== "running") return;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  const now = audio.currentTime;
  oscillator.type = "sine";
  oscillator.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, now);
  gain.gain.exponentialRampToValueAtTime(0.25, now + 0.015);
  gain.gain.exponentialRampToValueAtTime(0.0001, now + seconds);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(now);
  oscillator.stop(now + seconds + 0.02);
}

function speak(text) {
  if (!options.voice || !text || !("speechSynthesis" in window)) return;
  window.speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.rate = 0.95;
  window.speechSynthesis.speak(utterance);
}

function announce(text) {
  const region = document.getElementById("player-announcer");
  if (region) region.textContent = text;
}

async function keepAwake() {
  if (!("wakeLock" in navigator) || wakeLock || document.visibilityState !== "visible") return;
  try {
    wakeLock = await navigator.wakeLock.request("screen");
    wakeLock.addEventListener("release", () => {
      wakeLock = null;
    });
  } catch {
    wakeLock = null; // not allowed here (battery saver, an iframe): the screen may dim
  }
}

function formatClock(seconds) {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

// A countdown to an absolute deadline. Each timeout is aimed at the next
// whole second from the deadline, so small timer delays never add up.
class Countdown {
  constructor(seconds, onSecond, onEnd) {
    this.remainingMs = seconds * 1000;
    this.onSecond = onSecond;
    this.onEnd = onEnd;
    this.deadline = null;
    this.timer = null;
    this.shown = null;
  }

  get running() {
    return this.deadline !== null;
  }

  start() {
    if (this.running || this.remainingMs <= 0) return;
    this.deadline = performance.now() + this.remainingMs;
    this.tick();
  }

  pause() {
    if (!this.running) return;
    this.remainingMs = Math.max(0, this.deadline - performance.now());
    this.deadline = null;
    clearTimeout(this.timer);
  }

  adjust(seconds) {
    if (this.running) {
      const left = this.deadline - performance.now();
      this.deadline += Math.max(seconds * 1000, 1000 - left);
      clearTimeout(this.timer);
      this.tick();
    } else {
      this.remainingMs = Math.max(1000, this.remainingMs + seconds * 1000);
      this.show(Math.ceil(this.remainingMs / 1000));
    }
  }

  stop() {
    if (this.running) this.remainingMs = Math.max(0, this.deadline - performance.now());
    this.deadline = null;
    clearTimeout(this.timer);
  }

  show(left) {
    if (left === this.shown) return;
    this.shown = left;
    this.onSecond(left, this.deadline === null ? null : this.deadline - left * 1000);
  }

  tick() {
    if (!this.running) return;
    clearTimeout(this.timer);
    const ms = this.deadline - performance.now();
    if (ms <= 0) {
      this.show(0);
      this.stop();
      this.onEnd();
      return;
    }
    const left = Math.ceil(ms / 1000);
    this.show(left);
    const untilNext = ms - (left - 1) * 1000;
    this.timer = setTimeout(() => this.tick(), Math.max(untilNext, 1));
  }
}

function reveal(root, selector) {
  root.querySelectorAll(selector).forEach((element) => {
    element.hidden = false;
  });
}

function setUpStep(root) {
  current?.stop();
  const timed = root.dataset.timed === "true";
  const seconds = Number(root.dataset.seconds);
  const form = root.querySelector("[data-step-form]");
  const actual = form?.querySelector("[data-actual]");
  const finish = form?.querySelector("[data-action=done]") || form?.querySelector("[data-action=skip]");
  const pauseButton = root.querySelector("[data-action=pause]");
  const clock = root.querySelector("[data-clock]");
  const clockWords = root.querySelector("[data-clock-words]");
  const started = performance.now();
  let pausedMs = 0;
  let pausedAt = null;

  const activeSeconds = () => {
    const now = performance.now();
    return Math.round((now - started - pausedMs - (pausedAt === null ? 0 : now - pausedAt)) / 1000);
  };
  form?.addEventListener(
    "click",
    () => {
      if (actual) actual.value = String(activeSeconds());
    },
    true,
  );

  reveal(root, "[data-action=pause], [data-action=less], [data-action=more], [data-options]");
  root.querySelectorAll("[data-option]").forEach((box) => {
    const name = box.dataset.option;
    box.checked = options[name];
    box.addEventListener("change", () => {
      options[name] = box.checked;
      save(name, box.checked);
      if (box.checked) unlockAudio();
      if (name === "pace") pace?.restart(pausedAt !== null);
    });
  });

  const announcement = root.dataset.announcement;
  announce(announcement);
  speak(announcement);
  tone(880, 0.18);
  keepAwake();

  let countdown = null;
  if (timed && seconds > 0) {
    countdown = new Countdown(
      seconds,
      (left, due) => {
        if (clock) clock.textContent = formatClock(left);
        if (clockWords) clockWords.textContent = `${left} seconds left`;
        if (left > 0 && left <= 3) tone(660, 0.1);
        document.dispatchEvent(
          new CustomEvent("player:tick", { detail: { left, due, at: performance.now() } }),
        );
      },
      () => {
        tone(990, 0.3);
        finish?.click();
      },
    );
    countdown.start();
  }

  // For repetitions: an optional count at the stretch's pace. It never moves
  // on by itself; the person says when they are done.
  const pace = timed ? null : makePace(root);
  pace?.restart();

  const setPaused = (paused) => {
    if (paused) {
      pausedAt = performance.now();
      countdown?.pause();
      pace?.pause();
    } else {
      if (pausedAt !== null) pausedMs += performance.now() - pausedAt;
      pausedAt = null;
      countdown?.start();
      pace?.resume();
    }
    root.classList.toggle("paused", paused);
    if (pauseButton) pauseButton.textContent = paused ? "Resume" : "Pause";
    announce(paused ? "Paused." : "Going again.");
  };
  pauseButton?.addEventListener("click", () => setPaused(pausedAt === null));
  root.querySelector("[data-action=less]")?.addEventListener("click", () => countdown?.adjust(-10));
  root.querySelector("[data-action=more]")?.addEventListener("click", () => countdown?.adjust(10));

  current = {
    root,
    stop() {
      countdown?.stop();
      pace?.pause();
    },
    togglePause: () => setPaused(pausedAt === null),
    skip: () => root.querySelector("[data-action=skip]")?.click(),
    back: () => root.querySelector("[data-action=back]")?.click(),
    catchUp: () => countdown?.tick(),
  };
}

function makePace(root) {
  const count = root.querySelector("[data-rep-count]");
  const line = root.querySelector("[data-pace-line]");
  const total = Number(root.dataset.repetitions);
  const paceMs = Number(root.dataset.pace) * 1000;
  if (!count || !total || !paceMs) return null;
  let done = 0;
  let countdown = null;
  const next = () => {
    done += 1;
    count.textContent = `${done} of ${total}`;
    tone(done === total ? 990 : 520, 0.08);
    if (done < total) {
      countdown = new Countdown(paceMs / 1000, () => {}, next);
      countdown.start();
    } else if (line) {
      line.textContent = `That's ${total}. Press Done when you are ready.`;
      announce(line.textContent);
    }
  };
  return {
    restart(paused = false) {
      countdown?.stop();
      done = 0;
      count.textContent = String(total);
      if (!options.pace) return;
      countdown = new Countdown(paceMs / 1000, () => {}, next);
      if (!paused) countdown.start();
    },
    pause: () => countdown?.pause(),
    resume: () => countdown?.start(),
  };
}

// When htmx asks for the next step, note which control had focus (before htmx disables
// the buttons, which drops focus), to give it back in the new step.
let focusedAction = null;
document.addEventListener("htmx:beforeRequest", () => {
  focusedAction = document.activeElement?.closest?.("#player [data-action]")?.dataset.action ?? null;
});

function restoreFocus(root) {
  if (document.activeElement && document.activeElement !== document.body) return;
  const control = focusedAction && root.querySelector(`[data-action="${focusedAction}"]:not([hidden])`);
  const target = control || root.querySelector(".player-title");
  target?.focus({ preventScroll: !control });
  focusedAction = null;
}

function setUpPage() {
  const root = document.getElementById("player");
  if (root?.dataset.stepKind) {
    if (current?.root !== root) {
      setUpStep(root);
      if (root.dataset.title) document.title = root.dataset.title;
      restoreFocus(root);
    }
  } else {
    current?.stop();
    current = null;
  }
}

document.addEventListener("click", unlockAudio, { capture: true });
document.addEventListener("keydown", (event) => {
  if (!current || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target.closest?.("input, textarea, select, [contenteditable]")) return;
  if (event.repeat) return;
  if (event.key === " ") {
    if (event.target.closest?.("button, a, summary")) return; // space presses what has focus
    event.preventDefault();
    unlockAudio();
    current.togglePause();
  } else if (event.key === "ArrowRight") {
    event.preventDefault();
    current.skip();
  } else if (event.key === "ArrowLeft") {
    event.preventDefault();
    current.back();
  }
});
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") {
    keepAwake();
    current?.catchUp();
  }
});
document.addEventListener("htmx:afterSettle", setUpPage);
setUpPage();
