"""Build the in-browser exercises: a JupyterLite site on Pyodide, with no server and no CDN.

    python -m ict4d_build.lite --output _build/html/lite [--book-url /]

Everything the site needs is fetched from package registries only, cached in `.lite-cache/`
and served from the site itself:

- Pyodide from the npm package, at the version the installed jupyterlite-pyodide-kernel was
  built for (the version in its default `pyodideUrl`): `pyodide`;
- the kernel's own pure-Python packages (micropip, IPython, jedi, ...), our wheel and its pure
  dependencies (ruamel.yaml, fastjsonschema, ipywidgets, comm) as `py3-none-any` wheels from
  PyPI, for the Python that Pyodide runs, at the versions Pyodide's own lock pins or, for every
  other package, the versions pinned in the repository's `constraints.txt` (the one file the
  Makefile and CI install with, so the browser runs what the tests run): `wheels`;
- those wheels compiled to bytecode by the same Pyodide, run in Node (PyPI wheels hold only
  sources, which every kernel start would otherwise compile again): `precompile`;
- a `pyodide-lock.json` that lists exactly those wheels and nothing else, written with the
  `pyodide-lock` package, so `import ict4d_training` works at once and nothing is looked for on a
  CDN: `lock`.

The exercises (`exercises/0*.md`, MyST) and the health-check form (`exercises/health-check.md`;
the list is `LITE_PAGES` in `links`, the Sphinx extension that links each page to its notebook)
become notebooks at the root of the site's files (`notebooks`), so
`notebooks/index.html?path=03-design-a-partnership.ipynb` opens exercise 3. Their Markdown is made
plain (`markdown`: links to the book's pages at `--book-url`, "/" by default), and each model
answer becomes a notebook of its own (`03-design-a-partnership-model-answer.ipynb`), so that Run
All Cells in the exercise never runs it. `site` stages the sources, runs `jupyter lite build`
and checks what it wrote. A second run with a warm cache asks no registry anything (our own wheel
is built from cached build tools).
"""
