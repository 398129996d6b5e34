import * as path from 'node:path';
import type { SourceFile } from 'typescript';
import type { Parser, Tree } from 'web-tree-sitter';
import type { AnalysisResult } from './engine/findings';
import type { FileModel } from './engine/ir';
import { runRules } from './engine/run';
import { type Settings, defaultSettings, wrapperTable } from './engine/settings';
import { frontEndFor, type TreeSitterFrontEnd } from './lang/languages';
import type { TsFrontEnd } from './lang/typescript/frontend';
import { TypeChecking } from './lang/typescript/typeChecking';
import { type TypeAnswers, type TypeFiles, oracleFromAnswers, shiftAnswers } from './lang/typescript/types';
import { type GrammarId, Grammars, type OffsetChange, applyChangesToTree } from './lang/treesitter';
import { rules } from './rules';

export type TextChange = OffsetChange;

interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: string;
  tree?: Tree;
  /** The TypeScript compiler's parse, for TS/JS documents. */
  source?: SourceFile;
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
}

export interface AnalyzerOptions {
  /** Folder with the tree-sitter runtime and grammars, and (shipped next to them) the TypeScript libs and @types/node. */
  wasmDir: string;
  log?: (msg: string) => void;
  /** Where the type checker finds TypeScript's libs and the bundled @types/node (default: inside wasmDir). */
  typeFiles?: TypeFiles;
  /** The type checker's worker script (default: typesWorker.js in wasmDir; without it, checks run in-thread). */
  typesWorker?: string;
}

/**
 * The analysis as the server and the command line use it: documents with their parse trees
 * (re-parsed incrementally), and findings for a document on request. Never throws for any content.
 */
export class Analyzer {
  private readonly docs = new Map<string, OpenDocument>();
  private readonly parsers = new Map<GrammarId, Parser>();

  private constructor(private readonly grammars: Grammars, private readonly log: (msg: string) => void, private readonly typeChecking: TypeChecking) {}

  static async create(opts: AnalyzerOptions): Promise<Analyzer> {
    const typeFiles = opts.typeFiles ?? { libDir: path.join(opts.wasmDir, 'ts-lib'), bundledTypeRoot: path.join(opts.wasmDir, 'types', 'node_modules', '@types') };
    const checking = new TypeChecking(typeFiles, opts.typesWorker ?? path.join(opts.wasmDir, 'typesWorker.js'));
    return new Analyzer(await Grammars.load(opts.wasmDir), opts.log ?? (() => undefined), checking);
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
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (doc) this.dropTree(doc);
    this.docs.delete(uri);
  }

  analyze(uri: string, settings: Settings, isCancelled?: () => boolean): AnalysisResult | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const fe = frontEndFor(doc.languageId);
    const started = Date.now();
    const base = { uri, version: doc.version, findings: [], ruleErrors: [] };
    if (!fe) return { ...base, skipped: `unsupported language ${doc.languageId}`, timeMs: 0 };
    try {
      let model: FileModel;
      if (fe.kind === 'typescript') {
        doc.source ??= fe.parse(doc.text, uri);
        model = fe.lower(doc.source, uri, doc.types ? oracleFromAnswers(doc.types) : undefined);
        doc.openQuestions = model.openQuestions ?? 0;
      } else {
        const tree = this.parser(fe.grammar).parse(doc.text, doc.tree ?? null);
        if (!tree) return { ...base, skipped: 'parse cancelled', timeMs: Date.now() - started };
        this.dropTree(doc);
        doc.tree = tree;
        model = fe.lower(tree.rootNode, doc.text, uri, wrapperTable(settings.wrappers));
      }
      doc.model = { version: doc.version, model };
      return { ...this.run(fe, model, settings, isCancelled), uri, version: doc.version, timeMs: Date.now() - started };
    } catch (e) {
      this.dropTree(doc);
      doc.source = undefined;
      // The TypeScript parser recurses once per nesting level: tens of thousands of nested brackets
      // exhaust the stack. That is a property of the input, not a fault, so it is said plainly.
      if (e instanceof RangeError && /call stack/i.test(e.message)) {
        return { ...base, skipped: 'nested too deeply to parse (the parser ran out of stack); nothing in this document is analysed', timeMs: Date.now() - started };
      }
      this.log(`analysis failed for ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return { ...base, skipped: `analysis failed: ${e instanceof Error ? e.message : String(e)}`, timeMs: Date.now() - started };
    }
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
    this.open(uri, languageId, 0, text);
    try {
      const first = this.analyze(uri, settings)!;
      if (opts.types && this.prepareTypes(uri)) return this.analyze(uri, settings)!;
      return first;
    } finally {
      this.close(uri);
    }
  }

  private run(fe: TreeSitterFrontEnd | TsFrontEnd, model: FileModel, settings: Settings, isCancelled?: () => boolean) {
    const skipped = model.functions.filter((fn) => fn.incomplete);
    if (skipped.length) this.log(`${model.uri}: ${skipped.length} function(s) not analysed, first ${skipped[0].name}: ${skipped[0].incomplete}`);
    return runRules(model, rules, settings, fe.codegen, isCancelled);
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
