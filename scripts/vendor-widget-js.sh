#!/usr/bin/env bash
# Refresh the vendored widget manager that renders ipywidgets on static book pages.
# Run by hand when upgrading; the build itself never downloads anything.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund requirejs@2.3.4 @jupyter-widgets/html-manager@1.0.6
target="$here/book/_static/vendor"
mkdir -p "$target"
cp node_modules/requirejs/require.js "$target/require.js"
cp node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js "$target/embed-amd.js"
# The bundle asks for its icon fonts beside itself.
cp node_modules/@jupyter-widgets/html-manager/dist/*.woff2 "$target/"
cp node_modules/@jupyter-widgets/html-manager/LICENSE "$target/LICENSE.html-manager"
printf 'requirejs 2.3.4 (MIT), @jupyter-widgets/html-manager 1.0.6 (BSD-3-Clause), from the npm registry.\n' > "$target/VERSIONS"
echo "Vendored into $target"
