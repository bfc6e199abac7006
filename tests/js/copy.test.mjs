// node --experimental-detect-module --test tests/js/ (run by tests/config/test_js.py)
import assert from "node:assert/strict";
import test from "node:test";

import { COPIED, SELECTED, copyField, wire } from "../../static/js/copy.js";

function fakeField(value) {
  return {
    value,
    focused: false,
    selected: false,
    focus() { this.focused = true; },
    select() { this.selected = true; },
  };
}

function fakePage(field) {
  const listeners = {};
  const button = {
    dataset: { copy: "feed-url" },
    hidden: true,
    addEventListener(name, handler) { listeners[name] = handler; },
  };
  const status = { textContent: "" };
  const root = {
    querySelectorAll: (selector) => (selector === "button[data-copy]" ? [button] : []),
    getElementById: (id) => (id === "feed-url" && field ? field : null),
    querySelector: (selector) => (selector === '[data-copy-status="feed-url"]' ? status : null),
  };
  return { root, button, status, click: () => listeners.click() };
}

test("the address goes on the clipboard and the page says so", async () => {
  const written = [];
  const field = fakeField("https://example.org/journal/reminders/abc.ics");
  const said = await copyField(field, { writeText: async (text) => written.push(text) });
  assert.equal(said, COPIED);
  assert.deepEqual(written, ["https://example.org/journal/reminders/abc.ics"]);
  assert.equal(field.selected, false);
});

test("a refused clipboard selects the text instead", async () => {
  const field = fakeField("x");
  const said = await copyField(field, { writeText: async () => { throw new Error("denied"); } });
  assert.equal(said, SELECTED);
  assert.equal(field.selected, true);
  assert.equal(field.focused, true);
});

test("no clipboard at all selects the text", async () => {
  const field = fakeField("x");
  assert.equal(await copyField(field, undefined), SELECTED);
  assert.equal(field.selected, true);
});

test("wiring shows the button, and a tap copies and speaks", async () => {
  const written = [];
  const page = fakePage(fakeField("webcal-address"));
  assert.equal(wire(page.root, { writeText: async (text) => written.push(text) }), 1);
  assert.equal(page.button.hidden, false);
  await page.click();
  assert.deepEqual(written, ["webcal-address"]);
  assert.equal(page.status.textContent, COPIED);
});

test("a button whose field is missing stays hidden", () => {
  const page = fakePage(null);
  assert.equal(wire(page.root, undefined), 0);
  assert.equal(page.button.hidden, true);
});
