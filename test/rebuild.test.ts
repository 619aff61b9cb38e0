/**
 * How the plugin behaves in tsc's rebuild modes, as README documents it:
 * `--watch` rewrites openapi.json on every change (and keeps the last good
 * one while the routes have a mistake); `--incremental` and `-b` run the
 * plugin only when a file changed, so a deleted spec is not recreated by a
 * build with nothing to do, but a mistake keeps failing the build until fixed.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { ROOT } from "./support/compile";
import { linkedProject, readmeTsconfig, type Project } from "./support/project";
import ts from "typescript";
import { emittedJs } from "../transformer/app-file";
import { spliceCompiled, thrownByCallspec } from "../transformer/splice";
import { ComponentGraph } from "../transformer/reachable";
import type { RouteMetadata } from "../transformer/metadata";

const TSPC = path.join(ROOT, "node_modules", "ts-patch", "bin", "tspc.js");
const tsconfig = readmeTsconfig(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
const app = (route: string) => `import { App } from "callspec";
export const app = new App({ title: "Rebuilds", version: "1.0.0" });
app.get("${route}", function read_thing(): string {
  return "";
});
`;

function project() {
  const p = linkedProject({ "tsconfig.json": tsconfig, "src/app.ts": app("/first") });
  return { ...p, paths: () => Object.keys(JSON.parse(p.read("dist/openapi.json")).paths) };
}

test("tspc --watch rewrites openapi.json on every change, and keeps the last good one through a mistake", async () => {
  const p = project();
  // Each step runs when tsc reports a finished compilation, checks the spec, then edits the app.
  const steps = [
    () => {
      assert.equal(p.paths(), ["/first"]);
      p.write("src/app.ts", app("/second"));
    },
    () => {
      assert.equal(p.paths(), ["/second"]);
      p.write("src/app.ts", app("/broken/{id}"));
    },
    (output: string) => {
      assert.match(output, /src\/app\.ts\(\d+,\d+\): error TS91005: The path "\/broken\/\{id\}"/);
      assert.equal(p.paths(), ["/second"], "the last good spec stays");
      p.write("src/app.ts", app("/third"));
    },
    () => assert.equal(p.paths(), ["/third"]),
  ];
  try {
    await watchThrough(p.dir, steps);
  } finally {
    p.remove();
  }
});

// JSDoc is parsed by the plugin when it reads it (transformer/schema/parsed-jsdoc.ts); under --watch
// an unchanged file is the same SourceFile in the next Program, with what was parsed of it, and a
// changed one is new.
test("tspc --watch: a changed JSDoc comment changes the description; an unchanged file's stays", async () => {
  const model = (text: string) => `/** A thing. */\nexport interface Thing {\n  /** ${text} */\n  name: string;\n}\n`;
  const withModel = `import { App } from "callspec";
import type { Thing } from "./model.js";
export const app = new App({ title: "Rebuilds", version: "1.0.0" });
/** Reads the thing. */
app.get("/thing", function read_thing(): Thing {
  return { name: "" };
});
`;
  const p = linkedProject({ "tsconfig.json": tsconfig, "src/app.ts": withModel, "src/model.ts": model("First.") });
  const spec = () => JSON.parse(p.read("dist/openapi.json"));
  const steps = [
    () => {
      assert.is(spec().components.schemas.Thing.properties.name.description, "First.");
      p.write("src/model.ts", model("Second."));
    },
    () => {
      assert.is(spec().components.schemas.Thing.properties.name.description, "Second.");
      assert.is(spec().components.schemas.Thing.description, "A thing.");
      assert.is(spec().paths["/thing"].get.description, "Reads the thing.", "app.ts did not change: its JSDoc, parsed in the first build, still counts");
    },
  ];
  try {
    await watchThrough(p.dir, steps);
  } finally {
    p.remove();
  }
});

/**
 * The usual layout: the App in one file, the routes in a router that it includes, the models in a third.
 * A change to a model changes no type app.ts can see, so tsc emits the routes' file again but not the
 * App's (under watch from the second rebuild on: for the first, tsc has no declarations to compare yet,
 * and emits the App's file too). The plugin emits the App's file itself, so that the App serves the new document.
 */
const layout = {
  "src/app.ts": `import { App } from "callspec";
import { router } from "./routes.js";
export const app = new App({ title: "Rebuilds", version: "1.0.0" });
app.include(router);
`,
  "src/routes.ts": `import { APIRouter } from "callspec";
