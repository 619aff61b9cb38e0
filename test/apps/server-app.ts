// The app the server tests run against: one route per rule of binding,
// validation and answering. Built by tspc with the plugin, as a user's app is.
import { App, APIRouter, status, type Cookie, type Header, type RequestContext, type Status } from "callspec";

export interface Item {
  name: string;
  price: number;
  tags?: string[];
}

export interface Owner {
  email: string;
}

export type Color = "red" | "green";

/** What the App logged: the tests read it. */
export const logged: string[] = [];

/** Released by the test that closes the server while a request is in flight. */
export const gate = { open: (): void => {}, entered: Promise.resolve() };

export const app = new App({
  title: "Server test",
  version: "1.0.0",
  specFile: "server-openapi.json",
  bodyLimit: 1024,
  headersTimeout: 300,
  requestTimeout: 600,
  log: (line) => logged.push(line),
});

app.get("/items/{item_id}", function read_item(item_id: number, q?: string, limit = 10, verbose = false, tags?: string[], color?: Color) {
  return { item_id, q: q ?? null, limit, verbose, tags: tags ?? null, color: color ?? null };
});

app.post("/items/", function create_item(item: Item): Status<201, Item> {
  return status(201, item);
});

// Two body parameters: embedded under their names.
app.put("/items/{item_id}", function replace_item(item_id: string, item: Item, owner: Owner) {
  return { item_id, item, owner };
});

app.delete("/items/{item_id}", function delete_item(item_id: string): void {});

app.get("/found/{name}", function find_item(name: string): Item | Status<404, { detail: string }> {
  return name === "pen" ? { name, price: 2 } : status(404, { detail: `No item called ${name}` });
});

app.get("/users/me", function read_me() {
  return { user: "me" };
});

app.get("/headers", function read_headers(user_agent: Header<string>, x_count?: Header<number>, session?: Cookie<string>) {
  return { user_agent, x_count: x_count ?? null, session: session ?? null };
});

app.post("/context/{id}", function read_context(id: string, context: RequestContext) {
  return { method: context.method, path: context.path, url: context.url, a: context.query.get("a"), params: context.params, body: JSON.stringify(context.body) ?? null, host: context.headers.host ? "yes" : "no" };
});

app.get("/boom", function explode(): string {
  throw new Error("kaboom\nsecond line");
});

app.get("/slow", async function slow() {
  let open!: () => void;
  const released = new Promise<void>((resolve) => (open = resolve));
  gate.open = open;
  entered();
  await released;
  return { slow: true };
});

let entered: () => void = () => {};
export function nextSlowRequest(): Promise<void> {
  return (gate.entered = new Promise<void>((resolve) => (entered = resolve)));
}

const users = new APIRouter();
users.get("/{user_id}", function read_user(user_id: number) {
  return { user_id };
});
app.include(users, { prefix: "/users" });
// Registered after the include: the App serves it too, as the document lists it.
users.delete("/{user_id}", function remove_user(user_id: number): void {});

/** Docs moved and switched off; a tiny body limit of the default kind. */
export const custom = new App({ title: "Custom", version: "1.0.0", specFile: "custom-openapi.json", openapiUrl: "/spec.json", docsUrl: "/api-docs", redocUrl: null });

custom.get("/ping", function ping(): string {
  return "pong";
});
