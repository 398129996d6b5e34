// The VS Code suite in code-server (the real workbench, served locally), for machines that cannot
// download VS Code. The suite runs inside code-server's extension host through the runner extension;
// Chromium loads the workbench once so that an extension host starts, and checks the page itself.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { loadExpected } from './expectations.mjs';
import { adoptChildren, exited, runGroup, spawnGroup, stopGroup } from './processes.mjs';
import { check, failure } from './results.mjs';
import { makeTempDir, removeTempDir } from './tempDirs.mjs';
import { chromiumPath } from './tools.mjs';

const startLimitMs = 60_000;
const suiteLimitMs = 8 * 60_000;
const pageLimitMs = 30_000;

/** Keeps the workbench quiet and offline: no telemetry, updates, recommendations, AI panels or autosave. */
const userSettings = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'github.gitAuthentication': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'files.autoSave': 'off',
  // The TypeScript fixture has no @types/node beside it; its type errors would only crowd the Problems panel.
  'typescript.validate.enable': false,
};

function isolatedEnv(baseEnv, temp, resultsPath) {
  const env = {};
  // A VS Code terminal's variables (VSCODE_IPC_HOOK_CLI, ...) would make code-server talk to that window.
  for (const [key, value] of Object.entries(baseEnv)) {
    if (!/^(VSCODE_|ELECTRON_)|^(PASSWORD|HASHED_PASSWORD|PORT|CODE_SERVER_.*)$/.test(key)) env[key] = value;
  }
  const dirs = { HOME: 'home', XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache', XDG_STATE_HOME: 'state', XDG_RUNTIME_DIR: 'runtime' };
  for (const [key, dir] of Object.entries(dirs)) {
    env[key] = join(temp, dir);
    mkdirSync(env[key], { recursive: true, mode: 0o700 });
  }
  // An empty gallery: the workbench has no marketplace to reach.
  env.EXTENSIONS_GALLERY = '{}';
  env.SOCKLINT_E2E_RESULTS = resultsPath;
  return env;
}

/** Resolves with the URL code-server listens on; rejects if it exits or takes too long. */
function listening(server, logLines) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within ${startLimitMs} ms:\n${logLines.join('')}`)), startLimitMs);
    const onData = (data) => {
      logLines.push(String(data));
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(logLines.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    exited(server).then((status) => {
      clearTimeout(timer);
      reject(new Error(`code-server ended with ${status}:\n${logLines.join('')}`));
    }, reject);
  });
}

/** Resolves with the parsed results file once the runner writes it; fails if `abort` settles first. */
function resultsWritten(dir, name, abort) {
  const path = join(dir, name);
  return new Promise((resolve, reject) => {
    let watcher;
    const timer = setTimeout(() => done(new Error(`the suite wrote no results within ${suiteLimitMs} ms`)), suiteLimitMs);
    // fs.watch can miss an event, so the file is also looked for every second.
    const poll = setInterval(look, 1000);
    function done(err, value) {
      clearTimeout(timer);
      clearInterval(poll);
      watcher?.close();
      if (err) reject(err);
      else resolve(value);
    }
    function look() {
      if (existsSync(path)) done(undefined, JSON.parse(readFileSync(path, 'utf8')));
    }
    watcher = watch(dir, (_event, file) => file === name && look());
    abort.then(
      (why) => done(new Error(why)),
      (err) => done(err),
    );
    look();
  });
}

async function checkPage(page, artifacts, expected, results) {
  const { file, code, title } = expected.quickFix;
  const codes = expected.files[file].diagnostics.map((d) => d.code);
  await check(results, 'code-server page: the Problems panel lists the socklint findings', async () => {
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: code }).first().waitFor({ timeout: pageLimitMs });
    const texts = await rows.allInnerTexts();
    for (const c of codes)
      assert.ok(
        texts.some((t) => t.includes('socklint') && t.includes(c)),
        `no ${c} row in:\n${texts.join('\n')}`,
      );
  });
  await check(results, `code-server page: the quick-fix menu offers "${title}"`, async () => {
    const menu = page.locator('.action-widget');
    await menu.filter({ hasText: title }).first().waitFor({ state: 'visible', timeout: pageLimitMs });
    await page.screenshot({ path: join(artifacts, 'code-server-quick-fix.png') });
  });
  // The hover on the bind the finding relates to, reached as a person would: Go to Line, Show Hover.
  const bind = expected.files[file].diagnostics.find((d) => d.code === code)?.related[0];
  await check(results, 'code-server page: the hover on bind shows the second-bind outcome', async () => {
    assert.ok(bind, `expected.json gives no related bind for ${code}`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+g');
    await page.keyboard.type(`${bind[0] + 1}:${bind[1] + 2}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Control+i');
    await page.locator('.monaco-hover').filter({ hasText: 'A second bind' }).first().waitFor({ state: 'visible', timeout: pageLimitMs });
    await page.screenshot({ path: join(artifacts, 'code-server-hover.png') });
  });
}

