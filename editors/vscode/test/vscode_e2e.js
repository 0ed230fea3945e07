// vscode_e2e.js - drive real VS Code (code-server from npm) in headless Chromium with
// playwright-core and check what the Codex Config extension shows. Adapted from
// shared/probes/vscode_e2e_code_server.js. Run by scripts/e2e-code-server.sh.
//
// Env:
//   E2E_URL         workbench URL with ?folder=
//   E2E_SCENARIO    main, or any name but those below (the checks the E2E_* settings ask for)
//                   | notfound (server missing: exactly one error notification)
//                   | startfail (server command exits at once: one error notification)
//                   | crash (server exits after initialize: a few restarts, one error notification)
//   E2E_FILE        path to open with Quick Open (default .codex/config.toml)
//   E2E_DIAG_AT     1-based line:column on the mistake (hover there shows the diagnostic)
//   E2E_COMPLETE_AT line:column inside `model = "` for completion
//   E2E_HOVER_AT    line:column on a valid model name
//   E2E_TYPE_AT     line:column=text: replace the rest of that line with text, then complete
//   E2E_SEVERITY    1: set codexConfig.severity in the user settings; it must reach the server
//   E2E_SERVER_PATH  JSON array: set codexConfig.path; the server must restart with it
//   E2E_EXPECT_SOURCE  where the first server must come from, as the log says (e.g. bundled server on ...)
//   E2E_CODEX_HOME_FILE  $CODEX_HOME/config.toml, relative to the workspace, to open
//   E2E_OTHER_FILE  an unrelated TOML file that must get no diagnostics (default Cargo.toml)
//   E2E_FORMAT_OPEN  a messy Codex config to open (workspace-relative) and run Format Document on;
//                    E2E_FORMAT_FILE is its path on disk, E2E_FORMAT_EXPECTED a file with the tidy text
//   E2E_LOGS        code-server's logs directory (the extension's log is read from there)
//   E2E_OUT         result JSON path;  E2E_SHOTS  directory for screenshots
//   E2E_TIMEOUT_MS  per wait (default 30000);  CHROMIUM (default /usr/bin/chromium)
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const env = (k, d) => process.env[k] || d;
const TIMEOUT = Number(env('E2E_TIMEOUT_MS', '30000'));
const SHOTS = env('E2E_SHOTS', '');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SQUIGGLES = ['error', 'warning', 'info', 'hint'].map((s) => `.monaco-editor .squiggly-${s}`).join(', ');

const result = { scenario: env('E2E_SCENARIO', 'main'), checks: {}, timings_ms: {} };
const t0 = Date.now();
function check(name, ok, detail) {
  result.checks[name] = { ok: Boolean(ok), detail };
}
function mark(name) {
  result.timings_ms[name] = Date.now() - t0;
}

async function shot(page, name) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  // The editor area (widgets included), without the rest of the workbench chrome.
  const box = await page.locator('.part.editor').boundingBox().catch(() => null);
  const opts = { path: path.join(SHOTS, `${name}.png`) };
  if (box) opts.clip = { x: box.x, y: box.y, width: Math.min(box.width, 1100), height: Math.min(box.height, 400) };
  await page.screenshot(opts).catch(() => {});
  await page.screenshot({ path: path.join(SHOTS, `${name}-full.png`) }).catch(() => {});
}

async function gotoPos(page, pos) {
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input', { timeout: TIMEOUT });
  await page.keyboard.type(pos);
  await sleep(300);
  await page.keyboard.press('Enter');
  await sleep(300);
}

async function openFile(page, file) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { timeout: TIMEOUT });
  await page.keyboard.type(file);
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: TIMEOUT });
  await sleep(700);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: TIMEOUT });
  await sleep(300);
  await page.click('.monaco-editor .view-lines');
}

// How many squiggles appear within 15 s (0 when none do).
async function squiggleCount(page) {
  try {
    await page.waitForSelector(SQUIGGLES, { timeout: 15000 });
    return await page.locator(SQUIGGLES).count();
  } catch {
    return 0;
  }
}

