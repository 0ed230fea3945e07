// Which files are Codex config files: the document selector of the language client.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';

/** The language id this extension contributes for Codex config files (see package.json). */
export const LANGUAGE_ID = 'codex-config';

/** Always matched; also contributed as `filenamePatterns` of the `codex-config` language. */
export const STATIC_PATTERNS = ['**/.codex/config.toml', '**/.codex/*.config.toml'];

export function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(os.homedir(), p.slice(2));
  return p;
}

/** A glob that VS Code matches against the absolute file-system path (forward slashes). */
function toGlob(p: string): string {
  return p.replace(/\\/g, '/');
}

/**
 * Patterns only known at run time: the files under `$CODEX_HOME` (when it is not
 * `~/.codex`, which the static patterns cover), the system config, and the user's
 * `codexConfig.files`.
 */
export function dynamicPatterns(env: NodeJS.ProcessEnv = process.env): string[] {
  const patterns: string[] = [];
  const codexHome = env.CODEX_HOME?.trim();
  if (codexHome) {
    const home = path.resolve(expandHome(codexHome));
    // The exact path also matches by string equality, whatever characters it holds.
    patterns.push(path.join(home, 'config.toml'));
    patterns.push(toGlob(home) + '/*.config.toml');
  }
  if (process.platform !== 'win32') patterns.push('/etc/codex/config.toml');
  const extra = vscode.workspace.getConfiguration('codexConfig').get<string[]>('files', []);
  for (const raw of Array.isArray(extra) ? extra : []) {
    if (typeof raw !== 'string' || !raw.trim()) continue;
    let p = toGlob(expandHome(raw.trim()));
    if (!p.startsWith('/') && !p.startsWith('**') && !/^[A-Za-z]:\//.test(p)) p = '**/' + p;
    patterns.push(p);
  }
  return [...new Set(patterns)];
}

/** A document selector over glob patterns: language-independent, local files only. */
export type PatternFilter = { scheme: 'file'; pattern: string };

export function documentSelector(patterns: string[]): PatternFilter[] {
  return patterns.map((pattern) => ({ scheme: 'file', pattern }));
}

export function isCodexConfig(selector: vscode.DocumentSelector, doc: vscode.TextDocument): boolean {
  return vscode.languages.match(selector, doc) > 0;
}
