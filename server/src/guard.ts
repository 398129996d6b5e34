import { ResponseError } from 'vscode-languageserver/node';

/**
 * Wraps a handler so that a bug in one request costs only that request: the error is logged and
 * the client gets `fallback`. ResponseErrors are deliberate answers (cancelled, retrigger) and pass.
 */
export function guard<A extends unknown[], R>(name: string, log: (message: string) => void, fallback: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (err instanceof ResponseError) throw err;
      log(`socklint: ${name} failed: ${describe(err)}`);
      return fallback;
    }
  };
}

export function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
