// Codex Config: a VS Code client for codex-config-lsp, active only on Codex config files.
import * as path from 'path';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { discoverServer, type DiscoveryResult, MIN_PYTHON, type ServerCommand, SERVER_NAME, watchPythonInterpreter } from './discovery';
import { documentSelector, dynamicPatterns, expandHome, isCodexConfig, LANGUAGE_ID, type PatternFilter, STATIC_PATTERNS } from './files';

const CLIENT_ID = 'codexConfig';
const CLIENT_NAME = 'Codex Config';
/** Unexpected server exits tolerated within RESTART_WINDOW_MS before giving up. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 3 * 60_000;
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);
/** Settings that change how the server is started: a change restarts it. */
const START_SETTINGS = ['codexConfig.path', 'codexConfig.interpreter', 'codexConfig.importStrategy', 'codexConfig.files'];

/** The settings object the server takes (initializationOptions, didChangeConfiguration, workspace/configuration). */
export interface ServerSettings {
  catalogPath: string | null;
  codexVersion: string;
  severity: Record<string, string>;
}

export function serverSettings(scope?: vscode.Uri): ServerSettings {
  const config = vscode.workspace.getConfiguration('codexConfig', scope);
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
  let catalogPath: string | null = null;
  const raw = config.get<string | null>('catalogPath', null);
  if (typeof raw === 'string' && raw.trim()) {
    let p = expandHome(raw.trim());
    if (folder) {
      p = p.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
      if (!path.isAbsolute(p)) p = path.join(folder.uri.fsPath, p);
    }
    catalogPath = p;
  }
  const severity: Record<string, string> = {};
  const rawSeverity = config.get<Record<string, unknown>>('severity', {});
  for (const [code, value] of Object.entries(rawSeverity ?? {})) {
    if (typeof value === 'string' && SEVERITIES.has(value)) severity[code] = value;
  }
  const rawVersion = config.get<string>('codexVersion', 'auto');
  const codexVersion = typeof rawVersion === 'string' && rawVersion.trim() ? rawVersion.trim() : 'auto';
  return { catalogPath, codexVersion, severity };
}

/** The one error message for a server that could not be found, saying how to fix it. */
function notFoundMessage(found: DiscoveryResult): string {
  const why = found.reason ? ` (${found.reason})` : '';
  if (found.missing === 'path') {
    return `Codex Config: no executable in "codexConfig.path" runs ${SERVER_NAME}${why}. Fix the setting, or clear it to use the server bundled with the extension.`;
  }
  return (
    `Codex Config needs Python ${MIN_PYTHON} or newer to run its language server, and found none that works${why}. ` +
    'Install Python (python.org or your package manager), or set "codexConfig.interpreter". See the output for what was tried.'
  );
}

