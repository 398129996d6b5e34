// Summaries, figures with targets, and the printed tables. Timing is only ever reported here,
// never asserted: a figure that misses its target is printed as "miss", and the bench still exits 0.

/** Median, p95 (nearest rank), min and max of a list of numbers. */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = n >> 1;
  const median = n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const p95 = sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)];
  return { n, median, p95, min: sorted[0], max: sorted[n - 1] };
}

export const ms = (v) => (v === undefined ? 'n/a' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(1)} ms`);
export const spread = (s) => `${ms(s.median)} (p95 ${ms(s.p95)}, n=${s.n})`;
export const mib = (v) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MiB`);

const formats = {
  ms,
  MiB: mib,
  'lines/s': (v) => `${(v / 1000).toFixed(1)}k lines/s`,
  '%': (v) => `${v.toFixed(0)} %`,
  'yes/no': (v) => (v ? 'yes' : 'no'),
};

/**
 * The figures of one bench run. A target is one of:
 *   { ratioMax: r }  measured / baseline ≤ r        { ratioMin: r }  measured / baseline ≥ r
 *   { max: v }       measured ≤ v (in its unit)      { yes: true }    a yes/no figure must be yes
 */
export class Figures {
  constructor() {
    this.list = [];
  }

  add({ scenario, figure, unit = 'ms', measured, baseline, baselineLabel, target, note }) {
    const ratio = baseline ? measured / baseline : undefined;
    let pass;
    if (target?.ratioMax !== undefined) pass = ratio !== undefined && ratio <= target.ratioMax;
    else if (target?.ratioMin !== undefined) pass = ratio !== undefined && ratio >= target.ratioMin;
    else if (target?.max !== undefined) pass = measured <= target.max;
    else if (target?.yes) pass = Boolean(measured);
    const entry = { scenario, figure, unit, measured, baseline, baselineLabel, ratio, target, pass, note };
    this.list.push(entry);
    return entry;
  }

  /** A scenario that could not run, with what to do about it. */
  skip(scenario, reason) {
    this.list.push({ scenario, figure: `(skipped) ${reason}`, skipped: true });
  }

  rows() {
    const fmt = (f, v) => (v === undefined ? '' : (formats[f.unit] ?? String)(v));
    return this.list.map((f) =>
      f.skipped
        ? [f.scenario, f.figure, '', '', '', '', 'skipped']
        : [
            f.scenario,
            f.figure,
            fmt(f, f.measured),
            f.baseline === undefined ? '' : `${fmt(f, f.baseline)}${f.baselineLabel ? ` ${f.baselineLabel}` : ''}`,
            f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
            targetText(f),
            f.pass === undefined ? '' : f.pass ? 'pass' : 'MISS',
          ],
    );
  }
}

export function targetText(f) {
  const t = f.target;
  if (!t) return '';
  if (t.ratioMax !== undefined) return `≤ ${t.ratioMax}×`;
  if (t.ratioMin !== undefined) return `≥ ${t.ratioMin}×`;
  if (t.yes) return 'yes';
  return `≤ ${(formats[f.unit] ?? String)(t.max)}`;
}

/** A plain-text table; the first two columns are left-aligned, the rest right-aligned. */
export function table(header, rows) {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => cells.map((cell, c) => (c < 2 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function countBy(diagnostics) {
  const counts = {};
  for (const d of diagnostics) counts[d.code] = (counts[d.code] ?? 0) + 1;
  return Object.entries(counts)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

export const sleep = (msecs) => new Promise((resolve) => setTimeout(resolve, msecs));
