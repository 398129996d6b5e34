import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { RuleLevel, PlatformSetting } from '../engine/settings';
import type { Severity } from '../engine/findings';
import { frontEndFor } from '../lang/languages';
import { UsageError } from './errors';
import { settableRuleIds } from './report';

export type Format = 'text' | 'json' | 'sarif';
export type FixMode = 'none' | 'safe' | 'all';

export interface CliOptions {
  paths: string[];
  format: Format;
  output?: string;
  color: boolean;
  rules: Record<string, RuleLevel>;
  platform?: PlatformSetting;
  config?: string;
  ignore: string[];
  /** Extension (with its dot, lower case) → languageId. */
  ext: Record<string, string>;
  maxWarnings?: number;
  failLevel: Severity;
  exitZero: boolean;
  fix: FixMode;
  dryRun: boolean;
  allowIncomplete: boolean;
  shard?: { index: number; count: number };
  jobs: number;
  progress: boolean;
  verbose: boolean;
}

/** What `--help` prints; the README's command-line section shows the same text. */
export const usage = `usage: socklint [options] <file or folder>...
       socklint merge-sarif [-o FILE] <file.sarif>...

Finds socket mistakes in C, C++, TypeScript and JavaScript. Folders are walked honouring
.gitignore, the ignore globs of .socklintrc.json and --ignore; a file named on the command line is
always analysed.

Output:
  -f, --format text|json|sarif   report format (default text)
  -o, --output FILE              write the report to FILE instead of stdout
      --color auto|always|never  colour in text output (default auto: on a terminal, unless NO_COLOR)
      --no-progress              no progress line on stderr (shown only on a terminal)
      --verbose                  also print the analyzer's log messages on stderr (for bug reports)
Rules and files:
  -c, --config FILE              use this .socklintrc.json instead of the nearest one
      --rule ID=LEVEL            set a rule to off, error, warning, information or hint (repeatable)
      --platform auto|windows|posix
                                 which platform the code targets (default auto)
      --ignore GLOB              skip files matching GLOB, relative to the current folder (repeatable)
      --ext .EXT=LANGUAGE        read files ending in .EXT as c, cpp, typescript, typescriptreact,
                                 javascript or javascriptreact (repeatable)
Exit status:
      --fail-level error|warning|information|hint
                                 lowest severity that fails the run (default warning)
      --max-warnings N           fail only when there are more than N warnings
      --exit-zero                exit 0 even when findings reach the failing level
      --allow-incomplete         do not fail when a function could not be fully analysed
Fixes:
      --fix                      apply safe fixes in place
      --fix-unsafe               apply all fixes in place, safe or not
      --fix-dry-run              print the fixes --fix (or --fix-unsafe) would make as a diff
Scale:
      --shard I/N                analyse only the I-th of N deterministic parts of the files (1-based)
  -j, --jobs N                   worker threads (default: the number of cores)
  -h, --help                     print this help
  -v, --version                  print the version

Exit status: 0 no finding reaches the failing level, 1 one does, 2 usage or configuration error,
files named but none analysed, a file that could not be analysed, or (without --allow-incomplete)
an incomplete analysis.`;

const severities: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const ruleLevels: readonly string[] = ['off', ...severities];

export type Parsed = { kind: 'help' } | { kind: 'version' } | { kind: 'merge-sarif'; inputs: string[]; output?: string } | { kind: 'lint'; options: CliOptions };

