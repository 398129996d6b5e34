/** The index of the first item of `list` (sorted by `keyOf`, ascending) whose key is `at` or more. */
export function firstAtOrAfter<T>(list: readonly T[], at: number, keyOf: (x: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyOf(list[mid]) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
