/**
 * When the server dies, clangd's way: restart it, but at most `maxRestarts` times within
 * `windowMs`; past that, leave it stopped and say so once, with how to start it again. Pure (no
 * VS Code API) so that it is tested on its own; the clock is passed in.
 */
export class RestartPolicy {
  private crashes: number[] = [];
  private saidOnce = false;

  constructor(
    private readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The server's connection closed: restart it, or give up (with the one message to show). */
  closed(): { restart: true } | { restart: false; message?: string } {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < this.windowMs);
    this.crashes.push(t);
    if (this.crashes.length <= this.maxRestarts) return { restart: true };
    if (this.saidOnce) return { restart: false };
    this.saidOnce = true;
    const minutes = Math.round(this.windowMs / 60_000);
    return {
      restart: false,
      message: `The socklint server stopped ${this.crashes.length} times in ${minutes} minutes and was not started again. Its log is in the socklint output channel; run "socklint: Restart Server" to start it.`,
    };
  }

  /** A restart asked for by the user starts the count again. */
  reset(): void {
    this.crashes = [];
    this.saidOnce = false;
  }
}
