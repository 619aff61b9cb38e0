/**
 * The one order of names in the output (paths, components, callbacks): by
 * UTF-16 code unit, as `Array.prototype.sort` without a comparator, so that
 * it does not depend on the machine's locale.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `entries` as an object whose keys are in `compareText` order. */
export function byKey<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compareText(a, b)));
}

/** Whether `list` is sorted by `compare` already (sorting would copy it). */
export function inOrder<T>(list: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}
