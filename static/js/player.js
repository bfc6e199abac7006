// Backstretch player: the clock, cues, keyboard and wake lock for the step on screen.
//
// The server renders each step (#player) and htmx swaps the next one in; this
// module only brings the step to life. Time left is always worked out from an
// absolute deadline on performance.now(), never by counting ticks, so the
// clock does not drift and is right again after the tab was in the background.
//
// The step's contract (data-* on #player): data-step-kind (get-ready, work, switch, relax,
// rest), data-step-key ("<play key>:<step index>", names the step's saved clock),
// data-seconds, data-timed ("true" for a countdown), data-repetitions, data-pace (seconds a
// repetition), data-announcement (said at the start), data-title (the document's title).
// Inside it: [data-clock], [data-rep-count] and [data-rep-of], [data-pace-line], the
// controls [data-action=back|pause|done|next|skip|less|more], the form [data-step-form]
// with its [data-actual] seconds, [data-options] with [data-option=sound|voice|pace], and
// [data-howto] (opened on wide screens).
//
// A step's clock is kept in the tab's session storage as it runs, so a reload resumes the
// time that was left (paused, if it was paused) rather than starting the step again.

import { add as enqueue, flush, SYNC_TAG } from "./queue.js";

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

// The clock of the step on screen, kept in the tab's session storage under its step key:
// { endsAt (epoch ms, while running) | left (ms, while paused), started, pausedMs }.
const SAVED = `${STORE}step:`;
// A saved deadline that passed longer ago than this is not finished on a reload: the step
// starts afresh (the tab was left, or the phone slept, long past the end of the step).
const STALE_MS = 60_000;

function loadClock(stepKey) {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SAVED + stepKey) || "null");
    return saved && typeof saved.started === "number" ? saved : null;
  } catch {
    return null;
  }
}

function saveClock(stepKey, state) {
  try {
    sessionStorage.setItem(SAVED + stepKey, JSON.stringify(state));
  } catch {
    // storage is full or off: a reload starts the step again
  }
}

// Only the step on screen keeps its clock: every other step of this tab is over.
function forgetClocks(except = null) {
  try {
    for (let i = sessionStorage.length - 1; i >= 0; i -= 1) {
      const name = sessionStorage.key(i);
      if (name?.startsWith(SAVED) && name !== SAVED + except) sessionStorage.removeItem(name);
    }
  } catch {
    // nothing was kept
  }
}

