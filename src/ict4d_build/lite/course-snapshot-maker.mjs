// A worker that makes the kernel's start-up snapshot for the next start (see course-pyodide.mjs):
// Python's memory after the slow imports, and the files the packages installed.

import { loadPlainPyodide, pack, storeSnapshot } from "./course-pyodide.mjs";

// The slow imports of a kernel start that keep no reference to a JavaScript object, which a
// snapshot cannot carry (micropip, piplite and the kernel's own modules import pyodide_js, so
// they are imported after the restore as usual, and quickly once these are in memory).
const SNAPSHOT_IMPORTS = `
import IPython, IPython.core.completerlib, jedi, comm, ipywidgets
# The standard library modules that micropip, piplite and the kernel import next.
import html.parser, unittest.mock, calendar, getpass, _strptime
import ict4d_training, ict4d_training.widgets
from importlib import resources
# Score the packaged template once: this reads the rubric and compiles the design schema, which
# the builder would otherwise do on its first draw.
_template = resources.files("ict4d_training").joinpath("data", "template.yaml").read_text(encoding="utf-8")
ict4d_training.score(ict4d_training.parse_design(_template, "template.yaml"))
del _template, resources
import gc
gc.collect()  # closes files the imports left open: open files do not survive a restore
`;

function installedFiles(pyodide) {
  const { FS } = pyodide;
  const root = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')").replace(/^\/+/, "/");
  const index = [];
  const chunks = [];
  const walk = (folder) => {
    for (const name of FS.readdir(folder)) {
      if (name === "." || name === "..") continue;
      const path = `${folder}/${name}`;
      if (FS.isDir(FS.stat(path).mode)) {
        walk(path);
      } else {
        const bytes = FS.readFile(path);
        index.push([path, bytes.length]);
        chunks.push(bytes);
      }
    }
  };
  walk(root);
  const files = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    files.set(chunk, offset);
    offset += chunk.length;
  }
  return { index, files };
}

self.onmessage = async ({ data: { indexURL, packages, key } }) => {
  try {
    const pyodide = await loadPlainPyodide({ indexURL, packages, _makeSnapshot: true, stdout: () => {}, stderr: () => {} });
    await pyodide.runPythonAsync(SNAPSHOT_IMPORTS);
    const { index, files } = installedFiles(pyodide);
    // A snapshot may hold no JavaScript state, and the record of loaded packages is JavaScript's:
    // it is emptied for the copy and filled again, from the stored list, when a start restores it.
    const loaded = { ...pyodide.loadedPackages };
    for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
    const memory = pyodide.makeMemorySnapshot();
    const record = { memory: new Blob([memory]), files: await pack(files), index, packages: loaded };
    await storeSnapshot(key, record);
    self.postMessage({ kept: true, megabytes: ((record.memory.size + record.files.size) / 1e6).toFixed(0) });
  } catch (error) {
    self.postMessage({ kept: false, error: String(error) });
  }
};