import type { Thing } from "./model.js";
export const router = new APIRouter();
router.get("/thing", function read_thing(): Thing {
  return {} as Thing;
});
`,
};
const model = (size: string) => `export interface Thing {\n  size: ${size};\n}\n`;

/** The document the built App serves (it serves openapi.json byte for byte, so the test compares texts). */
function served(p: Project): string {
  const script = `require("./dist/app.js").app.fetch(new Request("http://127.0.0.1/openapi.json")).then((r) => r.text()).then((t) => process.stdout.write(t));`;
  const run = p.run(process.execPath, ["-e", script]);
  assert.is(run.status, 0, run.output);
  return run.output;
}

/** Why the built App refuses to start, or "started". */
function startup(p: Project): string {
  const script = `require("./dist/app.js").app.fetch(new Request("http://127.0.0.1/openapi.json")).then(() => console.log("started"), (error) => console.log(error.message));`;
  return p.run(process.execPath, ["-e", script]).output.trim();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Appended to an emitted file: still there after a build, the build did not write the file. */
const MARK = "\n// not written since\n";

/** Writes a source file with a modification time after anything a build wrote (`tsc -b` compares times). */
function edit(p: Project, name: string, text: string): void {
  p.write(name, text);
  const later = new Date(Date.now() + 2000);
  fs.utimesSync(p.file(name), later, later);
}

test("tspc --incremental with noEmitOnError: a build with errors writes no JS, the App's file included", () => {
  const config = JSON.parse(tsconfig);
  Object.assign(config.compilerOptions, { declaration: true, noEmitOnError: true });
  const p = linkedProject({ "tsconfig.json": JSON.stringify(config), ...layout, "src/model.ts": model("number") });
  try {
    const build = () => p.run(process.execPath, [TSPC, "-p", "tsconfig.json", "--incremental"]);
    assert.is(build().status, 0);
    fs.appendFileSync(p.file("dist/app.js"), MARK);
    p.write("src/model.ts", model("string"));
    p.write("src/broken.ts", `export const count: number = "none";\n`);
    const failed = build();
    assert.is.not(failed.status, 0);
    assert.match(failed.output, /error TS2322/);
    assert.ok(p.read("dist/app.js").endsWith(MARK), "app.js was not written");
  } finally {
    p.remove();
  }
});

// The App's file, emitted again by the plugin (tsc left it alone), is part of the build as tsc's own files are.
// With declarations, tsc finds that app.ts's own declarations did not change: after a model change it writes
// app.d.ts, not app.js. app.js is written by the plugin alone, which these tests need.
const withDeclarations = (plugins: object[] = []) => {
  const config = JSON.parse(tsconfig);
  config.compilerOptions.declaration = true;
  config.compilerOptions.plugins.push(...plugins);
  return JSON.stringify(config);
};

test("tspc --incremental: an App's file that cannot be written again fails the build (TS5033), and is listed as emitted", () => {
  const p = linkedProject({ "tsconfig.json": withDeclarations(), ...layout, "src/model.ts": model("number") });
  try {
    const build = () => p.run(process.execPath, [TSPC, "-p", "tsconfig.json", "--incremental", "--listEmittedFiles"]);
    assert.is(build().status, 0);
    // A folder where app.js goes: tsc does not emit app.ts for a model change, the plugin does, and fails to write it.
    fs.rmSync(p.file("dist/app.js"));
    fs.mkdirSync(p.file("dist/app.js"));
    edit(p, "src/model.ts", model("string"));
    const failed = build();
    assert.is.not(failed.status, 0, failed.output);
    assert.match(failed.output, /error TS5033: Could not write file '[^']*dist\/app\.js': EISDIR[^\n]*Callspec emits the file that creates the App again/);
    assert.match(p.read("dist/openapi.json"), /"type": "string"/, "the spec was written before");
    // Writable again: the next change's build writes it, and --listEmittedFiles says so once, as for tsc's own files.
    fs.rmdirSync(p.file("dist/app.js"));
    edit(p, "src/model.ts", model("boolean"));
    const fixed = build();
    assert.is(fixed.status, 0, fixed.output);
    const listed = fixed.output.match(/^TSFILE: .*\/dist\/app\.js$/gm) ?? [];
    assert.equal(listed, [`TSFILE: ${fs.realpathSync(p.dir)}/dist/app.js`]);
    assert.match(fixed.output, /^TSFILE: .*\/dist\/routes\.js$/m, "tsc's own list is there too");
    assert.is(served(p), p.read("dist/openapi.json"));
  } finally {
    p.remove();
  }
});

test("tspc --incremental: another plugin's exception while the App's file is emitted again is TS91022, not a Callspec bug", () => {
  // Throws on app.ts only when told to: the first build emits every file, the second only the plugin emits app.ts.
  const thrower = `module.exports = () => () => (file) => {\n  if (process.env.THROW && file.fileName.endsWith("app.ts")) throw new Error("the other plugin failed on app.ts.");\n  return file;\n};\n`;
  const p = linkedProject({ "tsconfig.json": withDeclarations([{ transform: "./thrower.cjs" }]), "thrower.cjs": thrower, ...layout, "src/model.ts": model("number") });
  try {
    const build = (env: Record<string, string>) => p.run(process.execPath, [TSPC, "-p", "tsconfig.json", "--incremental"], undefined, env);
    assert.is(build({}).status, 0);
    edit(p, "src/model.ts", model("string"));
    const failed = build({ THROW: "1" });
    assert.is.not(failed.status, 0, failed.output);
    assert.match(failed.output, /error TS91022: Emitting src\/app\.ts again \(the file that creates the App[^\n]*outside Callspec's transformer[^\n]*: the other plugin failed on app\.ts\. The App's file keeps an older document/);
    assert.not.match(failed.output, /TS91999|bug in Callspec|\n\s+at /, "not blamed on Callspec, and no stack");
    assert.match(p.read("dist/openapi.json"), /"type": "string"/, "the spec was written before");
    edit(p, "src/model.ts", model("boolean"));
    assert.match(build({ THROW: "1", CALLSPEC_DEBUG: "1" }).output, /error TS91022:[^\n]*the other plugin failed on app\.ts\.\n\s+at .*thrower\.cjs/, "CALLSPEC_DEBUG=1 gives the stack");
  } finally {
    p.remove();
  }
});

test("tspc --incremental: an exception while one App's file is emitted again does not keep another's from being emitted", () => {
  const thrower = `module.exports = () => () => (file) => {\n  if (process.env.THROW && file.fileName.endsWith("admin.ts")) throw new Error("the other plugin failed on admin.ts");\n  return file;\n};\n`;
  const admin = `import { App } from "callspec";\nimport { router } from "./routes.js";\nexport const admin = new App({ title: "Admin", version: "1.0.0", specFile: "admin.json" });\nadmin.include(router);\n`;
  const p = linkedProject({ "tsconfig.json": withDeclarations([{ transform: "./thrower.cjs" }]), "thrower.cjs": thrower, ...layout, "src/admin.ts": admin, "src/model.ts": model("number") });
  try {
    const build = (env: Record<string, string>) => p.run(process.execPath, [TSPC, "-p", "tsconfig.json", "--incremental"], undefined, env);
    assert.is(build({}).status, 0);
    edit(p, "src/model.ts", model("string"));
    const failed = build({ THROW: "1" });
    assert.match(failed.output, /error TS91022: Emitting src\/admin\.ts again/);
    assert.is(served(p), p.read("dist/openapi.json"), "app.js, emitted after admin.ts failed, holds the new document");
  } finally {
    p.remove();
  }
});

test("tspc --incremental: an exception of Callspec's own transformer while the App's file is emitted again stays a Callspec bug (TS91999)", () => {
  // Loaded into tsc's process: the App's document, stringified by Callspec's transformer, makes JSON.stringify throw.
  const breaker = `const stringify = JSON.stringify;\nJSON.stringify = function (value, ...rest) {\n  if (rest.length === 0 && value && value.openapi && value.paths) throw new Error("a bug in Callspec's transformer");\n  return stringify.call(this, value, ...rest);\n};\n`;
  const p = linkedProject({ "tsconfig.json": withDeclarations(), "breaker.cjs": breaker, ...layout, "src/model.ts": model("number") });
  try {
    assert.is(p.run(process.execPath, [TSPC, "-p", "tsconfig.json", "--incremental"]).status, 0);
    edit(p, "src/model.ts", model("string"));
    const failed = p.run(process.execPath, ["--require", p.file("breaker.cjs"), TSPC, "-p", "tsconfig.json", "--incremental"]);
    assert.is.not(failed.status, 0, failed.output);
    assert.match(failed.output, /error TS91999: Callspec failed unexpectedly, so src\/app\.ts was not emitted again: a bug in Callspec's transformer/);
    assert.not.match(failed.output, /TS91022/);
  } finally {
    p.remove();
  }
});

test("an exception of Callspec's own transformer is told from TypeScript's or another plugin's (a bug stays TS91999)", () => {
  const file = ts.createSourceFile("app.ts", `router.get("/thing", function read_thing() {});\n`, ts.ScriptTarget.ES2022, true);
  const call = (file.statements[0] as ts.ExpressionStatement).expression;
  const broken = { toJSON: () => { throw new Error("a bug in the metadata"); } } as unknown as RouteMetadata;
  const thrown = (transformers: ts.TransformerFactory<ts.SourceFile>[]) => {
    try {
      ts.transform(file, transformers);
    } catch (error) {
      return error;
    }
    assert.unreachable("the transform did not throw");
  };
  const ours = spliceCompiled(new Map([[call, broken]]), new ComponentGraph(new Map()), new Map());
  assert.ok(thrownByCallspec(thrown([ours])), "thrown in Callspec's transformer");
  const other: ts.TransformerFactory<ts.SourceFile> = () => () => {
    throw new Error("another plugin");
  };
  assert.not.ok(thrownByCallspec(thrown([spliceCompiled(new Map(), new ComponentGraph(new Map()), new Map()), other])), "thrown after it, by another");
});

test("the App's file is found where tsc emits it (TypeScript's own path rules, from its internals)", () => {
  for (const [options, fileName] of [
    [{ outDir: "dist", rootDir: "src" }, "src/app.ts"],
    [{ outDir: "out" }, "src/server/app.mts"],
    [{}, "src/app.ts"],
  ] as const) {
    const p = linkedProject({ [fileName]: `export const app = 1;\n`, "src/other.ts": `export const other = 2;\n` });
    try {
      const program = ts.createProgram([p.file(fileName), p.file("src/other.ts")], { ...options, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, target: ts.ScriptTarget.ES2022 });
      const file = program.getSourceFile(p.file(fileName))!;
      const written: string[] = [];
      program.emit(file, (name) => written.push(name));
      assert.equal([emittedJs(program, file)], written, JSON.stringify(options));
    } finally {
      p.remove();
    }
  }
});

test("tspc --watch: the App serves the new document after a change to a file the App's file does not depend on", async () => {
  const p = linkedProject({ "tsconfig.json": tsconfig, ...layout, "src/model.ts": model("number") });
  const size = () => JSON.parse(p.read("dist/openapi.json")).components.schemas.Thing.properties.size.type;
  const steps = [
    () => {
      assert.is(size(), "number");
      assert.is(served(p), p.read("dist/openapi.json"));
      p.write("src/model.ts", model("string"));
    },
    () => {
      assert.is(size(), "string");
      assert.is(served(p), p.read("dist/openapi.json"), "app.js holds the new document");
      p.write("src/model.ts", model("boolean"));
    },
    () => {
      assert.is(size(), "boolean");
      assert.is(served(p), p.read("dist/openapi.json"));
      p.write("src/routes.ts", layout["src/routes.ts"].replace('"/thing"', '"/thing/{id}"'));
    },
    (output: string) => {
      // A route mistake: routes.ts is emitted without its metadata, and the App, as after a full build, says why it cannot start.
      assert.match(output, /error TS91005/);
      assert.match(startup(p), /^This App was built while Callspec reported errors/);
      p.write("src/routes.ts", layout["src/routes.ts"]);
    },
    () => {
      assert.is(served(p), p.read("dist/openapi.json"), "fixed: the App serves the document again");
      assert.is(size(), "boolean");
    },
  ];
  try {
    await watchThrough(p.dir, steps);
  } finally {
    p.remove();
  }
});

test("tspc --watch: a changed App's file is left to tsc, which emits it with the new document (written and listed once)", async () => {
  const p = linkedProject({ "tsconfig.json": tsconfig, ...layout, "src/model.ts": model("number") });
  const listed = (output: string) => output.match(/^TSFILE: .*\/dist\/app\.js$/gm)?.length ?? 0;
  const steps = [
    () => p.write("src/app.ts", layout["src/app.ts"].replace('title: "Rebuilds"', 'title: "Renamed"')),
    (output: string) => {
      assert.is(JSON.parse(p.read("dist/openapi.json")).info.title, "Renamed");
      assert.is(served(p), p.read("dist/openapi.json"));
      assert.is(listed(output), 1, "tsc emitted it; the plugin did not emit it before");
    },
  ];
  try {
    await watchThrough(p.dir, steps, ["--listEmittedFiles"]);
  } finally {
    p.remove();
  }
});

/**
 * Runs `tspc --watch` in `dir`, and each step when tsc reports a finished compilation (with its output);
 * a step checks the spec, then edits the project. Fails if a step fails or tsc stops before the last.
 */
async function watchThrough(dir: string, steps: ((output: string) => void)[], args: string[] = []): Promise<void> {
  const finished = await new Promise<{ ran: number; error?: unknown }>((resolve) => {
    // A bound, not a timing: if tsc ever stops reporting, the watcher is killed and the test fails.
    const watcher = spawn(process.execPath, [TSPC, "-p", "tsconfig.json", "--watch", "--preserveWatchOutput", ...args], { cwd: dir, timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });
    let ran = 0;
    let output = "";
    let error: unknown;
    watcher.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      while (/Found \d+ errors?\. Watching for file changes\./.test(output) && ran < steps.length && !error) {
        const done = output;
        output = output.replace(/[\s\S]*?Found \d+ errors?\. Watching for file changes\./, "");
        try {
          steps[ran++]!(done);
        } catch (failure) {
          error = failure;
        }
        if (error || ran === steps.length) watcher.kill();
      }
    });
    watcher.on("exit", () => resolve({ ran, error }));
  });
  if (finished.error) throw finished.error;
  assert.is(finished.ran, steps.length, "every change was compiled");
}

for (const mode of ["--incremental", "-b"]) {
  test(`tspc ${mode}: a changed file rewrites openapi.json; with nothing changed the plugin does not run`, () => {
    const p = project();
    try {
      const build = () => p.run(process.execPath, [TSPC, mode === "-b" ? "-b" : "-p", "tsconfig.json", ...(mode === "-b" ? [] : [mode])]);
      assert.is(build().status, 0);
      assert.equal(p.paths(), ["/first"]);
      fs.rmSync(p.file("dist/openapi.json"));
      assert.is(build().status, 0);
      assert.not.ok(p.exists("dist/openapi.json"), "nothing changed: tsc emits nothing and the plugin does not run");
      p.write("src/app.ts", app("/second"));
      assert.is(build().status, 0);
      assert.equal(p.paths(), ["/second"]);
    } finally {
      p.remove();
    }
  });

  // With declarations, tsc finds that app.ts's own declarations did not change, and emits only the model's and the
  // routes' files. `-b` keeps what it emitted only for a composite project (it emits any other whole).
  test(`tspc ${mode}: the App serves the new document after a change to a file the App's file does not depend on`, () => {
    const config = JSON.parse(tsconfig);
    config.compilerOptions.declaration = true;
    if (mode === "-b") config.compilerOptions.composite = true;
    const p = linkedProject({ "tsconfig.json": JSON.stringify(config), ...layout, "src/model.ts": model("number") });
    try {
      const build = () => p.run(process.execPath, [TSPC, mode === "-b" ? "-b" : "-p", "tsconfig.json", ...(mode === "-b" ? [] : [mode])]);
      assert.is(build().status, 0);
      edit(p, "src/model.ts", model("string"));
      const second = build();
      assert.is(second.status, 0, second.output);
      assert.match(p.read("dist/openapi.json"), /"type": "string"/);
      assert.is(served(p), p.read("dist/openapi.json"), "app.js holds the new document");
      // A change that leaves the document as it was: the plugin finds the App's file holds it, and leaves it alone.
      fs.appendFileSync(p.file("dist/app.js"), MARK);
      edit(p, "src/routes.ts", `// The router.\n${p.read("src/routes.ts")}`);
      assert.is(build().status, 0);
      assert.ok(p.read("dist/app.js").endsWith(MARK), "app.js was not written again");
      assert.is(served(p), p.read("dist/openapi.json"));
    } finally {
      p.remove();
    }
  });

  test(`tspc ${mode}: a route mistake fails every build until it is fixed`, () => {
    const p = project();
    try {
      const build = () => p.run(process.execPath, [TSPC, mode === "-b" ? "-b" : "-p", "tsconfig.json", ...(mode === "-b" ? [] : [mode])]);
      assert.is(build().status, 0);
      p.write("src/app.ts", app("/broken/{id}"));
      for (const attempt of ["first", "second, with nothing changed"]) {
        const run = build();
        assert.is.not(run.status, 0, `${attempt} build fails`);
        assert.match(run.output, /error TS91005/);
      }
      assert.equal(p.paths(), ["/first"]);
    } finally {
      p.remove();
    }
  });
}

test.run();
