// Pyodide for the exercises' kernel, started from a snapshot made earlier in the same browser.
//
// The kernel's web worker imports this module in place of pyodide.mjs (the site's `pyodideUrl`).
// Most of a kernel start is Python importing IPython, jedi, ipywidgets and the course's widgets,
// and Pyodide unpacking some twenty wheels. The first start in a browser does that as usual; a
// little later a worker of its own (course-snapshot-maker.mjs) does the same again and keeps a
// copy of Python's memory and of the installed files in this site's IndexedDB. Later starts
// restore that copy instead. The snapshot is made in the learner's browser, not shipped with the
// site, so a learner on a slow or metered link downloads nothing more for it.
//
// A snapshot is keyed to the site's package lock and the packages the kernel loads, so a new
// course release makes a new one (Pyodide itself refuses a snapshot from another build of it).
// Pyodide marks memory snapshots experimental (`_makeSnapshot`, `_loadSnapshot`), so whatever
// goes wrong falls back to the usual start; tests/test_lite_snapshot.py starts the kernel both ways.

import { loadPyodide as loadPlainPyodide } from "./pyodide.mjs";
import createPyodideModule from "./pyodide.asm.mjs";

export { loadPlainPyodide };

// Bump when what a snapshot holds changes (course-snapshot-maker.mjs), so old ones are not restored.
const SNAPSHOT_FORMAT = 3;
const DATABASE = "ict4d-training-kernel";
const STORE = "snapshots";
const LOG = "[ict4d kernel]";
// A snapshot is made this long after the first start, once the learner's first cells have run.
const SNAPSHOT_DELAY_MS = 10000;
// A kernel that has not imported its own module this long after a restore is taken to have failed.
const KERNEL_START_LIMIT_MS = 60000;

function openDatabase() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transact(mode, work) {
  return openDatabase().then((database) => new Promise((resolve, reject) => {
    const transaction = database.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => { database.close(); resolve(request && request.result); };
    transaction.onerror = transaction.onabort = () => { database.close(); reject(transaction.error); };
  }));
}

// The lock names every wheel with its sha256, so a digest of it changes with any package. FNV-1a
// rather than crypto.subtle, which a page served over plain http (a laptop in a workshop) lacks.
function fnv1a(bytes) {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

export async function snapshotKey(indexURL, packages) {
  const response = await fetch(new URL("pyodide-lock.json", indexURL));
  if (!response.ok) throw new Error(`pyodide-lock.json: ${response.status}`);
  const lock = new Uint8Array(await response.arrayBuffer());
  return `${SNAPSHOT_FORMAT}:${fnv1a(lock)}-${lock.length}:${[...packages].sort().join(",")}`;
}

async function transform(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

// The installed files are stored compressed (19 MB of mostly text to about 5 MB); Python's memory
// is not, since unpacking its 65 MB took longer (0.4 s on two cores) than reading it as it is.
export const pack = (bytes) => transform(bytes, new CompressionStream("gzip")).then((packed) => new Blob([packed]));
const unpack = async (blob) => transform(new Uint8Array(await blob.arrayBuffer()), new DecompressionStream("gzip"));
const read = async (blob) => new Uint8Array(await blob.arrayBuffer());

export async function storeSnapshot(key, record) {
  // One snapshot per site: a new key replaces the old ones.
  await transact("readwrite", (store) => { store.clear(); store.put(record, key); });
}

const forgetSnapshots = () => transact("readwrite", (store) => { store.clear(); });

async function restore(options, record) {
  // The memory and the files are read while Pyodide fetches and compiles its WebAssembly.
  const memory = read(record.memory);
  const files = unpack(record.files);
  // The snapshot's memory is larger than a new Pyodide's, so that grows before Pyodide copies it in.
  const createModule = async (settings) => {
    const module = await createPyodideModule(settings);
    module.growMemory((await memory).length);
    return module;
  };
  // No `packages`: their files come from the snapshot, which is quicker than unpacking the wheels.
  const pyodide = await loadPlainPyodide({ ...options, packages: [], _loadSnapshot: memory,
                                           createPyodideModule: createModule });
  const bytes = await files;
  let offset = 0;
  for (const [path, size] of record.index) {
    pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    pyodide.FS.writeFile(path, bytes.subarray(offset, offset + size));
    offset += size;
  }
  Object.assign(pyodide.loadedPackages, record.packages);
  // The directories are new to Python's import system; and the snapshot froze random's state.
  pyodide.runPython("import importlib, random; importlib.invalidate_caches(); random.seed()");
  return pyodide;
}

// The snapshot is made in a worker of its own so that the first start is not slowed; it costs a
// few seconds of one core and about 150 MB of memory while it runs, which small devices are spared.
function snapshotLater(options, key) {
  if ((navigator.deviceMemory ?? 8) < 2) return;
  setTimeout(async () => {
    // Another tab (another exercise) may have made it meanwhile.
    if (await transact("readonly", (store) => store.count(key)).catch(() => 0)) return;
    const maker = new Worker(new URL("./course-snapshot-maker.mjs", import.meta.url), { type: "module" });
    maker.onmessage = ({ data }) => {
      if (data.kept) console.info(`${LOG} snapshot kept for the next start (${data.megabytes} MB stored)`);
      else console.warn(`${LOG} no snapshot made (${data.error})`);
      maker.terminate();
    };
    maker.onerror = (event) => { console.warn(`${LOG} no snapshot made (${event.message})`); maker.terminate(); };
    maker.postMessage({ indexURL: options.indexURL, packages: options.packages ?? [], key });
  }, SNAPSHOT_DELAY_MS);
}

export async function loadPyodide(options) {
  let key = null;
  let record = null;
  try {
    key = await snapshotKey(options.indexURL, options.packages ?? []);
    record = await transact("readonly", (store) => store.get(key));
  } catch (error) {
    console.warn(`${LOG} no snapshot store here (${error}); starting Python the usual way`);
  }
  if (record) {
    try {
      const started = performance.now();
      const pyodide = await restore(options, record);
      console.info(`${LOG} Python restored from this browser's snapshot in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      // Should the kernel fail to start on the restored Python, the next start goes the usual way.
      setTimeout(() => {
        if (!pyodide.runPython("'pyodide_kernel' in __import__('sys').modules")) {
          console.warn(`${LOG} the kernel did not start on the restored snapshot; dropping it`);
          forgetSnapshots().catch(() => {});
        }
      }, KERNEL_START_LIMIT_MS);
      return pyodide;
    } catch (error) {
      console.warn(`${LOG} snapshot not restored (${error}); starting Python the usual way`);
      forgetSnapshots().catch(() => {});
    }
  }
  const pyodide = await loadPlainPyodide(options);
  if (key) snapshotLater(options, key);
  return pyodide;
}
