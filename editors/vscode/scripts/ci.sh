#!/usr/bin/env bash
# Build and check the VS Code extension from a fresh clone: npm ci, type-check, bundle,
# put the server and its (pure-Python) libraries into bundled/libs for one platform, package
# the .vsix for that platform, verify what it holds, and run its bundled server on a bare Python.
# Needs Node 20+, npm and a Python 3.10+ with pip (and `packaging`); reaches PyPI.
#   VSIX_TARGET   VS Code target (linux-x64, darwin-arm64, win32-x64, ...; default: this machine's)
#   BUNDLE_WHEEL  the codex-config-lsp wheel to bundle (default: built from this checkout)
#   PYTHON        the Python that runs scripts/bundle_python.py (default: <repo>/.venv/bin/python, python3)
# Writes editors/vscode/codex-config-<target>-<version>.vsix (or $VSIX_OUT). Exits non-zero on failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$HERE"
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "ci.sh: Node 20 or newer is needed, found $(node --version)" >&2
  exit 1
fi

step "npm ci"
npm ci --no-audit --no-fund

step "type-check (tsc --noEmit)"
npx --no-install tsc --noEmit

step "bundle (esbuild)"
rm -rf dist
node esbuild.mjs --production

host_target() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; MINGW*|MSYS*|CYGWIN*) os=win32 ;; *) os=unknown ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) arch=unknown ;; esac
  if [ "$os" = linux ] && ldd --version 2>&1 | grep -qi musl; then os=alpine; fi
  echo "$os-$arch"
}
TARGET=${VSIX_TARGET:-$(host_target)}
PYTHON=${PYTHON:-}
[ -n "$PYTHON" ] || { [ -x "$HERE/../../.venv/bin/python" ] && PYTHON=$HERE/../../.venv/bin/python; } || PYTHON=python3

step "bundle the server for $TARGET (scripts/bundle_python.py)"
"$PYTHON" scripts/bundle_python.py --target "$TARGET" ${BUNDLE_WHEEL:+--wheel "$BUNDLE_WHEEL"}

version=$(node -p 'require("./package.json").version')
name=$(node -p 'require("./package.json").name')
VSIX_OUT=${VSIX_OUT:-$HERE/$name-$TARGET-$version.vsix}
step "package ($VSIX_OUT)"
rm -f "$VSIX_OUT"
# README links (images/...) become absolute URLs into the repository's editors/vscode folder;
# vsce ignores repository.directory by itself.
base=$(node -p 'const r=require("./package.json").repository; r.url.replace(/^git\+/, "").replace(/\.git$/, "") + "/raw/HEAD/" + r.directory')
# vscode:prepublish bundles again; harmless and keeps `vsce package` usable on its own.
npx --no-install vsce package --no-dependencies --target "$TARGET" --out "$VSIX_OUT" \
  --baseContentUrl "$base" --baseImagesUrl "$base" </dev/null

