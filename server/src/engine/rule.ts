import type { FileAnalysis } from './analysis';
import type { Fix, RelatedSpan, Severity, Span } from './findings';
import type { FileModel, SocketEvent } from './ir';
import type { PlatformSetting } from './settings';

export interface RuleMeta {
  id: string;
  /** As typescript-eslint's `meta.docs`: the one-line description SARIF, hover and the rule's page share (the docs test keeps them equal). */
  docs: { description: string };
  /** The rule's messages by id, as typescript-eslint writes them: `{{name}}` is filled from a report's `data`. */
  messages: Record<string, string>;
  defaultSeverity: Severity;
  languages: string[];
  fixable: boolean;
}

/**
 * Code a fix inserts, written by the language front end. Lines carry their indentation relative to
 * the statement they go before; a line starting with `#` is a preprocessor line and stays at column 0.
 * A method returns undefined when the language has no safe way to write that code (TypeScript
 * reaching Winsock through FFI has no `SOCKET_ERROR` or `#ifdef`): the fix is then not offered.
 */
export interface Codegen {
  exclusiveUse(handle: string, varName: string, onError: string[] | undefined, unit: string): string[] | undefined;
  /** Keeps Windows-only lines out of the other build of a portable file. */
  windowsOnly(lines: string[], guardMacro: string): string[] | undefined;
  gracefulClose(handle: string, posix: boolean, buffer: string, unit: string): string[] | undefined;
  /** Reads until the peer has sent everything (recv returns 0 or fails). */
  drain(handle: string, buffer: string): string[] | undefined;
  /** The statement `call;` rewritten to fail the way the function fails when the call does. */
  checkedCall(call: string, flavour: 'winsock' | 'posix' | 'portable', onError: string[], unit: string): string[] | undefined;
  /** One arm per platform: `#ifdef <macro>` windows lines `#else` other lines `#endif`. */
  platformSplit(windows: string[], other: string[], macro: string): string[] | undefined;
  invalidSocketTest(handle: string, valid: boolean): string | undefined;
  /** Node: the graceful close that replaces `destroy()`, with a timer that destroys a peer that never closes. */
  endWithBackstop?(handle: string, optional: boolean): string[];
  /** Node: a callback for `bind` holding `lines` (one level deeper than `indent`). */
  bindCallback?(lines: string[], indent: string, unit: string, eol: string): string;
  /**
   * Lines of the program's own failure branch, copied for another call: `word` in its string
   * literals becomes `replacement` (`"bind failed"` → `"setsockopt(SO_EXCLUSIVEADDRUSE) failed"`).
   */
  retargetFailure(body: string, word: string, replacement: string): string[];
  /** The one question fixes ask of code they move a statement past: does it change `name`? */
  modifies(code: string, name: string): boolean;
}

export interface Report {
  site: Span;
  messageId: string;
  data?: Record<string, string | number>;
  related?: RelatedSpan[];
  fixes?: Fix[];
}

export interface RuleContext {
  readonly analysis: FileAnalysis;
  readonly model: FileModel;
  readonly text: string;
  readonly codegen: Codegen;
  readonly platform: PlatformSetting;
  /** Winsock rules apply here: Windows-only code, or code shared with a Windows build. */
  isWindows(ev: SocketEvent): boolean;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

/** A message template with `{{name}}` filled in; a placeholder with no value is an error in the rule. */
export function formatMessage(meta: RuleMeta, messageId: string, data: Record<string, string | number> = {}): string {
  const template = meta.messages[messageId];
  if (template === undefined) throw new Error(`rule ${meta.id} has no message ${JSON.stringify(messageId)}`);
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    if (!(name in data)) throw new Error(`rule ${meta.id}, message ${messageId}: no value for {{${name}}}`);
    return String(data[name]);
  });
}