function setUpStep(root) {
  current?.stop();
  const timed = root.dataset.timed === "true";
  const seconds = Number(root.dataset.seconds);
  const stepKey = root.dataset.stepKey || "";
  const form = root.querySelector("[data-step-form]");
  const actual = form?.querySelector("[data-actual]");
  const finish = form?.querySelector("[data-action=done]") || form?.querySelector("[data-action=next]");
  const pauseButton = root.querySelector("[data-action=pause]");
  const clock = root.querySelector("[data-clock]");

  // What was saved of this step before a reload, if anything still counts.
  forgetClocks(stepKey);
  let saved = loadClock(stepKey);
  if (saved && saved.endsAt !== undefined && Date.now() - saved.endsAt > STALE_MS) saved = null;
  const started = saved ? saved.started : Date.now();
  let pausedMs = saved ? saved.pausedMs || 0 : 0;
  let pausedAt = saved && saved.left !== undefined ? Date.now() : null;

  const activeSeconds = () => {
    const now = Date.now();
    return Math.round((now - started - pausedMs - (pausedAt === null ? 0 : now - pausedAt)) / 1000);
  };
  form?.addEventListener(
    "click",
    () => {
      if (actual) actual.value = String(activeSeconds());
      forgetClocks();
    },
    true,
  );

  form?.addEventListener("submit", (event) => goOn(event, root, form));
  keepPlay(root);

  reveal(root, "[data-action=less], [data-action=more], [data-options]");
  // Pause only where something runs: a countdown, or the pace count of repetitions.
  const showPause = () => {
    if (pauseButton) pauseButton.hidden = !(timed || options.pace);
  };
  showPause();
  root.querySelectorAll("[data-option]").forEach((box) => {
    const name = box.dataset.option;
    box.checked = options[name];
    box.addEventListener("change", () => {
      options[name] = box.checked;
      save(name, box.checked);
      if (box.checked) unlockAudio();
      if (name === "pace") {
        if (!box.checked && pausedAt !== null) setPaused(false);
        showPause();
        pace?.restart(pausedAt !== null);
      }
    });
  });
  const howTo = root.querySelector("[data-howto]");
  if (howTo && window.matchMedia("(min-width: 48rem)").matches) howTo.open = true;

  const announcement = root.dataset.announcement;
  announce(announcement);
  speak(announcement);
  tone(880, 0.18);
  keepAwake();

  let countdown = null;
  const remember = () => {
    if (!countdown) return;
    const state = { started, pausedMs };
    if (countdown.running) state.endsAt = Date.now() + (countdown.deadline - performance.now());
    else state.left = countdown.remainingMs;
    saveClock(stepKey, state);
  };
  if (timed && seconds > 0) {
    countdown = new Countdown(
      seconds,
      (left, due) => {
        if (clock) clock.textContent = formatClock(left);
        if (left > 0 && left <= 3) tone(660, 0.1);
        if ((left === 10 && seconds > 10) || left === 3) announce(`${left} seconds left.`);
        document.dispatchEvent(
          new CustomEvent("player:tick", { detail: { left, due, at: performance.now() } }),
        );
      },
      () => {
        tone(990, 0.3);
        finish?.click();
      },
    );
    if (saved?.left !== undefined) countdown.remainingMs = Math.max(1000, saved.left);
    else if (saved?.endsAt !== undefined) countdown.remainingMs = Math.max(0, saved.endsAt - Date.now());
    if (saved) countdown.show(Math.ceil(countdown.remainingMs / 1000));
    if (countdown.remainingMs <= 0) {
      setTimeout(() => finish?.click(), 0); // it ran out while the page was reloading
    } else {
      if (pausedAt === null) countdown.start();
      remember();
    }
  }

  // For repetitions: an optional count at the stretch's pace. It never moves
  // on by itself; the person says when they are done.
  const pace = timed ? null : makePace(root);
  pace?.restart();

  function setPaused(paused) {
    if (paused === (pausedAt !== null)) return;
    if (paused) {
      pausedAt = Date.now();
      countdown?.pause();
      pace?.pause();
    } else {
      pausedMs += Date.now() - pausedAt;
      pausedAt = null;
      countdown?.start();
      pace?.resume();
    }
    showPaused(paused);
    announce(paused ? "Paused." : "Going again.");
    remember();
  }
  function showPaused(paused) {
    root.classList.toggle("paused", paused);
    if (pauseButton) pauseButton.textContent = paused ? "Resume" : "Pause";
  }
  if (pausedAt !== null) showPaused(true);
  const adjust = (by) => {
    countdown?.adjust(by);
    remember();
  };
  pauseButton?.addEventListener("click", () => setPaused(pausedAt === null));
  root.querySelector("[data-action=less]")?.addEventListener("click", () => adjust(-10));
  root.querySelector("[data-action=more]")?.addEventListener("click", () => adjust(10));

  current = {
    root,
    stop() {
      countdown?.stop();
      pace?.pause();
    },
    togglePause() {
      if (pauseButton && !pauseButton.hidden) setPaused(pausedAt === null);
    },
    skip: () => (root.querySelector("[data-action=skip]") || root.querySelector("[data-action=next]"))?.click(),
    back: () => root.querySelector("[data-action=back]")?.click(),
    catchUp: () => countdown?.tick(),
  };
}

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

function syncLater() {
  if (navigator.onLine) flush().catch(() => {}); // offline, the online event sends it
  navigator.serviceWorker?.ready
    .then((registration) => registration.sync?.register(SYNC_TAG))
    .catch(() => {}); // no Background Sync here: the online event and the next page send it
}

/** Put a form's record in the device's queue; false if the device cannot keep it. */
async function queueForm(form, submitter, playKey) {
  try {
    const body = new URLSearchParams(new FormData(form, submitter)).toString();
    await enqueue({ url: form.action, body, csrf: csrfToken(), playKey, at: Date.now() });
    syncLater();
    return true;
  } catch {
    return false;
  }
}

// A step is over (done, skipped, or its time ran out): its record goes to the device's
// queue, and the next step comes at once, from the device when it kept the play-through.
// Without a queue (storage off) the form is posted as it would be without JavaScript.
let leaving = null;
async function goOn(event, root, form) {
  if (form.dataset.post === "plain") return;
  event.preventDefault();
  if (leaving === root) return; // a second press of the same step
  leaving = root;
  // Only stretches are kept (signed out, in the session a sign-up can keep): a pause leaves
  // no record to send.
  const keeps = root.dataset.stepKind === "work";
  if (keeps && !(await queueForm(form, event.submitter, root.dataset.playKey))) {
    form.dataset.post = "plain";
    form.requestSubmit(event.submitter);
    return;
  }
  const next = root.querySelector("[data-next-step]");
  if (next) next.click();
  else window.location.assign(root.dataset.afterUrl);
}

