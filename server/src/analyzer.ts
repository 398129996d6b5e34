import type { Parser, Tree } from 'web-tree-sitter';
import type { AnalysisResult } from './engine/findings';
import { runRules } from './engine/run';
import { type Settings, defaultSettings } from './engine/settings';
import { frontEndFor, type LanguageFrontEnd } from './lang/languages';
import { type GrammarId, Grammars, type OffsetChange, applyChangesToTree } from './lang/treesitter';
import { rules } from './rules';

export type TextChange = OffsetChange;

interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: string;
  tree?: Tree;
}

/**
 * The analysis as the server and the command line use it: documents with their parse trees
 * (re-parsed incrementally), and findings for a document on request. Never throws for any content.
 */
export class Analyzer {
  private readonly docs = new Map<string, OpenDocument>();
  private readonly parsers = new Map<GrammarId, Parser>();

  private constructor(private readonly grammars: Grammars, private readonly log: (msg: string) => void) {}

  static async create(opts: { wasmDir: string; log?: (msg: string) => void }): Promise<Analyzer> {
    return new Analyzer(await Grammars.load(opts.wasmDir), opts.log ?? (() => undefined));
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
    if (doc.tree && changes?.length) {
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
      const tree = this.parser(fe.grammar).parse(doc.text, doc.tree ?? null);
      if (!tree) return { ...base, skipped: 'parse cancelled', timeMs: Date.now() - started };
      this.dropTree(doc);
      doc.tree = tree;
      return { ...this.run(fe, tree, uri, doc.text, settings, isCancelled), uri, version: doc.version, timeMs: Date.now() - started };
    } catch (e) {
      this.dropTree(doc);
      this.log(`analysis failed for ${uri}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return { ...base, skipped: `analysis failed: ${e instanceof Error ? e.message : String(e)}`, timeMs: Date.now() - started };
    }
  }

  analyzeText(uri: string, languageId: string, text: string, settings: Settings = defaultSettings): AnalysisResult {
    this.open(uri, languageId, 0, text);
    try {
      return this.analyze(uri, settings)!;
    } finally {
      this.close(uri);
    }
  }

  private run(fe: LanguageFrontEnd, tree: Tree, uri: string, text: string, settings: Settings, isCancelled?: () => boolean) {
    const model = fe.lower(tree.rootNode, text, uri);
    const skipped = model.functions.filter((fn) => fn.incomplete);
    if (skipped.length) this.log(`${uri}: ${skipped.length} function(s) not analysed, first ${skipped[0].name}: ${skipped[0].incomplete}`);
    return runRules(model, rules, settings, fe.codegen, isCancelled);
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
