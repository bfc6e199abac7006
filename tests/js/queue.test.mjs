// The device's queue of player records (static/js/queue.js), its rules over a store kept in
// memory instead of IndexedDB: run by tests/test_js_modules.py.
import assert from "node:assert/strict";
import test from "node:test";

import { makeQueue, refusal } from "../../static/js/queue.js";

// The store interface the queue needs, kept in a Map: ids count up, all() in id order, as
// IndexedDB's autoIncrement store gives them.
function memoryStore() {
  const rows = new Map();
  let lastId = 0;
  return {
    rows,
    all: async () => [...rows.values()].sort((a, b) => a.id - b.id).map((row) => ({ ...row })),
    add: async (record) => {
      lastId += 1;
      rows.set(lastId, { ...record, id: lastId });
      return lastId;
    },
    put: async (record) => {
      rows.set(record.id, { ...record });
    },
    remove: async (id) => {
      rows.delete(id);
    },
    clear: async () => rows.clear(),
  };
}

// A server that answers each address with the status the test gives it (200 by default),
// or no network at all; it notes what it was sent, in order.
function fakeServer(statuses = {}) {
  const sent = [];
  let online = true;
  const fetcher = async (url, options) => {
    if (!online) throw new TypeError("Failed to fetch");
    sent.push({ url, body: options.body, headers: options.headers });
    const status = statuses[url] ?? 200;
    if (status === "redirect") return { ok: false, status: 0, type: "opaqueredirect" };
    return { ok: status >= 200 && status < 300, status, type: "basic" };
  };
  return {
    fetcher,
    sent,
    urls: () => sent.map((request) => request.url),
    setOnline: (value) => {
      online = value;
    },
  };
}

function record(step) {
  return { url: `/play/1/key/${step}/`, body: `outcome=done&step=${step}`, csrf: "token", playKey: "key" };
}

test("records are sent in the order they were added, and each one once", async () => {
  const queue = makeQueue(memoryStore());
  for (const step of [0, 1, 2]) await queue.add(record(step));
  const server = fakeServer();

  assert.equal(await queue.flush(server.fetcher), true);

  assert.deepEqual(server.urls(), ["/play/1/key/0/", "/play/1/key/1/", "/play/1/key/2/"]);
  assert.deepEqual(await queue.records(), []);
  assert.equal(server.sent[0].headers["X-CSRFToken"], "token");
  assert.equal(server.sent[0].headers["X-Backstretch-Queue"], "1");
  assert.equal(server.sent[0].body, "outcome=done&step=0");
});

test("a new record waits, and the counts say how many", async () => {
  const queue = makeQueue(memoryStore());
  await queue.add(record(0));
  await queue.add(record(1));

  assert.deepEqual(await queue.counts(), { waiting: 2, refused: 0 });
  assert.deepEqual(
    (await queue.records()).map((row) => row.state),
    ["waiting", "waiting"],
  );
});

test("without a network nothing is lost and the order holds for the next try", async () => {
  const queue = makeQueue(memoryStore());
  for (const step of [0, 1]) await queue.add(record(step));
  const server = fakeServer();
  server.setOnline(false);

  assert.equal(await queue.flush(server.fetcher), false);
  assert.deepEqual(await queue.counts(), { waiting: 2, refused: 0 });

  await queue.add(record(2));
  server.setOnline(true);
  assert.equal(await queue.flush(server.fetcher), true);
  assert.deepEqual(server.urls(), ["/play/1/key/0/", "/play/1/key/1/", "/play/1/key/2/"]);
});

test("a busy or failing server stops the run, and the same record goes first next time", async () => {
  for (const status of [500, 503, 429]) {
    const queue = makeQueue(memoryStore());
    for (const step of [0, 1]) await queue.add(record(step));
    const busy = fakeServer({ "/play/1/key/0/": status });

    assert.equal(await queue.flush(busy.fetcher), false);
    assert.deepEqual(busy.urls(), ["/play/1/key/0/"]); // the second waits behind the first

    const back = fakeServer();
    assert.equal(await queue.flush(back.fetcher), true);
    assert.deepEqual(back.urls(), ["/play/1/key/0/", "/play/1/key/1/"]);
  }
});

test("a refused record is kept, marked with its reason, and the rest are sent", async () => {
  const queue = makeQueue(memoryStore());
  for (const step of [0, 1, 2, 3]) await queue.add(record(step));
  const server = fakeServer({
    "/play/1/key/0/": 409,
    "/play/1/key/1/": 403,
    "/play/1/key/2/": "redirect",
  });

  assert.equal(await queue.flush(server.fetcher), true);

  assert.deepEqual(server.urls(), ["/play/1/key/0/", "/play/1/key/1/", "/play/1/key/2/", "/play/1/key/3/"]);
  assert.deepEqual(
    (await queue.records()).map((row) => [row.url, row.state, row.reason]),
    [
      ["/play/1/key/0/", "refused", "changed"],
      ["/play/1/key/1/", "refused", "signed-out"],
      ["/play/1/key/2/", "refused", "signed-out"],
    ],
  );
  assert.deepEqual(await queue.counts(), { waiting: 0, refused: 3 });

  // A refused record is not sent again.
  const again = fakeServer();
  assert.equal(await queue.flush(again.fetcher), true);
  assert.deepEqual(again.sent, []);
});

test("the reasons a refusal is told by", () => {
  assert.equal(refusal({ status: 409, type: "basic" }), "changed");
  assert.equal(refusal({ status: 403, type: "basic" }), "signed-out");
  assert.equal(refusal({ status: 404, type: "basic" }), "signed-out");
  assert.equal(refusal({ status: 0, type: "opaqueredirect" }), "signed-out");
  assert.equal(refusal({ status: 400, type: "basic" }), "refused");
});

test("two flushes at once make one run: no record is sent twice", async () => {
  const queue = makeQueue(memoryStore());
  for (const step of [0, 1, 2]) await queue.add(record(step));
  const server = fakeServer();

  const [first, second] = await Promise.all([queue.flush(server.fetcher), queue.flush(server.fetcher)]);

  assert.deepEqual([first, second], [true, true]);
  assert.deepEqual(server.urls(), ["/play/1/key/0/", "/play/1/key/1/", "/play/1/key/2/"]);

  // Once that run is over, a new flush sends what was added since.
  await queue.add(record(3));
  assert.equal(await queue.flush(server.fetcher), true);
  assert.equal(server.urls().at(-1), "/play/1/key/3/");
  assert.equal(server.sent.length, 4);
});

test("a record added while a run is sending goes out in the same run, last", async () => {
  const queue = makeQueue(memoryStore());
  await queue.add(record(0));
  const server = fakeServer();
  const slow = async (url, options) => {
    if (url === "/play/1/key/0/") await queue.add(record(1)); // the next step, pressed meanwhile
    return server.fetcher(url, options);
  };

  assert.equal(await queue.flush(slow), true);

  assert.deepEqual(server.urls(), ["/play/1/key/0/", "/play/1/key/1/"]);
});

test("every change is told, and clearing empties the queue", async () => {
  let told = 0;
  const queue = makeQueue(memoryStore(), { onChanged: () => (told += 1) });
  await queue.add(record(0));
  await queue.add(record(1));
  assert.equal(told, 2);

  await queue.flush(fakeServer({ "/play/1/key/1/": 409 }).fetcher);
  assert.equal(told, 4); // one sent, one refused

  await queue.clear();
  assert.equal(told, 5);
  assert.deepEqual(await queue.records(), []);
});
