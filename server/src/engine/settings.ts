import type { Severity } from './findings';

export type RuleLevel = 'off' | Severity;
export type PlatformSetting = 'auto' | 'windows' | 'posix';

/**
 * What a project's own function or macro does to the socket it is given, by the built-in call it
 * stands for: `close` (closesocket/close), `shutdown` (with the socket alone it shuts down sending),
 * `drain` (reads until the end), and wrappers taking the same arguments as `setsockopt`, `bind`,
 * `listen`, `connect`, `accept` and `socket`.
 */
export const wrapperKinds = ['close', 'shutdown', 'drain', 'setsockopt', 'bind', 'listen', 'connect', 'accept', 'socket'] as const;
export type WrapperKind = (typeof wrapperKinds)[number];
export type Wrappers = Partial<Record<WrapperKind, string[]>>;

/** Per-document settings, as the LSP client's `socklint` configuration section carries them. */
export interface Settings {
  enable: boolean;
  /** Overrides by rule id: `off` or a severity. Missing ids keep the rule's default. */
  rules: Record<string, RuleLevel>;
  /** `auto` decides Windows-vs-POSIX per region from the code itself (RULES.md). */
  platform: PlatformSetting;
  /** Project functions and macros to treat as the socket calls they wrap (C and C++). */
  wrappers?: Wrappers;
}

export const defaultSettings: Settings = { enable: true, rules: {}, platform: 'auto', wrappers: {} };

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
  return { enable: r.enable !== false, rules, platform, wrappers: normalizeWrappers(r.wrappers) };
}

function normalizeWrappers(raw: unknown): Wrappers {
  const out: Wrappers = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const kind of wrapperKinds) {
    const list = (raw as Record<string, unknown>)[kind];
    if (Array.isArray(list)) out[kind] = list.filter((n): n is string => typeof n === 'string' && /^[A-Za-z_]\w*$/.test(n));
  }
  return out;
}

/**
 * The wrapper table the C/C++ front end consults: name → the built-in call it stands for. A name
 * listed under two kinds keeps the first kind in `wrapperKinds` order, so the answer never
 * depends on the order of keys in a settings object.
 */
export function wrapperTable(wrappers: Wrappers = {}): Map<string, WrapperKind> {
  const table = new Map<string, WrapperKind>();
  for (const kind of wrapperKinds) for (const name of wrappers[kind] ?? []) if (!table.has(name)) table.set(name, kind);
  return table;
}
