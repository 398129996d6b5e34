import type * as TS from 'typescript';

let api: typeof TS | undefined;

/**
 * The TypeScript compiler, loaded on first use: it is most of the server bundle, and a session
 * that only ever opens C files should not pay for loading it.
 */
export function tsApi(): typeof TS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load: `import()` would make every caller async
  api ??= require('typescript') as typeof TS;
  return api;
}
