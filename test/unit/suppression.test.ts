import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanComments } from '../../server/src/engine/comments';
import type { Finding, Fix, Severity } from '../../server/src/engine/findings';
import { runRules } from '../../server/src/engine/run';
import { defaultSettings } from '../../server/src/engine/settings';
import { applySuppressions, directiveRuleId, disableForFileFix, disableForLineFix, parseDirectives, removeComment } from '../../server/src/engine/suppression';
import { cCodegen } from '../../server/src/lang/cfamily/codegen';
import { rules } from '../../server/src/rules';
import { lower } from './engine/lowered';

const known = ['setsockopt-after-bind', 'missing-exclusiveaddruse', 'linger-misuse', 'close-without-shutdown'];

/** A finding of `ruleId` on the `occurrence`-th `site` of the text. */
function at(text: string, site: string, ruleId = 'close-without-shutdown', occurrence = 1): Finding {
  let start = -1;
  for (let i = 0; i < occurrence; i++) {
    start = text.indexOf(site, start + 1);
    assert.ok(start >= 0, `no occurrence ${occurrence} of ${site}`);
  }
  return { ruleId, messageId: 'm', message: 'm', severity: 'warning', start, end: start + site.length, related: [], fixes: [] };
}

function run(text: string, findings: Finding[], opts: { ran?: string[]; severity?: Severity | undefined; language?: string } = {}): { kept: Finding[]; problems: Finding[] } {
  const out = applySuppressions(text, opts.language ?? 'c', findings, {
    knownIds: known,
    ranIds: opts.ran ?? known,
    severity: 'severity' in opts ? opts.severity : 'information',
  });
  return { kept: out.filter((f) => f.ruleId !== directiveRuleId), problems: out.filter((f) => f.ruleId === directiveRuleId) };
}

