import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ParseError, type Node as JsonNode, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import picomatch from 'picomatch';
import type { PlatformSetting, RuleLevel, Settings, Wrappers } from '../engine/settings';
import { wrapperKinds } from '../engine/settings';
import { closest } from '../engine/suppression';

/**
 * The project configuration file, shared by the language server and the command line (so no LSP
 * here): found up the tree from a file, read with jsonc-parser (comments and trailing commas
 * allowed, as in VS Code's own settings files), checked entry by entry with offsets for every
 * problem. A file with errors is not used at all: a half-applied configuration would report things
 * the project asked to silence, or the reverse, without saying which part was dropped.
 */

export const rcFileName = '.socklintrc.json';

export interface RcConfig {
  rules: Record<string, RuleLevel>;
  /** Absent when the file does not set it. */
  platform?: PlatformSetting;
  wrappers: Wrappers;
  /** Globs relative to the file's folder; a pattern without `/` matches a file name anywhere below. */
  ignore: string[];
}

export interface RcProblem {
  message: string;
  /** Offset and length in the file's text (UTF-16 code units, as JavaScript strings count). */
  offset: number;
  length: number;
}

export interface RcLoadResult {
  config: RcConfig;
  problems: RcProblem[];
}

export const emptyRcConfig = (): RcConfig => ({ rules: {}, wrappers: {}, ignore: [] });

const levels: readonly string[] = ['off', 'error', 'warning', 'information', 'hint'];
const platforms: readonly string[] = ['auto', 'windows', 'posix'];
const topKeys: readonly string[] = ['$schema', 'rules', 'platform', 'wrappers', 'ignore'];

/** Parses and validates the file's text. `knownRuleIds` decides which ids `rules` may name. */
export function parseRcFile(text: string, knownRuleIds: readonly string[]): RcLoadResult {
  const problems: RcProblem[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) problems.push({ message: `${describeParseError(printParseErrorCode(e.error))}`, offset: e.offset, length: e.length });
  if (problems.length) return { config: emptyRcConfig(), problems };
  if (!root) return { config: emptyRcConfig(), problems: [{ message: 'The file is empty: expected an object such as { "rules": {} }.', offset: 0, length: 0 }] };
  if (root.type !== 'object') return { config: emptyRcConfig(), problems: [at(root, `Expected an object at the top level, found ${kindOf(root)}.`)] };

  const config = emptyRcConfig();
  const known = new Set(knownRuleIds);
  for (const prop of root.children ?? []) {
    const [keyNode, value] = prop.children ?? [];
    if (!keyNode || !value) continue;
    const key = String(keyNode.value);
    switch (key) {
      case 'rules':
        readRules(value, known, config, problems);
        break;
      case 'platform':
        if (value.type === 'string' && platforms.includes(value.value)) config.platform = value.value as PlatformSetting;
        else problems.push(at(value, `"platform" must be one of ${platforms.map((p) => `"${p}"`).join(', ')}.`));
        break;
      case 'wrappers':
        readWrappers(value, config, problems);
        break;
      case 'ignore':
        readIgnore(value, config, problems);
        break;
      case '$schema':
        if (value.type !== 'string') problems.push(at(value, '"$schema" must be a string.'));
        break;
      default:
        problems.push(
          at(
            keyNode,
            `Unknown setting "${key}": expected one of ${topKeys
              .filter((k) => k !== '$schema')
              .map((k) => `"${k}"`)
              .join(', ')}.`,
          ),
        );
    }
  }
  return problems.length ? { config: emptyRcConfig(), problems } : { config, problems };
}

function readRules(value: JsonNode, known: Set<string>, config: RcConfig, problems: RcProblem[]): void {
  if (value.type !== 'object') return void problems.push(at(value, `"rules" must be an object mapping rule ids to a severity or "off", found ${kindOf(value)}.`));
  for (const prop of value.children ?? []) {
    const [keyNode, level] = prop.children ?? [];
    if (!keyNode || !level) continue;
    const id = String(keyNode.value);
    if (!known.has(id)) {
      const near = closest(id, known);
      problems.push(at(keyNode, `Unknown rule id "${id}".${near ? ` Did you mean "${near}"?` : ''}`));
    } else if (level.type !== 'string' || !levels.includes(level.value === 'info' ? 'information' : level.value)) {
      problems.push(at(level, `The level of "${id}" must be one of ${levels.map((l) => `"${l}"`).join(', ')}.`));
    } else config.rules[id] = (level.value === 'info' ? 'information' : level.value) as RuleLevel;
  }
}

function readWrappers(value: JsonNode, config: RcConfig, problems: RcProblem[]): void {
  if (value.type !== 'object') return void problems.push(at(value, `"wrappers" must be an object such as { "close": ["CLOSESOCK"] }, found ${kindOf(value)}.`));
  for (const prop of value.children ?? []) {
    const [keyNode, list] = prop.children ?? [];
    if (!keyNode || !list) continue;
    const kind = String(keyNode.value);
    if (!(wrapperKinds as readonly string[]).includes(kind)) {
      problems.push(at(keyNode, `Unknown wrapper kind "${kind}": expected one of ${wrapperKinds.map((k) => `"${k}"`).join(', ')}.`));
      continue;
    }
    const names = stringList(list, `"wrappers.${kind}"`, problems, (name) => (/^[A-Za-z_]\w*$/.test(name) ? undefined : `"${name}" is not a C or C++ function or macro name.`));
    if (names) config.wrappers[kind as keyof Wrappers] = names;
  }
}