async function languageMode(page) {
  return page.locator('#status\\.editor\\.mode').innerText().catch(() => null);
}

async function showHover(page, pos) {
  await gotoPos(page, pos);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I'); // editor.action.showHover
  await page.waitForSelector('.monaco-hover .hover-row', { timeout: TIMEOUT });
  await sleep(700); // the language server's part arrives after the marker part
  return page.locator('.monaco-hover .hover-row').allInnerTexts();
}

async function main(page) {
  await openFile(page, env('E2E_FILE', '.codex/config.toml'));
  mark('editor');
  try {
    await page.waitForSelector(SQUIGGLES, { timeout: TIMEOUT });
    mark('diagnostics');
  } catch {
    // reported by the check below
  }
  const counts = {};
  for (const s of ['error', 'warning', 'info', 'hint']) {
    counts[s] = await page.locator(`.monaco-editor .squiggly-${s}`).count();
  }
  result.squiggles = counts;
  const mode = await languageMode(page);
  check('language_mode', mode === 'Codex Config', mode);

  if (env('E2E_DIAG_AT')) {
    const rows = await showHover(page, env('E2E_DIAG_AT')).catch((e) => [`(no hover: ${e.message.split('\n')[0]})`]);
    result.diagnostic_hover = rows;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    check('diagnostic', total > 0 && rows.some((r) => /gpt-5\.5-mini/.test(r)), { squiggles: counts, hover: rows });
    await shot(page, 'diagnostic');
    await page.keyboard.press('Escape');
  }

  if (env('E2E_COMPLETE_AT')) {
    await gotoPos(page, env('E2E_COMPLETE_AT'));
    await page.keyboard.press('Control+Space');
    let labels = [];
    try {
      await page.waitForSelector('.suggest-widget .monaco-list-row', { timeout: TIMEOUT });
      await sleep(700);
      labels = await page.locator('.suggest-widget .monaco-list-row .label-name').allInnerTexts();
      // Open the details pane of the selected item (Ctrl+Space again), for the screenshot.
      await page.keyboard.press('Control+Space');
      await page.waitForSelector('.suggest-details-container .docs', { timeout: 5000 }).catch(() => {});
      await sleep(500);
    } catch (e) {
      labels = [];
      result.completion_error = e.message.split('\n')[0];
    }
    result.completion_labels = labels;
    const want = env('E2E_EXPECT_COMPLETION', 'gpt-5.5,gpt-5.4').split(',');
    check('completion', want.every((w) => labels.includes(w)), { expected: want, labels });
    await shot(page, 'completion');
    await page.keyboard.press('Escape');
  }

  if (env('E2E_HOVER_AT')) {
    const rows = await showHover(page, env('E2E_HOVER_AT')).catch((e) => [`(no hover: ${e.message.split('\n')[0]})`]);
    result.hover = rows;
    const re = new RegExp(env('E2E_EXPECT_HOVER', 'gpt-5\\.4'), 'i');
    // A description is more than the name: require some prose as well.
    check('hover', rows.some((r) => re.test(r) && r.length > 40), rows);
    await shot(page, 'hover');
    await page.keyboard.press('Escape');
  }

  if (env('E2E_SEVERITY')) {
    // A severity change reaches the running server (didChangeConfiguration, no restart):
    // the unknown-model warning turns into an error. Edited in VS Code itself, as a user does.
    await addUserSetting(page, '"codexConfig.severity": { "unknown-model": "error" }');
    const t = Date.now();
    let counts = {};
    for (;;) {
      counts = {
        error: await page.locator('.monaco-editor .squiggly-error').count(),
        warning: await page.locator('.monaco-editor .squiggly-warning').count(),
      };
      if ((counts.error > 0 && counts.warning === 0) || Date.now() - t > 30000) break;
      await sleep(250);
    }
    result.timings_ms.severity_change = Date.now() - t;
    check('severity_setting', counts.error > 0 && counts.warning === 0, counts);
  }

  if (env('E2E_TYPE_AT')) {
    // Type a prefix over the value, as a user does, then complete: the items must survive
    // VS Code's filtering by the typed text.
    const [pos, typed] = env('E2E_TYPE_AT').split('=');
    await gotoPos(page, pos);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type(typed, { delay: 30 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    let labels = [];
    try {
      await page.waitForSelector('.suggest-widget .monaco-list-row', { timeout: 10000 });
      await sleep(500);
      labels = await page.locator('.suggest-widget .monaco-list-row .label-name').allInnerTexts();
    } catch {
      labels = [];
    }
    result.completion_typed_labels = labels;
    const want = env('E2E_EXPECT_TYPED', 'gpt-5.4');
    check('completion_after_typing', labels.includes(want), { typed, expected: want, labels });
    await page.keyboard.press('Escape');
  }

  if (env('E2E_CODEX_HOME_FILE')) {
    // $CODEX_HOME/config.toml is a Codex config even outside a .codex folder.
    await openFile(page, env('E2E_CODEX_HOME_FILE'));
    const n = await squiggleCount(page);
    const homeMode = await languageMode(page);
    check('codex_home_file', n > 0 && homeMode === 'Codex Config', { squiggles: n, language: homeMode });
  }

  const other = env('E2E_OTHER_FILE', 'Cargo.toml');
  if (other !== 'none') {
    await openFile(page, other);
    await sleep(4000); // long enough for a server to have published diagnostics
    const n = await page.locator(SQUIGGLES).count();
    const otherMode = await languageMode(page);
    check('other_toml_untouched', n === 0 && otherMode !== 'Codex Config', { file: other, squiggles: n, language: otherMode });
  }
  if (env('E2E_FORMAT_OPEN')) {
    // Format Document through VS Code's own command, saved; the file on disk is what counts
    // (the editor's DOM wraps and virtualizes lines).
    await openFile(page, env('E2E_FORMAT_OPEN'));
    await squiggleCount(page); // the server has analysed the file
    const want = fs.readFileSync(env('E2E_FORMAT_EXPECTED'), 'utf8');
    let got = '';
    for (const end = Date.now() + TIMEOUT; Date.now() < end && got !== want; await sleep(1000)) {
      await runCommand(page, 'Format Document');
      await sleep(1000);
      await page.keyboard.press('Control+S');
      await sleep(500);
      got = fs.readFileSync(env('E2E_FORMAT_FILE'), 'utf8');
    }
    check('format_document', got === want, { got, want });
  }
  if (env('E2E_EXPECT_SOURCE')) {
    const source = env('E2E_EXPECT_SOURCE');
    const line = extensionLog().split('\n').find((l) => /Using .*, version: /.test(l)) ?? '';
    check('server_source', line.includes(`(${source})`), { expected: source, log: line });
  }
  if (env('E2E_SERVER_PATH')) {
    // Setting codexConfig.path restarts the server with that executable; diagnostics come back.
    await addUserSetting(page, `"codexConfig.path": ${env('E2E_SERVER_PATH')}`);
    const restarted = await waitForLog((log) => /Restarting: settings changed/.test(log)
      && /setting codexConfig\.path\), version/.test(log));
    const n = await squiggleCount(page);
    check('server_setting_restart', n > 0 && restarted, { squiggles: n, restarted });
  }
  result.output_channel = await outputChannel(page);
  check('show_output', result.output_channel.some((l) => /\[info\]/.test(l)), result.output_channel);
}

// Add `"key": value` to the user settings.json through the editor, save, and go back to the
// Codex config file. (Writing the file from outside is not noticed by code-server here.)
async function addUserSetting(page, entry) {
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  // VS Code 1.139 opens it in a modal editor that has the focus.
  await page.waitForSelector('.monaco-editor .view-lines:has-text("workbench.startupEditor")', { timeout: TIMEOUT });
  await sleep(500);
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  await page.keyboard.insertText(`\n  ${entry},`);
  await page.keyboard.press('Control+S');
  await sleep(500);
  await page.keyboard.press('Control+W');
  await sleep(300);
  await openFile(page, env('E2E_FILE', '.codex/config.toml'));
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { timeout: TIMEOUT });
  await page.keyboard.type(title);
  await sleep(700);
  await page.keyboard.press('Enter');
}

