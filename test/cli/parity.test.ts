// The CLI and the language server, run over the same tree, report the same (file, line, column, rule) set.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { languageIdForPath } from '../../server/src/lang/languages';
import { TestClient } from '../server/lspClient';
import { repoRoot } from '../server/repoRoot';
import { jsonOf, runCli, scratch } from './cliRun';

let s: { dir: string; remove: () => void };
const ruleOffInPosix = 'setsockopt-after-bind';
let client: TestClient;

before(async () => {
  s = scratch(true);
  cpSync(join(repoRoot(), 'test/e2e/fixtures'), join(s.dir, 'fixtures'), { recursive: true });
  // What an editor hides or counts differently: a byte order mark, CRLF, characters outside the
  // BMP (two UTF-16 units) before a finding on its line, and an extension mapped with --ext.
  const compare = readFileSync(join(repoRoot(), 'examples/windows/socket_compare.c'), 'utf8').replace('if (listener < 0) {', '/* \u{1F50C}\u{1F50C} */ if (listener < 0) {').replace(/\r?\n/g, '\r\n');
  writeFileSync(join(s.dir, 'bom_crlf.c'), `\uFEFF${compare}`);
  cpSync(join(repoRoot(), 'examples/posix/late_reuseaddr.c'), join(s.dir, 'net.inc'));
  // A folder's own configuration, which both must find for the files under it (and only for those).
  writeFileSync(join(s.dir, 'examples/posix/.socklintrc.json'), `{ "rules": { "${ruleOffInPosix}": "off" } }\n`);
  client = await TestClient.start({ pull: false });
});

after(async () => {
  await client?.dispose();
  s?.remove();
});

type Key = string;
const key = (file: string, line: number, column: number, rule: string): Key => `${file}:${line}:${column} ${rule}`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

test('CLI and language server agree on every finding of the fixture tree', async () => {
  const run = runCli(['--format', 'json', '--ext', '.inc=c', '.'], { cwd: s.dir });
  assert.ok(run.status === 1, run.stderr);
  const report = jsonOf(run);
  const cli = report.findings;
  assert.ok(cli.length > 25, `${cli.length} findings`);
  const byFile = new Map<string, Key[]>();
  for (const f of cli) byFile.set(f.file, [...(byFile.get(f.file) ?? []), key(f.file, f.range.start.line, f.range.start.column, f.ruleId)]);

  let files = 0;
  for (const path of filesUnder(s.dir)) {
    const file = relative(s.dir, path).split('\\').join('/');
    const languageId = file.endsWith('.inc') ? 'c' : languageIdForPath(file);
    if (!languageId) continue;
    files++;
    const expected = (byFile.get(file) ?? []).sort();
    const uri = pathToFileURL(path).toString();
    // An editor shows the text without its byte order mark and hands the server that.
    await client.open(uri, languageId, readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
    const keysOf = (ds: Diagnostic[]) => ds.map((d) => key(file, d.range.start.line + 1, d.range.start.character + 1, String(d.code))).sort();
    let last: Key[] = [];
    try {
      // TS/JS files are published twice (syntactic, then typed): wait for the answer to settle on the CLI's.
      await client.publishedWhere(uri, (ds) => {
        last = keysOf(ds);
        return JSON.stringify(last) === JSON.stringify(expected);
      });
    } catch {
      assert.deepEqual(last, expected, `${file}: the server's findings differ from the CLI's`);
    }
    await client.close(uri);
  }
  assert.equal(files, report.summary.files, 'the server was asked about every file the CLI analysed');
  assert.ok(files >= 28);
  assert.ok(byFile.get('bom_crlf.c')?.includes(key('bom_crlf.c', 37, 20, 'invalid-socket-compare')), String(byFile.get('bom_crlf.c')));
  assert.ok(byFile.has('net.inc'));
  const offRule = cli.filter((f) => f.ruleId === ruleOffInPosix).map((f) => f.file);
  assert.deepEqual(
    offRule.filter((f) => f.startsWith('examples/posix/')),
    [],
    'examples/posix/.socklintrc.json turns the rule off under it',
  );
  assert.ok(offRule.includes('net.inc'), `the same file outside that folder still has the finding: ${offRule.join(', ')}`);
});
