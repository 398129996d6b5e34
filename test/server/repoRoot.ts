import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout root: tests run from out/test/..., the built server lives under server/out. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export function serverModule(): string {
  const path = join(repoRoot(), 'server/out/server.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return path;
}
