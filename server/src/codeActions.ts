import { CodeActionKind } from 'vscode-languageserver/node';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Finding, Fix } from './engine/findings';
import { bulkFix, diffEdit, fixAllText } from './engine/fixAll';
import { directiveRuleId, disableForFileFix, disableForLineFix } from './engine/suppression';
import { findingFor, rangeOf } from './diagnostics';

/** `editor.codeActionsOnSave: { "source.fixAll.socklint": "explicit" }` asks for this kind. */
export const fixAllKind = `${CodeActionKind.SourceFixAll}.socklint`;
export const showDocumentationCommand = 'socklint.server.showDocumentation';

/** Whether a request's `context.only` lets a kind through: an absent filter does, and so does a parent kind. */
export function wants(only: string[] | undefined, kind: string, byDefault = true): boolean {
  if (!only) return byDefault;
  return only.some((k) => k === CodeActionKind.Empty || kind === k || kind.startsWith(`${k}.`));
}

/** Re-analyses a text for fix-all passes (the document itself is left alone). */
export type Reanalyse = (text: string) => readonly Finding[];

/**
 * Code actions for the diagnostics in a request, in vscode-eslint's order, rule by rule (in the
 * order the diagnostics come): each diagnostic's fixes (the preferred one first, tied to it), then
 * "Fix all <rule-id> problems in this file" when more than one can be fixed, "Disable <rule-id> for
 * this line" per diagnostic, "Disable <rule-id> for this file", and "Show documentation for
 * <rule-id>". Suppression never comes before a real fix.
 */
export function quickFixActions(document: TextDocument, result: AnalysisResult, diagnostics: Diagnostic[], reanalyse: Reanalyse, opts: { versioned: boolean; lazyFixAll: boolean }): CodeAction[] {
  const versioned = opts.versioned;
  const byRule = new Map<string, Array<{ diagnostic: Diagnostic; finding: Finding }>>();
  for (const diagnostic of diagnostics) {
    const finding = findingFor(document, result, diagnostic);
    if (!finding) continue;
    const list = byRule.get(finding.ruleId) ?? [];
    list.push({ diagnostic, finding });
    byRule.set(finding.ruleId, list);
  }
  const text = document.getText();
  const out: CodeAction[] = [];
  const action = (fix: Fix, diagnostic: Diagnostic | undefined, edits: EditLike[] = fix.edits): CodeAction => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
    isPreferred: fix.preferred === true,
    edit: workspaceEdit(document, edits, versioned),
  });
  for (const [ruleId, entries] of byRule) {
    for (const { diagnostic, finding } of entries) {
      const fixes = [...finding.fixes].sort((a, b) => Number(!!b.preferred) - Number(!!a.preferred));
      for (const fix of fixes) out.push(action(fix, diagnostic));
    }
    if (result.findings.filter((f) => f.ruleId === ruleId && bulkFix(f, false)).length > 1) {
      const title = `Fix all ${ruleId} problems in this file`;
      const tied = entries.map((e) => e.diagnostic);
      if (opts.lazyFixAll) {
        // Its edit re-analyses the file, so it is made only when chosen (codeAction/resolve).
        const data: FixAllData = { fixAll: { uri: document.uri, version: document.version, ruleId } };
        out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: tied, isPreferred: false, data });
      } else {
        const all = fixAllEdit(document, result, reanalyse, { safeOnly: false, ruleId });
        if (all) out.push({ ...action({ title, edits: [], safe: false }, undefined, [all]), diagnostics: tied });
      }
    }
    if (ruleId !== directiveRuleId) {
      for (const { diagnostic, finding } of entries) out.push(action(disableForLineFix(text, document.languageId, finding), diagnostic));
      out.push({ ...action(disableForFileFix(text, document.languageId, ruleId), undefined), diagnostics: entries.map((e) => e.diagnostic) });
    }
    out.push({
      title: `Show documentation for ${ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: entries.map((e) => e.diagnostic),
      isPreferred: false,
      command: { title: `Show documentation for ${ruleId}`, command: showDocumentationCommand, arguments: [ruleId] },
    });
  }
  return out;
}

/** What a lazily made "Fix all <rule-id> problems in this file" needs to make its edit. */
export interface FixAllData {
  fixAll: { uri: string; version: number; ruleId: string };
}

export function isFixAllData(data: unknown): data is FixAllData {
  const f = (data as Partial<FixAllData> | undefined)?.fixAll;
  return !!f && typeof f.uri === 'string' && typeof f.version === 'number' && typeof f.ruleId === 'string';
}

/** codeAction/resolve: the edit of a "Fix all" action, unless the document changed since it was offered. */
export function resolveFixAll(action: CodeAction, document: TextDocument, result: AnalysisResult, reanalyse: Reanalyse, versioned: boolean): CodeAction {
  if (!isFixAllData(action.data) || action.data.fixAll.version !== document.version) return action;
  const edit = fixAllEdit(document, result, reanalyse, { safeOnly: false, ruleId: action.data.fixAll.ruleId });
  return edit ? { ...action, edit: workspaceEdit(document, [edit], versioned) } : action;
}

/**
 * `source.fixAll.socklint`: every safe fix in the file, applied pass after pass until none is left,
 * as one versioned edit; undefined when there is nothing to do, so a second run changes nothing.
 */
export function fixAllAction(document: TextDocument, result: AnalysisResult, reanalyse: Reanalyse, versioned: boolean): CodeAction | undefined {
  const edit = fixAllEdit(document, result, reanalyse, { safeOnly: true });
  return edit ? { title: 'Fix all safe socklint problems', kind: fixAllKind, edit: workspaceEdit(document, [edit], versioned) } : undefined;
}

/** The whole-file fix as one LSP edit against the document's current text. */
export function fixAllEdit(document: TextDocument, result: AnalysisResult, reanalyse: Reanalyse, opts: { safeOnly: boolean; ruleId?: string }): TextEdit | undefined {
  const before = document.getText();
  const { text } = fixAllText(before, result.findings, reanalyse, opts);
  const change = diffEdit(before, text);
  return change ? { range: rangeOf(document, change), newText: change.newText } : undefined;
}

/** Versioned edits let the client refuse a fix computed for text that has since changed. */
type EditLike = TextEdit | Fix['edits'][number];

export function workspaceEdit(document: TextDocument, edits: EditLike[], versioned: boolean): WorkspaceEdit {
  const lsp: TextEdit[] = edits.map((e) => ('range' in e ? e : { range: rangeOf(document, e), newText: e.newText }));
  if (versioned) return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: lsp }] };
  return { changes: { [document.uri]: lsp } };
}
