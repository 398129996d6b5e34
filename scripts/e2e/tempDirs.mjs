// Temporary folders of the run, removed when it ends however it ends (an interrupted suite cannot
// reach its own cleanup).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set();

export function makeTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

export function removeTempDirs() {
  for (const dir of made) removeTempDir(dir);
}
