import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from 'typescript';
import type { Parser, Tree } from 'web-tree-sitter';
import type { AnalysisResult } from './engine/findings';
import type { FileModel } from './engine/ir';
import { type RunOutput, runRulesSteps } from './engine/run';
import { type Steps, runInTurns, runToEnd } from './engine/steps';
import { type Settings, defaultSettings, wrapperTable } from './engine/settings';
import { frontEndFor, type TreeSitterFrontEnd } from './lang/languages';
import type { TsFrontEnd } from './lang/typescript/frontend';
import { TypeChecking } from './lang/typescript/typeChecking';
import { joinSplitHeads } from './lang/cfamily/splitHeads';
import { type TypeAnswers, type TypeFiles, shiftAnswers } from './lang/typescript/types';
import { type GrammarId, Grammars, type OffsetChange, applyChangesToTree } from './lang/treesitter';
import type { LoweringCache } from './engine/unitCache';
import { FlowCache } from './engine/flowCache';
import { rules } from './rules';
import { type HeaderFacts, type HeaderSource, emptyHeader, headerFacts, includedHeaders } from './lang/cfamily/includes';

export type TextChange = OffsetChange;

interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: string;
  tree?: Tree;
  /** The TypeScript compiler's parse, for TS/JS documents. */
  source?: SourceFile;
  /** The functions as last lowered (C/C++): an edit re-lowers only those it changed. */
  lowering?: LoweringCache;
  /** Their dataflow results: functions reused by the lowering whose helpers did not change keep theirs. */
  flows?: FlowCache;
  /** The analysis in progress, if any (server): the next one waits for it. */
  running?: Promise<unknown>;
  /** Receivers the last syntactic analysis left open (TS/JS). */
  openQuestions?: number;
  /**
   * The type checker's answers, made for `typesVersion` and moved along with every edit since: until
   * the next typed pass, typed findings stay put instead of blinking out while the user types.
   */
  types?: TypeAnswers;
  typesVersion?: number;
  /** What the last analysis lowered, and from which version (hover reads it). */
  model?: { version: number; model: FileModel };
  /** Where the text its tree was parsed from differs from the document (lang/cfamily/splitHeads.ts). */
  parseMask?: string;
  /** The workspace headers its last analysis read (C/C++): a change to one of them changes its findings. */
  headers?: string[];
}

export interface AnalyzerOptions {
  /** Folder with the tree-sitter runtime and grammars, and (shipped next to them) the TypeScript libs and @types/node. */
  wasmDir: string;
  log?: (msg: string) => void;
  /** Where the type checker finds TypeScript's libs and the bundled @types/node (default: inside wasmDir). */
  typeFiles?: TypeFiles;
  /** The type checker's worker script (default: typesWorker.js in wasmDir; without it, checks run in-thread). */
  typesWorker?: string;
  /** Where the headers a C/C++ file includes with `#include "…"` are read from; without it, none are. */
  headers?: HeaderSource;
}

/**
 * The analysis as the server and the command line use it: documents with their parse trees
 * (re-parsed incrementally), and findings for a document on request. Never throws for any content.
 */
export class Analyzer {
  private readonly docs = new Map<string, OpenDocument>();
  /**
   * Documents most recently opened or edited, newest last. Only these keep their syntax tree and
   * caches between analyses: WASM memory never shrinks, so 200 open files each holding a tree
   * would pin hundreds of megabytes. The others are parsed again when they next change.
   */
  private readonly live: string[] = [];
  static readonly liveDocuments = 8;
  private readonly parsers = new Map<GrammarId, Parser>();
  /** What each header says, by grammar and file, kept while its text is the same. */
  private readonly headerCache = new Map<string, { text: string; facts: HeaderFacts }>();
  static readonly cachedHeaders = 256;

  private constructor(
    private readonly grammars: Grammars,
    private readonly log: (msg: string) => void,
    private readonly typeChecking: TypeChecking,
    private readonly headerSource: HeaderSource | undefined,
  ) {}

  static async create(opts: AnalyzerOptions): Promise<Analyzer> {
    const typeFiles = opts.typeFiles ?? { libDir: path.join(opts.wasmDir, 'ts-lib'), bundledTypeRoot: path.join(opts.wasmDir, 'types', 'node_modules', '@types') };
    const checking = new TypeChecking(typeFiles, opts.typesWorker ?? path.join(opts.wasmDir, 'typesWorker.js'));
    return new Analyzer(await Grammars.load(opts.wasmDir), opts.log ?? (() => undefined), checking, opts.headers);
  }

