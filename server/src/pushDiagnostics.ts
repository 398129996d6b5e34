import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { describe } from './guard';

export interface PushedDiagnostics {
  version: number;
  diagnostics: Diagnostic[];
}

/**
 * Publishes diagnostics for clients that cannot pull them. Edits restart a short per-document timer,
 * so typing does not trigger one analysis per keystroke.
 */
export class DiagnosticsPusher {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly compute: (uri: string) => Promise<PushedDiagnostics | undefined>,
    private readonly log: (message: string) => void,
    private readonly delayMs = 150,
  ) {}

  schedule(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.publish(uri);
      }, this.delayMs),
    );
  }

  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  }

  private async publish(uri: string): Promise<void> {
    try {
      const result = await this.compute(uri);
      // A newer edit scheduled another run while this one awaited settings: that run publishes.
      if (!result || this.timers.has(uri)) return;
      await this.connection.sendDiagnostics({ uri, version: result.version, diagnostics: result.diagnostics });
    } catch (err) {
      this.log(`socklint: publishing diagnostics for ${uri} failed: ${describe(err)}`);
    }
  }
}
