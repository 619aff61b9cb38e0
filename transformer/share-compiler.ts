import Module from "node:module";
import path from "node:path";

/**
 * Loads `request` (the plugin) with `require("typescript")` giving the
 * compiler that is running the build, for the plugin's modules and
 * typescript-json-schema alike.
 *
 * `tspc` runs TypeScript from an in-memory copy of its own. The plugin's
 * `import ts from "typescript"` would otherwise get typescript.js from disk:
 * a second compiler whose functions (visitors, factories, scanners) start
 * cold, while the running one's are already optimized by the build (about
 * 0.1 s on a large app). The instance ts-patch passes to plugins has the
 * whole public API (every key of typescript.js), and it is the one the
 * Program was built with, which the checker's flags and kinds must agree
 * with anyway (single-typescript.ts). require's cache is restored afterwards:
 * only modules loaded here see the swap.
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
  const before = require.cache[resolved];
  const shared = new Module(resolved, module);
  shared.filename = resolved;
  shared.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(resolved));
  shared.exports = instance;
  shared.loaded = true;
  require.cache[resolved] = shared;
  try {
    return load();
  } finally {
    if (before) require.cache[resolved] = before;
    else delete require.cache[resolved];
  }
}
