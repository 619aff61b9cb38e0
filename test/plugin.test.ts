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
import { linkedProject, readmeTsconfig } from "./support/project";

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
  const p = linkedProject({ "tsconfig.json": withPluginOptions(pluginOptions), "src/app.ts": GOOD_APP });
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
    assert.is(operation.description, "Place an order.", "JSDoc is read under tspc, which leaves it unparsed");
    assert.is(spec.components.schemas.Order.properties.quantity.description, "How many.");
  } finally {
    p.remove();
  }
});

// tsc leaves the JSDoc of .ts files unparsed (TS 5.3+), and the plugin parses what it reads
// (schema/parsed-jsdoc.ts). Were that to miss a comment, descriptions and @minimum would vanish
// from the document without a word: under the real tspc, the JSDoc fixtures must give their
// golden documents byte for byte.
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

// The App's document is compiled into app.js as compact JSON in a string (cheap to emit): whatever the docs
// contain, the App must serve openapi.json's text byte for byte.
test("the App serves openapi.json's exact text, whatever characters its docs contain", () => {
  const awkward = "Costs `$5` or ${price}, matches \\d+ and \"quotes\"; caf\u00e9 \ud83d\ude80.";
  const p = project();
  try {
    p.write("src/app.ts", GOOD_APP.replace("/** Place an order. */", `/** ${awkward} */`));
    const run = p.build();
    assert.is(run.status, 0, run.output);
    const document = p.read("dist/openapi.json");
    assert.is(JSON.parse(document).paths["/orders"].post.description, awkward);
    const served = p.run(process.execPath, ["-e", `require("./dist/app.js").app.fetch(new Request("http://127.0.0.1/openapi.json")).then((r) => r.text()).then((t) => process.stdout.write(t))`]);
    assert.is(served.status, 0, served.output);
    assert.is(served.output, document);
  } finally {
    p.remove();
  }
});

// ts-patch runs the build on an in-memory copy of TypeScript and hands it to plugins: Callspec runs
// on that copy (its functions already optimized by the build), not on a second one loaded from disk.
test("the plugin runs on the compiler that tspc hands it, and leaves require's cache as it was", () => {
  const p = project();
  try {
    p.write(
      "probe.js",
      `const Module = require("node:module");
const load = Module._load;
let used = 0;
Module._load = function (request, parent) {
  const loaded = load.apply(this, arguments);
  // The transformer's own modules: what does "typescript" give them?
  if (request === "typescript" && /dist[\\/]transformer[\\/]/.test(parent?.filename ?? "")) used += loaded.originalCreateProgram ? 1 : -1000;
  return loaded;
};
process.on("exit", () => console.log(JSON.stringify({ used, cached: !require.cache[require.resolve("typescript")]?.exports?.originalCreateProgram })));
`,
    );
    const run = p.run(process.execPath, ["-r", "./probe.js", TSPC, "-p", "tsconfig.json"]);
    assert.is(run.status, 0, run.output);
    const probe = JSON.parse(run.output.trim().split("\n").at(-1)!);
    assert.ok(probe.used > 0, `every transformer module got tspc's compiler (${run.output})`);
    assert.ok(probe.cached, "require(\"typescript\") gives typescript.js again afterwards");
  } finally {
    p.remove();
  }
});

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
