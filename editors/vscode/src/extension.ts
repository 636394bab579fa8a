// The pmgov extension starts `pmgov lsp` for a governance repository and
// hands it every YAML and Markdown file of the data (governance.yaml, org/,
// committee/, centers/). Everything it shows comes from the server, so the
// editor and `pmgov validate` (and the pull request's gate) never disagree.
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

// dataFiles are the governance data the server judges, as document
// selectors: the YAML and Markdown under the data roots of any folder.
const dataFiles = ["governance.yaml", "org/**", "committee/**", "centers/**"];

function serverOptions(folder: string | undefined): ServerOptions {
  const cfg = vscode.workspace.getConfiguration("pmgov");
  const configured = (cfg.get<string>("path") || "pmgov").trim();
  const args = ["lsp"];
  const asOf = (cfg.get<string>("asOf") || "").trim();
  if (asOf) {
    args.push("--as-of", asOf);
  }
  const lang = cfg.get<string>("language") || "auto";
  if (lang === "nb" || lang === "en") {
    args.push("--lang", lang);
  }
  // Without a pmgov on PATH, a clone of the toolkit can run its own.
  if (configured === "pmgov" && folder && !onPath("pmgov") && fs.existsSync(path.join(folder, "cmd", "pmgov"))) {
    return { command: "go", args: ["run", "./cmd/pmgov", ...args], options: { cwd: folder }, transport: TransportKind.stdio };
  }
  return { command: configured, args, options: { cwd: folder }, transport: TransportKind.stdio };
}

function onPath(cmd: string): boolean {
  const dirs = (process.env.PATH || "").split(path.delimiter);
  const exts = process.platform === "win32" ? [".exe", ".cmd", ""] : [""];
  return dirs.some((d) => exts.some((e) => fs.existsSync(path.join(d, cmd + e))));
}

async function start(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const documentSelector = dataFiles.flatMap((pattern) => [
    { scheme: "file", language: "yaml", pattern: `**/${pattern}` },
    { scheme: "file", language: "markdown", pattern: `**/${pattern}` },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: {
      // Files created, changed or deleted outside the editor (git pull,
      // pmgov new) are judged again.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{governance.yaml,org/**,committee/**,centers/**}"),
    },
    initializationOptions: {},
  };
  client = new LanguageClient("pmgov", "pmgov", serverOptions(folder), clientOptions);
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("pmgov.restart", async () => {
      await client?.stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("pmgov")) {
        await client?.stop();
        await start();
      }
    }),
  );
  try {
    await start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `pmgov: kunne ikke starte «pmgov lsp» (${err}). Sett «pmgov.path» til programmet, eller installer Go.`,
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
