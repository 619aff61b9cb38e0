import { App } from "callspec";

export interface Cache {
  entries: Map<string, number>;
  seen: Set<string>;
  pending: Promise<string>;
  pattern: RegExp;
  payload: Uint8Array;
  impossible: never;
}

export const app = new App();

app.put("/cache", function replace_cache(cache: Cache, keys: ReadonlySet<string>): WeakMap<object, string> {
  return new WeakMap();
});