class Controller implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private server: ServerCommand | undefined;
  private queue: Promise<void> = Promise.resolve();
  private dynamic: string[] = [];
  private selector: PatternFilter[] = [];
  /** Set when the server cannot be found or keeps crashing: no automatic start until the user acts. */
  private gaveUp = false;
  private exits: number[] = [];
  /** The current client finished starting (got past `initialize`). */
  private started = false;
  private readonly status: vscode.LanguageStatusItem;
  private pythonWatch: vscode.Disposable | undefined;

  constructor(
    private readonly out: vscode.LogOutputChannel,
    /** The extension's bundled/tool/server.py. */
    private readonly bundledScript: string,
  ) {
    this.refreshSelector();
    this.status = vscode.languages.createLanguageStatusItem('codexConfig.status', this.selector);
    this.status.name = CLIENT_NAME;
    this.status.command = { title: 'Show Output', command: 'codexConfig.showOutput' };
    this.setStatus('idle');
  }

  dispose(): void {
    this.status.dispose();
    this.pythonWatch?.dispose();
  }

  private refreshSelector(): void {
    this.dynamic = dynamicPatterns();
    this.selector = documentSelector([...STATIC_PATTERNS, ...this.dynamic]);
    if (this.status) this.status.selector = this.selector;
    this.out.info(`Codex config files: ${this.selector.map((f) => f.pattern).join(', ')}`);
  }

  private setStatus(state: 'idle' | 'starting' | 'running' | 'failed'): void {
    const v = this.server?.version ? ` ${this.server.version}` : '';
    this.status.severity = state === 'failed' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    this.status.busy = state === 'starting';
    this.status.text =
      state === 'running' ? `$(check) ${SERVER_NAME}${v}` : state === 'failed' ? `$(error) ${SERVER_NAME} not running` : SERVER_NAME;
    this.status.detail = state === 'running' ? this.server?.source : undefined;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((e) => this.out.error(`Unexpected error: ${String(e)}`));
    return this.queue;
  }

  private wanted(): boolean {
    return vscode.workspace.textDocuments.some((d) => isCodexConfig(this.selector, d));
  }

  /** Start the server the first time a Codex config file is open. */
  onDocumentOpened(doc: vscode.TextDocument): void {
    void this.adoptLanguage(doc);
    if (!this.client && !this.gaveUp && isCodexConfig(this.selector, doc)) {
      void this.enqueue(() => this.start());
    }
  }

  startIfWanted(): void {
    vscode.workspace.textDocuments.forEach((d) => void this.adoptLanguage(d));
    if (this.wanted()) void this.enqueue(() => this.start());
  }

  /**
   * Files matched only at run time ($CODEX_HOME, codexConfig.files) open as `toml`;
   * switch them to `codex-config` like the static patterns, unless the user set
   * `files.associations` for them.
   */
  private async adoptLanguage(doc: vscode.TextDocument): Promise<void> {
    if (doc.languageId !== 'toml' || doc.uri.scheme !== 'file') return;
    if (!isCodexConfig(documentSelector(this.dynamic), doc)) return;
    const associations = vscode.workspace.getConfiguration('files').get<Record<string, string>>('associations', {});
    for (const key of Object.keys(associations ?? {})) {
      const pattern = key.includes('/') ? key : `**/${key}`;
      if (vscode.languages.match({ pattern }, doc) > 0) return;
    }
    try {
      await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    } catch (e) {
      this.out.warn(`Could not set the language of ${doc.uri.fsPath}: ${String(e)}`);
    }
  }

  /** Restart on request or after a settings change; `force` starts even with no Codex file open. */
  restart(reason: string, force: boolean): Promise<void> {
    return this.enqueue(async () => {
      this.out.info(`Restarting: ${reason}`);
      this.gaveUp = false;
      this.exits = [];
      await this.stop();
      this.refreshSelector();
      if (force || this.wanted()) await this.start();
    });
  }

  pushSettings(): void {
    const client = this.client;
    if (!client?.isRunning()) return;
    const settings = serverSettings();
    this.out.info(`Sending settings: ${JSON.stringify(settings)}`);
    void client
      .sendNotification(DidChangeConfigurationNotification.type, { settings: { codexConfig: settings } })
      .catch((e) => this.out.error(`Could not send settings: ${String(e)}`));
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      await client.dispose(5000);
    } catch (e) {
      this.out.warn(`Stopping the server: ${String(e)}`);
    }
    this.setStatus('idle');
  }

  private async start(): Promise<void> {
    if (this.client || this.gaveUp) return;
    this.setStatus('starting');
    const found = await discoverServer(this.bundledScript, { info: (m) => this.out.info(m), warn: (m) => this.out.warn(m) });
    this.pythonWatch ??= watchPythonInterpreter(() => void this.restart('Python interpreter changed', false));
    if (!found.server) {
      this.gaveUp = true;
      this.setStatus('failed');
      this.out.error(`No way to start ${SERVER_NAME} was found. Tried:\n  ${found.failures.join('\n  ')}`);
      void this.showError(notFoundMessage(found));
      return;
    }
    this.server = found.server;
    const client = this.createClient(found.server);
    this.client = client;
    this.started = false;
    try {
      await client.start();
      this.started = true;
      this.setStatus('running');
    } catch (e) {
      this.out.error(`The server did not start: ${String(e)}`);
      if (this.client === client) this.client = undefined;
      this.gaveUp = true;
      this.setStatus('failed');
      await client.dispose(2000).catch(() => undefined);
      void this.showError(
        `Codex Config: "${[found.server.command, ...found.server.args].join(' ')}" did not start as a language server ` +
          `(${found.server.source}). See the output for what it said.`,
      );
    }
  }

  private createClient(server: ServerCommand): LanguageClient {
    // No `transport`: plain stdio, nothing appended to the user's command line.
    const serverOptions: ServerOptions = { command: server.command, args: server.args, options: { env: process.env } };
    const clientOptions: LanguageClientOptions = {
      documentSelector: this.selector,
      outputChannel: this.out,
      traceOutputChannel: this.out,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: () => serverSettings(),
      initializationFailedHandler: () => false,
      errorHandler: {
        error: (_error, _message, count) => ({
          action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
          handled: true,
        }),
        closed: () => this.onServerExit(),
      },
      middleware: {
        workspace: {
          // The server pulls section `codexConfig`: answer with exactly the settings object it takes.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) return result;
            return params.items.map((item, i) =>
              item.section === 'codexConfig' ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : result[i],
            );
          },
          // If the server registers for didChangeConfiguration, always send the same object.
          didChangeConfiguration: async () => {
            await this.client?.sendNotification(DidChangeConfigurationNotification.type, {
              settings: { codexConfig: serverSettings() },
            });
          },
        },
      },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    // The client's own pop-ups ("couldn't create connection to server", "connection to server
    // is erroring", ...) are in the output channel already; the controller shows one clear
    // message with a fix instead. Messages the server sends (window/showMessage) still show.
    (client as unknown as { showNotificationMessage: () => void }).showNotificationMessage = () => undefined;
    return client;
  }

  private onServerExit(): { action: CloseAction; message?: string; handled?: boolean } {
    if (!this.started) {
      // Exited during `initialize`: start() reports it; restarting would only repeat it.
      return { action: CloseAction.DoNotRestart, message: 'The server exited while starting.', handled: true };
    }
    const now = Date.now();
    this.exits = this.exits.filter((t) => now - t < RESTART_WINDOW_MS);
    this.exits.push(now);
    if (this.exits.length <= MAX_RESTARTS) {
      return {
        action: CloseAction.Restart,
        message: `The server stopped unexpectedly; restarting (${this.exits.length}/${MAX_RESTARTS}).`,
        handled: true,
      };
    }
    this.gaveUp = true;
    this.setStatus('failed');
    void this.showError(
      `Codex Config: the language server stopped ${this.exits.length} times in 3 minutes and will not be restarted. ` +
        'See the output, then run "Codex Config: Restart Language Server".',
      'Restart',
    );
    return { action: CloseAction.DoNotRestart, message: 'The server keeps stopping; not restarting it.', handled: true };
  }

  private async showError(message: string, ...extra: string[]): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, ...extra, 'Open Settings', 'Show Output');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'codexConfig');
    } else if (choice === 'Show Output') {
      this.out.show(true);
    } else if (choice === 'Restart') {
      await vscode.commands.executeCommand('codexConfig.restartServer');
    }
  }
}

let controller: Controller | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const out = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  controller = new Controller(out, context.asAbsolutePath(path.join('bundled', 'tool', 'server.py')));
  const c = controller;
  context.subscriptions.push(
    out,
    c,
    vscode.commands.registerCommand('codexConfig.restartServer', () => c.restart('restart command', true)),
    vscode.commands.registerCommand('codexConfig.showOutput', () => out.show(true)),
    vscode.workspace.onDidOpenTextDocument((doc) => c.onDocumentOpened(doc)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (START_SETTINGS.some((key) => e.affectsConfiguration(key))) {
        void c.restart('settings changed', false);
      } else if (['catalogPath', 'codexVersion', 'severity'].some((key) => e.affectsConfiguration(`codexConfig.${key}`))) {
        c.pushSettings();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.restart('workspace trusted', false)),
  );
  c.startIfWanted();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
