import * as fs from 'node:fs';
import * as path from 'node:path';

interface PackageInfo {
  version: string;
  repository?: string;
}

let cached: PackageInfo | undefined;

/** socklint's own package.json, found up from the bundle (server/out) as the rule docs are. */
function packageInfo(): PackageInfo {
  if (cached) return cached;
  cached = { version: '0.0.0' };
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string; repository?: string | { url?: string } };
      if (pkg.name !== 'socklint') continue;
      const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
      cached = { version: pkg.version ?? '0.0.0', repository: repo?.replace(/^git\+/, '').replace(/\.git$/, '') };
      break;
    } catch {
      // not here: keep looking up
    }
  }
  return cached;
}

export const toolVersion = (): string => packageInfo().version;

/** The repository's web address from package.json `repository`, when it names one. */
export const repositoryUrl = (): string | undefined => {
  const url = packageInfo().repository;
  return url && /^https?:\/\//.test(url) ? url : undefined;
};
