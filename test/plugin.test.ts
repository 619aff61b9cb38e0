/**
 * The plugin under the real `tspc`, as users run it: JS and openapi.json are
 * emitted; a mistake fails the build with file:line:col and keeps the last
 * good openapi.json.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./support/compile";
import { readmeTsconfig, temporaryProject } from "./support/project";

const TSPC = path.join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js");
const tsconfig = readmeTsconfig(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));

const GOOD_APP = `import { App, type HttpUrl } from "callspec";

export interface Order {
  id: string;
  /** How many. */
  quantity: number;
}

export const app = new App({ title: "Orders", version: "1.0.0" });

/** Place an order. */
app.post("/orders", function place_order(order: Order, notify?: HttpUrl): Order {
  return order;
});
`;

const BROKEN_APP = GOOD_APP.replace(`"/orders", function place_order(`, `"/orders/{order_id}", function place_order(`);

function project(pluginOptions = "") {
  const p = temporaryProject({ "tsconfig.json": withPluginOptions(pluginOptions), "src/app.ts": GOOD_APP });
  // The project finds callspec, typescript and ts-patch as an installed project would: in node_modules.
  fs.symlinkSync(path.join(ROOT, "node_modules"), p.file("node_modules"), "dir");
  return { ...p, build: () => p.run(process.execPath, [TSPC, "-p", "tsconfig.json"]) };
}

/** The README's tsconfig with more keys in the plugin entry, e.g. `"output": "spec"`. */
function withPluginOptions(options: string): string {
  return options ? tsconfig.replace(`"transform": "callspec/transformer"`, `"transform": "callspec/transformer", ${options}`) : tsconfig;
}

test("tspc emits the JS and dist/openapi.json, JSDoc included", () => {
  const p = project();
  try {
    const run = p.build();
    assert.is(run.status, 0, run.output);
    assert.ok(p.exists("dist/app.js"));
    const spec = JSON.parse(p.read("dist/openapi.json"));
    const operation = spec.paths["/orders"].post;
    assert.is(operation.operationId, "place_order");
    assert.is(operation.description, "Place an order.", "JSDoc is parsed under tspc (tsp.tscOptions.parseAllJsDoc)");
    assert.is(spec.components.schemas.Order.properties.quantity.description, "How many.");
  } finally {
    p.remove();
  }
});

// tsc parses JSDoc only when asked (TS 5.3+): callspec's package.json asks ts-patch to
// ("tsp": {"tscOptions": {"parseAllJsDoc": true}}). Without it descriptions and @minimum
// would vanish from the document without a word: under the real tspc, the JSDoc fixtures
// must give their golden documents byte for byte.
for (const fixture of ["jsdoc-descriptions", "jsdoc-validation", "jsdoc-examples"]) {
  test(`tspc keeps every JSDoc keyword: ${fixture} gives its golden openapi.json`, () => {
    const dir = path.join(ROOT, "test", "fixtures", fixture);
    const p = project();
    try {
      fs.rmSync(p.file("src/app.ts"));
      for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "values.ts")) {
        fs.copyFileSync(path.join(dir, name), p.file(`src/${name}`));
      }
      const run = p.build();
      assert.is(run.status, 0, run.output);
      assert.fixture(p.read("dist/openapi.json"), fs.readFileSync(path.join(dir, "openapi.json"), "utf8"));
    } finally {
      p.remove();
    }
  });
}

test("a mistake fails the build with file:line:col and keeps the previous openapi.json", () => {
  const p = project();
  try {
    assert.is(p.build().status, 0);
    const previous = p.read("dist/openapi.json");
    p.write("src/app.ts", BROKEN_APP);
    const run = p.build();
    assert.is.not(run.status, 0);
    assert.match(run.output, /src\/app\.ts\(\d+,\d+\): error TS91005: The path "\/orders\/\{order_id\}" has the parameter \{order_id\}/);
    assert.not.match(run.output, /\n\s+at /, "no stack trace");
    assert.is(p.read("dist/openapi.json"), previous);
    assert.equal(fs.readdirSync(p.file("dist")).sort(), ["app.js", "openapi.json"]);
  } finally {
    p.remove();
  }
});

test("the `output` option puts the document where the user says", () => {
  const p = project(`"output": "spec/api.json"`);
  try {
    const run = p.build();
    assert.is(run.status, 0, run.output);
    assert.ok(p.exists("spec/api.json"));
    assert.not.ok(p.exists("dist/openapi.json"));
  } finally {
    p.remove();
  }
});

test("an output that cannot be written (a folder) fails the build with a diagnostic naming it, not a stack", () => {
  const p = project(`"output": "spec"`);
  try {
    fs.mkdirSync(p.file("spec"));
    const run = p.build();
    assert.is.not(run.status, 0);
    assert.match(run.output, /error TS91017: Callspec could not write \S*spec: EISDIR/);
    assert.not.match(run.output, /\n\s+at /, "no stack trace");
  } finally {
    p.remove();
  }
});

test("a wrong plugin option fails the build and says which values are allowed", () => {
  const p = project(`"expressions": "loose"`);
  try {
    const run = p.build();
    assert.is.not(run.status, 0);
    assert.match(run.output, /error TS91017: Callspec plugin options in tsconfig.json: "expressions" must be "standard" or "as-written", not "loose"\./);
    assert.not.ok(p.exists("dist/openapi.json"));
  } finally {
    p.remove();
  }
});

test.run();