step "verify the .vsix"
node - "$VSIX_OUT" <<'JS'
// List the zip's entries from its central directory (no unzip needed).
const fs = require('fs');
const file = process.argv[2];
const buf = fs.readFileSync(file);
let eocd = -1;
for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
  if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
}
if (eocd < 0) { console.error(`${file}: not a zip file`); process.exit(1); }
const count = buf.readUInt16LE(eocd + 10);
let p = buf.readUInt32LE(eocd + 16);
const names = [];
for (let n = 0; n < count; n++) {
  if (buf.readUInt32LE(p) !== 0x02014b50) { console.error('bad central directory'); process.exit(1); }
  const len = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32);
  names.push(buf.toString('utf8', p + 46, p + 46 + len));
  p += 46 + len + extra + comment;
}
const problems = [];
const need = {
  'extension/package.json': (n) => n === 'extension/package.json',
  'bundled JS extension/dist/extension.js': (n) => n === 'extension/dist/extension.js',
  'README': (n) => /^extension\/readme\.md$/i.test(n),
  'LICENSE': (n) => /^extension\/license(\.txt|\.md)?$/i.test(n),
  'grammar': (n) => n === 'extension/syntaxes/codex-config.tmLanguage.json',
  'language-configuration.json': (n) => n === 'extension/language-configuration.json',
  'bundled/tool/server.py': (n) => n === 'extension/bundled/tool/server.py',
  'the bundled server': (n) => n === 'extension/bundled/libs/codex_config_lsp/__init__.py',
  'its model catalog': (n) => n.startsWith('extension/bundled/libs/codex_config_lsp/data/'),
  'its compiled schema': (n) => n === 'extension/bundled/libs/codex_config_lsp/schema/compiled/trees.json',
};
// What the server imports at run time (pydantic is build time only: it compiles the schema).
for (const lib of ['pygls', 'lsprotocol', 'cattrs', 'attrs', 'tomlkit']) {
  need[lib] = (n) => n === `extension/bundled/libs/${lib}/__init__.py`;
}
// tomli for Python 3.10 (tomllib from 3.11 on)
need['tomli'] = (n) => n === 'extension/bundled/libs/tomli/__init__.py';
for (const [what, test] of Object.entries(need)) {
  if (!names.some(test)) problems.push(`missing ${what}`);
}
for (const n of names) {
  if (/(^|\/)node_modules\//.test(n)) problems.push(`must not contain ${n}`);
  else if (/^extension\/src\//.test(n)) problems.push(`must not contain ${n}`);
  else if (/\.ts$/.test(n) && !/\.d\.ts$/.test(n)) problems.push(`must not contain TypeScript source ${n}`);
  else if (/\.map$/.test(n)) problems.push(`must not contain source map ${n}`);
  else if (/(^|\/)(tsconfig\.json|esbuild\.mjs|package-lock\.json|\.npmrc)$/.test(n)) problems.push(`must not contain ${n}`);
  else if (/^extension\/(test|scripts)\//.test(n)) problems.push(`must not contain ${n}`);
  else if (/(^|\/)__pycache__\//.test(n) || /^extension\/bundled\/libs\/bin\//.test(n)) problems.push(`must not contain ${n}`);
  else if (/^extension\/bundled\/libs\/(pydantic|pydantic_core|annotated_types|_native)[\/-]/.test(n)) problems.push(`must not contain ${n} (pydantic is build time only)`);
  else if (/^extension\/bundled\/libs\/.*\.(so|pyd|dylib|dll)$/i.test(n)) problems.push(`must not contain compiled ${n} (the bundle is pure Python)`);
}
const pkg = JSON.parse(require('fs').readFileSync(require('path').join(process.cwd(), 'package.json'), 'utf8'));
if (!pkg.engines || !pkg.engines.vscode) problems.push('package.json has no engines.vscode');
const typesVscode = pkg.devDependencies && pkg.devDependencies['@types/vscode'];
if (typesVscode && pkg.engines.vscode.replace(/^[\^~>=]+/, '') !== typesVscode.replace(/^[\^~>=]+/, '')) {
  problems.push(`engines.vscode ${pkg.engines.vscode} does not match @types/vscode ${typesVscode}`);
}
const size = fs.statSync(file).size;
console.log(`${file}: ${names.length} entries, ${(size / 1024).toFixed(1)} KiB`);
for (const n of names.filter((n) => !n.startsWith('extension/bundled/libs/'))) console.log(`  ${n}`);
console.log(`  ... and ${names.filter((n) => n.startsWith('extension/bundled/libs/')).length} files under extension/bundled/libs/`);
if (problems.length) {
  for (const pr of problems) console.error(`FAIL ${pr}`);
  process.exit(1);
}
console.log('vsix contents OK');
JS

if [ "$TARGET" = "$(host_target)" ]; then
  step "run the packaged server on a Python without it: python3 -I extension/bundled/tool/server.py check"
  unpacked=$(mktemp -d)
  trap 'rm -rf "$unpacked"' EXIT
  "$PYTHON" -m zipfile -e "$VSIX_OUT" "$unpacked"
  printf 'model = "gpt-5.4"\nbogus_key = 1\n' > "$unpacked/config.toml"
  smoke_python=${SMOKE_PYTHON:-$(command -v python3)}
  rc=0; out=$("$smoke_python" -I "$unpacked/extension/bundled/tool/server.py" check "$unpacked/config.toml" 2>&1) || rc=$?
  echo "$out"
  if [ "$rc" != 1 ] || ! grep -q 'unknown-key' <<<"$out"; then
    echo "ci.sh: the bundled server did not find the unknown key (exit $rc)" >&2
    exit 1
  fi
fi

step "done"
echo "ci.sh: OK in $(( $(date +%s) - start ))s: $VSIX_OUT"
