/**
 * Under `tspc --watch` each rebuild is a new Program, and the plugin reuses
 * what the previous one derived for the files a change cannot reach
 * (transformer/schema/reuse.ts). Reuse must never show: after every edit
 * below, the run that reused gives, byte for byte, the document, metadata
 * and diagnostics of a fresh run, and the components of untouched files are
 * the previous run's own.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { OpenAPIV3_1 } from "openapi-types";
import { generateSpecs, type GenerateResult } from "../transformer/core";
import { callspecTransformer } from "../transformer/plugin";
import { asTscParses } from "../transformer/project";
import type { Derivation } from "../transformer/schema/reuse";
import { canonicalJson } from "../transformer/write";
import { COMPILER_OPTIONS, formatDiagnostics } from "./support/compile";
import { linkedProject } from "./support/project";

const APP = `import { App } from "callspec";
import type { Order } from "./orders.js";
import type { Invoice } from "./invoices.js";
import type { Customer } from "./customers.js";
import type { Page } from "./page.js";
export const app = new App({ title: "Reuse", version: "1.0.0" });
app.get("/customers", function list_customers(): Page<Customer> {
  return { items: [], total: 0 };
});
app.get("/orders", function list_orders(): Order[] {
  return [];
});
app.get("/invoices", function list_invoices(): Invoice[] {
  return [];
});
app.get("/customers/{name}", function read_customer(name: string): Customer {
  return { name, tier: "basic" as never };
});
`;
const MONEY = `export interface Money {
  amount: number;
  currency: "EUR" | "USD";
}
`;
const ORDERS = `import type { Money } from "./money.js";
/** An order. */
export interface Order {
  id: string;
  total: Money;
  /** Written with the money's own type: a change to Money changes it. */
  currency: Money["currency"];
}
`;
const PAGE = `export interface Page<T> {
  items: T[];
  total: number;
}
`;
/** Two imports away from Money: a change to Money reaches it through orders.ts. */
const INVOICES = `import type { Order } from "./orders.js";
export interface Invoice {
  order: Order;
  currency: Order["currency"];
}
`;
const CUSTOMERS = (doc: string, extra = "") => `/** ${doc} */
export interface Customer {
  name: string;
  tier: Tier;${extra}
}
export enum Tier {
  Basic = "basic",
  Gold = "gold",
}
`;

/** A project as watch mode sees it: a file whose text did not change is the same SourceFile in the next Program. */
function watched(files: Record<string, string>, extraOptions: ts.CompilerOptions = {}) {
  const p = linkedProject(files);
  const options: ts.CompilerOptions = { ...COMPILER_OPTIONS, outDir: p.file("dist"), rootDir: p.file("src"), ...extraOptions };
  const parsed = new Map<string, ts.SourceFile | undefined>();
  // As tspc parses: JSDoc only where the compiler needs it (Callspec parses what it reads).
  const newHost = () => asTscParses(ts.createCompilerHost(options, true));
  const host = newHost();
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const key = `${fileName}\n${fs.existsSync(fileName) ? fs.readFileSync(fileName, "utf8") : ""}`;
    if (!parsed.has(key)) parsed.set(key, read(fileName, languageVersion, onError, shouldCreate));
    return parsed.get(key);
  };
  const roots = () =>
    fs
      .readdirSync(p.file("src"), { recursive: true, encoding: "utf8" })
      .map((name) => p.file(`src/${name}`))
      .filter((file) => fs.statSync(file).isFile());
  let program: ts.Program | undefined;
  let previous: Derivation | undefined;
  return {
    ...p,
    /** The next Program, as watch mode makes it from the last. */
    next(): ts.Program {
      return (program = ts.createProgram(roots(), options, host, program));
    },
    /** One rebuild with the previous run's derivation, and a fresh build of the same files. */
    rebuild(): { reused: GenerateResult; fresh: GenerateResult; before?: Derivation } {
      program = this.next();
      const before = previous;
      const reused = generateSpecs(program, { previous: previous ?? null });
      previous = reused.derivation;
      const fresh = generateSpecs(ts.createProgram(roots(), options, newHost()), {});
      return { reused, fresh, before };
    },
  };
}

function watchedProject(options?: ts.CompilerOptions) {
  return watched({ "src/app.ts": APP, "src/money.ts": MONEY, "src/orders.ts": ORDERS, "src/invoices.ts": INVOICES, "src/page.ts": PAGE, "src/customers.ts": CUSTOMERS("A customer.") }, options);
}

/** Everything a run gives that reaches the user: documents, each route's metadata, diagnostics. */
function output(result: GenerateResult, dir: string): string {
  // A rebuild's text is made from the pieces the last run's kept (document-memo.ts); a fresh build's is one JSON.stringify.
  const documents = result.specs.map((spec) => canonicalJson(spec.document, result.memo));
  return [...documents, JSON.stringify([...result.routes.values()]), formatDiagnostics(result.diagnostics, dir)].join("\n");
}

/** The run's kept component for the type named `name` (`Page<Customer>`: "Page,Customer"). */
function derived(result: GenerateResult, name: string) {
  return [...result.derivation!.components.values()].find((component) => component.symbols.map((symbol) => symbol.name).join() === name);
}

test("every rebuild gives what a fresh build gives, and reuses what the edit cannot reach", () => {
  const p = watchedProject();
  try {
    const first = p.rebuild();
    assert.is(output(first.reused, p.dir), output(first.fresh, p.dir));
    assert.ok(derived(first.reused, "Order") && derived(first.reused, "Customer") && derived(first.reused, "Money"), "clean components are kept");

    // Money changes: Order (which imports it and writes Money["currency"]) is derived again; Customer is reused.
    p.write("src/money.ts", MONEY.replace("amount: number", "amount: string").replace(`"EUR" | "USD"`, `"EUR" | "USD" | "GBP"`));
    const second = p.rebuild();
    assert.is(output(second.reused, p.dir), output(second.fresh, p.dir));
    assert.match(canonicalJson(second.reused.specs[0]!.document), /"GBP"/);
    assert.ok(derived(second.reused, "Customer") === derived(first.reused, "Customer"), "Customer's file is out of the change's reach: reused");
    assert.ok(derived(second.reused, "Tier") === derived(first.reused, "Tier"));
    assert.ok(derived(second.reused, "Page,Customer"), "an instance of a generic type is kept too");
    assert.ok(derived(second.reused, "Page,Customer") === derived(first.reused, "Page,Customer"));
    assert.ok(derived(second.reused, "Order") !== derived(first.reused, "Order"), "Order depends on Money: derived again");
    assert.ok(derived(second.reused, "Invoice") !== derived(first.reused, "Invoice"), "Invoice depends on Money through Order: derived again");

    // A description changes: only that file's components are derived again.
    p.write("src/customers.ts", CUSTOMERS("Someone who buys."));
    const third = p.rebuild();
    assert.is(output(third.reused, p.dir), output(third.fresh, p.dir));
    assert.match(canonicalJson(third.reused.specs[0]!.document), /Someone who buys\./);
    assert.ok(derived(third.reused, "Order") === derived(second.reused, "Order"));
    assert.ok(derived(third.reused, "Customer") !== derived(second.reused, "Customer"));
    assert.ok(derived(third.reused, "Page,Customer") !== derived(second.reused, "Page,Customer"), "its type argument changed");

    // A mistake: the same diagnostic as a fresh build; the component that has it is not kept.
    p.write("src/customers.ts", CUSTOMERS("Someone who buys.", "\n  since: bigint;"));
    const fourth = p.rebuild();
    assert.is(output(fourth.reused, p.dir), output(fourth.fresh, p.dir));
    assert.ok(fourth.reused.diagnostics.length > 0);
    assert.is(derived(fourth.reused, "Customer"), undefined);

    // Fixed again, then a change with global reach: nothing is reused.
    p.write("src/customers.ts", CUSTOMERS("Someone who buys."));
    const fifth = p.rebuild();
    assert.is(output(fifth.reused, p.dir), output(fifth.fresh, p.dir));
    p.write("src/global.ts", `export {};\ndeclare global {\n  interface Money {\n    cents: number;\n  }\n}\n`);
    const sixth = p.rebuild();
    assert.is(output(sixth.reused, p.dir), output(sixth.fresh, p.dir));
    for (const [identity, component] of sixth.reused.derivation!.components) {
      assert.ok(component !== sixth.before!.components.get(identity), `${component.symbols[0]!.name} is derived again after a global change`);
    }

    // A file removed: nothing is reused either, and the result is still a fresh build's.
    fs.rmSync(p.file("src/global.ts"));
    const seventh = p.rebuild();
    assert.is(output(seventh.reused, p.dir), output(seventh.fresh, p.dir));
  } finally {
    p.remove();
  }
});

/**
 * Route bindings are reused too: a registration call whose file (and its
 * handler's) no change can reach keeps its parameters, body and responses.
 * Routes live in their own files here, as in most APIs.
 */
const ROUTED = {
  "src/app.ts": `import { App } from "callspec";\nexport const app = new App({ title: "Routed", version: "1.0.0" });\n`,
  "src/page.ts": PAGE,
  "src/money.ts": MONEY,
  "src/orders.ts": ORDERS,
  "src/customers.ts": CUSTOMERS("A customer."),
  "src/order-routes.ts": `import { APIRouter } from "callspec";
