import type { SourceFile } from './walk';

/**
 * The files of shard `index` of `count` (1-based): the files sorted by their path, dealt out in
 * turn. Every machine of a CI matrix computes the same split from the same checkout, so together
 * they cover each file exactly once, with file counts within one of each other.
 */
export function shardFiles(files: SourceFile[], index: number, count: number): SourceFile[] {
  const sorted = files.slice().sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  const mine = new Set(sorted.filter((_, i) => i % count === index - 1));
  // Keep the walk's order within the shard, so a report reads like an unsharded one.
  return files.filter((f) => mine.has(f));
}
