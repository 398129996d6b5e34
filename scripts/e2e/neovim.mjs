// The second LSP client: Neovim (Debian's 0.7, headless) runs the built server on the fixtures
// through test/e2e/neovim/lsp_session.lua; this compares what it recorded with expected.json.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExpected, sortedComparable } from './expectations.mjs';
import { exited, spawnGroup } from './processes.mjs';
import { check } from './results.mjs';
import { makeTempDir, removeTempDir } from './tempDirs.mjs';
import { nvimPath } from './tools.mjs';

const sessionLimitMs = 90_000;

async function runSession(root, expected, temp) {
  const workspace = join(temp, 'workspace');
  cpSync(join(root, 'test/e2e/fixtures'), workspace, { recursive: true });
  const out = join(temp, 'session.json');
  const env = { ...process.env };
  for (const dir of ['home', 'config', 'data', 'state', 'cache']) mkdirSync(join(temp, dir));
  Object.assign(env, {
    // Nothing from the user's own Neovim setup may take part.
    HOME: join(temp, 'home'),
    XDG_CONFIG_HOME: join(temp, 'config'),
    XDG_DATA_HOME: join(temp, 'data'),
    XDG_STATE_HOME: join(temp, 'state'),
    XDG_CACHE_HOME: join(temp, 'cache'),
    SOCKLINT_WORKSPACE: workspace,
    SOCKLINT_NVIM_OUT: out,
    SOCKLINT_NVIM_WAIT_MS: '20000',
    SOCKLINT_NVIM_FILES: Object.keys(expected.files).join(','),
    SOCKLINT_NVIM_FIX_FILE: expected.quickFix.file,
    SOCKLINT_NVIM_FIX_CODE: expected.quickFix.code,
    SOCKLINT_NVIM_SETTINGS_FILE: 'listener.cpp',
    SOCKLINT_NODE: process.execPath,
    SOCKLINT_SERVER: join(root, 'server/out/server.js'),
  });
  const lua = join(root, 'test/e2e/neovim/lsp_session.lua');
  const nvim = spawnGroup(nvimPath, ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${lua}`], { cwd: workspace, env });
  let output = '';
  nvim.stdout.on('data', (d) => (output += d));
  nvim.stderr.on('data', (d) => (output += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-nvim.pid, 'SIGKILL');
  }, sessionLimitMs);
  const status = await exited(nvim).finally(() => clearTimeout(timer));
  const report = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : undefined;
  if (timedOut) throw new Error(`Neovim did not finish within ${sessionLimitMs} ms\n${output}`);
  if (!report) throw new Error(`Neovim ended with ${status} and wrote no report\n${output}`);
  if (report.error) throw new Error(`the Neovim session failed: ${report.error}\nserver log: ${report.log.join('\n')}`);
  if (status !== 0) throw new Error(`Neovim ended with ${status}\n${output}`);
  return report;
}

export async function runNeovimSuite(root) {
  const expected = loadExpected(root);
  const results = [];
  const temp = makeTempDir('socklint-e2e-nvim-');
  let report;
  try {
    await check(results, 'neovim: the LSP session runs to the end', async () => {
      report = await runSession(root, expected, temp);
    });
  } finally {
    removeTempDir(temp);
  }
  if (!report) return results;

  for (const [name, file] of Object.entries(expected.files)) {
    await check(results, `neovim: ${name} gets ${file.diagnostics.map((d) => d.code).join(', ')} with exact ranges and severities`, () => {
      const diagnostics = report.files[name].diagnostics;
      assert.deepEqual(sortedComparable(diagnostics), file.diagnostics);
      for (const d of diagnostics) {
        assert.equal(d.source, 'socklint');
        assert.ok(d.codeDescription?.href?.endsWith(`/${d.code}.md`), `${d.code} links to ${d.codeDescription?.href}`);
      }
    });
  }
  const fix = expected.quickFix;
  await check(results, `neovim: "${fix.title}" is the preferred quick fix`, () => {
    const preferred = report.actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, `preferred actions: ${preferred.map((a) => a.title).join('; ') || 'none'}`);
    assert.equal(preferred[0].title, fix.title);
    assert.equal(preferred[0].kind, 'quickfix');
    assert.deepEqual(
      preferred[0].diagnostics.map((d) => d.code),
      [fix.code],
    );
  });
  await check(results, 'neovim: applying the quick fix moves the call before bind and clears the diagnostics', () => {
    const lines = report.after_fix.text.split('\n');
    assert.equal(lines[lines.indexOf(fix.beforeLine) - 1], fix.movedLine);
    assert.equal(lines.filter((l) => l === fix.movedLine).length, 1, 'the call was copied, not moved');
    assert.deepEqual(
      report.after_fix.diagnostics.map((d) => d.code),
      fix.remaining,
    );
  });
  await check(results, 'neovim: a severity set in the settings applies after didChangeConfiguration', () => {
    const baseline = expected.files[report.after_settings.file].diagnostics;
    assert.deepEqual(
      sortedComparable(report.after_settings.diagnostics),
      baseline.map((d) => (d.code === fix.code ? { ...d, severity: 'error' } : d)),
    );
  });
  await check(results, 'neovim: the server exits cleanly on shutdown', () => {
    assert.deepEqual(report.exit, { code: 0, signal: 0 });
  });
  return results;
}
