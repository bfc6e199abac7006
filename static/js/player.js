// Backstretch player: cues, keyboard, wake lock and the device's queue for the step on screen.
//
// The server renders each step (#player, templates/journal/_player_step.html) and htmx swaps
// the next one in; this module only brings the step to life. The clock itself (countdown,
// pause, ±10 s, the saved clock a reload resumes) is clock.js, which has no DOM.
//
// data-* contract (tests/test_js_modules.py checks the templates carry each of these):
// - On #player: data-step-kind (get-ready, work, switch, relax, rest), data-step-key
//   ("<play key>:<step index>", names the step's saved clock), data-seconds, data-timed
//   ("true" for a countdown), data-repetitions, data-pace (seconds a repetition),
//   data-announcement (said at the start), data-title (the document's title), data-play-key
//   (the play-through, for the queue), data-plan-url (every address of the play-through, to
//   keep on the device), data-after-url (where the last step leads).
// - Inside it: [data-clock], [data-rep-count] and [data-rep-of], [data-pace-line], the
//   controls [data-action=back|pause|done|next|skip|less|more], the form [data-step-form]
//   with its [data-actual] seconds, the hidden link [data-next-step], [data-options] with
//   [data-option=sound|voice|pace], and [data-howto] (opened on wide screens).
// - The page after the routine (player_after.html): the form [data-finish-form] with
//   data-saves ("true": its record goes to the queue), data-play-key, data-summary-url, and
//   inside it [data-finish-kept] (shown when the record waits on this phone).
// - Written here, never by the server: data-post="plain" on a form the queue could not take.
//
// For tests only: a page that sets `window.backstretchTicks = true` before this module loads
// (Playwright's add_init_script) gets a `player:tick` event on document for each second
// shown, detail { left, due, at } (`at` and `due` on performance.now()). No other page
// gets one.

import { Countdown, StepClock, formatClock } from "./clock.js";
import { add as enqueue, flush, SYNC_TAG } from "./queue.js";

const SEND_TICKS = globalThis.backstretchTicks === true;
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

function reveal(root, selector) {
  root.querySelectorAll(selector).forEach((element) => {
    element.hidden = false;
  });
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

  // The step's clock picks up what was saved of this step before a reload, if it still counts.
  const stepClock = new StepClock({
    stepKey,
    seconds: timed ? seconds : 0,
    storage: sessionStorage,
    onSecond: (left, due) => {
      if (clock) clock.textContent = formatClock(left);
      if (left > 0 && left <= 3) tone(660, 0.1);
      if ((left === 10 && seconds > 10) || left === 3) announce(`${left} seconds left.`);
      if (SEND_TICKS) {
        document.dispatchEvent(new CustomEvent("player:tick", { detail: { left, due, at: performance.now() } }));
      }
    },
    onEnd: () => {
      tone(990, 0.3);
      finish?.click();
    },
  });
  form?.addEventListener(
    "click",
    () => {
      if (actual) actual.value = String(stepClock.activeSeconds());
      stepClock.forget();
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
        if (!box.checked && stepClock.paused) setPaused(false);
        showPause();
        pace?.restart(stepClock.paused);
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

  stepClock.begin();

  // For repetitions: an optional count at the stretch's pace. It never moves
  // on by itself; the person says when they are done.
  const pace = timed ? null : makePace(root);
  pace?.restart();

  function setPaused(paused) {
    if (!stepClock.setPaused(paused)) return;
    if (paused) pace?.pause();
    else pace?.resume();
    showPaused(paused);
    announce(paused ? "Paused." : "Going again.");
  }
  function showPaused(paused) {
    root.classList.toggle("paused", paused);
    if (pauseButton) pauseButton.textContent = paused ? "Resume" : "Pause";
  }
  if (stepClock.paused) showPaused(true);
  pauseButton?.addEventListener("click", () => setPaused(!stepClock.paused));
  root.querySelector("[data-action=less]")?.addEventListener("click", () => stepClock.adjust(-10));
  root.querySelector("[data-action=more]")?.addEventListener("click", () => stepClock.adjust(10));

  current = {
    root,
    stop() {
      stepClock.stop();
      pace?.pause();
    },
    togglePause() {
      if (pauseButton && !pauseButton.hidden) setPaused(!stepClock.paused);
    },
    skip: () => (root.querySelector("[data-action=skip]") || root.querySelector("[data-action=next]"))?.click(),
    back: () => root.querySelector("[data-action=back]")?.click(),
    catchUp: () => stepClock.catchUp(),
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
      countdown = new Countdown(paceMs / 1000, { onEnd: next });
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
      countdown = new Countdown(paceMs / 1000, { onEnd: next });
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