  /** Stops the type-checking thread. */
  dispose(): void {
    this.typeChecking.dispose();
  }

  supports(languageId: string): boolean {
    return !!frontEndFor(languageId);
  }

  open(uri: string, languageId: string, version: number, text: string): void {
    this.close(uri);
    this.docs.set(uri, { uri, languageId, version, text });
    this.touch(uri);
  }

  /** Opens a text for one analysis: it never takes an edited document's place among the live ones. */
  private openOnce(uri: string, languageId: string, text: string): void {
    this.close(uri);
    this.docs.set(uri, { uri, languageId, version: 0, text });
  }

  /** Marks a document as being worked on; the least recent beyond the limit lose their trees and caches. */
  private touch(uri: string): void {
    const at = this.live.indexOf(uri);
    if (at >= 0) this.live.splice(at, 1);
    this.live.push(uri);
    while (this.live.length > Analyzer.liveDocuments) {
      const old = this.docs.get(this.live.shift()!);
      if (old) this.compact(old);
    }
  }

  /** Keeps a document's text only: its tree, parse and caches are made again on its next change. */
  private compact(doc: OpenDocument): void {
    this.dropTree(doc);
    doc.source = undefined;
    doc.model = undefined;
    doc.lowering = undefined;
    doc.flows = undefined;
  }

  /** How many documents hold a syntax tree now (for tests and the bench). */
  treesHeld(): number {
    let n = 0;
    for (const d of this.docs.values()) if (d.tree || d.source) n++;
    return n;
  }