// Keep every page of this play-through on the device, once, at its start.
function keepPlay(root) {
  const key = `${STORE}kept:${root.dataset.playKey}`;
  if (!root.dataset.planUrl || !("serviceWorker" in navigator) || sessionStorage.getItem(key)) return;
  const ask = async () => {
    const worker = navigator.serviceWorker.controller;
    if (!worker || sessionStorage.getItem(key)) return;
    sessionStorage.setItem(key, "asked");
    try {
      const plan = await (await fetch(root.dataset.planUrl, { credentials: "same-origin" })).json();
      const answer = await new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (message) => resolve(message.data);
        worker.postMessage({ type: "keep-play", urls: plan.urls }, [channel.port2]);
      });
      if (answer.ok) {
        sessionStorage.setItem(key, String(answer.bytes));
        document.dispatchEvent(new CustomEvent("player:kept", { detail: answer }));
      } else {
        sessionStorage.removeItem(key);
      }
    } catch {
      sessionStorage.removeItem(key); // offline already: the steps come from the network
    }
  };
  if (navigator.serviceWorker.controller) ask();
  else navigator.serviceWorker.addEventListener("controllerchange", ask, { once: true });
}

// The "how do you feel" page: the finish goes to the queue too, behind the steps, and the
// summary follows once it has landed; offline, the page says it is kept on this phone.
function setUpFinish(form) {
  if (form.dataset.saves !== "true") return;
  form.addEventListener("submit", async (event) => {
    if (form.dataset.post === "plain") return;
    event.preventDefault();
    if (!(await queueForm(form, event.submitter, form.dataset.playKey))) {
      form.dataset.post = "plain";
      form.requestSubmit(event.submitter);
      return;
    }
    form.querySelectorAll("button").forEach((button) => {
      button.disabled = true;
    });
    const toSummary = async () => {
      if (await flush().catch(() => false)) window.location.assign(form.dataset.summaryUrl);
    };
    await toSummary();
    // Still here: no network. It is kept, and goes as soon as there is one.
    form.querySelector("[data-finish-kept]")?.removeAttribute("hidden");
    window.addEventListener("online", toSummary);
  });
}

function makePace(root) {
  const count = root.querySelector("[data-rep-count]");
  const of = root.querySelector("[data-rep-of]");
  const line = root.querySelector("[data-pace-line]");
  const total = Number(root.dataset.repetitions);
  const paceMs = Number(root.dataset.pace) * 1000;
  if (!count || !total || !paceMs) return null;
  let done = 0;
  let countdown = null;
  const next = () => {
    done += 1;
    count.textContent = String(done);
    if (of) of.textContent = ` of ${total}`;
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
      if (of) of.textContent = " times";
      if (!options.pace) return;
      countdown = new Countdown(paceMs / 1000, () => {}, next);
      if (!paused) countdown.start();
    },
    pause: () => countdown?.pause(),
    resume: () => countdown?.start(),
  };
}

function setUpPage() {
  const root = document.getElementById("player");
  if (root?.dataset.stepKind) {
    if (current?.root !== root) {
      setUpStep(root);
      if (root.dataset.title) document.title = root.dataset.title;
      // Each step starts at the top of the player, with focus on its heading: a key never
      // presses the last step's button again.
      window.scrollTo(0, 0);
      root.querySelector(".player-title")?.focus({ preventScroll: true });
    }
  } else {
    current?.stop();
    current = null;
  }
}

// Space pauses and resumes whatever has focus inside the player (a button too: pressing it
// again would skip another step); only fields that type or tick keep their own Space.
const OWN_SPACE = "input:not([type=hidden]), textarea, select, [contenteditable]";
const spaceIsOurs = (event) =>
  event.key === " " && !event.target.closest?.(OWN_SPACE) && !!current;

document.addEventListener("click", unlockAudio, { capture: true });
document.addEventListener("keydown", (event) => {
  if (!current || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.target.closest?.(OWN_SPACE)) return;
  if (event.key === " ") {
    event.preventDefault(); // no press of the focused button, no scroll
    if (event.repeat) return;
    unlockAudio();
    current.togglePause();
  } else if (event.repeat) {
    return;
  } else if (event.key === "ArrowRight") {
    event.preventDefault();
    current.skip();
  } else if (event.key === "ArrowLeft") {
    event.preventDefault();
    current.back();
  }
});
// A button is pressed by Space when the key comes up: that is ours too.
document.addEventListener("keyup", (event) => {
  if (spaceIsOurs(event)) event.preventDefault();
});
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") {
    keepAwake();
    current?.catchUp();
  }
});
document.addEventListener("htmx:afterSettle", setUpPage);
setUpPage();
const finishForm = document.querySelector("[data-finish-form]");
if (finishForm) setUpFinish(finishForm);
