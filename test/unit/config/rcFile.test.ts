import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRcFile, isIgnored, layerSettings, loadRcFileFor, parseRcFile, rcFileName } from '../../../server/src/config/rcFile';
import { defaultSettings, wrapperKinds } from '../../../server/src/engine/settings';
import { directiveRuleId } from '../../../server/src/engine/suppression';
import { ruleIds } from '../../../server/src/rules';
import { repoRoot } from '../../helpers/analyzer';

const known = [...ruleIds, directiveRuleId];
const parse = (text: string) => parseRcFile(text, known);
/** The text a problem points at, so tests check offsets, not just messages. */
const marked = (text: string) => parse(text).problems.map((p) => text.slice(p.offset, p.offset + p.length));

describe('.socklintrc.json: parsing', () => {
  it('reads rules, platform, wrappers and ignore, with comments and trailing commas', () => {
    const text = `{
      // project settings
      "rules": { "close-without-shutdown": "off", "bind-result-unchecked": "error", },
      "platform": "windows",
      /* our own wrappers */
      "wrappers": { "close": ["CLOSESOCK", "net_close"], "shutdown": ["sock_shutdown"] },
      "ignore": ["third_party/**", "*.gen.c"],
    }`;
    const { config, problems } = parse(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      rules: { 'close-without-shutdown': 'off', 'bind-result-unchecked': 'error' },
      platform: 'windows',
      wrappers: { close: ['CLOSESOCK', 'net_close'], shutdown: ['sock_shutdown'] },
      ignore: ['third_party/**', '*.gen.c'],
    });
  });

  it('accepts "info" for information and a $schema key', () => {
    const { config, problems } = parse('{"$schema": "./node_modules/x.json", "rules": {"linger-misuse": "info"}}');
    assert.deepEqual(problems, []);
    assert.deepEqual(config.rules, { 'linger-misuse': 'information' });
    assert.equal(config.platform, undefined);
  });

  it('reports syntax errors with their offsets and yields the defaults', () => {
    const text = '{ "rules": { "linger-misuse": "off" "platform": "windows" }';
    const { config, problems } = parse(text);
    assert.ok(problems.length >= 1);
    assert.match(problems[0].message, /^JSON syntax error: comma expected\.$/);
    assert.equal(problems[0].offset, text.indexOf('"platform"'));
    assert.deepEqual(config, { rules: {}, wrappers: {}, ignore: [] });
  });

  it('an unknown rule id is an error on the key, with a suggestion, and the file is not used', () => {
    const text = '{ "rules": { "setsockopt-after-bnd": "off", "linger-misuse": "off" } }';
    const { config, problems } = parse(text);
    assert.deepEqual(marked(text), ['"setsockopt-after-bnd"']);
    assert.equal(problems[0].message, 'Unknown rule id "setsockopt-after-bnd". Did you mean "setsockopt-after-bind"?');
    assert.deepEqual(config.rules, {});
  });

  it('reports every wrong value where it is written', () => {
    const text = `{
      "rules": { "linger-misuse": "loud", "bind-result-unchecked": 2 },
      "platform": "linux",
      "wrappers": { "close": "CLOSESOCK", "teardown": ["x"], "shutdown": ["ok_name", "not a name", 3] },
      "ignore": ["", "[unclosed"],
      "extra": true
    }`;
    assert.deepEqual(marked(text), ['"loud"', '2', '"linux"', '"CLOSESOCK"', '"teardown"', '"not a name"', '3', '""', '"extra"']);
    const messages = parse(text).problems.map((p) => p.message);
    assert.ok(messages.includes('"platform" must be one of "auto", "windows", "posix".'));
    assert.ok(messages.includes('"wrappers.close" must be an array of strings, found the string "CLOSESOCK".'));
    assert.ok(messages.some((m) => m.startsWith('Unknown wrapper kind "teardown": expected one of "close", "shutdown", "drain"')));
    assert.ok(messages.includes('Unknown setting "extra": expected one of "rules", "platform", "wrappers", "ignore".'));
  });

  it('an empty file and a non-object say what was expected', () => {
    assert.match(parse('').problems[0].message, /value expected/);
    assert.match(parse('// nothing\n').problems[0].message, /value expected/);
    assert.deepEqual(marked('[1, 2]'), ['[1, 2]']);
    assert.match(parse('[1, 2]').problems[0].message, /Expected an object at the top level, found an array/);
  });

  it('never throws, whatever the text', () => {
    for (const text of ['{', '}', '{"rules":', '{"rules": {"a": }}', '\u0000', '{"ignore": [null]}', '{"wrappers": {"close": [[]]}}', '"x"', '{,}']) {
      const out = parse(text);
      assert.ok(out.problems.length > 0, text);
      for (const p of out.problems) assert.ok(p.offset >= 0 && p.offset + p.length <= Math.max(text.length, 0) + 1, `${text}: ${p.offset}+${p.length}`);
    }
  });
});

