/**
 * A user's mistake in their routes is a TypeScript diagnostic (file:line:col,
 * a stable code, a message naming the fix), and the previous openapi.json is
 * left as it was. Each folder of test/fixtures-invalid is valid TypeScript
 * with a Callspec mistake; expected.txt is what tsc prints for it.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { caseFolders, compileWithPlugin, formatDiagnostics, pluginOptions, ROOT, sourcesIn } from "./support/compile";

const FIXTURES = path.join(ROOT, "test", "fixtures-invalid");
const PREVIOUS_SPEC = '{ "openapi": "3.1.0", "note": "the spec of the last good build" }\n';

for (const name of caseFolders(FIXTURES)) {
  const dir = path.join(FIXTURES, name);
  test(`${name}: reported as diagnostics, previous openapi.json kept`, () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "callspec-invalid-"));
    fs.writeFileSync(path.join(outDir, "openapi.json"), PREVIOUS_SPEC);
    const compiled = compileWithPlugin(sourcesIn(dir), pluginOptions(dir), outDir);
    try {
      assert.is(formatDiagnostics(compiled.typeErrors, dir), "", "the fixture is valid TypeScript: the mistake is Callspec's to find");
      const printed = formatDiagnostics(compiled.diagnostics, dir);
      const expectedFile = path.join(dir, "expected.txt");
      if (process.env.UPDATE) fs.writeFileSync(expectedFile, printed);
      assert.ok(printed.length > 0, "at least one diagnostic");
      assert.fixture(printed, fs.readFileSync(expectedFile, "utf8"));
      assert.is(compiled.spec, PREVIOUS_SPEC, "openapi.json untouched");
      assert.equal(fs.readdirSync(outDir), ["openapi.json"], "no temporary file left behind");
    } finally {
      compiled.cleanup();
    }
  });
}

test.run();
