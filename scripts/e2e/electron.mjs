// The VS Code suite through @vscode/test-electron (out/e2e/runTest.js), for machines that can
// download VS Code; its results file is read like the code-server runner's.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exited, spawnGroup } from './processes.mjs';
import { failure } from './results.mjs';
import { makeTempDir, removeTempDir } from './tempDirs.mjs';

const limitMs = 15 * 60_000;

export async function runElectronSuite(root) {
  const temp = makeTempDir('socklint-e2e-electron-results-');
  const resultsPath = join(temp, 'results.json');
  try {
    const child = spawnGroup(process.execPath, [join(root, 'out/e2e/runTest.js')], {
      cwd: root,
      env: { ...process.env, SOCKLINT_E2E_RESULTS: resultsPath },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), limitMs);
    const status = await exited(child).finally(() => clearTimeout(timer));
    if (!existsSync(resultsPath)) return [failure('electron: the suite runs to the end', `runTest.js ended with ${status} and no results`)];
    const suite = JSON.parse(readFileSync(resultsPath, 'utf8'));
    return suite.tests.map((t) => ({ ...t, title: `electron: ${t.title}` }));
  } finally {
    removeTempDir(temp);
  }
}
