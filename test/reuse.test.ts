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
import { generateSpecs, type GenerateResult } from "../transformer/core";
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

/** The project as watch mode sees it: a file whose text did not change is the same SourceFile in the next Program. */
function watchedProject() {
  const p = linkedProject({ "src/app.ts": APP, "src/money.ts": MONEY, "src/orders.ts": ORDERS, "src/invoices.ts": INVOICES, "src/page.ts": PAGE, "src/customers.ts": CUSTOMERS("A customer.") });
  const options: ts.CompilerOptions = { ...COMPILER_OPTIONS, outDir: p.file("dist"), rootDir: p.file("src") };
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const host = ts.createCompilerHost(options, true);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const key = `${fileName}\n${fs.existsSync(fileName) ? fs.readFileSync(fileName, "utf8") : ""}`;
    if (!parsed.has(key)) parsed.set(key, read(fileName, languageVersion, onError, shouldCreate));
    return parsed.get(key);
  };
  const roots = () => fs.readdirSync(p.file("src")).map((name) => p.file(`src/${name}`));
  let program: ts.Program | undefined;
  let previous: Derivation | undefined;
  return {
    ...p,
    /** One rebuild with the previous run's derivation, and a fresh build of the same files. */
    rebuild(): { reused: GenerateResult; fresh: GenerateResult; before?: Derivation } {
      program = ts.createProgram(roots(), options, host, program);
      const before = previous;
      const reused = generateSpecs(program, { previous: previous ?? null });
      previous = reused.derivation;
      const freshHost = ts.createCompilerHost(options, true);
      freshHost.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
      const fresh = generateSpecs(ts.createProgram(roots(), options, freshHost), {});
      return { reused, fresh, before };
    },
  };
}

/** Everything a run gives that reaches the user: documents, each route's metadata, diagnostics. */
function output(result: GenerateResult, dir: string): string {
  const documents = result.specs.map((spec) => canonicalJson(spec.document));
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

test.run();
