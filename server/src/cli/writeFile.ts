import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Replaces a file's contents all at once: written beside it, then renamed over it, so a crash or a
 * full disk never leaves a half-written source file. The file keeps its permissions, and a
 * symbolic link stays a link to the fixed file.
 */
export function writeAtomically(named: string, text: string): void {
  // Through a symbolic link the target is fixed; renaming over the link would replace it with a copy.
  const file = fs.realpathSync(named);
  const mode = fs.statSync(file).mode & 0o7777;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.socklint-${process.pid}-${Date.now().toString(36)}.tmp`);
  try {
    fs.writeFileSync(temp, text, { encoding: 'utf8', mode });
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}
