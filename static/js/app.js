// Site-wide: say so when an htmx request fails, instead of silently doing nothing.

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
