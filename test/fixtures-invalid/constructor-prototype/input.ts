import { App } from "callspec";

/** A "constructor" key whose value has a "prototype" key is what code that merges a body into an object must never meet. */
export interface Plugin {
  constructor: { prototype: string; name: string };
  label: string;
}

/** Fine: its "constructor" is a string, and a "prototype" elsewhere is a key like any other. */
export interface Named {
  constructor: string;
  prototype: { constructor: number };
}

export const app = new App();

app.put("/plugins", function put_plugin(plugin: Plugin, named: Named): { saved: boolean } {
  return { saved: true };
});

app.post("/pairs", function post_pair(label: { text: string }, constructor: { prototype: number }): { saved: boolean } {
  return { saved: true };
});