export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv, stdoutIsTTY: boolean, stderrIsTTY: boolean): Parsed {
  if (argv[0] === 'merge-sarif') return parseMerge(argv.slice(1));
  const { values, positionals } = parse(argv, {
    format: { type: 'string', short: 'f', default: 'text' },
    output: { type: 'string', short: 'o' },
    color: { type: 'string', default: 'auto' },
    'no-progress': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    config: { type: 'string', short: 'c' },
    rule: { type: 'string', multiple: true, default: [] },
    platform: { type: 'string' },
    ignore: { type: 'string', multiple: true, default: [] },
    ext: { type: 'string', multiple: true, default: [] },
    'fail-level': { type: 'string', default: 'warning' },
    'max-warnings': { type: 'string' },
    'exit-zero': { type: 'boolean', default: false },
    'allow-incomplete': { type: 'boolean', default: false },
    fix: { type: 'boolean', default: false },
    'fix-unsafe': { type: 'boolean', default: false },
    'fix-dry-run': { type: 'boolean', default: false },
    shard: { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    help: { type: 'boolean', short: 'h', default: false },
    version: { type: 'boolean', short: 'v', default: false },
  });
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (!positionals.length) throw new UsageError('no file or folder given (try socklint --help)');
  const format = oneOf('--format', values.format, ['text', 'json', 'sarif'] as const);
  const color = oneOf('--color', values.color, ['auto', 'always', 'never'] as const);
  const fix: FixMode = values['fix-unsafe'] ? 'all' : values.fix || values['fix-dry-run'] ? 'safe' : 'none';
  return {
    kind: 'lint',
    options: {
      paths: positionals,
      format,
      output: values.output,
      color: color === 'always' || (color === 'auto' && format === 'text' && !values.output && stdoutIsTTY && !env.NO_COLOR),
      rules: parseRules(values.rule),
      platform: values.platform === undefined ? undefined : oneOf('--platform', values.platform, ['auto', 'windows', 'posix'] as const),
      config: values.config,
      ignore: values.ignore,
      ext: parseExtensions(values.ext),
      maxWarnings: values['max-warnings'] === undefined ? undefined : count('--max-warnings', values['max-warnings'], 0),
      failLevel: oneOf('--fail-level', values['fail-level'], severities),
      exitZero: values['exit-zero'],
      fix,
      dryRun: values['fix-dry-run'],
      allowIncomplete: values['allow-incomplete'],
      shard: values.shard === undefined ? undefined : parseShard(values.shard),
      jobs: values.jobs === undefined ? availableParallelism() : count('--jobs', values.jobs, 1),
      progress: stderrIsTTY && !values['no-progress'],
      verbose: values.verbose,
    },
  };
}

function parseMerge(argv: string[]): Parsed {
  const { values, positionals } = parse(argv, { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) return { kind: 'help' };
  if (!positionals.length) throw new UsageError('merge-sarif needs at least one SARIF file');
  return { kind: 'merge-sarif', inputs: positionals, output: values.output };
}

type Spec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Spec>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs explains well ("Unknown option '--x'"); its first line is kept, its advice on `--` dropped.
    throw new UsageError((e instanceof Error ? e.message : String(e)).split(/\. To specify|\n/)[0]);
  }
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not '${value}'`);
}

function count(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} needs a whole number of at least ${min}, not '${value}'`);
  return Number(value);
}

function parseRules(specs: string[]): Record<string, RuleLevel> {
  const rules: Record<string, RuleLevel> = {};
  for (const spec of specs) {
    const m = /^([^=]+)=(.*)$/.exec(spec);
    if (!m) throw new UsageError(`--rule needs ID=LEVEL, not '${spec}'`);
    const [, id, raw] = m;
    const level = raw === 'info' ? 'information' : raw;
    if (!settableRuleIds.includes(id)) throw new UsageError(`--rule: unknown rule '${id}' (rules: ${settableRuleIds.join(', ')})`);
    rules[id] = oneOf(`--rule ${id}`, level, ruleLevels) as RuleLevel;
  }
  return rules;
}

function parseExtensions(specs: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const spec of specs) {
    const m = /^\.?([^=.][^=]*)=(.+)$/.exec(spec);
    if (!m) throw new UsageError(`--ext needs .EXT=LANGUAGE, such as .inc=c, not '${spec}'`);
    const language = m[2] === 'c++' ? 'cpp' : m[2];
    if (!frontEndFor(language)) throw new UsageError(`--ext ${spec}: unknown language '${m[2]}' (c, cpp, typescript, typescriptreact, javascript, javascriptreact)`);
    map[`.${m[1].toLowerCase()}`] = language;
  }
  return map;
}

function parseShard(spec: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const index = m ? Number(m[1]) : 0;
  const total = m ? Number(m[2]) : 0;
  if (!m || total < 1 || index < 1 || index > total) throw new UsageError(`--shard needs I/N with 1 <= I <= N, such as 1/4, not '${spec}'`);
  return { index, count: total };
}
