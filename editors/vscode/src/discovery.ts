// How to start codex-config-lsp, in the shape of ruff-vscode and Microsoft's Python tool
// extensions: `codexConfig.path` (an executable) wins; otherwise `importStrategy` says
// whether to run the server bundled in the extension (`useBundled`, the default) or one
// installed in the environment (`fromEnvironment`, falling back to the bundled one).
// The bundled server runs on a Python interpreter: `codexConfig.interpreter`, else the
// Python extension's, else python3/python on PATH. Every candidate is probed with
// `--version` before it is used.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { expandHome } from './files';

export const SERVER_NAME = 'codex-config-lsp';
const MODULE = 'codex_config_lsp';
const PROBE_TIMEOUT_MS = 20_000;
export const MIN_PYTHON = '3.10';

export type ImportStrategy = 'useBundled' | 'fromEnvironment';

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where the command came from, for messages. */
  source: string;
  /** Output of `--version`. */
  version?: string;
}

/** Why no server could be started: the user is told how to fix that one thing. */
export type Missing = 'path' | 'python';

export interface DiscoveryResult {
  server?: ServerCommand;
  missing?: Missing;
  /** One line per candidate that was tried and failed. */
  failures: string[];
  /** Why the last candidate failed, in a few words (for the error message). */
  reason?: string;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

interface Candidate {
  argv: string[];
  source: string;
  /** argv that prints the version. */
  probe: string[];
}

/** The value of a setting that may start a program: from user settings only in Restricted Mode. */
function programSetting<T>(key: string, fallback: T): T {
  const config = vscode.workspace.getConfiguration('codexConfig');
  if (vscode.workspace.isTrusted) return config.get<T>(key, fallback);
  return config.inspect<T>(key)?.globalValue ?? fallback;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    if (!path.isAbsolute(dir)) continue; // never run something from a relative PATH entry
    for (const ext of exts) {
      const file = path.join(dir, name + ext.toLowerCase());
      try {
        const st = fs.statSync(file);
        if (st.isFile()) {
          if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
          return file;
        }
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

function isInsideWorkspace(file: string): boolean {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.some((f) => {
    const rel = path.relative(f.uri.fsPath, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}

/** The interpreter selected in the Python extension (ms-python.python), if it is installed. */
async function pythonExtensionInterpreter(log: Logger): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await withTimeout(ext.activate(), 15_000);
    if (!api) return undefined;
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const envs = api.environments;
    if (envs?.getActiveEnvironmentPath) {
      const active = envs.getActiveEnvironmentPath(resource);
      const resolved = active && (await envs.resolveEnvironment?.(active));
      const exe = resolved?.executable?.uri?.fsPath;
      if (exe) return exe;
    }
    const details = api.settings?.getExecutionDetails?.(resource);
    return details?.execCommand?.[0];
  } catch (e) {
    log.warn(`Could not ask the Python extension for its interpreter: ${String(e)}`);
    return undefined;
  }
}

/**
 * Call `listener` when the interpreter selected in the Python extension changes (as Microsoft's
 * Python tool extensions restart their servers then). Only once that extension is active, which
 * discovery makes it when it asks for the interpreter.
 */
export function watchPythonInterpreter(listener: () => void): vscode.Disposable | undefined {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  return ext?.isActive ? ext.exports?.environments?.onDidChangeActiveEnvironmentPath?.(() => listener()) : undefined;
}

interface PythonExtensionApi {
  environments?: {
    onDidChangeActiveEnvironmentPath?(listener: () => void): vscode.Disposable;
    getActiveEnvironmentPath?(resource?: vscode.Uri): { id: string; path: string } | undefined;
    resolveEnvironment?(
      env: { id: string; path: string } | string,
    ): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: {
    getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined;
  };
}

function withTimeout<T>(p: Thenable<T>, ms: number): Promise<T | undefined> {
  return Promise.race([
    Promise.resolve(p),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms)),
  ]);
}

/** Run argv; resolve with its trimmed output, or reject with a one-line reason. */
export function runProbe(argv: string[], timeoutMs = PROBE_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      argv[0],
      argv.slice(1),
      { timeout: timeoutMs, windowsHide: true, maxBuffer: 1024 * 1024, shell: process.platform === 'win32' && /\.(cmd|bat)$/i.test(argv[0]) },
      (error, stdout, stderr) => {
        const out = `${stdout}`.trim();
        const err = `${stderr}`.trim();
        if (!error) {
          resolve(out || err);
          return;
        }
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        let reason: string;
        if (e.code === 'ENOENT') reason = 'not found';
        else if (e.killed) reason = `no answer within ${Math.round(timeoutMs / 1000)} s`;
        else {
          const lines = (err || out).split(/\r?\n/).filter(Boolean);
          reason = lines.length ? lines[lines.length - 1] : `exit code ${String(e.code)}`;
        }
        reject(new Error(reason));
      },
    );
  });
}

/** Interpreters to run a Python server with, each as an argv prefix (`py -3` on Windows). */
async function pythons(log: Logger): Promise<{ argv: string[]; source: string }[]> {
  const configured = stringList(programSetting<unknown>('interpreter', []));
  if (configured.length) return [{ argv: [expandHome(configured[0]), ...configured.slice(1)], source: 'setting codexConfig.interpreter' }];
  const list: { argv: string[]; source: string }[] = [];
  const selected = await pythonExtensionInterpreter(log);
  if (selected) {
    if (!vscode.workspace.isTrusted && isInsideWorkspace(selected)) {
      log.warn(`Not using the Python extension's interpreter ${selected}: it is inside an untrusted workspace.`);
    } else {
      list.push({ argv: [selected], source: 'Python extension interpreter' });
    }
  }
  const names = process.platform === 'win32' ? ['python', 'py'] : ['python3', 'python'];
  for (const name of names) {
    const found = which(name);
    if (found) list.push({ argv: name === 'py' ? [found, '-3'] : [found], source: `${name} on PATH` });
  }
  return list;
}

/** The first candidate whose probe answers, or why the last one did not. */
async function firstWorking(
  candidates: Candidate[],
  log: Logger,
  failures: string[],
): Promise<{ server?: ServerCommand; reason?: string }> {
  let reason: string | undefined;
  for (const c of candidates) {
    try {
      const version = await runProbe(c.probe);
      log.info(`Using ${c.argv.join(' ')} (${c.source}), version: ${version || 'unknown'}`);
      return { server: { command: c.argv[0], args: c.argv.slice(1), source: c.source, version } };
    } catch (e) {
      reason = `${c.source}: ${(e as Error).message}`;
      const line = `${c.probe.join(' ')} (${c.source}): ${(e as Error).message}`;
      log.warn(`Cannot use ${line}`);
      failures.push(line);
    }
  }
  return { reason };
}

/**
 * Find a way to start the server. `bundledScript` is the extension's bundled/tool/server.py,
 * which puts the bundled libraries on sys.path (see scripts/bundle_python.py).
 */
export async function discoverServer(bundledScript: string, log: Logger): Promise<DiscoveryResult> {
  const failures: string[] = [];
  const paths = stringList(programSetting<unknown>('path', []));
  if (paths.length) {
    const candidates = paths.map((p) => {
      const exe = expandHome(p);
      return { argv: [exe, 'serve'], source: 'setting codexConfig.path', probe: [exe, '--version'] };
    });
    const { server, reason } = await firstWorking(candidates, log, failures);
    return server ? { server, failures } : { missing: 'path', failures, reason };
  }

  const interpreters = await pythons(log);
  const strategy = programSetting<ImportStrategy>('importStrategy', 'useBundled');
  if (strategy === 'fromEnvironment') {
    const fromEnv: Candidate[] = [];
    const onPath = which(SERVER_NAME);
    if (onPath) fromEnv.push({ argv: [onPath, 'serve'], source: `${SERVER_NAME} on PATH`, probe: [onPath, '--version'] });
    for (const py of interpreters) {
      fromEnv.push({ argv: [...py.argv, '-m', MODULE, 'serve'], source: `${py.source}, installed package`, probe: [...py.argv, '-m', MODULE, '--version'] });
    }
    const { server } = await firstWorking(fromEnv, log, failures);
    if (server) return { server, failures };
    log.warn(`${SERVER_NAME} is not installed in the environment; using the server bundled with the extension.`);
  }

  if (!fs.existsSync(bundledScript)) {
    const reason = `this build of the extension bundles no server (${bundledScript} is missing)`;
    failures.push(reason);
    return { missing: 'python', failures, reason };
  }
  if (!interpreters.length) {
    const reason = `no ${process.platform === 'win32' ? 'python or py' : 'python3 or python'} on PATH`;
    failures.push(reason);
    return { missing: 'python', failures, reason };
  }
  // -I: PYTHONPATH and the user's site-packages cannot shadow the bundled libraries.
  const bundled = interpreters.map((py) => ({
    argv: [...py.argv, '-I', bundledScript, 'serve'],
    source: `bundled server on ${py.source}`,
    probe: [...py.argv, '-I', bundledScript, '--version'],
  }));
  const { server, reason } = await firstWorking(bundled, log, failures);
  return server ? { server, failures } : { missing: 'python', failures, reason };
}