function readIgnore(value: JsonNode, config: RcConfig, problems: RcProblem[]): void {
  const globs = stringList(value, '"ignore"', problems, (glob) => {
    if (!glob.trim()) return 'An empty pattern matches nothing.';
    try {
      picomatch.makeRe(glob);
      return undefined;
    } catch (e) {
      return `Invalid glob "${glob}": ${e instanceof Error ? e.message : String(e)}`;
    }
  });
  if (globs) config.ignore = globs;
}

function stringList(value: JsonNode, what: string, problems: RcProblem[], check: (s: string, node: JsonNode) => string | undefined): string[] | undefined {
  if (value.type !== 'array') {
    problems.push(at(value, `${what} must be an array of strings, found ${kindOf(value)}.`));
    return undefined;
  }
  const out: string[] = [];
  for (const item of value.children ?? []) {
    if (item.type !== 'string') {
      problems.push(at(item, `${what} must hold only strings, found ${kindOf(item)}.`));
      continue;
    }
    const wrong = check(item.value, item);
    if (wrong) problems.push(at(item, wrong));
    else out.push(item.value);
  }
  return out;
}

function at(node: JsonNode, message: string): RcProblem {
  return { message, offset: node.offset, length: node.length };
}

function kindOf(node: JsonNode): string {
  if (node.type === 'null') return 'null';
  if (node.type === 'array') return 'an array';
  if (node.type === 'object') return 'an object';
  return `${node.type === 'number' ? 'the number' : node.type === 'boolean' ? 'the boolean' : 'the string'} ${JSON.stringify(getNodeValue(node))}`;
}

/** jsonc-parser's error codes (`CommaExpected`) as a sentence. */
function describeParseError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `JSON syntax error: ${words}.`;
}

/**
 * The nearest `.socklintrc.json` in the file's folder or above it, not looking above `stopAt`
 * (the workspace folder) when the file is inside it. Nested projects thus get their own file.
 */
export function findRcFile(filePath: string, stopAt: string | undefined, exists: (p: string) => boolean = isFile): string | undefined {
  const stop = stopAt ? path.resolve(stopAt) : undefined;
  let dir = path.dirname(path.resolve(filePath));
  const inside = stop !== undefined && (dir === stop || dir.startsWith(stop.endsWith(path.sep) ? stop : stop + path.sep));
  for (;;) {
    const candidate = path.join(dir, rcFileName);
    if (exists(candidate)) return candidate;
    if (inside && dir === stop) return undefined;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export interface LoadedRcFile extends RcLoadResult {
  path: string;
  text: string;
}

/** Finds and reads the configuration for a file; undefined when there is none. A file that cannot be read is a problem, not a throw. */
export function loadRcFileFor(filePath: string, stopAt: string | undefined, knownRuleIds: readonly string[]): LoadedRcFile | undefined {
  const found = findRcFile(filePath, stopAt);
  return found ? readRcFile(found, knownRuleIds) : undefined;
}

export function readRcFile(file: string, knownRuleIds: readonly string[]): LoadedRcFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { path: file, text: '', config: emptyRcConfig(), problems: [{ message: `Cannot read the file: ${e instanceof Error ? e.message : String(e)}`, offset: 0, length: 0 }] };
  }
  return { path: file, text, ...parseRcFile(text, knownRuleIds) };
}

/** Whether `filePath` matches one of the file's `ignore` globs, taken relative to the folder holding the file. */
export function isIgnored(config: RcConfig, rcPath: string, filePath: string): boolean {
  if (!config.ignore.length) return false;
  const rel = path.relative(path.dirname(rcPath), path.resolve(filePath)).split(path.sep).join('/');
  if (!rel || rel.startsWith('../') || path.isAbsolute(rel)) return false;
  // As in .gitignore: a bare name matches at any depth, a leading `/` anchors to the folder.
  const globs = config.ignore.map((g) => (g.includes('/') ? g.replace(/^\//, '') : `**/${g}`));
  return picomatch(globs, { dot: true })(rel);
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Settings in layers: defaults < the project's file < editor settings. An editor value that is its
 * own default (`platform: auto`, no rule levels, no wrappers of a kind) sets nothing, since editors
 * send defaults for every setting the user never touched.
 */
export function layerSettings(rc: RcConfig | undefined, editor: Settings): Settings {
  if (!rc) return editor;
  const wrappers: Wrappers = { ...rc.wrappers };
  for (const kind of wrapperKinds) if (editor.wrappers?.[kind]?.length) wrappers[kind] = editor.wrappers[kind];
  return {
    enable: editor.enable,
    rules: { ...rc.rules, ...editor.rules },
    platform: editor.platform !== 'auto' ? editor.platform : (rc.platform ?? 'auto'),
    wrappers,
  };
}
