/**
 * One line on stderr, rewritten in place, while files are analysed: only on a terminal, so logs
 * and CI output never contain it.
 */
export class Progress {
  private done = 0;
  private lastWidth = 0;

  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  step(file: string): void {
    this.done++;
    if (!this.enabled) return;
    const columns = this.stream.columns || 80;
    const head = `socklint [${this.done}/${this.total}] `;
    const room = Math.max(10, columns - head.length - 1);
    const name = file.length > room ? `…${file.slice(file.length - room + 1)}` : file;
    const line = head + name;
    this.stream.write(`\r${line}${' '.repeat(Math.max(0, this.lastWidth - line.length))}`);
    this.lastWidth = line.length;
  }

  clear(): void {
    if (this.enabled && this.lastWidth) this.stream.write(`\r${' '.repeat(this.lastWidth)}\r`);
    this.lastWidth = 0;
  }
}
