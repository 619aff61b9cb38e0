import { App, APIRouter } from "callspec";

export interface Item {
  name: string;
}

export const app = new App();

// A path without its "/": reported as such, whatever the text.
app.get("__proto__", function read_proto(): void {});

// With two body parameters each is a key of the body: the server refuses this one.
app.post("/pairs", function create_pair(__proto__: Item, other: Item): void {});

// Names that are also Object.prototype's are names like any other: no clash is reported for these.
export const hooks = new APIRouter();
hooks.post("{$request.query.url}/constructor", { name: "constructor" }, function on_constructor(item: Item): void {});
app.post("/items", { callbacks: hooks.routes }, function create_item(item: Item, url: string): Item {
  return item;
});
app.webhooks.post("toString", function to_string(item: Item): void {});
