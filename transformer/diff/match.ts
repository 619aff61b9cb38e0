/**
 * Pairs the items of two lists by a sequence of keys: first by the strongest
 * (same path and method), then by weaker ones (same operationId) for what is
 * left. What pairs by no key was removed (base) or added (head).
 */
export function pairBy<T>(base: readonly T[], head: readonly T[], keys: ReadonlyArray<(item: T) => string | undefined>) {
  const pairs: Array<[T, T]> = [];
  let leftBase = [...base];
  let leftHead = [...head];
  for (const key of keys) {
    const waiting = new Map<string, T[]>();
    for (const item of leftHead) {
      const k = key(item);
      if (k !== undefined) waiting.set(k, [...(waiting.get(k) ?? []), item]);
    }
    const unpaired: T[] = [];
    for (const item of leftBase) {
      const k = key(item);
      const candidates = k === undefined ? undefined : waiting.get(k);
      const match = candidates?.shift();
      if (match === undefined) unpaired.push(item);
      else {
        pairs.push([item, match]);
        leftHead = leftHead.filter((h) => h !== match);
      }
    }
    leftBase = unpaired;
  }
  return { pairs, removed: leftBase, added: leftHead };
}
