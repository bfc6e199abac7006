// The composer (routines/routine_edit.html): keeps the place, the focus and what was typed
// across the htmx swaps of its list.
//
// data-* contract:
//   #items                         the list of items that htmx swaps after every change
//   #composer-notice               the "Added X · Undo" / "Removed X · Undo" notice
//   details[data-open-wide]        open on a wide screen (the picker beside the list)
//   form[data-save-on-leave]       saved with a beacon if the page is left with a change unsaved

const NOTICE_SECONDS = 10;
const WIDE = "(min-width: 48rem)";

/** After the list is swapped: the focused control (kept by id, or the one the server
 * marked autofocus) and its item are brought into view, the least scrolling that does it. */
export function keepInView(doc = document) {
  const active = doc.activeElement;
  if (!active || active === doc.body || !doc.getElementById("items")?.contains(active)) return;
  const item = active.closest(".composer-item");
  if (item) item.scrollIntoView({ block: "nearest" });
  active.scrollIntoView({ block: "nearest" });
}

/** The notice stays a few seconds, longer while a pointer or the focus is on it. */
export function fadeNotice(notice, seconds = NOTICE_SECONDS) {
  clearTimeout(notice.hideTimer);
  if (notice.hidden) return;
  const later = () => {
    notice.hideTimer = setTimeout(() => {
      if (notice.matches(":hover, :focus-within")) later();
      else notice.hidden = true;
    }, seconds * 1000);
  };
  later();
}

export function openWhenWide(doc = document, win = window) {
  if (!win.matchMedia(WIDE).matches) return;
  for (const details of doc.querySelectorAll("details[data-open-wide]")) details.open = true;
}

/** A changed field is saved as it changes; if the page is left before that save is done
 * (a link followed straight after typing), the form goes with a beacon, which outlives it. */
export function saveOnLeave(form, nav = navigator) {
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful) dirty = false;
  });
  form.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("pagehide", () => {
    if (dirty && nav.sendBeacon) {
      const data = new FormData(form);
      data.set("then", "left");
      nav.sendBeacon(form.action, data);
    }
    dirty = false;
  });
}

function start() {
  document.getElementById("composer").classList.add("floating-notice");
  openWhenWide();
  for (const form of document.querySelectorAll("form[data-save-on-leave]")) saveOnLeave(form);
  const notice = document.getElementById("composer-notice");
  if (notice) fadeNotice(notice);
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target?.id === "items") keepInView();
    const fresh = document.getElementById("composer-notice");
    if (fresh) fadeNotice(fresh);
  });
}

if (typeof document !== "undefined" && document.getElementById("composer")) start();