describe('.socklintrc.json: finding and ignoring', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socklintrc-'));
  const write = (rel: string, text: string) => {
    const file = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const outer = write(rcFileName, '{"rules": {"linger-misuse": "off"}}');
  const inner = write(`sub/project/${rcFileName}`, '{"ignore": ["vendor/**", "*.gen.c"]}');
  write(`above/${rcFileName}`, '{}');

  it('takes the nearest file up from the document', () => {
    assert.equal(findRcFile(path.join(tmp, 'sub/project/src/a.c'), tmp), inner);
    assert.equal(findRcFile(path.join(tmp, 'sub/other/a.c'), tmp), outer);
    assert.equal(findRcFile(path.join(tmp, 'a.c'), tmp), outer);
  });

  it('does not look above the workspace folder', () => {
    const folder = path.join(tmp, 'above', 'ws');
    assert.equal(findRcFile(path.join(folder, 'src', 'a.c'), folder), undefined);
    assert.equal(findRcFile(path.join(folder, 'src', 'a.c'), undefined), path.join(tmp, 'above', rcFileName));
  });

  it('loads what it finds', () => {
    const loaded = loadRcFileFor(path.join(tmp, 'sub/project/x.c'), tmp, known);
    assert.equal(loaded?.path, inner);
    assert.deepEqual(loaded?.config.ignore, ['vendor/**', '*.gen.c']);
    assert.equal(loadRcFileFor(path.join(tmp, 'above/ws/x.c'), path.join(tmp, 'above/ws'), known), undefined);
  });

  it('matches ignore globs relative to the file, and bare names at any depth', () => {
    const { config } = parse('{"ignore": ["vendor/**", "*.gen.c"]}');
    const at = (rel: string) => isIgnored(config, inner, path.join(tmp, 'sub/project', rel));
    assert.equal(at('vendor/lib/net.c'), true);
    assert.equal(at('src/vendor/net.c'), false);
    assert.equal(at('src/deep/proto.gen.c'), true);
    assert.equal(at('src/proto.c'), false);
    assert.equal(isIgnored(config, inner, path.join(tmp, 'vendor/net.c')), false, 'outside the folder of the file');
    const anchored = parse('{"ignore": ["/gen.c"]}').config;
    assert.equal(isIgnored(anchored, inner, path.join(tmp, 'sub/project/gen.c')), true);
    assert.equal(isIgnored(anchored, inner, path.join(tmp, 'sub/project/src/gen.c')), false);
  });
});

describe('.socklintrc.json: settings layers', () => {
  const rc = parse('{"rules": {"linger-misuse": "off", "bind-result-unchecked": "error"}, "platform": "windows", "wrappers": {"close": ["CLOSESOCK"], "drain": ["drain_all"]}}').config;

  it('the file overrides the defaults', () => {
    const s = layerSettings(rc, defaultSettings);
    assert.deepEqual(s, { enable: true, rules: { 'linger-misuse': 'off', 'bind-result-unchecked': 'error' }, platform: 'windows', wrappers: { close: ['CLOSESOCK'], drain: ['drain_all'] } });
  });

  it('editor settings override the file, key by key', () => {
    const s = layerSettings(rc, { enable: true, rules: { 'linger-misuse': 'warning' }, platform: 'posix', wrappers: { close: ['my_close'] } });
    assert.deepEqual(s.rules, { 'linger-misuse': 'warning', 'bind-result-unchecked': 'error' });
    assert.equal(s.platform, 'posix');
    assert.deepEqual(s.wrappers, { close: ['my_close'], drain: ['drain_all'] });
  });

  it('without a file, the editor settings stand', () => {
    assert.equal(layerSettings(undefined, defaultSettings), defaultSettings);
  });
});

describe('.socklintrc.json: the JSON schema', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'schemas', 'socklintrc.schema.json'), 'utf8'));
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));

  it('lists every rule id and every wrapper kind the loader accepts', () => {
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), [...known].sort());
    assert.deepEqual(Object.keys(schema.properties.wrappers.properties), [...wrapperKinds]);
  });

  it('offers exactly the levels the loader accepts for each rule, "info" included', () => {
    for (const [id, rule] of Object.entries(schema.properties.rules.properties as Record<string, { enum: string[] }>)) {
      const accepted = ['off', 'error', 'warning', 'information', 'info', 'hint', 'verbose'].filter((level) => parse(`{"rules": {"${id}": "${level}"}}`).problems.length === 0);
      assert.deepEqual([...rule.enum].sort(), accepted.sort(), id);
    }
  });

  it('is contributed for .socklintrc.json', () => {
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: rcFileName, url: './schemas/socklintrc.schema.json' }]);
  });
});
