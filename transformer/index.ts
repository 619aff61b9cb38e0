import type ts from "typescript";
import type { TransformerExtras } from "ts-patch";
import type { CallspecPluginConfig } from "./plugin";
import { requireWithCompiler } from "./share-compiler";

export type { CallspecPluginConfig } from "./plugin";

/** Loaded on the first call (once per process: each watch rebuild calls again). */
let plugin: typeof import("./plugin") | undefined;

/**
 * The ts-patch entry (`{ "transform": "callspec/transformer" }`). It loads
 * nothing until the build calls it: the plugin then runs on the compiler that
 * is building (ts-patch hands it over), instead of a second copy of
 * TypeScript from disk (see share-compiler.ts).
 */
export default function callspecTransformer(program: ts.Program, config?: CallspecPluginConfig, extras?: TransformerExtras) {
  plugin ??= requireWithCompiler<typeof import("./plugin")>("./plugin", extras?.ts);
  return plugin.callspecTransformer(program, config, extras);
}