  change(uri: string, version: number, text: string, changes: TextChange[] | undefined): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    const fe = frontEndFor(doc.languageId);
    if (fe?.kind === 'typescript') {
      doc.source = this.updateSource(fe, doc, text, changes);
      doc.types = doc.types && changes?.length ? shiftAnswers(doc.types, changes) : undefined;
    } else if (doc.tree && changes?.length) {
      try {
        if (applyChangesToTree(doc.tree, doc.text, changes) !== text) this.dropTree(doc);
      } catch (e) {
        this.log(`incremental edit failed for ${uri}, re-parsing: ${String(e)}`);
        this.dropTree(doc);
      }
    } else this.dropTree(doc);
    doc.text = text;
    doc.version = version;
    this.touch(uri);
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (doc) this.compact(doc);
    this.docs.delete(uri);
    const at = this.live.indexOf(uri);
    if (at >= 0) this.live.splice(at, 1);
  }

  /** Analyses the document's current text at once (the command line, tests). */
  analyze(uri: string, settings: Settings, isCancelled?: () => boolean): AnalysisResult | undefined {
    const doc = this.docs.get(uri);
    return doc && runToEnd(this.analysisSteps(doc, settings, isCancelled));
  }

  /**
   * The same for the server: the event loop gets a turn between functions, so other documents'
   * requests are answered meanwhile. Undefined when the document changed, closed or the request
   * was cancelled before the end: that result would be outdated. One analysis per document runs
   * at a time; the syntax tree it reads is a copy, so edits can arrive while it runs.
   */
  async analyzeInTurns(uri: string, settings: Settings, isCancelled?: () => boolean): Promise<AnalysisResult | undefined> {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    while (doc.running) await doc.running;
    const version = doc.version;
    const stop = () => isCancelled?.() === true || this.docs.get(uri) !== doc || doc.version !== version;
    if (stop()) return undefined;
    const running = runInTurns(this.analysisSteps(doc, settings, isCancelled), stop);
    doc.running = running;
    try {
      return await running;
    } finally {
      doc.running = undefined;
    }
  }

  private *analysisSteps(doc: OpenDocument, settings: Settings, isCancelled?: () => boolean): Steps<AnalysisResult> {
    const uri = doc.uri;
    const fe = frontEndFor(doc.languageId);
    const started = Date.now();
    const text = doc.text;
    const base = { uri, version: doc.version, findings: [], ruleErrors: [] };
    if (!fe) return { ...base, skipped: `unsupported language ${doc.languageId}`, timeMs: 0 };
    let reading: Tree | undefined;
    let masked: Array<[number, number]> = [];
    try {
      let model: FileModel;
      if (fe.kind === 'typescript') {
        doc.source ??= fe.parse(text, uri);
        doc.lowering ??= fe.newCache();
        model = fe.lower(doc.source, uri, doc.types, doc.lowering);
        doc.openQuestions = model.openQuestions ?? 0;
      } else {
        // Heads split across #if arms are parsed as their first arm (lang/cfamily/splitHeads.ts). When
        // the set of joined groups changes, the old tree's unedited parts are stale: it is not reused.
        // An edit elsewhere only moves them, which the tree's own edit already accounts for.
        const parsed = joinSplitHeads(text);
        if (parsed.key !== doc.parseMask) this.dropTree(doc);
        doc.parseMask = parsed.key;
        masked = parsed.ranges;
        const tree = this.parser(fe.grammar).parse(parsed.text, doc.tree ?? null);
        if (!tree) return { ...base, skipped: 'parse cancelled', timeMs: Date.now() - started };
        this.dropTree(doc);
        doc.tree = tree;
        reading = tree.copy();
        // The parse cannot be split; other requests get their turn once it is done.
        yield;
        doc.lowering ??= fe.newCache();
        const headers = this.headersOf(uri, text, fe.grammar);
        doc.headers = headers.map((h) => h.file);
        model = yield* fe.lowerSteps(reading.rootNode, text, uri, doc.lowering, wrapperTable(settings.wrappers), headers);
      }
      doc.model = { version: base.version, model };
      doc.flows ??= new FlowCache();
      doc.flows?.begin();
      const ran = yield* this.run(fe, model, settings, isCancelled, doc.flows);
      // A fix that edits across a blanked arm or directive would copy or cut text the parse never saw.
      const out = masked.length
        ? { ...ran, findings: ran.findings.map((f) => ({ ...f, fixes: f.fixes.filter((x) => x.edits.every((e) => !masked.some(([s, t]) => e.start < t && e.end > s))) })) }
        : ran;
      const result = { ...out, uri, version: base.version, timeMs: Date.now() - started };
      // A document nobody is editing (re-analysed for new settings, say) does not keep a tree.
      if (!this.live.includes(uri)) this.compact(doc);
      return result;
    } catch (e) {
      this.compact(doc);
      // The TypeScript parser recurses once per nesting level: tens of thousands of nested brackets
      // exhaust the stack. That is a property of the input, not a fault, so it is said plainly.
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        return { ...base, skipped: 'nested too deeply to parse (the parser ran out of stack); nothing in this document is analysed', timeMs: Date.now() - started };
      }
      this.log(`analysis failed for ${uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { ...base, skipped: `analysis failed: ${e instanceof Error ? e.message : String(e)}`, timeMs: Date.now() - started };
    } finally {
      reading?.delete();
    }
  }

  /** How much of the last analysis of a C/C++ document came from its caches (for tests and the bench). */
  reuse(uri: string): { lowered: number; reused: number; flowsComputed: number; flowsReused: number } | undefined {
    const doc = this.docs.get(uri);
    if (!doc?.lowering || !doc.flows) return undefined;
    return { lowered: doc.lowering.lowered, reused: doc.lowering.reused, flowsComputed: doc.flows.computed, flowsReused: doc.flows.reused };
  }

  /** Counts a document as worked on (a hover, say): it keeps its tree and model from now on. */
  focus(uri: string): void {
    if (this.docs.has(uri)) this.touch(uri);
  }

  /** The program model of the document's last analysis, when it was made from the current text. */
  modelOf(uri: string): FileModel | undefined {
    const doc = this.docs.get(uri);
    return doc?.model?.version === doc?.version ? doc?.model?.model : undefined;
  }

  /**
   * A TS/JS document whose last analysis left receivers open that the type checker could resolve,
   * and whose current text has not been type-checked yet.
   */
  needsTypes(uri: string): boolean {
    const doc = this.docs.get(uri);
    return !!doc && (doc.openQuestions ?? 0) > 0 && doc.typesVersion !== doc.version && frontEndFor(doc.languageId)?.kind === 'typescript';
  }

  /**
   * Type-checks the document's current text (with @types/node) so the next analysis can resolve
   * what syntax left open. Slow the first time (the declaration files are parsed once), so the
   * server calls it only after a document's first diagnostics are out. Returns false when nothing changed.
   */
  prepareTypes(uri: string): boolean {
    const doc = this.docs.get(uri);
    if (!doc || !this.needsTypes(uri)) return false;
    let answers: TypeAnswers | undefined;
    try {
      answers = this.typeChecking.answersNow(uri, doc.text);
    } catch (e) {
      this.log(`type checking ${uri} failed, its analysis stays syntactic: ${e instanceof Error ? e.message : String(e)}`);
    }
    return this.useTypes(doc, doc.version, answers);
  }

  /**
   * The same in the type-checking thread, for the server: true when the answers arrived for the
   * text the document still has (an edit meanwhile makes them useless; the next analysis asks again).
   */
  async prepareTypesInBackground(uri: string): Promise<boolean> {
    const doc = this.docs.get(uri);
    if (!doc || !this.needsTypes(uri)) return false;
    const version = doc.version;
    let answers: TypeAnswers | undefined;
    try {
      answers = await this.typeChecking.answers(uri, doc.text);
    } catch (e) {
      this.log(`type checking ${uri} failed, its analysis stays syntactic: ${e instanceof Error ? e.message : String(e)}`);
    }
    const current = this.docs.get(uri);
    return !!current && current.version === version && this.useTypes(current, version, answers);
  }

  private useTypes(doc: OpenDocument, version: number, answers: TypeAnswers | undefined): boolean {
    doc.typesVersion = version;
    doc.types = answers;
    return Object.keys(answers ?? {}).length > 0;
  }

  /** Analyses a text once; with `types`, a second pass uses the type checker where syntax left questions open. */
  analyzeText(uri: string, languageId: string, text: string, settings: Settings = defaultSettings, opts: { types?: boolean } = {}): AnalysisResult {
    this.openOnce(uri, languageId, text);
    try {
      const first = this.analyze(uri, settings)!;
      if (opts.types && this.prepareTypes(uri)) return this.analyze(uri, settings)!;
      return first;
    } finally {
      this.close(uri);
    }
  }

  private run(fe: TreeSitterFrontEnd | TsFrontEnd, model: FileModel, settings: Settings, isCancelled?: () => boolean, flows?: FlowCache): Steps<RunOutput> {
    const skipped = model.functions.filter((fn) => fn.incomplete);
    if (skipped.length) this.log(`${model.uri}: ${skipped.length} function(s) not analysed, first ${skipped[0].name}: ${skipped[0].incomplete}`);
    return runRulesSteps(model, rules, settings, fe.codegen, isCancelled, flows);
  }

  /** The TypeScript parse told of the edits; a fresh parse happens at the next analysis otherwise. */
  private updateSource(fe: TsFrontEnd, doc: OpenDocument, text: string, changes: TextChange[] | undefined): SourceFile | undefined {
    if (!doc.source || !changes?.length) return undefined;
    try {
      const next = fe.update(doc.source, changes);
      return next && next.text === text ? next : undefined;
    } catch (e) {
      this.log(`incremental edit failed for ${doc.uri}, re-parsing: ${String(e)}`);
      return undefined;
    }
  }

  /** Open documents whose last analysis read `file` as an included header. */
  includersOf(file: string): string[] {
    const target = path.resolve(file);
    return [...this.docs.values()].filter((d) => d.headers?.includes(target)).map((d) => d.uri);
  }

  /** The workspace headers a C/C++ document includes, read and parsed once per text. */
  private headersOf(uri: string, text: string, grammar: GrammarId): HeaderFacts[] {
    const source = this.headerSource;
    if (!source || !uri.startsWith('file:')) return [];
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return [];
    }
    return includedHeaders(file, text, source, (header, headerText) => {
      const key = `${grammar}\u0000${header}`;
      const known = this.headerCache.get(key);
      if (known?.text === headerText) return known.facts;
      const tree = this.parser(grammar).parse(headerText);
      if (!tree) return emptyHeader(header, headerText);
      try {
        const facts = headerFacts(header, headerText, tree);
        this.headerCache.delete(key);
        this.headerCache.set(key, { text: headerText, facts });
        if (this.headerCache.size > Analyzer.cachedHeaders) this.headerCache.delete(this.headerCache.keys().next().value!);
        return facts;
      } finally {
        tree.delete();
      }
    });
  }

  private parser(id: GrammarId): Parser {
    let p = this.parsers.get(id);
    if (!p) this.parsers.set(id, (p = this.grammars.parser(id)));
    return p;
  }

  private dropTree(doc: OpenDocument): void {
    doc.tree?.delete();
    doc.tree = undefined;
  }
}