function slice(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

function apply(text: string, fix: Fix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

describe('comment scanning', () => {
  const bodies = (text: string, syntax: 'c' | 'js' = 'c') => scanComments(text, syntax).map((c) => slice(text, c));

  it('finds line and block comments, with their values', () => {
    const text = 'int a; // one\n/* two\n   lines */ int b; /**/';
    const comments = scanComments(text, 'c');
    assert.deepEqual(
      comments.map((c) => slice(text, c)),
      ['// one', '/* two\n   lines */', '/**/'],
    );
    assert.deepEqual(
      comments.map((c) => text.slice(c.valueStart, c.valueEnd)),
      [' one', ' two\n   lines ', ''],
    );
  });

  it('skips strings and character literals that look like comments', () => {
    const text = `const char *s = "// socklint-disable-line x"; char q = '"'; char sl = '/'; // real
const char *t = "a \\" /* b"; /* c */`;
    assert.deepEqual(bodies(text), ['// real', '/* c */']);
  });

  it('skips C++ raw strings, with and without a delimiter and prefix', () => {
    const text = 'auto a = R"(// no)"; auto b = u8R"xy(/* no )" still */ )xy"; // yes\n';
    assert.deepEqual(bodies(text), ['// yes']);
  });

  it('reads C++14 digit separators as part of the number', () => {
    assert.deepEqual(bodies("int n = 1'000'000; // yes\nint h = 0xFF'FF; /* too */"), ['// yes', '/* too */']);
  });

  it('an unterminated string ends at its line', () => {
    assert.deepEqual(bodies('char *s = "oops\n// next line is a comment'), ['// next line is a comment']);
  });

  it('a C line comment ending in a backslash goes on to the next line', () => {
    const text = '// one \\\r\n two\nint x;';
    assert.deepEqual(bodies(text), ['// one \\\r\n two']);
    assert.deepEqual(bodies('// one \\\n two\nx', 'js'), ['// one \\']);
  });

  it('JS: template literals, ${} nesting, regular expressions', () => {
    const text = [
      'const a = `// no ${"/* no */" + `${x} // no`} // no`; // yes 1',
      'const re = /\\/\\/ no [/*]/g; /* yes 2 */',
      'const d = a / b; // yes 3',
      'const e = (a) / 2 / 3; // yes 4',
      "const s = '// no'; // yes 5",
    ].join('\n');
    assert.deepEqual(bodies(text, 'js'), ['// yes 1', '/* yes 2 */', '// yes 3', '// yes 4', '// yes 5']);
  });

  it('an unclosed block comment runs to the end', () => {
    const text = 'int a; /* open';
    const [c] = scanComments(text, 'c');
    assert.deepEqual([c.start, c.end, c.valueEnd], [7, text.length, text.length]);
  });
});

describe('directive parsing', () => {
  it('reads every form, with ids separated by commas and/or spaces, and a reason', () => {
    const text = [
      '// socklint-disable-next-line linger-misuse, close-without-shutdown -- drained by the caller',
      'f(); /* socklint-disable-line setsockopt-after-bind linger-misuse */',
      '// socklint-disable close-without-shutdown,linger-misuse',
      '// socklint-enable',
      '/** socklint-enable linger-misuse -- done */',
    ].join('\n');
    const ds = parseDirectives(text, 'c');
    assert.deepEqual(
      ds.map((d) => ({ kind: d.kind, ids: d.ids.map((x) => x.id), reason: d.reason && slice(text, d.reason), lines: [d.firstLine, d.lastLine] })),
      [
        { kind: 'disable-next-line', ids: ['linger-misuse', 'close-without-shutdown'], reason: 'drained by the caller', lines: [1, 1] },
        { kind: 'disable-line', ids: ['setsockopt-after-bind', 'linger-misuse'], reason: undefined, lines: [1, 1] },
        { kind: 'disable', ids: ['close-without-shutdown', 'linger-misuse'], reason: undefined, lines: [2, 2] },
        { kind: 'enable', ids: [], reason: undefined, lines: [3, 3] },
        { kind: 'enable', ids: ['linger-misuse'], reason: 'done', lines: [4, 4] },
      ],
    );
    for (const d of ds) for (const x of d.ids) assert.equal(slice(text, x), x.id);
    assert.equal(slice(text, ds[0].keyword), 'socklint-disable-next-line');
  });

  it('is not fooled by look-alikes', () => {
    const text = [
      '// socklint-disabled linger-misuse',
      '// note: socklint-disable linger-misuse',
      '// socklint-disable-next-linex linger-misuse',
      'const char *s = "// socklint-disable linger-misuse";',
      '#define S "/* socklint-disable-line linger-misuse */"',
    ].join('\n');
    assert.deepEqual(parseDirectives(text, 'c'), []);
  });

  it('a block directive over several lines: ids on any line, decoration stars skipped', () => {
    const text = '/* socklint-disable-line linger-misuse,\n * close-without-shutdown\n */ x();';
    const [d] = parseDirectives(text, 'c');
    assert.deepEqual(
      d.ids.map((x) => x.id),
      ['linger-misuse', 'close-without-shutdown'],
    );
    assert.deepEqual([d.firstLine, d.lastLine], [0, 2]);
    const next = parseDirectives('/* socklint-disable-next-line linger-misuse\n   -- why */\nx();', 'c')[0];
    assert.deepEqual([next.firstLine, next.lastLine], [2, 2]);
  });

  it('CRLF, lone CR and a reason with no text', () => {
    const text = 'a();\r\n// socklint-disable-next-line linger-misuse --\r\nb();\rc();';
    const [d] = parseDirectives(text, 'c');
    assert.deepEqual([d.firstLine, d.ids.map((x) => x.id), d.reason], [2, ['linger-misuse'], undefined]);
  });
});

describe('suppressing findings', () => {
  it('disable-next-line covers only the next line', () => {
    const text = 'a();\n// socklint-disable-next-line close-without-shutdown\nclose(s);\nclose(t);\n';
    const { kept, problems } = run(text, [at(text, 'close(s)'), at(text, 'close(t)')]);
    assert.deepEqual(
      kept.map((f) => slice(text, f)),
      ['close(t)'],
    );
    assert.deepEqual(problems, []);
  });

  it('disable-line covers its own line, in // and /* */ comments', () => {
    const text = 'close(s); // socklint-disable-line close-without-shutdown\nclose(t); /* socklint-disable-line close-without-shutdown */ f();\nclose(u);';
    const { kept, problems } = run(text, [at(text, 'close(s)'), at(text, 'close(t)'), at(text, 'close(u)')]);
    assert.deepEqual(
      kept.map((f) => slice(text, f)),
      ['close(u)'],
    );
    assert.deepEqual(problems, []);
  });

  it('only the named ids are suppressed; several ids in one directive', () => {
    const text = '// socklint-disable-next-line linger-misuse close-without-shutdown\nsetsockopt(s); close(s);\n';
    const findings = [at(text, 'setsockopt(s)', 'setsockopt-after-bind'), at(text, 'setsockopt(s)', 'linger-misuse'), at(text, 'close(s)')];
    const { kept, problems } = run(text, findings);
    assert.deepEqual(
      kept.map((f) => f.ruleId),
      ['setsockopt-after-bind'],
    );
    assert.deepEqual(problems, []);
  });

  it('a directive without ids covers every rule', () => {
    const text = 'setsockopt(s); close(s); // socklint-disable-line\n';
    const { kept, problems } = run(text, [at(text, 'setsockopt(s)', 'linger-misuse'), at(text, 'close(s)')]);
    assert.deepEqual([kept, problems], [[], []]);
  });

  it('a region runs from disable to enable; an id-less enable ends every region', () => {
    const text = [
      'close(a);',
      '// socklint-disable close-without-shutdown, linger-misuse',
      'close(b); linger(b);',
      '// socklint-enable linger-misuse',
      'close(c); linger(c);',
      '// socklint-enable',
      'close(d);',
    ].join('\n');
    const findings = ['a', 'b', 'c', 'd'].map((h) => at(text, `close(${h})`));
    findings.push(at(text, 'linger(b)', 'linger-misuse'), at(text, 'linger(c)', 'linger-misuse'));
    const { kept, problems } = run(text, findings);
    assert.deepEqual(
      kept.map((f) => slice(text, f)),
      ['close(a)', 'linger(c)', 'close(d)'],
    );
    assert.deepEqual(problems, []);
  });

  it('a disable with no enable runs to the end of the file; a region starts at its comment', () => {
    const text = 'close(a); // socklint-disable close-without-shutdown\nclose(b);\n\n\nclose(c);';
    const { kept } = run(
      text,
      ['a', 'b', 'c'].map((h) => at(text, `close(${h})`)),
    );
    assert.deepEqual(
      kept.map((f) => slice(text, f)),
      ['close(a)'],
    );
  });

  it('disable-all, then enable of one id', () => {
    const text = '/* socklint-disable */\nclose(a); linger(a);\n// socklint-enable linger-misuse\nclose(b); linger(b);';
    const findings = [at(text, 'close(a)'), at(text, 'linger(a)', 'linger-misuse'), at(text, 'close(b)'), at(text, 'linger(b)', 'linger-misuse')];
    const { kept, problems } = run(text, findings);
    assert.deepEqual(
      kept.map((f) => slice(text, f)),
      ['linger(b)'],
    );
    assert.deepEqual(problems, []);
  });

  it('a file-level disable after the licence header covers the whole file', () => {
    const text = '/*\n * Copyright\n */\n// socklint-disable close-without-shutdown -- legacy code\n#include <x.h>\nvoid f() { close(a); }\nvoid g() { close(b); }\n';
    const { kept, problems } = run(text, [at(text, 'close(a)'), at(text, 'close(b)')]);
    assert.deepEqual([kept, problems], [[], []]);
  });

  it('text that looks like a directive inside a string suppresses nothing', () => {
    const text = 'puts("// socklint-disable-line close-without-shutdown"); close(s);\nclose(t); char *u = "/* socklint-disable */";\n';
    const { kept, problems } = run(text, [at(text, 'close(s)'), at(text, 'close(t)')]);
    assert.equal(kept.length, 2);
    assert.deepEqual(problems, []);
  });

  it('CRLF line ends', () => {
    const text = 'a();\r\n// socklint-disable-next-line close-without-shutdown\r\nclose(s);\r\nclose(t);\r\n';
    const { kept, problems } = run(text, [at(text, 'close(s)'), at(text, 'close(t)')]);
    assert.deepEqual(
      kept.map((f) => slice(text, f)),
      ['close(t)'],
    );
    assert.deepEqual(problems, []);
  });

  it('a block directive spanning lines: disable-line covers them all, disable-next-line the line after its end', () => {
    const text = 'close(a); /* socklint-disable-line close-without-shutdown\n   -- reason */ close(b);\n/* socklint-disable-next-line\n   close-without-shutdown */\nclose(c);\nclose(d);';
    const { kept, problems } = run(
      text,
      ['a', 'b', 'c', 'd'].map((h) => at(text, `close(${h})`)),
    );
    assert.deepEqual(
      kept.map((f) => slice(text, f)),
      ['close(d)'],
    );
    assert.deepEqual(problems, []);
  });

  it('TS/JS comments, with template literals around', () => {
    const text = 'const s = `// socklint-disable-line close-without-shutdown`; sock.destroy();\n// socklint-disable-next-line close-without-shutdown\nsock.destroy();\n';
    const { kept } = run(text, [at(text, 'sock.destroy()'), at(text, 'sock.destroy()', undefined, 2)], { language: 'typescript' });
    assert.deepEqual(
      kept.map((f) => f.start),
      [text.indexOf('sock.destroy()')],
    );
  });
});

describe('directive problems', () => {
  it('an unknown id is reported on the id, with a fix that removes it', () => {
    const text = 'close(s); // socklint-disable-line close-without-shutdown, no-such-rule -- why\n';
    const { kept, problems } = run(text, [at(text, 'close(s)')]);
    assert.deepEqual(kept, []);
    assert.equal(problems.length, 1);
    const [p] = problems;
    assert.equal(p.severity, 'information');
    assert.equal(slice(text, p), 'no-such-rule');
    assert.match(p.message, /Unknown rule id 'no-such-rule'/);
    assert.equal(p.fixes.length, 1);
    assert.equal(p.fixes[0].preferred, true);
    assert.equal(apply(text, p.fixes[0]), 'close(s); // socklint-disable-line close-without-shutdown -- why\n');
  });

  it('a misspelt id gets a "did you mean" and a preferred fix that corrects it', () => {
    const text = '// socklint-disable-next-line close-without-shutdwn\nclose(s);\n';
    const { kept, problems } = run(text, [at(text, 'close(s)')]);
    assert.equal(kept.length, 1);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /did you mean 'close-without-shutdown'\?/);
    // Correcting the id starts suppressing a finding, so only the removal is safe for bulk fixing.
    assert.deepEqual(
      problems[0].fixes.map((f) => [f.title, f.preferred, f.safe]),
      [
        ["Change 'close-without-shutdwn' to 'close-without-shutdown'", true, false],
        ['Remove this socklint-disable-next-line comment', false, true],
      ],
    );
    assert.equal(apply(text, problems[0].fixes[0]), '// socklint-disable-next-line close-without-shutdown\nclose(s);\n');
    assert.equal(apply(text, problems[0].fixes[1]), 'close(s);\n');
  });

  it('a directive that suppresses nothing is reported once, on the directive, with a fix that removes the comment', () => {
    const text = 'int x;\n    // socklint-disable-next-line close-without-shutdown -- old\n\nclose(s);\n';
    const { kept, problems } = run(text, [at(text, 'close(s)')]);
    assert.equal(kept.length, 1);
    assert.equal(problems.length, 1);
    assert.equal(slice(text, problems[0]), 'socklint-disable-next-line close-without-shutdown');
    assert.match(problems[0].message, /Unused socklint-disable-next-line: close-without-shutdown reports no problem on the next line/);
    assert.equal(apply(text, problems[0].fixes[0]), 'int x;\n\nclose(s);\n');
  });

  it('one unused id among used ones is reported on the id, and its fix removes only it', () => {
    const text = 'close(s); // socklint-disable-line linger-misuse close-without-shutdown\n';
    const { kept, problems } = run(text, [at(text, 'close(s)')]);
    assert.deepEqual(kept, []);
    assert.equal(problems.length, 1);
    assert.equal(slice(text, problems[0]), 'linger-misuse');
    assert.equal(apply(text, problems[0].fixes[0]), 'close(s); // socklint-disable-line close-without-shutdown\n');
  });

  it('when every id is bad, each fix removes the whole comment (never leaving an id-less, disable-everything directive)', () => {
    const text = 'close(s); /* socklint-disable-line linger-misuse, bogus */ f();\n';
    const { problems } = run(text, [at(text, 'close(s)')]);
    assert.deepEqual(
      problems.map((p) => slice(text, p)),
      ['linger-misuse', 'bogus'],
    );
    for (const p of problems) assert.equal(apply(text, p.fixes[p.fixes.length - 1]), 'close(s); f();\n');
  });

  it('a directive for a rule that did not run (turned off, or it failed) is not unused', () => {
    const text = '// socklint-disable-next-line linger-misuse\nclose(s);\n// socklint-disable-line\n';
    const { problems } = run(text, [at(text, 'close(s)')], { ran: ['close-without-shutdown'] });
    assert.deepEqual(problems, []);
  });

  it('unused id-less directives and enables that end nothing', () => {
    const text = 'a(); // socklint-disable-line\n// socklint-enable close-without-shutdown\n// socklint-disable linger-misuse\n// socklint-enable\n// socklint-enable\n';
    const { problems } = run(text, []);
    assert.deepEqual(
      problems.map((p) => [slice(text, p), p.message]),
      [
        ['socklint-disable-line', 'Unused socklint-disable-line: no socklint rule reports a problem on this line.'],
        ['socklint-enable close-without-shutdown', 'Unused socklint-enable: close-without-shutdown is not disabled here.'],
        ['socklint-disable linger-misuse', 'Unused socklint-disable: linger-misuse reports no problem in this region.'],
        ['socklint-enable', 'Unused socklint-enable: no socklint-disable before it is still open.'],
      ],
    );
  });

  it('no severity: suppression still applies, no directive problem is reported', () => {
    const text = 'close(s); // socklint-disable-line close-without-shutdown bogus\n';
    assert.deepEqual(run(text, [at(text, 'close(s)')], { severity: undefined }), { kept: [], problems: [] });
  });

  it('removing a comment keeps the code around it apart', () => {
    const rm = (text: string, comment: string) => {
      const start = text.indexOf(comment);
      const e = removeComment(text, { start, end: start + comment.length });
      return text.slice(0, e.start) + e.newText + text.slice(e.end);
    };
    assert.equal(rm('a;\n  // x\r\nb;', '// x'), 'a;\nb;');
    assert.equal(rm('a;   // x\nb;', '// x'), 'a;\nb;');
    assert.equal(rm('f(/* x */ a);', '/* x */'), 'f(a);');
    assert.equal(rm('a/* x */b', '/* x */'), 'a b');
    assert.equal(rm('  /* x */ b;', '/* x */'), '  b;');
  });
});

describe('"disable" fixes', () => {
  it("for this line: a disable-next-line above, with the line's indentation and line ends", () => {
    const text = 'void f(int s)\r\n{\r\n\t    close(s);\r\n}\r\n';
    const fix = disableForLineFix(text, 'c', at(text, 'close(s)'));
    assert.equal(fix.title, 'Disable close-without-shutdown for this line');
    assert.equal(fix.safe, false, 'fix-all must never suppress');
    assert.equal(fix.preferred, undefined);
    assert.equal(apply(text, fix), 'void f(int s)\r\n{\r\n\t    // socklint-disable-next-line close-without-shutdown\r\n\t    close(s);\r\n}\r\n');
  });

  it('for this line: merges into a disable-next-line or disable-line already there, keeping the reason', () => {
    const above = '  // socklint-disable-next-line linger-misuse -- reviewed\n  close(s);\n';
    assert.equal(apply(above, disableForLineFix(above, 'c', at(above, 'close(s)'))), '  // socklint-disable-next-line linger-misuse, close-without-shutdown -- reviewed\n  close(s);\n');
    const same = 'close(s); /* socklint-disable-line linger-misuse */\n';
    assert.equal(apply(same, disableForLineFix(same, 'c', at(same, 'close(s)'))), 'close(s); /* socklint-disable-line linger-misuse, close-without-shutdown */\n');
  });

  it('for this line: inside a macro, a block comment at the end of the line keeps the macro whole', () => {
    const text = '#define CLOSE(s) \\\n    close(s); \\\n    x = 0\n';
    assert.equal(apply(text, disableForLineFix(text, 'c', at(text, 'close(s)'))), '#define CLOSE(s) \\\n    close(s); /* socklint-disable-line close-without-shutdown */ \\\n    x = 0\n');
  });

  it('for this file: before the first code line, below the licence header', () => {
    const text = '// Copyright 2024\n// SPDX-License-Identifier: MIT\n\n#include <winsock2.h>\nvoid f(void);\n';
    const fix = disableForFileFix(text, 'c', 'linger-misuse');
    assert.equal(fix.title, 'Disable linger-misuse for this file');
    assert.equal(fix.safe, false);
    assert.equal(apply(text, fix), '// Copyright 2024\n// SPDX-License-Identifier: MIT\n\n// socklint-disable linger-misuse\n#include <winsock2.h>\nvoid f(void);\n');
    const bare = 'int x;\n';
    assert.equal(apply(bare, disableForFileFix(bare, 'c', 'linger-misuse')), '// socklint-disable linger-misuse\nint x;\n');
  });

  it('for this file: merges into a socklint-disable in the header; keeps a #! line and a BOM first', () => {
    const text = '/* licence */\n// socklint-disable linger-misuse -- legacy\nint x;\n';
    assert.equal(apply(text, disableForFileFix(text, 'c', 'close-without-shutdown')), '/* licence */\n// socklint-disable linger-misuse, close-without-shutdown -- legacy\nint x;\n');
    const js = '#!/usr/bin/env node\nconst net = require("net");\n';
    assert.equal(apply(js, disableForFileFix(js, 'javascript', 'close-without-shutdown')), '#!/usr/bin/env node\n// socklint-disable close-without-shutdown\nconst net = require("net");\n');
    const bom = '\ufeffint x;\n';
    assert.equal(apply(bom, disableForFileFix(bom, 'c', 'linger-misuse')), '\ufeff// socklint-disable linger-misuse\nint x;\n');
  });
});

describe('suppression in runRules', () => {
  const program = (directive: string) => `#include <winsock2.h>
void f(SOCKET l) {
    SOCKET c = accept(l, NULL, NULL);
${directive}
    closesocket(c);
}`;

  it('a directive suppresses the finding; a wrong one is reported as information', async () => {
    const plain = runRules(await lower(program('')), rules, defaultSettings, cCodegen).findings;
    assert.deepEqual(
      plain.map((f) => f.ruleId),
      ['close-without-shutdown'],
    );

    const ok = runRules(await lower(program('    // socklint-disable-next-line close-without-shutdown -- the peer never sends')), rules, defaultSettings, cCodegen);
    assert.deepEqual(ok.findings, []);

    const typo = runRules(await lower(program('    // socklint-disable-next-line close-without-shutdow')), rules, defaultSettings, cCodegen).findings;
    assert.deepEqual(
      typo.map((f) => [f.ruleId, f.severity]),
      [
        [directiveRuleId, 'information'],
        ['close-without-shutdown', 'warning'],
      ],
    );
  });

  it('a rule turned off keeps its directive valid; socklint-directive in settings sets the severity or turns the reports off', async () => {
    const model = await lower(program('    // socklint-disable-next-line close-without-shutdown, linger-misuse'));
    const findings = (settings = defaultSettings) => runRules(model, rules, settings, cCodegen).findings.map((f) => `${f.ruleId}:${f.severity}`);
    // linger-misuse ran and reports nothing on that line.
    assert.deepEqual(findings(), [`${directiveRuleId}:information`]);
    assert.deepEqual(findings({ ...defaultSettings, rules: { 'linger-misuse': 'off' } }), []);
    assert.deepEqual(findings({ ...defaultSettings, rules: { [directiveRuleId]: 'warning' } }), [`${directiveRuleId}:warning`]);
    assert.deepEqual(findings({ ...defaultSettings, rules: { [directiveRuleId]: 'off' } }), []);
  });

  it('applying "disable for this line" and "for this file" leaves no finding at all', async () => {
    for (const make of [disableForLineFix, (t: string, l: string, f: Finding) => disableForFileFix(t, l, f.ruleId)]) {
      const text = program('');
      const [finding] = runRules(await lower(text), rules, defaultSettings, cCodegen).findings;
      const fixed = apply(text, make(text, 'c', finding));
      assert.deepEqual(runRules(await lower(fixed), rules, defaultSettings, cCodegen).findings, [], fixed);
    }
  });

  it('unknown ids are reported even when every rule is off; nothing at all when socklint is disabled', async () => {
    const model = await lower('// socklint-disable bogus\nint x;\n');
    const off = Object.fromEntries(rules.map((r) => [r.meta.id, 'off' as const]));
    assert.deepEqual(
      runRules(model, rules, { ...defaultSettings, rules: off }, cCodegen).findings.map((f) => f.ruleId),
      [directiveRuleId],
    );
    assert.deepEqual(runRules(model, rules, { ...defaultSettings, enable: false }, cCodegen).findings, []);
  });
});