export async function runCodeServerSuite({ root, tools, vsixes, artifacts, log }) {
  const expected = loadExpected(root);
  const temp = makeTempDir('socklint-e2e-cs-');
  const workspace = join(temp, 'workspace');
  cpSync(join(root, 'test/e2e/fixtures'), workspace, { recursive: true });
  const userData = join(temp, 'user-data');
  const extensions = join(temp, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), JSON.stringify(userSettings, null, 2));
  const resultsName = 'results.json';
  const env = isolatedEnv(tools.node24Env, temp, join(temp, resultsName));
  const serverArgs = ['--user-data-dir', userData, '--extensions-dir', extensions];
  const logLines = [];
  let context;
  let server;
  const results = [];
  try {
    const install = ['--install-extension', vsixes.extensionVsix, '--install-extension', vsixes.runnerVsix, '--force'];
    await runGroup(tools.node24, [tools.codeServerEntry, ...serverArgs, ...install], { env, cwd: temp, timeoutMs: 120_000 });
    server = spawnGroup(
      tools.node24,
      [
        tools.codeServerEntry,
        ...serverArgs,
        '--auth',
        'none',
        '--bind-addr',
        '127.0.0.1:0',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        workspace,
      ],
      { env, cwd: temp },
    );
    const url = await listening(server, logLines);
    log(`code-server listening on ${url}`);
    context = await chromium.launchPersistentContext(join(temp, 'chromium'), {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    adoptChildren();
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    const crashed = new Promise((resolve) => page.on('crash', () => resolve('the workbench page crashed')));
    const serverDied = exited(server).then((status) => `code-server ended with ${status} during the suite`);
    await page.goto(`${url}?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: startLimitMs });
    log('workbench loaded; waiting for the suite in the extension host');
    const suite = await resultsWritten(temp, resultsName, Promise.race([crashed, serverDied]));
    results.push(...suite.tests.map((t) => ({ ...t, title: `code-server: ${t.title}` })));
    if (suite.staged === 'ok') await checkPage(page, artifacts, expected, results);
    else results.push(failure('code-server page: show the finding and its quick fix', suite.staged ?? 'the runner did not say'));
    await check(results, 'code-server: the extension host log shows socklint activated by a C, C++, TypeScript or JavaScript file only', () => {
      const events = activationEvents(userData, 'socklint.socklint');
      assert.ok(events.length > 0, 'no activation of socklint.socklint in the extension host log');
      for (const event of events) assert.match(event, /^onLanguage:(c|cpp|typescript|typescriptreact|javascript|javascriptreact)$/);
    });
    if (pageErrors.length > 0) log(`page errors (not failures):\n  ${pageErrors.slice(0, 5).join('\n  ')}`);
  } catch (err) {
    results.push(failure('code-server: the suite runs to the end', err));
    if (context)
      await context
        .pages()[0]
        ?.screenshot({ path: join(artifacts, 'code-server-failure.png') })
        .catch(() => {});
  } finally {
    // A browser that hangs on close is killed with the rest below.
    if (context) await Promise.race([context.close().catch(() => {}), delay(10_000)]);
    await stopGroup(server?.pid);
    saveLogs(userData, logLines, artifacts);
    removeTempDir(temp);
  }
  return results;
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The activation events the extension host logged for extensionId (VS Code logs why it activates each extension). */
function activationEvents(userData, extensionId) {
  const events = [];
  const logs = join(userData, 'logs');
  for (const session of readdirSync(logs)) {
    for (const host of readdirSync(join(logs, session)).filter((d) => d.startsWith('exthost'))) {
      const file = join(logs, session, host, 'remoteexthost.log');
      if (!existsSync(file)) continue;
      const pattern = new RegExp(`_doActivateExtension ${extensionId.replace('.', '\\.')}, startup: \\w+, activationEvent: '([^']+)'`, 'g');
      for (const match of readFileSync(file, 'utf8').matchAll(pattern)) events.push(match[1]);
    }
  }
  return events;
}

/** code-server's own output and the extension host logs, kept for whoever reads a failure. */
function saveLogs(userData, logLines, artifacts) {
  const dir = join(artifacts, 'code-server-logs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'code-server.log'), logLines.join(''));
  try {
    cpSync(join(userData, 'logs'), dir, { recursive: true });
  } catch {
    // No logs yet: code-server never started.
  }
}