import type { Order } from "./orders.js";
import type { Page } from "./page.js";
export const orders = new APIRouter({ prefix: "/orders" });
orders.get("/{id}", async function read_order(id: string, limit: number = 10): Promise<Order> {
  return null as never;
});
orders.post("/", async function create_order(order: Order, dry_run?: boolean): Promise<Page<Order>> {
  return null as never;
});
/** Meets no component: only its file's reach tells that Money's change changes it. */
orders.get("/count", function count_orders(currency?: Order["currency"]): number {
  return 0;
});
`,
  "src/customer-routes.ts": `import { APIRouter } from "callspec";
import type { Customer } from "./customers.js";
export const customers = new APIRouter({ prefix: "/customers" });
customers.get("/{name}", function read_customer(name: string): Customer {
  return null as never;
});
`,
  "src/events.ts": `import { APIRouter } from "callspec";
export const events = new APIRouter();
events.post("{$request.body#/id}/paid", function order_paid(event: { id: string }): void {});
`,
  "src/main.ts": `import { app } from "./app.js";
import { orders } from "./order-routes.js";
import { customers } from "./customer-routes.js";
import { events } from "./events.js";
app.include(orders, { callbacks: events.routes });
app.include(customers);
`,
};

/** What the run kept of the bindings of the registration calls in `file`, inbound ones first: a reused one is the previous run's own. */
function bindingsIn(result: GenerateResult, file: string) {
  const { inbound, callback } = result.derivation!.bindings;
  return [...inbound, ...callback].filter(([call]) => call.getSourceFile().fileName.endsWith(file)).map(([, binding]) => binding.value);
}

test("route bindings of files a change cannot reach are reused, and still give a fresh build's output", () => {
  const p = watched(ROUTED);
  try {
    const first = p.rebuild();
    assert.is(output(first.reused, p.dir), output(first.fresh, p.dir));
    const second = p.rebuild();
    assert.is(output(second.reused, p.dir), output(second.fresh, p.dir));
    assert.is(bindingsIn(second.reused, "order-routes.ts").length, 3, "the order routes are kept (the instance Page<Order> is found where it is written)");
    assert.is(bindingsIn(second.reused, "events.ts").length, 1, "a callback route is kept too");

    // A customer changes: its routes are bound again, the orders' are the previous run's own.
    p.write("src/customers.ts", CUSTOMERS("Someone who buys.", "\n  since?: string;"));
    const third = p.rebuild();
    assert.is(output(third.reused, p.dir), output(third.fresh, p.dir));
    assert.match(canonicalJson(third.reused.specs[0]!.document), /Someone who buys\./);
    bindingsIn(third.reused, "order-routes.ts").forEach((binding, i) => assert.ok(binding === bindingsIn(second.reused, "order-routes.ts")[i], "an order route is reused"));
    assert.ok(bindingsIn(third.reused, "customer-routes.ts")[0] !== bindingsIn(second.reused, "customer-routes.ts")[0], "the customer route is bound again");

    // Money changes, two imports away from the order routes: they are bound again.
    p.write("src/money.ts", MONEY.replace(`"EUR" | "USD"`, `"EUR" | "USD" | "GBP"`));
    const fourth = p.rebuild();
    assert.is(output(fourth.reused, p.dir), output(fourth.fresh, p.dir));
    assert.match(canonicalJson(fourth.reused.specs[0]!.document), /"GBP"/);
    bindingsIn(fourth.reused, "order-routes.ts").forEach((binding, i) => assert.ok(binding !== bindingsIn(third.reused, "order-routes.ts")[i], "an order route is bound again"));

    // The callback's key changes in a file the order routes do not import: the reused parent checks it against its types.
    p.write("src/events.ts", ROUTED["src/events.ts"].replace("{$request.body#/id}/paid", "{$request.body#/total/amount}/paid"));
    const fifth = p.rebuild();
    assert.is(output(fifth.reused, p.dir), output(fifth.fresh, p.dir));
    assert.ok(bindingsIn(fifth.reused, "order-routes.ts")[1] === bindingsIn(fourth.reused, "order-routes.ts")[1], "the parent is reused");
    assert.match(canonicalJson(fifth.reused.specs[0]!.document), /\{\$request\.body#\/total\/amount\}\/paid/);

    // And one the parent's types do not have: the same diagnostic as a fresh build.
    p.write("src/events.ts", ROUTED["src/events.ts"].replace("{$request.body#/id}/paid", "{$request.body#/nope}/paid"));
    const sixth = p.rebuild();
    assert.is(output(sixth.reused, p.dir), output(sixth.fresh, p.dir));
    assert.match(formatDiagnostics(sixth.reused.diagnostics, p.dir), /has no property "nope"/);
  } finally {
    p.remove();
  }
});

/**
 * Cases a review found, where a type depends on a changed file in a way an
 * import does not show, or where what was kept could be taken for something
 * else: each rebuild still gives a fresh build's output.
 */
const HEADER = `import { App } from "callspec";\nexport const app = new App({ title: "Edge", version: "1.0.0" });\n`;
/** A file no route's types come from: editing it changes nothing a route is made of. */
const OTHER = (b: "string" | "number") => `export interface Other {\n  b: ${b};\n}\n`;

/** Operations with callbacks: a callback router linked by two operations (each qualifies its operationId), whose route is also served; and a webhook. */
const EVENTS = (path: string) => `import { APIRouter } from "callspec";\nexport const events = new APIRouter();\nevents.post("${path}", function order_paid(event: { id: string }): void {});\n`;
const ORDER = (options = "") => `app.post("/orders", { callbacks: events.routes${options} }, function create(order: { id: string }, callback_url: HttpUrl): void {});\n`;
const REFUND = (linked: boolean) => `app.post("/refunds", ${linked ? "{ callbacks: events.routes }, " : ""}function refund(order: { id: string }, callback_url: HttpUrl): void {});\n`;
const CALLBACK_ORDERS = (...routes: string[]) => `import { app } from "./app.js";\nimport { events } from "./events.js";\nimport type { HttpUrl } from "callspec";\n${routes.join("")}app.include(events, { prefix: "/echo" });\n`;
const HOOKS = (options: string) => `import { app } from "./app.js";\napp.webhooks.post("order-shipped", ${options}function order_shipped(event: { id: string }): void {});\n`;
const CALLBACK_FILES = { "src/events.ts": EVENTS("/paid"), "src/orders.ts": CALLBACK_ORDERS(ORDER(), REFUND(true)), "src/hooks.ts": HOOKS("{ signed: true }, "), "src/other.ts": OTHER("string"), "src/app.ts": HEADER };
/** Routes registered in one file on routers of another, with handlers of a third. */
const DISCOVERED = {
  "src/routers.ts": `import { APIRouter } from "callspec";\nexport const users = new APIRouter({ prefix: "/users" });\nexport const admins = new APIRouter({ prefix: "/admins" });\n`,
  "src/handlers.ts": `export function list_users(): string[] {\n  return [];\n}\n`,
  "src/routes.ts": `import { users as target } from "./routers.js";\nimport { list_users } from "./handlers.js";\ntarget.get("/", list_users);\n`,
  "src/other.ts": OTHER("string"),
  "src/app.ts": `${HEADER}import { users, admins } from "./routers.js";\nimport "./routes.js";\napp.include(users);\napp.include(admins);\n`,
};
const CASES: { name: string; files: Record<string, string>; edits: Record<string, string>[]; options?: ts.CompilerOptions }[] = [
  {
    name: "a class's static side (`typeof Customer`) is not the class",
    files: {
      "src/customer.ts": `export class Customer {\n  name = "x";\n}\n`,
      "src/page.ts": `export interface Page<T> {\n  items: T[];\n}\n`,
      "src/app.ts": `${HEADER}import { Customer } from "./customer.js";\nimport type { Page } from "./page.js";\napp.get("/c", function read_c(): Page<Customer> {\n  return null as never;\n});\n`,
    },
    edits: [{ "src/app.ts": `${HEADER}import { Customer } from "./customer.js";\nimport type { Page } from "./page.js";\nexport interface Holder {\n  kind: typeof Customer;\n}\napp.get("/c", function read_c(): Page<Customer> {\n  return null as never;\n});\napp.get("/k", function read_k(): Page<typeof Customer> {\n  return null as never;\n});\napp.get("/h", function read_h(): Holder {\n  return null as never;\n});\n` }],
  },
  {
    name: "a `declare global` whose types come from an import that changed",
    files: {
      "src/settings.ts": `export interface Settings {\n  mode: "a" | "b";\n}\n`,
      "src/global.ts": `import type { Settings } from "./settings.js";\ndeclare global {\n  interface Audited {\n    mode: Settings["mode"];\n    settings: Settings;\n  }\n}\nexport {};\n`,
      "src/order.ts": `export interface Order extends Audited {\n  id: string;\n}\n`,
      "src/app.ts": `${HEADER}import type { Order } from "./order.js";\napp.get("/o", function read_o(): Order {\n  return null as never;\n});\n`,
    },
    edits: [{ "src/settings.ts": `export interface Settings {\n  mode: "a" | "b" | "c";\n}\n` }],
  },
  {
    name: "a `declare global` written with a changed import's types, and no reference to them",
    files: {
      "src/settings.ts": `export interface Settings {\n  mode: "a" | "b";\n}\n`,
      "src/global.ts": `import type { Settings } from "./settings.js";\ndeclare global {\n  interface Audited {\n    mode: Settings["mode"];\n  }\n}\nexport {};\n`,
      "src/order.ts": `export interface Order extends Audited {\n  id: string;\n}\n`,
      "src/app.ts": `${HEADER}import type { Order } from "./order.js";\napp.get("/o", function read_o(): Order {\n  return null as never;\n});\n`,
    },
    edits: [{ "src/settings.ts": `export interface Settings {\n  mode: "a" | "b" | "c";\n}\n` }],
  },
  {
    name: "a UMD library's global namespace (`export as namespace Lib`)",
    options: { allowUmdGlobalAccess: true },
    files: {
      "src/lib.d.ts": `export interface Thing {\n  a: string;\n}\nexport as namespace Lib;\n`,
      "src/order.ts": `export interface Order extends Lib.Thing {\n  id: string;\n  thing: Lib.Thing;\n}\n`,
      "src/app.ts": `${HEADER}import type { Order } from "./order.js";\napp.get("/o", function read_o(): Order {\n  return null as never;\n});\n`,
    },
    edits: [{ "src/lib.d.ts": `export interface Thing {\n  a: number;\n}\nexport as namespace Lib;\n` }],
  },
  {
    name: "a type augmented by another file (the checker merges its symbol)",
    files: {
      "src/order.ts": `export interface Order {\n  id: string;\n}\n`,
      "src/aug.ts": `declare module "./order.js" {\n  interface Order {\n    note: string;\n  }\n}\nexport {};\n`,
      "src/holder.ts": `import type { Order } from "./order.js";\nexport interface Holder {\n  order: Order;\n}\n`,
      "src/app.ts": `${HEADER}import "./aug.js";\nimport type { Holder } from "./holder.js";\napp.get("/h", function read_h(): Holder {\n  return null as never;\n});\n`,
    },
    edits: [{ "src/app.ts": `${HEADER}import "./aug.js";\nimport type { Holder } from "./holder.js";\napp.get("/h", function read_h(): Holder {\n  return null as never;\n}); // touched\n` }],
  },
  {
    name: "strings that look like references",
    files: {
      "src/weird.ts": `export interface Other {\n  a: string;\n}\nexport interface Weird {\n  tag: "#/components/schemas/~2";\n  other: Other;\n}\n`,
      "src/app.ts": `${HEADER}import type { Weird } from "./weird.js";\napp.get("/w", function read_w(): Weird {\n  return null as never;\n});\n`,
    },
    edits: [{ "src/app.ts": `${HEADER}import type { Weird } from "./weird.js";\napp.get("/w", function read_w(): Weird {\n  return null as never;\n}); // touched\n` }],
  },
  {
    name: "a union a distributive conditional type computes, whose literal another file met first",
    files: {
      "src/k.ts": `export interface K {\n  kind: "b";\n}\n`,
      "src/h.ts": `export type M<U> = U extends any ? { v: U } : never;\nexport interface H {\n  m: M<"a" | "b">;\n}\n`,
      "src/app.ts": `${HEADER}import type { K } from "./k.js";\nimport type { H } from "./h.js";\napp.get("/a", function read_a(): K {\n  return null as never;\n});\napp.get("/b", function read_b(): H {\n  return null as never;\n});\n`,
    },
    edits: [
      { "src/app.ts": `${HEADER}import type { K } from "./k.js";\nimport type { H } from "./h.js";\napp.get("/a", function read_a(): K {\n  return null as never;\n});\napp.get("/b", function read_b(): H {\n  return null as never;\n}); // touched\n` },
      { "src/h.ts": `export type M<U> = U extends any ? { v: U } : never;\nexport interface H {\n  m: M<"a" | "b">;\n} // touched\n` },
    ],
  },
  {
    name: "an indexed mapped type over a union whose literal another file met first",
    files: {
      "src/k.ts": `export interface K {\n  kind: "deleted";\n  k2: "on-deleted";\n}\n`,
      "src/h.ts": `export type Keys = "created" | "deleted";\nexport type Ev = { [K in Keys]: { type: K; at: string } }[Keys];\nexport interface H {\n  ev: Ev;\n}\n`,
      "src/app.ts": `${HEADER}import type { K } from "./k.js";\nimport type { H } from "./h.js";\napp.get("/a", function read_a(): K {\n  return null as never;\n});\napp.get("/b", function read_b(): H {\n  return null as never;\n});\n`,
    },
    edits: [{ "src/h.ts": `export type Keys = "created" | "deleted";\nexport type Ev = { [K in Keys]: { type: K; at: string } }[Keys];\nexport interface H {\n  ev: Ev;\n} // touched\n` }],
  },
  {
    name: "an instance that nests deep, met first at a route, then ten levels down",
    files: {
      "src/deep.ts": `export interface Deep<T> {\n  v: T${"[]".repeat(58)};\n}\n`,
      "src/customer.ts": `export interface Customer {\n  name: string;\n}\n`,
      "src/app.ts": `${HEADER}import type { Deep } from "./deep.js";\nimport type { Customer } from "./customer.js";\napp.get("/d", function read_d(): Deep<Customer> {\n  return null as never;\n});\n`,
    },
    edits: [
      {
        "src/app.ts": `${HEADER}import type { Deep } from "./deep.js";\nimport type { Customer } from "./customer.js";\napp.get("/a", function read_a(): ${"{ w: ".repeat(10)}Deep<Customer>${" }".repeat(10)} {\n  return null as never;\n});\napp.get("/d", function read_d(): Deep<Customer> {\n  return null as never;\n});\n`,
      },
    ],
  },
  {
    name: "a chain of 65 interfaces, met first directly, then through ten more",
    files: {
      "src/chain.ts": Array.from({ length: 65 }, (_, i) => `export interface A${i} {\n  next: ${i === 64 ? "string" : `A${i + 1}`};\n}\n`).join(""),
      "src/app.ts": `${HEADER}import type { A0 } from "./chain.js";\napp.get("/a", function read_a(): A0 {\n  return null as never;\n});\n`,
    },
    edits: [
      {
        "src/app.ts": `${HEADER}import type { A0 } from "./chain.js";\n${Array.from({ length: 10 }, (_, i) => `export interface W${i} {\n  w: ${i === 9 ? "A0" : `W${i + 1}`};\n}\n`).join("")}app.get("/w", function read_w(): W0 {\n  return null as never;\n});\napp.get("/a", function read_a(): A0 {\n  return null as never;\n});\n`,
      },
    ],
  },
  {
    name: "a route whose handler is declared in another file",
    files: {
      "src/thing.ts": `export interface Thing {\n  a: string;\n}\n`,
      "src/handlers.ts": `import type { Thing } from "./thing.js";\nexport function read_h(id: string, mode?: Thing["a"]): Thing {\n  return null as never;\n}\n`,
      "src/routes.ts": `import { app } from "./app.js";\nimport { read_h } from "./handlers.js";\napp.get("/h/{id}", read_h);\n`,
      "src/other.ts": OTHER("string"),
      "src/app.ts": HEADER,
    },
    edits: [
      { "src/other.ts": OTHER("number") },
      { "src/thing.ts": `export interface Thing {\n  a: "x" | "y";\n}\n` },
      { "src/handlers.ts": `import type { Thing } from "./thing.js";\nexport function read_h(id: number, mode?: Thing["a"]): Thing {\n  return null as never;\n}\n` },
    ],
  },
  {
    name: "a router whose routes are served and also sent as callbacks",
    files: {
      "src/events.ts": `import { APIRouter } from "callspec";\nexport const events = new APIRouter();\nevents.post("{$request.body#/id}/paid", function paid(event: { id: string }): { ok: boolean } {\n  return { ok: true };\n});\n`,
      "src/orders.ts": `import { app } from "./app.js";\nimport { events } from "./events.js";\napp.post("/orders", { callbacks: events.routes }, function create(order: { id: string }): void {});\napp.include(events, { prefix: "/echo" });\n`,
      "src/other.ts": OTHER("string"),
      "src/app.ts": HEADER,
    },
    edits: [{ "src/other.ts": OTHER("number") }, { "src/events.ts": `import { APIRouter } from "callspec";\nexport const events = new APIRouter();\nevents.post("{$request.body#/id}/paid", function paid(event: { id: number }): { ok: boolean } {\n  return { ok: true };\n});\n` }],
  },
  {
    name: "the router a call names, and its handler, change in files the call's file imports",
    files: DISCOVERED,
    edits: [
      { "src/other.ts": OTHER("number") },
      { "src/routers.ts": `import { APIRouter } from "callspec";\nexport const admins = new APIRouter({ prefix: "/users" });\nexport const users = new APIRouter({ prefix: "/admins" });\n` },
      { "src/handlers.ts": `export const list_users = (limit?: number): number[] => [];\n` },
      { "src/routes.ts": `import { admins as target } from "./routers.js";\nimport { list_users } from "./handlers.js";\ntarget.get("/", list_users);\ntarget.post("/", list_users);\n` },
      { "src/routers.ts": `export const admins = { get() {}, post() {} };\nexport const users = admins;\n` },
    ],
  },
  {
    // A revived binding finds `Page<Item>` by its symbols alone; a fresh binding in the changed file meets the type itself.
    name: "an instance a reused route finds without its type, then a changed route meets by its type",
    files: {
      "src/page.ts": `export interface Page<T> {\n  items: T[];\n  total: number;\n}\n`,
      "src/item.ts": `export interface Item {\n  id: string;\n}\n`,
      "src/a.ts": `import { APIRouter } from "callspec";\nimport type { Page } from "./page.js";\nimport type { Item } from "./item.js";\nexport const a = new APIRouter();\na.get("/a", function aa(): Page<Item> {\n  return null as never;\n});\n`,
      "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Page } from "./page.js";\nimport type { Item } from "./item.js";\nexport const b = new APIRouter();\nb.get("/b", function bb(): { p: Page<Item> } {\n  return null as never;\n});\n`,
      "src/app.ts": `${HEADER}import { a } from "./a.js";\nimport { b } from "./b.js";\napp.include(a);\napp.include(b);\n`,
    },
    edits: [
      { "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Page } from "./page.js";\nimport type { Item } from "./item.js";\nexport const b = new APIRouter();\nb.get("/b", function bb(): { p: Page<Item>; q: Page<Item>[] } {\n  return null as never;\n});\n` },
      { "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Page } from "./page.js";\nimport type { Item } from "./item.js";\nexport const b = new APIRouter();\nb.get("/b", function bb(): Page<Item> {\n  return null as never;\n});\n` },
    ],
  },
  {
    // `Page<Item>` meets another instance, so it is not kept as a component: the reused route's instance is rendered afresh, from where it is written.
    name: "an instance a reused route finds without its type, that has to be rendered afresh",
    files: {
      "src/page.ts": `export interface Meta<T> {\n  first?: T;\n}\nexport interface Page<T> {\n  items: T[];\n  meta: Meta<T>;\n}\n`,
      "src/item.ts": `export interface Item {\n  id: string;\n}\n`,
      "src/a.ts": `import { APIRouter } from "callspec";\nimport type { Page } from "./page.js";\nimport type { Item } from "./item.js";\nexport const a = new APIRouter();\na.get("/a", function aa(): Page<Item> {\n  return null as never;\n});\n`,
      "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Page } from "./page.js";\nimport type { Item } from "./item.js";\nexport const b = new APIRouter();\nb.get("/b", function bb(): Item {\n  return null as never;\n});\n`,
      "src/app.ts": `${HEADER}import { a } from "./a.js";\nimport { b } from "./b.js";\napp.include(a);\napp.include(b);\n`,
    },
    edits: [
      { "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Page } from "./page.js";\nimport type { Item } from "./item.js";\nexport const b = new APIRouter();\nb.get("/b", function bb(): { p: Page<Item> } {\n  return null as never;\n});\n` },
      { "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Page } from "./page.js";\nimport type { Item } from "./item.js";\nexport const b = new APIRouter();\nb.get("/b", function bb(): Item {\n  return null as never;\n}); // touched\n` },
    ],
  },
  {
    // B meets an instance of a generic type over no named type, so B is not kept; A, which meets B, is: reviving A finds B by its symbol and renders it afresh.
    name: "a component a kept one meets, not kept itself, rendered afresh from its symbol",
    files: {
      "src/page.ts": `export interface Page<T> {\n  items: T[];\n}\n`,
      "src/models.ts": `import type { Page } from "./page.js";\nexport interface B {\n  p: Page<string>;\n}\nexport interface A {\n  b: B;\n}\n`,
      "src/a.ts": `import { APIRouter } from "callspec";\nimport type { A } from "./models.js";\nexport const a = new APIRouter();\na.get("/a", function aa(): A {\n  return null as never;\n});\n`,
      "src/other.ts": OTHER("string"),
      "src/app.ts": `${HEADER}import { a } from "./a.js";\napp.include(a);\n`,
    },
    edits: [{ "src/other.ts": OTHER("number") }, { "src/other.ts": OTHER("string") }],
  },
  {
    // A route of a file the edit cannot reach keeps its operation, whose text (and that of Item) names the component the old way.
    name: "a component renamed by a type declared elsewhere, in a route's operation the last run's text has",
    files: {
      "src/item.ts": `export interface Item {\n  id: string;\n}\n`,
      "src/a.ts": `import { APIRouter } from "callspec";\nimport type { Item } from "./item.js";\nexport const a = new APIRouter();\na.get("/a", function aa(): Item[] {\n  return null as never;\n});\n`,
      "src/b.ts": `import { APIRouter } from "callspec";\nexport const b = new APIRouter();\nb.get("/b", function bb(): string {\n  return "";\n});\n`,
      "src/app.ts": `${HEADER}import { a } from "./a.js";\nimport { b } from "./b.js";\napp.include(a);\napp.include(b);\n`,
    },
    edits: [
      { "src/b.ts": `import { APIRouter } from "callspec";\nexport interface Item {\n  x: number;\n}\nexport const b = new APIRouter();\nb.get("/b", function bb(): Item {\n  return null as never;\n});\n` },
      { "src/b.ts": `import { APIRouter } from "callspec";\nexport const b = new APIRouter();\nb.get("/b", function bb(): string {\n  return "";\n});\n` },
      { "src/b.ts": `import { APIRouter } from "callspec";\nexport interface ValidationError {\n  x: number;\n}\nexport const b = new APIRouter();\nb.get("/b", function bb(): ValidationError {\n  return null as never;\n});\n` },
    ],
  },
  {
    // Deep<Customer> was rendered by /a; /b (ten levels down) only referred to it and was kept. With /a gone, /b is
    // the first to meet it, too deep: the mistake is reported at the property, as a fresh build reports it (a review's case).
    name: "a deep instance a reused binding is the first to meet, ten levels down",
    files: {
      "src/deep.ts": `export interface Deep<T> {\n  v: T${"[]".repeat(58)};\n}\n`,
      "src/customer.ts": `export interface Customer {\n  name: string;\n}\n`,
      "src/a.ts": `import { APIRouter } from "callspec";\nimport type { Deep } from "./deep.js";\nimport type { Customer } from "./customer.js";\nexport const a = new APIRouter();\na.get("/a", function read_a(): Deep<Customer> {\n  return null as never;\n});\n`,
      "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Deep } from "./deep.js";\nimport type { Customer } from "./customer.js";\nexport const b = new APIRouter();\nb.get("/b", function read_b(): ${"{ w: ".repeat(10)}Deep<Customer>${" }".repeat(10)} {\n  return null as never;\n});\n`,
      "src/app.ts": `${HEADER}import { a } from "./a.js";\nimport { b } from "./b.js";\napp.include(a);\napp.include(b);\n`,
    },
    edits: [{ "src/a.ts": `import { APIRouter } from "callspec";\nexport const a = new APIRouter();\na.get("/a", function read_a(): string {\n  return "";\n});\n` }],
  },
  {
    // Plugin is only a response, then a changed route takes it as its body: reused, its "constructor" property was rendered by an earlier run.
    name: "a reused schema with a key the server refuses, taken as a request body by a changed route",
    files: {
      "src/plugin.ts": `export interface Plugin {\n  label: string;\n  constructor: { prototype: string };\n}\n`,
      "src/a.ts": `import { APIRouter } from "callspec";\nimport type { Plugin } from "./plugin.js";\nexport const a = new APIRouter();\na.get("/a", function aa(): Plugin {\n  return null as never;\n});\n`,
      "src/b.ts": `import { APIRouter } from "callspec";\nexport const b = new APIRouter();\nb.get("/b", function bb(): string {\n  return "";\n});\n`,
      "src/app.ts": `${HEADER}import { a } from "./a.js";\nimport { b } from "./b.js";\napp.include(a);\napp.include(b);\n`,
    },
    edits: [
      { "src/other.ts": OTHER("string") },
      { "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Plugin } from "./plugin.js";\nexport const b = new APIRouter();\nb.put("/b", function bb(plugin: Plugin): string {\n  return "";\n});\n` },
    ],
  },
  {
    // A review's case: walking Tree's body first met Leaf -> Tree (a cycle) and took Leaf for clean, so /b was kept without its diagnostic.
    name: "two routes whose bodies reach a refused key through a cycle, then one",
    files: {
      "src/types.ts": `export interface Tree {\n  child?: Leaf;\n  bad: { constructor: { prototype: string } };\n}\nexport interface Leaf {\n  parent?: Tree;\n  n: number;\n}\n`,
      "src/a.ts": `import { APIRouter } from "callspec";\nimport type { Tree } from "./types.js";\nexport const a = new APIRouter();\na.put("/a", function aa(tree: Tree): string {\n  return "";\n});\n`,
      "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Leaf } from "./types.js";\nexport const b = new APIRouter();\nb.put("/b", function bb(leaf: Leaf): string {\n  return "";\n});\n`,
      "src/app.ts": `${HEADER}import { a } from "./a.js";\nimport { b } from "./b.js";\napp.include(a);\napp.include(b);\n`,
    },
    edits: [{ "src/a.ts": `import { APIRouter } from "callspec";\nexport const a = new APIRouter();\na.get("/a", function aa(): string {\n  return "";\n});\n` }],
  },
  {
    name: "an instance with a mistake met by two routes, then by one, in a file not changed",
    files: {
      "src/page.ts": `export interface Page<T> {\n  items: T[];\n  cb: () => void;\n}\n`,
      "src/item.ts": `export interface Item {\n  id: string;\n}\n`,
      "src/a.ts": `import { APIRouter } from "callspec";\nimport type { Page } from "./page.js";\nimport type { Item } from "./item.js";\nexport const a = new APIRouter();\na.get("/z", function za(): { p: Page<Item> } {\n  return null as never;\n});\n`,
      "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Page } from "./page.js";\nimport type { Item } from "./item.js";\nexport const b = new APIRouter();\nb.get("/b", function bb(): Page<Item> {\n  return null as never;\n});\n`,
      "src/app.ts": `${HEADER}import { a } from "./a.js";\nimport { b } from "./b.js";\napp.include(b);\napp.include(a);\n`,
    },
    edits: [
      { "src/b.ts": `import { APIRouter } from "callspec";\nimport type { Item } from "./item.js";\nexport const b = new APIRouter();\nb.get("/b", function bb(): Item[] {\n  return null as never;\n});\n` },
      { "src/item.ts": `export interface Item {\n  id: number;\n}\n` },
    ],
  },
  {
    // Operations with callbacks, callbacks and webhooks are kept under watch (document-memo.ts): each edit below
    // changes what one of them is made of.
    name: "operations with callbacks, shared callback routes and webhooks",
    files: CALLBACK_FILES,
    edits: [
      { "src/other.ts": OTHER("number") },
      // One parent left: the callback's operationId is no longer qualified by each parent's.
      { "src/orders.ts": CALLBACK_ORDERS(ORDER(), REFUND(false)) },
      { "src/events.ts": EVENTS("/settled") },
      { "src/other.ts": OTHER("string") },
      { "src/hooks.ts": HOOKS("") },
      { "src/orders.ts": CALLBACK_ORDERS(ORDER(`, summary: "Order"`)) },
    ],
  },
];

test("under --watch the plugin's first build keeps what its first rebuild reuses; a one-shot build keeps nothing, a second Program does", () => {
  // What the plugin hands the core, seen from the core's side.
  const core: { generateSpecs: typeof generateSpecs } = require("../transformer/core");
  const generate = core.generateSpecs;
  const runs: { previous?: Derivation | null; derivation?: Derivation }[] = [];
  core.generateSpecs = (program, options) => {
    const result = generate(program, options);
    runs.push({ previous: options?.previous, derivation: result.derivation });
    return result;
  };
  // The plugin tells projects apart by their tsconfig: two of their own, which no other test builds.
  const oneShot = watchedProject({ configFilePath: "/first-build/one-shot/tsconfig.json" });
  const watching = watchedProject({ configFilePath: "/first-build/watching/tsconfig.json", watch: true });
  try {
    callspecTransformer(oneShot.next());
    assert.equal(runs.splice(0), [{ previous: undefined, derivation: undefined }]);
    // The same project built again in this process, without --watch (an API's own loop): it keeps, then reuses.
    oneShot.write("src/customers.ts", CUSTOMERS("A customer.", "\n  email: string;"));
    callspecTransformer(oneShot.next());
    callspecTransformer(oneShot.next());
    const [second, third] = runs.splice(0);
    assert.is(second!.previous, null);
    assert.ok(third!.previous && third!.previous === second!.derivation);

    callspecTransformer(watching.next());
    watching.write("src/customers.ts", CUSTOMERS("A customer.", "\n  email: string;"));
    callspecTransformer(watching.next());
    const [first, rebuild] = runs.splice(0);
    assert.is(first!.previous, null, "the first build under --watch keeps, with nothing to reuse");
    assert.ok(first!.derivation && first!.derivation.bindings.inbound.size > 0);
    assert.is(rebuild!.previous, first!.derivation, "the first rebuild is given what the first build kept");
  } finally {
    core.generateSpecs = generate;
    oneShot.remove();
    watching.remove();
  }
});

test("a rebuild asks the checker what names resolve to only in files the edit can reach", () => {
  const p = watched(DISCOVERED);
  try {
    const asked = (program: ts.Program, previous: Derivation | null | undefined) => {
      const checker = program.getTypeChecker();
      const files = new Set<string>();
      const getSymbolAtLocation = checker.getSymbolAtLocation.bind(checker);
      checker.getSymbolAtLocation = (node) => (files.add(path.basename(node.getSourceFile().fileName)), getSymbolAtLocation(node));
      const result = generateSpecs(program, { previous });
      return { result, files: [...files].sort() };
    };
    let previous = asked(p.next(), null).result.derivation;
    p.write("src/other.ts", OTHER("number"));
    const untouched = asked(p.next(), previous);
    assert.equal(untouched.files, [], "nothing imports other.ts");
    previous = untouched.result.derivation;
    // The routers swap prefixes: the call's `target` is now the one at /admins.
    p.write("src/routers.ts", `import { APIRouter } from "callspec";\nexport const admins = new APIRouter({ prefix: "/users" });\nexport const users = new APIRouter({ prefix: "/admins" });\n`);
    const changed = asked(p.next(), previous);
    assert.equal(changed.files, ["app.ts", "routers.ts", "routes.ts"], "what imports routers.ts is asked again");
    assert.equal(changed.result.diagnostics, []);
    assert.equal(Object.keys(changed.result.specs[0]!.document.paths ?? {}), ["/admins/"]);
  } finally {
    p.remove();
  }
});

test("a chain of 1000 named types, each met inside the last, derives without overflowing the stack, and rebuilds the same", () => {
  const chain = Array.from({ length: 1000 }, (_, i) => `export interface A${i} {\n  next?: ${i === 999 ? "string" : `A${i + 1}`};\n  n: number;\n}\n`).join("");
  const p = watched({
    "src/chain.ts": chain,
    "src/other.ts": OTHER("string"),
    "src/app.ts": `${HEADER}import type { A0 } from "./chain.js";\nimport type { Other } from "./other.js";\napp.put("/a", function put_a(a: A0): Other {\n  return null as never;\n});\n`,
  });
  try {
    const first = p.rebuild();
    assert.is(formatDiagnostics(first.fresh.diagnostics, p.dir), "");
    assert.is(Object.keys(first.fresh.specs[0]!.document.components?.schemas ?? {}).filter((name) => /^A\d+$/.test(name)).length, 1000);
    assert.is(output(first.reused, p.dir), output(first.fresh, p.dir));
    p.write("src/other.ts", OTHER("number"));
    const second = p.rebuild();
    assert.is(output(second.reused, p.dir), output(second.fresh, p.dir));
  } finally {
    p.remove();
  }
});

test("a rebuild takes the last run's operations, with their callbacks, and webhooks, for routes the edit cannot reach", () => {
  const otherRoute = (b: string) => `import { app } from "./app.js";\napp.get("/other", function other(): { b: ${b} } {\n  return null as never;\n});\n`;
  const p = watched({ ...CALLBACK_FILES, "src/other.ts": otherRoute("string") });
  try {
    const rebuild = () => {
      const { reused, fresh } = p.rebuild();
      assert.is(output(reused, p.dir), output(fresh, p.dir));
      const { paths, webhooks } = reused.specs[0]!.document as unknown as Record<"paths" | "webhooks", Record<string, Record<string, OpenAPIV3_1.OperationObject>>>;
      const served = Object.keys(paths).find((path) => path.startsWith("/echo/"))!;
      return { order: paths["/orders"]!.post!, refund: paths["/refunds"]!.post!, served: paths[served]!.post!, webhook: webhooks["order-shipped"]!.post!, other: paths["/other"]!.get! };
    };
    const first = rebuild();
    p.write("src/other.ts", otherRoute("number"));
    const second = rebuild();
    for (const kept of ["order", "refund", "served", "webhook"] as const) assert.ok(second[kept] === first[kept], `${kept}: the last run's operation`);
    assert.ok(second.other !== first.other, "the edited route's is new");
    p.write("src/events.ts", EVENTS("/settled"));
    const third = rebuild();
    assert.ok(third.order !== second.order, "a changed callback makes the operation anew");
    assert.equal(Object.keys(third.order.callbacks!.order_paid!), ["/settled"]);
    assert.is((third.refund.callbacks!.order_paid as Record<string, Record<string, OpenAPIV3_1.OperationObject>>)["/settled"]!.post!.operationId, "refund__order_paid");
  } finally {
    p.remove();
  }
});

test("a callback route linked by many operations is kept for each of them", () => {
  // One operation per parent (its operationId is qualified by each): what a run keeps must not depend on how many.
  const parents = Array.from({ length: 12 }, (_, i) => `app.post("/orders${i}", { callbacks: events.routes }, function create${i}(order: { id: string }, callback_url: HttpUrl): void {});\n`);
  const p = watched({
    "src/events.ts": `import { APIRouter } from "callspec";\nexport const events = new APIRouter();\nevents.post("{$request.query.callback_url}/paid", function order_paid(event: { id: string }): void {});\n`,
    "src/orders.ts": `import { app } from "./app.js";\nimport { events } from "./events.js";\nimport type { HttpUrl } from "callspec";\n${parents.join("")}`,
    "src/other.ts": OTHER("string"),
    "src/app.ts": HEADER,
  });
  try {
    const operations = (result: GenerateResult) => Object.values(result.specs[0]!.document.paths!).map((item) => (item as Record<string, unknown>).post);
    const first = operations(p.rebuild().reused);
    p.write("src/other.ts", OTHER("number"));
    const second = operations(p.rebuild().reused);
    assert.is(second.length, 12);
    assert.equal(second.map((operation, i) => operation === first[i]), Array(12).fill(true));
  } finally {
    p.remove();
  }
});
/**
 * One file of models, and routes in another that import them: a change to one model leaves the others as they
 * were (schema/settled.ts), and a rebuild keeps them, and the routes that only name them. Each case below
 * changes a model in a way that reaches the others, or the routes, without their text changing.
 */
const ROUTES = (extra = "") => `import { app } from "./app.js";
import type { Model0, Model1, Model2 } from "./models.js";
app.get("/m0", function read0(): Model0 {
  return null as never;
});
app.get("/m1", function read1(): Model1 {
  return null as never;
});
app.post("/m1", function create1(model: Model1): Model2[] {
  return null as never;
});
${extra}`;
const MODELS = (model0: string, rest = "") => `/** The first. */
export interface Model0 {
${model0}
}
export interface Line1 {
  sku: string;
}
/** Names Model0 as a component only. */
export interface Model1 {
  id: string;
  related?: Model0;
  lines: Line1[];
}
export interface Model2 {
  next: Model1;
  all: Model0[];
}
${rest}`;
/** Models that read Model0's members (`Model0['id']`, `extends Model0`, a union with it, an instance over it): not only its name. */
const READS = "export interface Reads {\n  id: Model0['id'];\n  keys: keyof Model0;\n  picked: Pick<Model0, 'kind'>;\n}\nexport interface Extends extends Model0 {\n  more: string;\n}\nexport interface Nullable {\n  m: Model0 | null;\n}\nexport interface Paged {\n  page: Page<Model0>;\n}\nexport interface Page<T> {\n  items: T[];\n}\n";
/** A discriminated union with Model0 in it: its mapping reads Model0's discriminant. */
const EITHER = "export interface Other {\n  kind: 'other';\n}\nexport type Either = Model0 | Other;\nexport interface HasEither {\n  either: Either;\n}\n";
const MODEL_FILES = (model0: string, rest = "", routes = "") => ({ "src/app.ts": HEADER, "src/models.ts": MODELS(model0, rest), "src/routes.ts": ROUTES(routes) });
/** A case whose one edit turns Model0's `id` from a string into a number, with `rest` after the models and `route` among the routes. */
const ID_TO_NUMBER = (name: string, rest: string, route: string): (typeof CASES)[number] => ({ name, files: MODEL_FILES("  id: string;", rest, route), edits: [{ "src/models.ts": MODELS("  id: number;", rest) }] });
CASES.push(
  {
    name: "one model of a file changes in ways the models that name it cannot see, and in ways they can",
    files: MODEL_FILES("  id: string;\n  count?: number;"),
    edits: [
      { "src/models.ts": MODELS("  id: string;\n  count?: number | null;") },
      { "src/models.ts": MODELS("  /** Its id. */\n  id: number;\n  count?: number;") },
      // Not JSON where Model1 names it: the mistake is Model1's.
      { "src/models.ts": MODELS("  (): void;") },
      { "src/models.ts": MODELS("  id: string;") },
      // A key the server refuses, reached from create1's body through Model1.
      { "src/models.ts": MODELS("  id: string;\n  constructor: { prototype: string };") },
      { "src/models.ts": MODELS("  id: string;\n  cb: () => void;") },
      { "src/models.ts": MODELS("  id: string;") },
    ],
  },
  {
    name: "a model turned into another kind of type, named by the others",
    files: MODEL_FILES("  id: string;"),
    edits: [
      { "src/models.ts": MODELS("  id: string;").replace("export interface Model0 {\n  id: string;\n}", "export type Model0 = string;") },
      { "src/models.ts": MODELS("  id: string;").replace("export interface Model0 {\n  id: string;\n}", "export type Model0 = { id: string };") },
      { "src/models.ts": MODELS("  id: string;").replace("export interface Model0 {\n  id: string;\n}", "export enum Model0 {\n  A = 'a',\n}") },
      { "src/models.ts": MODELS("  id: string;") },
      { "src/models.ts": MODELS("  id: string;").replace("export interface Model0 {\n  id: string;\n}", "export interface Model0<T = string> {\n  id: T;\n}") },
      { "src/models.ts": MODELS("  id: string;").replace("export interface Model0 {\n  id: string;\n}", "export interface Model0 extends Array<string> {\n  id: string;\n}") },
    ],
  },
  {
    name: "models that read a changed one's members, in the same file",
    files: MODEL_FILES("  id: string;\n  kind: 'a' | 'b';", READS, "app.get('/r', function reads(): { r: import('./models.js').Reads; e: import('./models.js').Extends; n: import('./models.js').Nullable; p: import('./models.js').Paged } {\n  return null as never;\n});\n"),
    edits: [
      { "src/models.ts": MODELS("  id: number;\n  kind: 'a' | 'b' | 'c';", READS) },
      { "src/models.ts": MODELS("  id: number;\n  kind: 'a' | 'b' | 'c';\n  extra?: boolean;", READS) },
    ],
  },
  {
    name: "a discriminated union of models whose discriminant changes",
    files: MODEL_FILES("  kind: 'zero';\n  id: string;", EITHER, "app.get('/e', function either(): import('./models.js').HasEither {\n  return null as never;\n});\n"),
    edits: [
      { "src/models.ts": MODELS("  kind: 'nought';\n  id: string;", EITHER) },
      { "src/models.ts": MODELS("  kind: 'other';\n  id: string;", EITHER) },
    ],
  },
  {
    name: "a local type that shadowed a global one, removed, and added again",
    files: MODEL_FILES("  id: string;", "interface Date {\n  local: true;\n}\nexport interface When {\n  at: Date;\n}\n", "app.get('/w', function when(): import('./models.js').When {\n  return null as never;\n});\n"),
    edits: [
      { "src/models.ts": MODELS("  id: string;", "export interface When {\n  at: Date;\n}\n") },
      { "src/models.ts": MODELS("  id: string;", "interface Date {\n  local: true;\n}\nexport interface When {\n  at: Date;\n}\n") },
    ],
  },
  {
    // Read inline, not as a component: only the name tells that `PropertyKey` meant the local type before.
    name: "a local type read inline, shadowing a global one, removed",
    files: MODEL_FILES("  id: string;", "type PropertyKey = string;\nexport interface Tagged {\n  key: PropertyKey;\n}\n", "app.get('/g', function tagged(): import('./models.js').Tagged {\n  return null as never;\n});\n"),
    edits: [
      { "src/models.ts": MODELS("  id: string;", "export interface Tagged {\n  key: PropertyKey;\n}\n") },
      { "src/models.ts": MODELS("  id: string;", "type PropertyKey = string;\nexport interface Tagged {\n  key: PropertyKey;\n}\n") },
    ],
  },
  {
    // The import is rewritten to another module, which did not change: what names Money must follow it.
    name: "an import of the changed file pointed at another module",
    files: {
      ...MODEL_FILES("  id: string;", "export interface Priced {\n  price: Money;\n}\n", "app.get('/p', function priced(): import('./models.js').Priced {\n  return null as never;\n});\n"),
      "src/money-a.ts": `export interface Money {\n  cents: number;\n}\n`,
      "src/money-b.ts": `export interface Money {\n  amount: string;\n}\n`,
    },
    edits: [
      { "src/models.ts": `import type { Money } from "./money-a.js";\n${MODELS("  id: string;", "export interface Priced {\n  price: Money;\n}\n")}` },
      { "src/models.ts": `import type { Money } from "./money-b.js";\n${MODELS("  id: number;", "export interface Priced {\n  price: Money;\n}\n")}` },
    ],
  },
  {
    // Bundler resolution: `./money` is money/index.ts until money.ts appears; the importing file's text stays the same.
    name: "an import that resolves to another file, its text unchanged",
    options: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
    files: {
      "src/app.ts": HEADER,
      "src/money/index.ts": `export interface Money {\n  cents: number;\n}\n`,
      "src/models.ts": `import type { Money } from "./money";\nexport interface Priced {\n  price: Money;\n}\nexport interface Other {\n  id: string;\n}\n`,
      "src/routes.ts": `import { app } from "./app";\nimport type { Priced } from "./models";\napp.get("/p", function priced(): Priced {\n  return null as never;\n});\n`,
    },
    edits: [{ "src/money.ts": `export interface Money {\n  amount: string;\n}\n` }],
  },
  {
    name: "a model that names another module's type with `import(\"…\")`",
    files: {
      ...MODEL_FILES("  id: string;", "export interface Priced {\n  price: import('./money.js').Money;\n  cents: import('./money.js').Money['cents'];\n}\n", "app.get('/p', function priced(): import('./models.js').Priced {\n  return null as never;\n});\n"),
      "src/money.ts": `export interface Money {\n  cents: number;\n}\n`,
    },
    edits: [{ "src/money.ts": `export interface Money {\n  cents: string;\n}\n` }],
  },
  {
    name: "a model declared twice (merged), its declarations swapped",
    files: MODEL_FILES("  id: string;", "export interface Twice {\n  a: string;\n}\nexport interface Holder {\n  t: Twice;\n}\nexport interface Twice {\n  b: number;\n}\n", "app.get('/t', function twice(): import('./models.js').Holder {\n  return null as never;\n});\n"),
    edits: [
      { "src/models.ts": MODELS("  id: string;", "export interface Twice {\n  b: number;\n}\nexport interface Holder {\n  t: Twice;\n}\nexport interface Twice {\n  a: string;\n}\n") },
      { "src/models.ts": MODELS("  id: number;", "export interface Twice {\n  b: number;\n}\nexport interface Holder {\n  t: Twice;\n}\nexport interface Twice {\n  a: string;\n}\n") },
    ],
  },
  {
    name: "a model renamed, and named by its new name",
    files: MODEL_FILES("  id: string;"),
    edits: [
      {
        "src/models.ts": MODELS("  id: string;").replaceAll("Model0", "First"),
        "src/routes.ts": ROUTES().replace("Model0, ", "First as Model0, "),
      },
      { "src/models.ts": MODELS("  id: number;") , "src/routes.ts": ROUTES() },
    ],
  },
  {
    name: "models reached through a barrel's `export *`, and a second `export *` added",
    files: {
      "src/app.ts": HEADER,
      "src/models.ts": MODELS("  id: string;"),
      "src/more.ts": `export interface Extra {\n  x: string;\n}\n`,
      "src/index.ts": `export * from "./models.js";\n`,
      "src/routes.ts": ROUTES().replace('"./models.js"', '"./index.js"'),
    },
    edits: [
      { "src/models.ts": MODELS("  id: number;") },
      { "src/index.ts": `export * from "./models.js";\nexport * from "./more.js";\n` },
      { "src/more.ts": `export interface Extra {\n  x: string;\n}\nexport interface Model1 {\n  shadow: true;\n}\n` },
      { "src/models.ts": MODELS("  id: string;") },
      // The names now come from another module, through an `export *` that replaced the first.
      { "src/more.ts": `export interface Model0 {\n  other: true;\n}\nexport interface Model1 {\n  other: true;\n}\nexport interface Model2 {\n  other: true;\n}\n` },
      { "src/index.ts": `export * from "./more.js";\n` },
    ],
  },
  {
    name: "a callback key checked through a model that names a changed one",
    files: MODEL_FILES(
      "  id: string;",
      "",
      "import { APIRouter, type HttpUrl } from 'callspec';\nexport const events = new APIRouter();\nevents.post('{$request.body#/related/id}/done', function done(event: { ok: boolean }): void {});\napp.post('/cb', { callbacks: events.routes }, function with_callback(model: Model1, callback_url: HttpUrl): Model1 {\n  return null as never;\n});\n",
    ),
    edits: [{ "src/models.ts": MODELS("  key: string;") }, { "src/models.ts": MODELS("  id: string;") }],
  },
  {
    name: "values and functions of the changed file that a model or a handler reads",
    files: {
      "src/app.ts": HEADER,
      "src/models.ts": `export const kinds = ["a", "b"] as const;\nconst limits = { max: 10 };\nexport const config = { limits };\nexport interface Kinded {\n  kind: (typeof kinds)[number];\n  max: typeof config.limits.max;\n}\nexport interface Conf {\n  conf: typeof config;\n}\nexport function make() {\n  return { made: "yes" as const };\n}\nexport interface Plain {\n  id: string;\n}\n`,
      "src/routes.ts": `import { app } from "./app.js";\nimport { make, type Kinded, type Conf } from "./models.js";\napp.get("/k", function kinded(): Kinded {\n  return null as never;\n});\napp.get("/c", function conf(): Conf {\n  return null as never;\n});\napp.get("/made", function made() {\n  return make();\n});\n`,
    },
    edits: [
      { "src/models.ts": `export const kinds = ["a", "b", "c"] as const;\nconst limits = { max: 10 };\nexport const config = { limits };\nexport interface Kinded {\n  kind: (typeof kinds)[number];\n  max: typeof config.limits.max;\n}\nexport interface Conf {\n  conf: typeof config;\n}\nexport function make() {\n  return { made: "yes" as const };\n}\nexport interface Plain {\n  id: string;\n}\n` },
      { "src/models.ts": `export const kinds = ["a", "b", "c"] as const;\nconst limits = { max: "many" };\nexport const config = { limits };\nexport interface Kinded {\n  kind: (typeof kinds)[number];\n  max: typeof config.limits.max;\n}\nexport interface Conf {\n  conf: typeof config;\n}\nexport function make() {\n  return { made: "yes" as const };\n}\nexport interface Plain {\n  id: string;\n}\n` },
      { "src/models.ts": `export const kinds = ["a", "b", "c"] as const;\nconst limits = { max: "many" };\nexport const config = { limits };\nexport interface Kinded {\n  kind: (typeof kinds)[number];\n  max: typeof config.limits.max;\n}\nexport interface Conf {\n  conf: typeof config;\n}\nexport function make() {\n  return { made: 1 };\n}\nexport interface Plain {\n  id: string;\n}\n` },
    ],
  },
);
// A review's cases: reading a changed model's members through a model (or a route) that names it only as a component,
// or through a type literal that is not a property's whole type; and a name an unchanged `export *` supplies once the
// changed file stops declaring it.
CASES.push(
  {
    name: "an unchanged `export *` that supplies a name once the changed file stops declaring it",
    files: {
      "src/app.ts": HEADER,
      "src/b.ts": `export type Kind = "b";\n`,
      "src/a.ts": `export * from "./b.js";\nexport type Kind = "a";\nexport interface Unused {\n  x: string;\n}\n`,
      "src/routes.ts": `import { app } from "./app.js";\nimport type { Kind } from "./a.js";\napp.get("/k", function kind(): { kind: Kind } {\n  return null as never;\n});\n`,
    },
    edits: [{ "src/a.ts": `export * from "./b.js";\nexport interface Unused {\n  x: string;\n}\n` }],
  },
  {
    name: "a barrel's second `export *` that supplies a name once the first one's module stops declaring it",
    files: {
      "src/app.ts": HEADER,
      "src/a.ts": `export type Kind = "a";\nexport interface Unused {\n  x: string;\n}\n`,
      "src/b.ts": `export type Kind = "b";\n`,
      "src/index.ts": `export * from "./a.js";\nexport * from "./b.js";\n`,
      "src/routes.ts": `import { app } from "./app.js";\nimport type { Kind } from "./index.js";\napp.get("/k", function kind(): { kind: Kind } {\n  return null as never;\n});\n`,
    },
    edits: [{ "src/a.ts": `export interface Unused {\n  x: string;\n}\n` }],
  },
  ID_TO_NUMBER("a changed model named in a type literal that an indexed access reads", "export interface R {\n  id: { m: Model0 }['m']['id'];\n}\n", "app.get('/r', function r(): import('./models.js').R {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("a model that reads the members of one that names a changed one as a component", "export interface Deep {\n  id: Required<Model1>['related']['id'];\n}\n", "app.get('/d', function d(): import('./models.js').Deep {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("a conditional type whose `extends` names a changed model in a type literal", "export type IsStr = { m: { id: string } } extends { m: Model0 } ? 'yes' : 'no';\nexport interface HasC {\n  c: IsStr;\n}\n", "app.get('/c', function c(): import('./models.js').HasC {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("a route in another file that reads the members of a model naming a changed one", "", "app.get('/d', function d(): { id: Required<Model1>['related']['id'] } {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("a model that reads its own member, which names a changed one", "export interface Self {\n  m: Model0;\n  id: Self['m']['id'];\n}\n", "app.get('/s', function s(): import('./models.js').Self {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("an instance whose declaration reads its type argument's members, over a model naming a changed one", "export interface Peek<T> {\n  id: T extends { related?: { id: infer I } } ? I : never;\n}\n", "app.get('/p', function p(): import('./models.js').Peek<Model1> {\n  return null as never;\n});\n"),
);
// A second review's cases: function types, signatures, nested functions and defaults that read a changed model's
// members; `this` types; a `Promise` of the file's own.
CASES.push(
  ID_TO_NUMBER("a changed model read through a function type's return", "export interface R {\n  id: ReturnType<() => Model0>['id'];\n}\n", "app.get('/r', function r(): import('./models.js').R {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("a changed model read through an index signature", "export interface R {\n  id: { [k: string]: Model0 }[string]['id'];\n}\n", "app.get('/r', function r(): import('./models.js').R {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("a changed model read through a function type's parameter", "export interface R {\n  id: Parameters<(m: Model0) => void>[0]['id'];\n}\n", "app.get('/r', function r(): import('./models.js').R {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("a route whose declared return type reads a changed model through a function type", "", "app.get('/r', function r(): ReturnType<() => Model0>['id'] {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("a handler without a declared return type, returning what an inner function declares", "", "app.get('/t', function t() {\n  const inner = (): Model0 => null as never;\n  return inner().id;\n});\n"),
  ID_TO_NUMBER("a handler's query parameter typed by a default read off its `this` parameter", "", "app.get('/t', function t(this: Model0, id = this.id): string {\n  return '';\n});\n"),
  ID_TO_NUMBER("a handler's query parameter typed by a default read off an inner function's declared return", "", "app.get('/t', function t(id = ((): Model0 => null as never)().id): string {\n  return '';\n});\n"),
  ID_TO_NUMBER("a handler's query parameter typed by a default read off another parameter's model", "", "app.get('/t', function t(m: Model1, id = m.related!.id): string {\n  return '';\n});\n"),
  ID_TO_NUMBER("a model that reads its own member through `this`", "export interface Self {\n  m: Model0;\n  id: this['m']['id'];\n}\n", "app.get('/s', function s(): import('./models.js').Self {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("a declared return type `Promise<Model0>` where `Promise` is the file's own type", "", "type Promise<T> = T extends { id: infer I } ? { id: I } : never;\napp.get('/p', function p(): Promise<Model0> {\n  return null as never;\n});\n"),
);
// A third review's cases: functions whose declared types the rest of their statement reads (in a namespace, a block,
// a class), which are no handlers.
CASES.push(
  ID_TO_NUMBER("a handler in a namespace whose `Promise` is the namespace's own", "", "namespace N {\n  type Promise<T> = T extends { id: infer I } ? { id: I } : never;\n  app.get('/p', function p(): Promise<Model0> {\n    return null as never;\n  });\n}\n"),
  ID_TO_NUMBER("a handler in a block whose `Promise` is the block's own", "", "{\n  type Promise<T> = T extends { id: infer I } ? { id: I } : never;\n  app.get('/p', function p(): Promise<Model0> {\n    return null as never;\n  });\n}\n"),
  ID_TO_NUMBER("a class whose property is initialized from a function in it declaring a changed model", "export class C {\n  p = ((): Model0 => null as never)().id;\n}\n", "app.get('/c', function c(): import('./models.js').C {\n  return null as never;\n});\n"),
  ID_TO_NUMBER("a class whose property is initialized from its own method declaring a changed model", "export class C {\n  h(): Model0 {\n    return null as never;\n  }\n  p = this.h().id;\n}\n", "app.get('/c', function c(): import('./models.js').C {\n  return null as never;\n});\n"),
);
// A fourth review's case: a handler's declared return type names a thenable interface, whose awaited type the route
// renders (not a `$ref`): the interface must be as it was, members included.
const THENABLE = "export type Alias = string;\nexport interface Thenable {\n  then(resolve: (value: Alias) => void): void;\n}\n";
CASES.push({
  name: "a handler returns a thenable interface that resolves to a changed type",
  files: MODEL_FILES("  id: string;", THENABLE, "import type { Thenable } from './models.js';\napp.get('/t', function t(): Thenable {\n  return null as never;\n});\n"),
  edits: [{ "src/models.ts": MODELS("  id: string;", THENABLE.replace("Alias = string", "Alias = number")) }],
});

test("a change to one model keeps the models of its file that only name it, and the routes that name those", () => {
  const p = watched(MODEL_FILES("  id: string;"));
  try {
    const first = p.rebuild();
    p.write("src/models.ts", MODELS("  id: number;"));
    const second = p.rebuild();
    assert.is(output(second.reused, p.dir), output(second.fresh, p.dir));
    assert.ok(derived(second.reused, "Model0") !== derived(first.reused, "Model0"), "the changed model is derived again");
    for (const name of ["Model1", "Model2", "Line1"]) assert.ok(derived(second.reused, name) === derived(first.reused, name), `${name} is kept`);
    const routes = bindingsIn(second.reused, "routes.ts");
    const before = bindingsIn(first.reused, "routes.ts");
    assert.is(routes.length, 3);
    assert.ok(routes[0] !== before[0], "read0 names the changed model: bound again");
    assert.ok(routes[1] === before[1] && routes[2] === before[2], "read1 and create1 name only kept models: kept");
  } finally {
    p.remove();
  }
});


for (const { name, files, edits, options } of CASES) {
  test(`${name}: every rebuild gives what a fresh build gives`, () => {
    const p = watched(files, options);
    try {
      for (const [step, edit] of [{}, ...edits].entries()) {
        for (const [file, text] of Object.entries(edit)) p.write(file, text);
        const { reused, fresh } = p.rebuild();
        assert.is(output(reused, p.dir), output(fresh, p.dir), `after edit ${step}`);
      }
    } finally {
      p.remove();
    }
  });
}

test.run();
