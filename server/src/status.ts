import type { AnalysisResult } from './engine/findings';
import type { FileModel } from './engine/ir';
import { buildsOf } from './engine/run';
import type { Settings } from './engine/settings';

/** Sent after each analysis of an open document, to clients that asked (initializationOptions.statusNotifications). */
export const statusNotification = 'socklint/status';

export interface StatusParams {
  uri: string;
  version: number;
  /** The platform builds the analysis followed, for people: "Windows", "Windows, POSIX", "Node.js". */
  builds: string[];
  /** Why the analysis did not cover everything; absent when it did. */
  incomplete?: string;
  timeMs: number;
}

export function statusOf(result: AnalysisResult, model: FileModel | undefined, settings: Settings): StatusParams {
  const reasons: string[] = [];
  if (result.skipped) reasons.push(result.skipped);
  const skipped = model?.functions.filter((fn) => fn.incomplete) ?? [];
  if (skipped.length) reasons.push(`${skipped.length} function(s) not analysed, first ${skipped[0].name}: ${skipped[0].incomplete}`);
  for (const e of result.ruleErrors) reasons.push(`rule ${e.ruleId} failed`);
  return { uri: result.uri, version: result.version, builds: model ? buildNames(model, settings) : [], ...(reasons.length ? { incomplete: reasons.join('; ') } : {}), timeMs: result.timeMs };
}

function buildNames(model: FileModel, settings: Settings): string[] {
  if (model.language !== 'c' && model.language !== 'cpp') {
    // Node's own sockets are the same everywhere; Winsock through FFI is Windows code.
    return model.events.some((e) => e.dialect !== 'node' && e.kind === 'create') ? ['Node.js', 'Windows (FFI)'] : ['Node.js'];
  }
  const builds = buildsOf(model, settings);
  if (builds[0] !== undefined) return builds.map((b) => (b === 'windows' ? 'Windows' : 'POSIX'));
  const regions = new Set(model.events.map((e) => e.region));
  if (!regions.size) return settings.platform === 'auto' ? ['auto (no socket code)'] : [settings.platform];
  return regions.has('posix') && regions.size === 1 ? ['POSIX'] : regions.has('posix') ? ['Windows', 'POSIX'] : ['Windows'];
}
