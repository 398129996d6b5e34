import type { Connection } from 'vscode-languageserver/node';
import { defaultSettings, normalizeSettings } from './engine/settings';
import type { Settings } from './engine/settings';

const section = 'socklint';

/**
 * Settings per document. Clients that answer `workspace/configuration` are asked per document
 * (folder settings can differ); the others send one global section in `initializationOptions`
 * and `workspace/didChangeConfiguration`.
 */
export class SettingsStore {
  private global: Settings = defaultSettings;
  private readonly perDocument = new Map<string, Promise<Settings>>();

  constructor(
    private readonly connection: Connection,
    private readonly clientAnswersConfiguration: boolean,
    initializationOptions: unknown,
    private readonly log: (message: string) => void,
  ) {
    this.global = normalizeSettings(sectionOf(initializationOptions) ?? {});
  }

  get(uri: string): Promise<Settings> {
    if (!this.clientAnswersConfiguration) return Promise.resolve(this.global);
    let settings = this.perDocument.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section }).then(
        (raw) => normalizeSettings(raw),
        (err: unknown) => {
          this.log(`socklint: reading settings for ${uri} failed, using defaults: ${String(err)}`);
          this.perDocument.delete(uri);
          return this.global;
        },
      );
      this.perDocument.set(uri, settings);
    }
    return settings;
  }

  /** `settings` is the `didChangeConfiguration` payload; pulling clients often send null there. */
  changed(settings: unknown): void {
    this.perDocument.clear();
    const ours = sectionOf(settings);
    if (ours !== undefined) this.global = normalizeSettings(ours);
  }

  forget(uri: string): void {
    this.perDocument.delete(uri);
  }
}

/** Clients send either `{ socklint: {...} }` or the section itself; anything else is someone else's. */
function sectionOf(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return undefined;
  const record = raw as Record<string, unknown>;
  if (section in record) return record[section];
  return ['enable', 'rules', 'platform', 'wrappers'].some((key) => key in record) ? record : undefined;
}
