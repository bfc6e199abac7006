// Backstretch's queue of writes made on the device, shared by the pages and the service
// worker. Each record of a play-through (a step done or skipped, the finish with pain after
// and a note) is put here first and then sent to the server in order, as soon as there is
// a network: at once, on the `online` event, on the next page load and through Background
// Sync. The server takes each record once and answers a repeat with success, so a record
// sent twice (a reply lost on a weak signal) changes nothing.
//
// A record: { id, url, body (form-encoded), csrf, playKey, state: "waiting" | "refused",
// reason }. One the server refuses (the routine was changed meanwhile, the person signed
// out) is kept, marked refused, and the page says so: nothing is dropped.

const DB_NAME = "backstretch";
const STORE = "queue";
const CHANNEL = "backstretch-queue";
export const SYNC_TAG = "backstretch-queue";

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let database = null;
function open() {
  if (!database) {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
    };
    database = done(request);
  }
  return database;
}

async function inStore(mode, work) {
  const db = await open();
  const transaction = db.transaction(STORE, mode);
  const result = await done(work(transaction.objectStore(STORE)));
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
  return result;
}

function changed() {
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage("changed");
    channel.close();
  } catch {
    // no BroadcastChannel: each page still sees its own changes
  }
  globalThis.dispatchEvent?.(new Event("backstretch:queue"));
}

/** Call `listener` whenever the queue changes, in this page or in another. */
export function onChange(listener) {
  globalThis.addEventListener?.("backstretch:queue", listener);
  try {
    new BroadcastChannel(CHANNEL).onmessage = listener;
  } catch {
    // as above
  }
}

export async function records() {
  return inStore("readonly", (store) => store.getAll());
}

export async function add(record) {
  const id = await inStore("readwrite", (store) => store.add({ ...record, state: "waiting" }));
  changed();
  return id;
}

export async function clear() {
  await inStore("readwrite", (store) => store.clear());
  changed();
}

/** How many records wait to be sent, and how many the server refused. */
export async function counts() {
  const all = await records();
  return {
    waiting: all.filter((record) => record.state === "waiting").length,
    refused: all.filter((record) => record.state === "refused").length,
  };
}

const REASONS = {
  409: "changed", // the routine was changed, or the session finished elsewhere
  403: "signed-out", // the sign-in this record was made under has ended
  404: "signed-out",
};

async function sendAll(fetcher) {
  for (;;) {
    const next = (await records()).find((record) => record.state === "waiting");
    if (!next) return true;
    let response;
    try {
      response = await fetcher(next.url, {
        method: "POST",
        body: next.body,
        credentials: "same-origin",
        redirect: "manual",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-CSRFToken": next.csrf,
          "X-Backstretch-Queue": "1",
        },
      });
    } catch {
      return false; // no network: the next chance sends it
    }
    if (response.ok) {
      await inStore("readwrite", (store) => store.delete(next.id));
    } else if (response.status >= 500 || response.status === 429) {
      return false; // the server is busy or down: try again later, in the same order
    } else {
      const reason = response.type === "opaqueredirect" ? "signed-out" : REASONS[response.status] || "refused";
      await inStore("readwrite", (store) => store.put({ ...next, state: "refused", reason }));
    }
    changed();
  }
}

let flushing = null;

/** Send every waiting record in order; true when none is left waiting. One at a time. */
export function flush(fetcher = globalThis.fetch.bind(globalThis)) {
  flushing ??= sendAll(fetcher).finally(() => {
    flushing = null;
  });
  return flushing;
}
