import type { Severity } from './findings';

export type RuleLevel = 'off' | Severity;
export type PlatformSetting = 'auto' | 'windows' | 'posix';

/** Per-document settings, as the LSP client's `socklint` configuration section carries them. */
export interface Settings {
  enable: boolean;
  /** Overrides by rule id: `off` or a severity. Missing ids keep the rule's default. */
  rules: Record<string, RuleLevel>;
  /** `auto` decides Windows-vs-POSIX per region from the code itself (RULES.md). */
  platform: PlatformSetting;
}

export const defaultSettings: Settings = { enable: true, rules: {}, platform: 'auto' };

const levels = new Set<string>(['off', 'error', 'warning', 'information', 'hint']);

/** Accepts whatever a client sends and keeps only what is meaningful, so bad settings never throw. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleLevel> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, level] of Object.entries(r.rules as Record<string, unknown>)) {
      const l = level === 'info' ? 'information' : level;
      if (typeof l === 'string' && levels.has(l)) rules[id] = l as RuleLevel;
    }
  }
  const platform = r.platform === 'windows' || r.platform === 'posix' ? r.platform : 'auto';
  return { enable: r.enable !== false, rules, platform };
}
