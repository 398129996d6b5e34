// A minimal LSP client over stdio for the built server (server/out/server.js), and the server's
// memory from /proc. Dependency-free on purpose: the framing is done here.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './options.mjs';

export const serverPath = join(root, 'server/out/server.js');
const waitLimitMs = 120_000;
/** ServerCancelled (the document changed during analysis) and RequestCancelled: ask again. */
const retryCodes = new Set([-32802, -32800]);

class Lsp {
  constructor(child) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Set();
    this.buffer = Buffer.alloc(0);
    this.stderr = '';
    this.exited = false;
    child.stdout.on('data', (chunk) => this.receive(chunk));
    child.stderr.on('data', (chunk) => (this.stderr += chunk));
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const { reject } of this.pending.values()) reject(new Error(`server exited (${code ?? signal})\n${this.stderr}`));
      this.pending.clear();
    });
  }

  send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}\n${this.stderr}`)), waitLimitMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.send({ id, method, params });
    });
  }

  notify(method, params) {
    this.send({ method, params });
  }

  /** Resolves with the first notification (or server request) `method` for which `accept(params)` holds. */
  notification(method, accept, limitMs = waitLimitMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out waiting for ${method}\n${this.stderr}`));
      }, limitMs);
      const listener = (m) => {
        if (m.method !== method || !accept(m.params)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(m.params);
      };
      this.listeners.add(listener);
    });
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  dispatch(m) {
    if (m.id !== undefined && m.method === undefined) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p?.resolve(m.result);
    } else if (m.id !== undefined) {
      // Requests from the server: settings (defaults), registrations, refreshes.
      const result = m.method === 'workspace/configuration' ? m.params.items.map(() => ({})) : null;
      this.send({ id: m.id, result });
      for (const listener of [...this.listeners]) listener(m);
    } else {
      for (const listener of [...this.listeners]) listener(m);
    }
  }
}

/** VmRSS and VmHWM of a process, in MiB, where /proc exists. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s*(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** One server process and the documents opened in it. `pull` picks pull or push diagnostics. */
export class Session {
  static async start(pull = true) {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lsp = new Lsp(child);
    const session = new Session(lsp, pull, child.pid);
    const t0 = performance.now();
    await lsp.request('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
        },
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, diagnostics: { refreshSupport: pull } },
      },
    });
    lsp.notify('initialized', {});
    session.initializeMs = performance.now() - t0;
    return session;
  }

  constructor(lsp, pull, pid) {
    this.lsp = lsp;
    this.pull = pull;
    this.pid = pid;
    this.versions = new Map();
  }

  /** Diagnostics for the document's current version: a pull, or the push that carries that version. */
  async diagnostics(uri, pushed) {
    if (!this.pull) return (await pushed).diagnostics;
    for (;;) {
      try {
        const report = await this.lsp.request('textDocument/diagnostic', { textDocument: { uri } });
        return report.items;
      } catch (err) {
        if (!retryCodes.has(err.code)) throw err;
      }
    }
  }

  expectPush(uri, version) {
    if (this.pull) return undefined;
    return this.lsp.notification('textDocument/publishDiagnostics', (p) => p.uri === uri && (p.version === undefined || p.version === version));
  }

  /** didOpen only; `diagnostics(uri, pushed)` then waits for the result. */
  sendOpen(uri, languageId, text) {
    this.versions.set(uri, 1);
    const pushed = this.expectPush(uri, 1);
    this.lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return pushed;
  }

  /** didOpen → diagnostics; returns [ms, diagnostics]. */
  async open(uri, languageId, text) {
    const t0 = performance.now();
    const pushed = this.sendOpen(uri, languageId, text);
    const diagnostics = await this.diagnostics(uri, pushed);
    return [performance.now() - t0, diagnostics];
  }

  /** One incremental edit → diagnostics for the new version; returns [ms, diagnostics]. */
  async edit(uri, range, newText) {
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    const pushed = this.expectPush(uri, version);
    const t0 = performance.now();
    this.lsp.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
    const diagnostics = await this.diagnostics(uri, pushed);
    return [performance.now() - t0, diagnostics];
  }

  async close(uri) {
    const cleared = this.pull ? undefined : this.lsp.notification('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 0);
    this.lsp.notify('textDocument/didClose', { textDocument: { uri } });
    this.versions.delete(uri);
    await cleared;
  }

  memory() {
    return memoryOf(this.pid);
  }

  async stop() {
    if (this.lsp.exited) return;
    const exited = new Promise((resolve) => this.lsp.child.once('exit', resolve));
    await this.lsp.request('shutdown', null).catch(() => undefined);
    this.lsp.notify('exit', null);
    const timer = setTimeout(() => this.lsp.child.kill(), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Runs `body` with a fresh server, always stopping it. */
export async function withSession(pull, body) {
  const session = await Session.start(pull);
  try {
    return await body(session);
  } finally {
    await session.stop();
  }
}
