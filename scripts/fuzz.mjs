// npm run fuzz: the property tests of test/unit/fuzz.test.ts with many more cases than npm test
// runs, a new seed each time (printed with any failure, so it can be replayed), and memory over 10,000 documents. Set
// SOCKLINT_FUZZ_RUNS (default 2000 per property) and SOCKLINT_FUZZ_SEED to change them.
// Under CI (CI=true) the seed is fixed, as Hypothesis' CI profile does: a gate must give the same
// answer for the same commit. New seeds are for developers' runs, whose failures become tests.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

function run(args, env = process.env) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run([join(root, 'scripts/build.mjs')]);
run([join(root, 'scripts/build-tests.mjs')]);
// The property tests, and memory over 10,000 documents opened and closed (test/unit/memory.test.ts).
run(['--test', join(root, 'out/test/unit/fuzz.test.js'), join(root, 'out/test/unit/memory.test.js')], {
  ...process.env,
  SOCKLINT_FUZZ_RUNS: process.env.SOCKLINT_FUZZ_RUNS || '2000',
  ...(process.env.CI && process.env.SOCKLINT_FUZZ_SEED === undefined ? { SOCKLINT_FUZZ_SEED: '20261203' } : {}),
});
