import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Analyzer } from './analyzer';
import { defaultSettings } from './engine/settings';
import { LineIndex } from './engine/text';
import { languageIdForPath } from './lang/languages';

const usage =
  'usage: socklint [--exit-zero] <file or folder>...\n' +
  'Prints each finding as file:line:col severity rule-id message.\n' +
  'Exits 1 when there are findings (0 with --exit-zero), 2 on errors.';

function collect(target: string, out: string[]): void {
  const st = fs.statSync(target);
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(target).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      collect(path.join(target, name), out);
    }
  } else if (languageIdForPath(target)) out.push(target);
}

async function main(argv: string[]): Promise<number> {
  if (!argv.length || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    return argv.length ? 0 : 2;
  }
  const exitZero = argv.includes('--exit-zero');
  const files: string[] = [];
  for (const a of argv.filter((x) => x !== '--exit-zero')) {
    if (!fs.existsSync(a)) {
      process.stderr.write(`socklint: no such file or folder: ${a}\n`);
      return 2;
    }
    collect(a, files);
  }
  const analyzer = await Analyzer.create({ wasmDir: __dirname, log: (m) => process.stderr.write(`socklint: ${m}\n`) });
  let count = 0;
  let failed = false;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    // Nobody waits on a first result here, so TS/JS files get the typed pass straight away.
    const result = analyzer.analyzeText(pathToFileURL(path.resolve(file)).toString(), languageIdForPath(file)!, text, defaultSettings, { types: true });
    if (result.skipped) {
      process.stderr.write(`socklint: ${file}: ${result.skipped}\n`);
      failed = true;
    }
    for (const e of result.ruleErrors) {
      process.stderr.write(`socklint: ${file}: rule ${e.ruleId} failed: ${e.message.split('\n')[0]}\n`);
      failed = true;
    }
    const lines = new LineIndex(text);
    for (const f of result.findings) {
      const p = lines.position(f.start);
      process.stdout.write(`${file}:${p.line + 1}:${p.character + 1} ${f.severity} ${f.ruleId} ${f.message}\n`);
      count++;
    }
  }
  process.stdout.write(`${count} finding${count === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  return failed ? 2 : count && !exitZero ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`socklint: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
