import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Severity } from '../../engine/findings';
import { incompleteMeta } from '../../engine/incomplete';
import type { RuleMeta } from '../../engine/rule';
import { docUrl, ruleDocUrl, rules } from '../../rules';
import { type FileReport, type Range, incompleteRuleId } from '../report';
import { repositoryUrl, toolVersion } from '../toolInfo';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';
export const fingerprintKey = 'socklint/v1';

const levelOf: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A SARIF 2.1.0 log with one run, for GitHub code scanning and other SARIF viewers. */
export function formatSarif(reports: FileReport[], cwd: string): string {
  const metas = rules.map((r) => r.meta);
  if (!metas.some((m) => m.id === incompleteRuleId)) metas.push(incompleteMeta);
  const ruleIndex = new Map(metas.map((m, i) => [m.id, i]));
  const results: Sarif.Result[] = [];
  for (const r of reports) {
    const artifact = artifactLocation(r.display);
    for (const f of r.findings) {
      const result: Sarif.Result = {
        ruleId: f.ruleId,
        level: levelOf[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: artifact, region: region(f.range) } }],
        partialFingerprints: { [fingerprintKey]: f.fingerprint },
      };
      const index = ruleIndex.get(f.ruleId);
      if (index !== undefined) result.ruleIndex = index;
      if (f.related.length) {
        result.relatedLocations = f.related.map((rel, id) => ({ id, message: { text: rel.message }, physicalLocation: { artifactLocation: artifact, region: region(rel.range) } }));
      }
      if (f.fixes.length) {
        result.fixes = f.fixes.map((fix) => ({
          description: { text: fix.safe ? fix.title : `${fix.title} (unsafe: review before applying)` },
          artifactChanges: [{ artifactLocation: artifact, replacements: fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })) }],
        }));
      }
      results.push(result);
    }
  }
  const notifications: Sarif.Notification[] = reports.flatMap((r) => [
    ...(r.skipped ? [notification('note', `${r.display}: ${r.skipped}`, r.display)] : []),
    ...r.errors.map((e) => notification('error', `${r.display}: ${e}`, r.display)),
  ]);
  const log: Sarif.Log = {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'socklint', version: toolVersion(), semanticVersion: toolVersion(), informationUri: repositoryUrl(), rules: metas.map(descriptor) } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).toString().replace(/\/$/, '')}/` } },
        invocations: [{ executionSuccessful: reports.every((r) => !r.errors.length), toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Relative paths are resolved against %SRCROOT%, which code scanning maps to the checkout. */
function artifactLocation(display: string): Sarif.ArtifactLocation {
  if (display.startsWith('/') || /^[A-Za-z]:[\\/]/.test(display)) return { uri: pathToFileURL(display).toString() };
  return { uri: display.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function region(r: Range): Sarif.Region {
  return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

function notification(level: Sarif.Notification.level, text: string, file: string): Sarif.Notification {
  return { level, message: { text }, locations: [{ physicalLocation: { artifactLocation: artifactLocation(file) } }] };
}

function descriptor(meta: RuleMeta): Sarif.ReportingDescriptor {
  const doc = ruleDoc(meta.id);
  const helpUri = docUri(meta.id, doc !== undefined);
  return {
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z])/g, (_, _dash: string, ch: string) => ch.toUpperCase()),
    shortDescription: { text: meta.docs.description },
    fullDescription: { text: doc ? summaryOf(doc) : meta.docs.description },
    help: doc ? { text: `${summaryOf(doc)}${helpUri ? ` See ${helpUri}` : ''}`, markdown: doc } : { text: meta.docs.description },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: levelOf[meta.defaultSeverity] },
    properties: { tags: ['socket', ...meta.languages], languages: meta.languages, fixable: meta.fixable },
  };
}

/** The page on the repository when package.json names one; otherwise the copy shipped with socklint. */
function docUri(id: string, hasDoc: boolean): string | undefined {
  const repo = repositoryUrl();
  const page = docUrl(id);
  const docsRoot = new URL('../', ruleDocUrl(id)).toString();
  if (repo) return hasDoc ? `${repo}/blob/main/docs/${page.slice(docsRoot.length)}` : `${repo}#readme`;
  return hasDoc ? page : undefined;
}

function ruleDoc(id: string): string | undefined {
  try {
    return fs.readFileSync(fileURLToPath(docUrl(id)), 'utf8');
  } catch {
    return undefined;
  }
}

/** The page's first paragraph after its title and the quoted one-line description: what the rule reports, in a few sentences. */
function summaryOf(doc: string): string {
  const paragraphs = doc.split(/\r?\n\s*\r?\n/).map((p) => p.trim());
  return (paragraphs.find((p) => p && !p.startsWith('#') && !p.startsWith('>')) ?? '').replace(/\s*\r?\n\s*/g, ' ');
}
