// --format sarif against the SARIF 2.1.0 schema, what code scanning reads from it, and sharding.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { rules } from '../../server/src/rules';
import { repoRoot } from '../server/repoRoot';
import { jsonOf, runCli, scratch } from './cliRun';

const schema = JSON.parse(readFileSync(join(repoRoot(), 'test/cli/schema/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// The schema's language pattern is not valid with the `u` flag; `uri` formats are checked (ajv-formats).
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function sarifOf(args: string[], cwd?: string): Sarif.Log {
  const run = runCli(['--format', 'sarif', ...args], { cwd });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  return JSON.parse(run.stdout) as Sarif.Log;
}

function assertValid(log: unknown): void {
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

describe('SARIF output', () => {
  const log = sarifOf(['examples']);
  const run = log.runs[0];

  test('is valid SARIF 2.1.0', () => {
    assert.equal(log.version, '2.1.0');
    assertValid(log);
  });

  test('tool.driver lists every rule with descriptions, help, a help page and a default level', () => {
    const driver = run.tool.driver;
    assert.equal(driver.name, 'socklint');
    for (const rule of rules) {
      const d = driver.rules?.find((r) => r.id === rule.meta.id);
      assert.ok(d, rule.meta.id);
      assert.equal(d.shortDescription?.text, rule.meta.docs.description);
      assert.ok(d.fullDescription?.text && d.fullDescription.text.length > 20, rule.meta.id);
      assert.ok(d.help?.text && d.help.markdown?.startsWith(`# ${rule.meta.id}`), rule.meta.id);
      assert.match(d.helpUri ?? '', new RegExp(`docs/rules/${rule.meta.id}\\.md$`));
      if (d.helpUri!.startsWith('file:')) assert.ok(existsSync(fileURLToPath(d.helpUri!)), d.helpUri);
      const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[rule.meta.defaultSeverity];
      assert.equal(d.defaultConfiguration?.level, level, rule.meta.id);
    }
    const incomplete = driver.rules?.find((r) => r.id === 'socklint-incomplete');
    assert.match(incomplete?.helpUri ?? '', /docs\/analysis-limits\.md$/, 'the analysis-limits page is the help of socklint-incomplete');
    assert.ok(incomplete?.help?.markdown?.startsWith('# socklint-incomplete'));
  });

  test('results carry rule index, level, location, related locations, fixes and fingerprints', () => {
    const results = run.results ?? [];
    assert.equal(results.length, jsonOf(runCli(['--format', 'json', 'examples'])).findings.length);
    for (const r of results) {
      assert.equal(run.tool.driver.rules![r.ruleIndex!].id, r.ruleId);
      const loc = r.locations![0].physicalLocation!;
      assert.equal(loc.artifactLocation!.uriBaseId, '%SRCROOT%');
      assert.ok(existsSync(join(repoRoot(), decodeURIComponent(loc.artifactLocation!.uri!))), loc.artifactLocation!.uri);
      assert.ok(loc.region!.startLine! >= 1 && loc.region!.startColumn! >= 1);
      assert.match(r.partialFingerprints!['socklint/v1'], /^[0-9a-f]{32}:\d+$/);
    }
    const late = results.find((r) => r.ruleId === 'setsockopt-after-bind' && r.locations![0].physicalLocation!.artifactLocation!.uri === 'examples/windows/late_setsockopt.c');
    assert.ok(late);
    assert.equal(late.level, 'warning');
    assert.deepEqual(late.locations![0].physicalLocation!.region, { startLine: 56, startColumn: 9, endLine: 57, endColumn: 64 });
    assert.ok((late.relatedLocations ?? []).length > 0);
    const fix = late.fixes![0];
    assert.equal(fix.artifactChanges[0].artifactLocation.uri, 'examples/windows/late_setsockopt.c');
    assert.ok(fix.artifactChanges[0].replacements.length >= 2, 'a move: one deletion, one insertion');
    assert.ok(
      results.some((r) => r.level === 'note'),
      'information findings are notes',
    );
  });

  test('shards cover every file once, and merge-sarif joins them into the unsharded result', () => {
    const whole = run.results!.map(key).sort();
    const s = scratch(false);
    try {
      const parts = [1, 2, 3].map((i) => {
        const file = join(s.dir, `shard${i}.sarif`);
        const r = runCli(['--format', 'sarif', '--shard', `${i}/3`, '-o', file, 'examples']);
        assert.ok(r.status === 0 || r.status === 1, r.stderr);
        return file;
      });
      const perShard = parts.map((p) => (JSON.parse(readFileSync(p, 'utf8')) as Sarif.Log).runs[0].results!.map(key));
      const files = perShard.map((keys) => new Set(keys.map((k) => k.split('#')[0])));
      for (let i = 0; i < files.length; i++) for (let j = i + 1; j < files.length; j++) for (const f of files[i]) assert.ok(!files[j].has(f), `${f} in two shards`);
      const mergedRun = runCli(['merge-sarif', ...parts.reverse()]);
      assert.equal(mergedRun.status, 0, mergedRun.stderr);
      const merged = JSON.parse(mergedRun.stdout) as Sarif.Log;
      assertValid(merged);
      assert.equal(merged.runs.length, 1);
      assert.deepEqual(merged.runs[0].results!.map(key).sort(), whole);
      for (const r of merged.runs[0].results!) assert.equal(merged.runs[0].tool.driver.rules![r.ruleIndex!].id, r.ruleId);
    } finally {
      s.remove();
    }
  });

  test('merge-sarif refuses what is not a SARIF log, in one line', () => {
    const s = scratch(false);
    try {
      writeFileSync(join(s.dir, 'x.sarif'), '{"hello": 1}');
      const r = runCli(['merge-sarif', join(s.dir, 'x.sarif')]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^socklint: merge-sarif: .*x\.sarif is not a SARIF 2\.1\.0 log\n$/);
      const refused: Array<[string, RegExp]> = [
        ['{"version":"2.1.0","runs":[{}]}', /runs\[0\] has no tool\.driver\.name/],
        ['{"version":"2.1.0","runs":[null]}', /runs\[0\] has no tool\.driver\.name/],
        ['{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r"}]}]}', /runs\[0\]\.results\[0\] has no message/],
        ['{"version": "2.1.0", "runs": [', /x\.sarif: /],
      ];
      for (const [text, why] of refused) {
        writeFileSync(join(s.dir, 'x.sarif'), text);
        const bad = runCli(['merge-sarif', join(s.dir, 'x.sarif')]);
        assert.equal(bad.status, 2, text);
        assert.match(bad.stderr, why, text);
        assert.equal(bad.stderr.split('\n').length, 2, `one line, no stack trace: ${bad.stderr}`);
      }
    } finally {
      s.remove();
    }
  });
});

function key(r: Sarif.Result): string {
  const loc = r.locations![0].physicalLocation!;
  return `${loc.artifactLocation!.uri}#${loc.region!.startLine}:${loc.region!.startColumn}:${r.ruleId}`;
}
