import Module from "node:module";
import path from "node:path";

/**
 * Loads `request` (the plugin) with `require("typescript")` giving the
 * compiler that is running the build, for the plugin's own modules.
 *
 * `tspc` runs TypeScript from an in-memory copy of its own. The plugin's
 * `import ts from "typescript"` would otherwise get typescript.js from disk:
 * a second compiler whose functions (visitors, factories, scanners) start
 * cold, while the running one's are already optimized by the build (about
 * 0.1 s on a large app). The instance ts-patch passes to plugins has the
 * whole public API (every key of typescript.js), and it is the one the
 * Program was built with, which the checker's flags and kinds must agree
 * with anyway. typescript-json-schema, loaded later and only if needed,
 * gets the same instance (single-typescript.ts).
 */
export function requireWithCompiler<T>(request: string, instance: object | undefined): T {
  // This module's own require: `request` is resolved from this folder, as the caller's (index.ts) would be.
  const load = () => require(request) as T;
  if (!instance) return load();
  let resolved: string;
  try {
    resolved = require.resolve("typescript");
  } catch {
    return load();
  }
  return withTypeScript(instance, [resolved], load);
}

/**
 * Runs `load` with require's cache giving `instance` for each of `files`
 * (the file names `require("typescript")` resolves to, from wherever it is
 * asked), and restores the cache afterwards: only modules loaded meanwhile
 * see the swap.
 */
export function withTypeScript<T>(instance: object, files: readonly string[], load: () => T): T {
  const shared = new Module(files[0]!, module);
  shared.filename = files[0]!;
  shared.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(files[0]!));
  shared.exports = instance;
  shared.loaded = true;
  const before = files.map((file) => require.cache[file]);
  for (const file of files) require.cache[file] = shared;
  try {
    return load();
  } finally {
    files.forEach((file, i) => {
      if (before[i]) require.cache[file] = before[i];
      else delete require.cache[file];
    });
  }
}
