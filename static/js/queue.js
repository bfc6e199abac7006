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

// Where the records are kept. The queue needs five things of a store, each answering a
// promise: all() (every record, in the order they were added), add(record) (the new id),
// put(record) (replace the one with its id), remove(id) and clear(). On the device that is
// IndexedDB; tests/js/queue.test.mjs runs the same rules on one kept in memory.
export function indexedDbStore() {
  let database = null;
  const open = () => {
    if (!database) {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      database = done(request);
    }
    return database;
  };
  const inStore = async (mode, work) => {
    const db = await open();
    const transaction = db.transaction(STORE, mode);
    const result = await done(work(transaction.objectStore(STORE)));
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
    return result;
  };
  return {
    all: () => inStore("readonly", (store) => store.getAll()), // in key order: as added
    add: (record) => inStore("readwrite", (store) => store.add(record)),
    put: (record) => inStore("readwrite", (store) => store.put(record)),
    remove: (id) => inStore("readwrite", (store) => store.delete(id)),
    clear: () => inStore("readwrite", (store) => store.clear()),
  };
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

const REASONS = {
  409: "changed", // the routine was changed, or the session finished elsewhere
  403: "signed-out", // the sign-in this record was made under has ended
  404: "signed-out",
};

/** Why the server refused a record, from its answer (not ok, not 5xx or 429). */
export function refusal(response) {
  return response.type === "opaqueredirect" ? "signed-out" : REASONS[response.status] || "refused";
}

// The queue's rules over a store. `onChanged` is called after every change.
export function makeQueue(store, { onChanged = () => {} } = {}) {
  const records = () => store.all();

  async function add(record) {
    const id = await store.add({ ...record, state: "waiting" });
    onChanged();
    return id;
  }

  async function clear() {
    await store.clear();
    onChanged();
  }

  /** How many records wait to be sent, and how many the server refused. */
  async function counts() {
    const all = await records();
    return {
      waiting: all.filter((record) => record.state === "waiting").length,
      refused: all.filter((record) => record.state === "refused").length,
    };
  }

  // The oldest waiting record first, each one sent only when the one before it was answered;
  // a refused record stays (marked) and the next is sent.
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
        await store.remove(next.id);
      } else if (response.status >= 500 || response.status === 429) {
        return false; // the server is busy or down: try again later, in the same order
      } else {
        await store.put({ ...next, state: "refused", reason: refusal(response) });
      }
      onChanged();
    }
  }

  let flushing = null;

  /** Send every waiting record in order; true when none is left waiting. One run at a time:
   * a call while one runs gets that run's answer, so no record is sent twice at once. */
  function flush(fetcher = globalThis.fetch.bind(globalThis)) {
    flushing ??= sendAll(fetcher).finally(() => {
      flushing = null;
    });
    return flushing;
  }

  return { records, add, clear, counts, flush };
}

// The device's queue, shared by the pages and the service worker.
export const { records, add, clear, counts, flush } = makeQueue(indexedDbStore(), { onChanged: changed });
