// Site-wide: say so when an htmx request fails, instead of silently doing nothing; keep the
// service worker and send the device's queue of player records.

import { clear as clearQueue, counts, flush, onChange } from "./queue.js";

const messages = {
  403: "That did not go through: the page may be out of date. Please reload it and try again.",
  404: "That is no longer there. Please reload the page.",
  409: "That was already saved.",
};

function show(text) {
  const box = document.getElementById("page-status");
  if (!box) return;
  box.textContent = text;
  box.hidden = false;
}

document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  show(messages[status] || "Something went wrong on our side; nothing was changed. Please try again.");
});
document.addEventListener("htmx:sendError", () => {
  show("You seem to be offline; nothing was changed. Please try again when you are connected.");
});
document.addEventListener("htmx:beforeRequest", () => {
  const box = document.getElementById("page-status");
  if (box) box.hidden = true;
});

// Installable and offline: the service worker (served at /sw.js, see config/pages/pwa.py), and
// the device's queue of player records (queue.js), sent whenever there is a network.

const SYNC_TEXT = {
  waiting: "Saved on this phone, will sync",
  "signed-out": "Part of a session could not be saved because you were signed out. It is kept on this phone: sign in again to send it.",
  changed: "Part of a session could not be saved: the routine was changed, or the session was finished elsewhere. What you did before is in your journal.",
  refused: "Part of a session could not be saved. It is kept on this phone.",
};

async function showSync() {
  const line = document.getElementById("sync-status");
  if (!line || !("indexedDB" in window)) return;
  try {
    const { waiting, refused } = await counts();
    line.textContent = waiting ? SYNC_TEXT.waiting : refused ? SYNC_TEXT.refused : "";
    line.hidden = !waiting && !refused;
  } catch {
    line.hidden = true;
  }
}

function send() {
  if (!("indexedDB" in window)) return;
  if (!navigator.onLine) {
    showSync();
    return;
  }
  flush()
    .catch(() => {})
    .finally(showSync);
}

if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { type: "module", scope: "/" }).catch(() => {
      // no worker here (an old browser, or a private window): the site works online
    });
  });
}
if ("indexedDB" in window) {
  onChange(showSync);
  window.addEventListener("online", send);
  send();
}

// Signing out on a shared phone: send what waits, then clear this person's pages and queue
// from the device before the sign-out goes to the server.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest?.("form[data-sign-out]");
  if (!form || form.dataset.cleared) return;
  event.preventDefault();
  const timeout = new Promise((resolve) => setTimeout(resolve, 3000));
  try {
    await Promise.race([flush(), timeout]);
    await clearQueue();
  } catch {
    // nothing was kept, or storage is off
  }
  try {
    const names = await caches.keys();
    await Promise.all(
      names.filter((name) => /^backstretch-(pages|play)-/.test(name)).map((name) => caches.delete(name)),
    );
  } catch {
    // no caches here
  }
  form.dataset.cleared = "true";
  form.submit();
});

// The colour theme (templates/_theme_form.html, `data-theme-form`): with JavaScript a choice
// applies as soon as it is made. htmx posts it; the server keeps it in a cookie and answers
// 204 with a "theme-changed" event whose detail is what to apply: `theme` for <html
// data-theme> ("" to follow the system), `scheme` for <meta name="color-scheme"> and
// `colours`, the <meta name="theme-color"> tags ({colour, media}). The button that a page
// without JavaScript needs (`data-theme-apply`) is then hidden.
function applyTheme({ theme, scheme, colours }) {
  const doc = document;
  const root = doc.documentElement;
  if (theme) root.dataset.theme = theme;
  else delete root.dataset.theme;
  const schemeMeta = doc.querySelector('meta[name="color-scheme"]');
  if (schemeMeta) schemeMeta.content = scheme;
  for (const meta of doc.querySelectorAll('meta[name="theme-color"]')) meta.remove();
  for (const { colour, media } of colours) {
    const meta = doc.createElement("meta");
    meta.name = "theme-color";
    meta.content = colour;
    if (media) meta.media = media;
    doc.head.append(meta);
  }
}

function hideApplyButtons(root) {
  for (const button of root.querySelectorAll?.("[data-theme-apply]") ?? []) button.hidden = true;
}

document.addEventListener("theme-changed", (event) => applyTheme(event.detail));
document.addEventListener("htmx:load", (event) => hideApplyButtons(event.detail.elt));
hideApplyButtons(document);
