// Copy a text field's value in one tap: the reminders' calendar address.
//
// data-* contract: a <button data-copy="ID" hidden> beside a text field with that id, and an
// element with data-copy-status="ID" (aria-live) that says what happened. The button stays
// hidden without JavaScript; the field is still there to select and copy by hand.

export const COPIED = "Copied. Paste it into your calendar app.";
export const SELECTED = "Selected: now copy it with your device's Copy.";

// Puts the field's value on the clipboard; where the browser refuses, selects the text so
// the person can copy it themselves. Says which it did.
export async function copyField(field, clipboard) {
  if (clipboard && typeof clipboard.writeText === "function") {
    try {
      await clipboard.writeText(field.value);
      return COPIED;
    } catch {
      // Refused (no permission, or not a secure page): select it instead.
    }
  }
  field.focus();
  field.select();
  return SELECTED;
}

// Shows each copy button and makes it work; returns how many were wired.
export function wire(root, clipboard) {
  let wired = 0;
  for (const button of root.querySelectorAll("button[data-copy]")) {
    const id = button.dataset.copy;
    const field = root.getElementById(id);
    if (!field) continue;
    const status = root.querySelector(`[data-copy-status="${id}"]`);
    button.hidden = false;
    button.addEventListener("click", async () => {
      const said = await copyField(field, clipboard);
      if (status) status.textContent = said;
    });
    wired += 1;
  }
  return wired;
}

if (typeof document !== "undefined") {
  wire(document, globalThis.navigator && navigator.clipboard);
}
