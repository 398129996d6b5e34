import { CodeActionKind } from 'vscode-languageserver/node';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix } from './engine/findings';
import { directiveRuleId, disableForFileFix, disableForLineFix } from './engine/suppression';
import { rangeOf } from './diagnostics';

/** Whether a request's `context.only` lets quick fixes through (an absent filter does). */
export function wantsQuickFixes(only: string[] | undefined): boolean {
  return !only || only.some((kind) => kind === CodeActionKind.Empty || kind === CodeActionKind.QuickFix);
}

/**
 * The finding's own fixes, in the finding's order, then (for catalogue rules) "Disable <id> for this
 * line" and "Disable <id> for this file": suppression comes after the real fix, never before it.
 * Each action is tied to the diagnostic it repairs.
 */
export function quickFixes(
  document: TextDocument,
  finding: Finding,
  diagnostic: Diagnostic,
  versionedEdits: boolean,
): CodeAction[] {
  const fixes = [...finding.fixes];
  if (finding.ruleId !== directiveRuleId) {
    const text = document.getText();
    fixes.push(disableForLineFix(text, document.languageId, finding), disableForFileFix(text, document.languageId, finding.ruleId));
  }
  return fixes.map((fix) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred === true,
    edit: workspaceEdit(document, fix, versionedEdits),
  }));
}

/** Versioned edits let the client refuse a fix computed for text that has since changed. */
function workspaceEdit(document: TextDocument, fix: Fix, versioned: boolean): WorkspaceEdit {
  const edits: TextEdit[] = fix.edits.map((edit) => ({ range: rangeOf(document, edit), newText: edit.newText }));
  if (versioned) {
    return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] };
  }
  return { changes: { [document.uri]: edits } };
}
