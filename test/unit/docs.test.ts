/**
 * Every implemented rule is documented and configurable:
 * - `docs/rules/<id>.md` exists, starts with `# <id>` and has the required sections;
 * - `ruleDocUrl(id)` is a `file:` URL of that very file;
 * - the README's rules table links the page of every implemented rule;
 * - package.json's `socklint.rules` setting lists the rule id.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleDocUrl, ruleIds, rules } from '../../server/src/rules';
import { repoRoot } from '../helpers/analyzer';

const root = repoRoot();

/** The sections every rule page must have, in this order (others may sit between them). */
const REQUIRED_SECTIONS = ['What it does', 'Why it matters', 'Example', 'Fix', 'When not to use it', 'References'];

const SEVERITY_LEVELS = ['off', 'error', 'warning', 'information', 'hint'];

function docPath(id: string): string {
  return path.join(root, 'docs', 'rules', `${id}.md`);
}

/** Lines of a Markdown file outside fenced code blocks (a `# comment` in a shell example is no heading). */
function proseLines(markdown: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (m) {
      if (fence === undefined) fence = m[1];
      else if (m[1][0] === fence[0] && m[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (fence === undefined) out.push(line);
  }
  return out;
}

function level2Headings(markdown: string): string[] {
  return proseLines(markdown)
    .map((l) => /^##\s+(.*?)\s*#*\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m && !m[0].startsWith('###'))
    .map((m) => m[1]);
}

/** Body of a section: the prose lines after its `## ` heading, up to the next `## ` heading. */
function sectionBody(markdown: string, title: string): string {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start < 0) return '';
  const end = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
}

interface TableRow {
  cells: string[];
  line: string;
}

/** The rows of the first Markdown table under the README's `## Rules` heading. */
function readmeRulesTable(readme: string): { header: string[]; rows: TableRow[] } {
  const lines = proseLines(readme);
  const start = lines.findIndex((l) => /^##\s+Rules\s*$/.test(l));
  assert.ok(start >= 0, 'README.md has no "## Rules" section');
  const split = (l: string) =>
    l
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((c) => c.trim());
  let i = start + 1;
  while (i < lines.length && !lines[i].trim().startsWith('|') && !/^##\s/.test(lines[i])) i++;
  assert.ok(i < lines.length && lines[i].trim().startsWith('|'), 'the README\'s "## Rules" section has no table');
  const header = split(lines[i]);
  const rows: TableRow[] = [];
  for (i += 2; i < lines.length && lines[i].trim().startsWith('|'); i++) rows.push({ cells: split(lines[i]), line: lines[i] });
  return { header, rows };
}

describe('rule documentation', () => {
  it('the rule list is not empty and ids are unique', () => {
    assert.ok(rules.length > 0);
    assert.equal(new Set(ruleIds).size, ruleIds.length, `duplicate rule ids: ${ruleIds}`);
    assert.deepEqual(
      [...ruleIds],
      rules.map((r) => r.meta.id),
    );
  });

  for (const rule of rules) {
    const id = rule.meta.id;
    describe(id, () => {
      it('has docs/rules/<id>.md with the title and the required sections, in order', () => {
        const file = docPath(id);
        assert.ok(fs.existsSync(file), `missing ${path.relative(root, file)}`);
        const md = fs.readFileSync(file, 'utf8');
        assert.equal(md.split(/\r?\n/)[0], `# ${id}`, `the first line of ${path.relative(root, file)} must be "# ${id}"`);
        // As eslint-doc-generator checks: the page states the description the code gives SARIF and hover.
        assert.equal(md.split(/\r?\n/)[2], `> ${rule.meta.docs.description}`, `line 3 of ${path.relative(root, file)} must quote meta.docs.description`);
        const headings = level2Headings(md);
        const missing = REQUIRED_SECTIONS.filter((s) => !headings.includes(s));
        assert.deepEqual(missing, [], `${id}.md lacks section(s); it has: ${headings.map((h) => `"## ${h}"`).join(', ')}`);
        const order = headings.filter((h) => REQUIRED_SECTIONS.includes(h));
        assert.deepEqual(order, REQUIRED_SECTIONS, `${id}.md: sections out of order or repeated`);
        for (const s of REQUIRED_SECTIONS) assert.ok(sectionBody(md, s).length > 0, `${id}.md: "## ${s}" is empty`);
      });

      it('ruleDocUrl(id) is a file: URL of that page', () => {
        const url = ruleDocUrl(id);
        assert.ok(url.startsWith('file:'), `ruleDocUrl(${JSON.stringify(id)}) = ${url} is not a file: URL`);
        const file = fileURLToPath(url);
        assert.ok(fs.existsSync(file), `ruleDocUrl(${JSON.stringify(id)}) points at a missing file: ${file}`);
        assert.equal(fs.realpathSync(file), fs.realpathSync(docPath(id)), `ruleDocUrl(${JSON.stringify(id)}) points elsewhere`);
      });
    });
  }

  it("the README's rules table links every implemented rule's page", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const { header, rows } = readmeRulesTable(readme);
    const status = header.findIndex((h) => /^status$/i.test(h));
    const problems: string[] = [];
    for (const id of ruleIds) {
      const row = rows.find((r) => r.cells[0].includes(`\`${id}\``));
      if (!row) {
        problems.push(`${id}: no row in the table`);
        continue;
      }
      const link = /\[[^\]]*\]\(([^)\s]+)\)/.exec(row.cells[0]);
      if (!link) problems.push(`${id}: the row does not link the doc page: ${row.line}`);
      else {
        const target = path.resolve(root, decodeURI(link[1].split('#')[0]));
        if (target !== docPath(id)) problems.push(`${id}: the row links ${link[1]}, not docs/rules/${id}.md`);
        else if (!fs.existsSync(target)) problems.push(`${id}: the linked page ${link[1]} does not exist`);
      }
      if (status >= 0 && !/implemented/i.test(row.cells[status])) problems.push(`${id}: implemented, but the table says "${row.cells[status]}"`);
    }
    // And the other way round: a row marked implemented is a rule in `rules`.
    if (status >= 0) {
      for (const r of rows) {
        const id = /`([^`]+)`/.exec(r.cells[0])?.[1];
        if (/^implemented$/i.test(r.cells[status]) && id && !ruleIds.includes(id)) problems.push(`${id}: marked implemented in the README but not in server/src/rules/index.ts`);
      }
    }
    // Every link in the table resolves.
    for (const r of rows) {
      for (const m of r.line.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(m[1])) continue;
        if (!fs.existsSync(path.resolve(root, decodeURI(m[1].split('#')[0])))) problems.push(`broken link ${m[1]} in: ${r.line}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it("package.json's socklint.rules setting lists every rule id", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const config = pkg.contributes?.configuration;
    const sections: Array<{ properties?: Record<string, { properties?: Record<string, { enum?: string[] }> }> }> = Array.isArray(config) ? config : [config];
    const setting = sections.map((s) => s?.properties?.['socklint.rules']).find((p) => p);
    assert.ok(setting, 'package.json contributes no socklint.rules setting');
    const props = setting.properties ?? {};
    const missing = ruleIds.filter((id) => !(id in props));
    assert.deepEqual(missing, [], 'rule ids missing from contributes.configuration socklint.rules properties');
    for (const id of ruleIds) {
      assert.deepEqual([...(props[id].enum ?? [])].sort(), [...SEVERITY_LEVELS].sort(), `socklint.rules.${id}: the values must be ${SEVERITY_LEVELS.join(', ')}`);
    }
  });
});

describe('workspace trust', () => {
  it('the manifest says socklint works in Restricted Mode, and the README says why', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.capabilities?.untrustedWorkspaces, { supported: true });
    assert.match(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), /Restricted Mode/);
  });
});
