import { App } from "callspec";

/** Code that merges a body into an object must never meet a "constructor" key whose value has a "prototype" key. */
export interface Plugin {
  label: string;
  constructor: { prototype: string; name: string } | null;
}

/** What its toJSON gives is what is sent: an object with a "prototype" key. */
export class Wrapped {
  toJSON(): { prototype: string } {
    return { prototype: "x" };
  }
}

export interface Holder {
  inner: { constructor: Wrapped };
}

/** Fine: a string "constructor", a method called prototype, a prototype that is never there. */
export class Widget {
  name = "w";
  prototype(): string {
    return "p";
  }
}
export interface Fine {
  constructor: string;
  widget: { constructor: Widget };
  never: { constructor: { name: string; prototype?: never } };
  prototype: { constructor: number };
}

export const app = new App();

app.put("/plugins", function put_plugin(plugin: Plugin): { saved: boolean } {
  return { saved: true };
});

app.put("/holders", function put_holder(holder: Holder): { saved: boolean } {
  return { saved: true };
});

app.post("/pairs", function post_pair(label: { text: string }, constructor: { prototype: number }): { saved: boolean } {
  return { saved: true };
});

app.put("/fine", function put_fine(fine: Fine): { saved: boolean } {
  return { saved: true };
});

/** A response may hold one: the server sends it as it is. */
app.get("/plugins/{id}", function get_plugin(id: string): Plugin {
  return { label: id, constructor: null } as never;
});

/** Each route whose body reaches the key is told, whichever is checked first (a cycle: Tree -> Leaf -> Tree). */
export interface Tree {
  child?: Leaf;
  bad: { constructor: { prototype: string } };
}
export interface Leaf {
  parent?: Tree;
  n: number;
}

app.put("/a-trees", function put_tree(tree: Tree): { saved: boolean } {
  return { saved: true };
});

app.put("/b-leaves", function put_leaf(leaf: Leaf): { saved: boolean } {
  return { saved: true };
});

/** Under a map's values, and beside another body parameter (reported at the one that holds it). */
export interface Index {
  byName: Record<string, { constructor: { prototype: string } }>;
}

app.post("/indexes", function post_index(label: { text: string }, index: Index): { saved: boolean } {
  return { saved: true };
});

/** Not reported, as the README says: a map's keys are not declared properties, and an `unknown` value has none. */
app.post("/loose", function post_loose(byKey: Record<string, { prototype: string }>, loose: { constructor: unknown }): { saved: boolean } {
  return { saved: true };
});
