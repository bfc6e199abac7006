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