// The extension's output channel as the Output view shows it (command "Codex Config: Show Output").
async function outputChannel(page) {
  try {
    await runCommand(page, 'Codex Config: Show Output');
    await page.waitForSelector('.output-view .view-lines .view-line', { timeout: TIMEOUT });
    await sleep(1000);
    return (await page.locator('.output-view .view-lines .view-line').allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' '));
  } catch (e) {
    return [`(output not read: ${String(e).split('\n')[0]})`];
  }
}

// The extension's log as code-server writes it (E2E_LOGS: the user data's logs directory).
// Read from disk, not from the Output view: the view wraps long lines and shows only a few.
function extensionLog() {
  const dir = env('E2E_LOGS', '');
  if (!dir || !fs.existsSync(dir)) return '';
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => path.basename(f) === 'Codex Config.log')
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

// Wait until the extension's log satisfies `ok` (false after TIMEOUT).
async function waitForLog(ok) {
  for (const end = Date.now() + TIMEOUT; Date.now() < end; await sleep(500)) {
    if (ok(extensionLog())) return true;
  }
  return false;
}

// Exactly one error notification from the extension, matching `expected`, with its buttons.
async function oneError(page, expected) {
  await openFile(page, env('E2E_FILE', '.codex/config.toml'));
  mark('editor');
  const toast = '.notifications-toasts .notification-toast';
  let texts = [];
  try {
    await page.waitForSelector(toast, { timeout: TIMEOUT });
    mark('notification');
    await sleep(8000); // any second message (a crash loop) would show up by now
    texts = await page.locator(toast).allInnerTexts();
  } catch {
    texts = [];
  }
  result.notifications = texts;
  const ours = texts.filter((t) => /Codex Config/.test(t));
  check(
    'one_clear_error',
    ours.length === 1 && expected.test(ours[0]) && /Open Settings/.test(ours[0]) && /Show Output/.test(ours[0]),
    texts,
  );
  await shot(page, result.scenario);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  try {
    await page.goto(env('E2E_URL', 'http://127.0.0.1:8123/'));
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    mark('workbench');
    await sleep(2000); // let the extension host start
    // Side bars closed: the editor gets the width (for the screenshots).
    for (const [part, key] of [['.part.sidebar', 'Control+B'], ['.part.auxiliarybar', 'Control+Alt+B']]) {
      if (await page.locator(part).isVisible().catch(() => false)) await page.keyboard.press(key);
    }
    if (result.scenario === 'notfound') await oneError(page, /needs Python 3\.10 or newer/);
    else if (result.scenario === 'startfail') await oneError(page, /did not start as a language server/);
    else if (result.scenario === 'crash') await oneError(page, /will not be restarted/);
    else await main(page);
  } catch (e) {
    result.error = String(e).split('\n')[0];
    await shot(page, 'failure');
  }
  mark('total');
  const names = Object.keys(result.checks);
  result.ok = !result.error && names.length > 0 && names.every((n) => result.checks[n].ok);
  const out = JSON.stringify(result, null, 1);
  if (env('E2E_OUT')) fs.writeFileSync(env('E2E_OUT'), out + '\n');
  for (const n of names) {
    const { ok, detail } = result.checks[n];
    console.log(`${ok ? 'PASS' : 'FAIL'} ${result.scenario}: ${n}`);
    if (!ok) console.log(`  detail: ${JSON.stringify(detail)}`);
  }
  if (result.error) console.log(`ERROR ${result.scenario}: ${result.error}`);
  await browser.close();
  process.exit(result.ok ? 0 : 1);
})();
