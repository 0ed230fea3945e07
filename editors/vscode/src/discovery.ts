// Find a working way to start codex-config-lsp: settings first, then PATH, the Python
// extension's interpreter, python3. Every candidate is probed with `--version` first.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { expandHome } from './files';

export const SERVER_NAME = 'codex-config-lsp';
const MODULE = 'codex_config_lsp';
const PROBE_TIMEOUT_MS = 20_000;

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where the command came from, for messages. */
  source: string;
  /** Output of `--version`, when probed. */
  version?: string;
}

interface Candidate {
  command: string;
  args: string[];
  source: string;
  /** argv that prints the version; undefined: cannot be probed, trust the setting. */
  probe?: string[];
}

export interface DiscoveryResult {
  server?: ServerCommand;
  /** One line per candidate that was tried and failed. */
  failures: string[];
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

function moduleCandidate(python: string, source: string): Candidate {
  return {
    command: python,
    args: ['-m', MODULE, 'serve'],
    source,
    probe: [python, '-m', MODULE, '--version'],
  };
}

/** `--version` argv for a user-given command, when it visibly runs codex-config-lsp. */
export function probeFor(argv: string[]): string[] | undefined {
  for (let i = 0; i < argv.length; i++) {
    const base = path.basename(argv[i]).replace(/\.(exe|cmd|bat)$/i, '');
    if (base === SERVER_NAME && (i === 0 || !argv[i - 1].startsWith('-'))) {
      return [...argv.slice(0, i + 1), '--version'];
    }
    if (argv[i] === MODULE && i > 0 && argv[i - 1] === '-m') {
      return [...argv.slice(0, i + 1), '--version'];
    }
  }
  return undefined;
}

/** The value of a setting that may start a program: from user settings only in Restricted Mode. */
function programSetting<T>(key: string, fallback: T): T {
  const config = vscode.workspace.getConfiguration('codexConfig');
  if (vscode.workspace.isTrusted) return config.get<T>(key, fallback);
  return config.inspect<T>(key)?.globalValue ?? fallback;
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

interface PythonExtensionApi {
  environments?: {
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

async function candidates(log: Logger, failures: string[]): Promise<Candidate[]> {
  const command = programSetting<string[]>('server.command', []);
  if (Array.isArray(command) && command.length > 0 && command[0]) {
    const argv = command.map((a, i) => (i === 0 ? expandHome(a) : a));
    return [{ command: argv[0], args: argv.slice(1), source: 'setting codexConfig.server.command', probe: probeFor(argv) }];
  }
  const pythonPath = programSetting<string>('server.pythonPath', '');
  if (pythonPath && pythonPath.trim()) {
    return [moduleCandidate(expandHome(pythonPath.trim()), 'setting codexConfig.server.pythonPath')];
  }
  const list: Candidate[] = [];
  const onPath = which(SERVER_NAME);
  if (onPath) list.push({ command: onPath, args: ['serve'], source: 'PATH', probe: [onPath, '--version'] });
  else failures.push(`${SERVER_NAME}: not found on PATH`);
  const interpreter = await pythonExtensionInterpreter(log);
  if (interpreter) {
    if (!vscode.workspace.isTrusted && isInsideWorkspace(interpreter)) {
      log.warn(`Not using the Python extension's interpreter ${interpreter}: it is inside an untrusted workspace.`);
    } else {
      list.push(moduleCandidate(interpreter, 'Python extension interpreter'));
    }
  }
  list.push(moduleCandidate(process.platform === 'win32' ? 'python' : 'python3', 'python3'));
  return list;
}

export async function discoverServer(log: Logger): Promise<DiscoveryResult> {
  const failures: string[] = [];
  for (const c of await candidates(log, failures)) {
    const display = [c.command, ...c.args].join(' ');
    if (!c.probe) {
      log.info(`Using ${display} (${c.source}); it cannot be probed with --version.`);
      return { server: { command: c.command, args: c.args, source: c.source }, failures };
    }
    try {
      const version = await runProbe(c.probe);
      log.info(`Using ${display} (${c.source}), version: ${version || 'unknown'}`);
      return { server: { command: c.command, args: c.args, source: c.source, version }, failures };
    } catch (e) {
      const line = `${c.probe.join(' ')} (${c.source}): ${(e as Error).message}`;
      log.warn(`Cannot use ${line}`);
      failures.push(line);
    }
  }
  return { failures };
}
