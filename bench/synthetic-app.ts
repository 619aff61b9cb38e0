import fs from "node:fs";
import path from "node:path";

/** The sizes the benchmark measures: models, and two routes per model. */
export const SIZES = { S: 20, M: 200, L: 1000 } as const;
export type Size = keyof typeof SIZES;

const PER_FILE = 50;

/**
 * Writes a synthetic Callspec app into `dir`: `models` interfaces (nested
 * objects, optional fields, literal unions, arrays, Date, a generic Page<T>),
 * two routes each (path/query/body parameters, async handlers), and one
 * callback router per ten routes. Models and routes are spread over files of
 * 50, so that a one-line change touches one small file, as in a real app.
 */
export function writeSyntheticApp(dir: string, models: number, nodeModules: string): void {
  fs.mkdirSync(path.join(dir, "src", "models"), { recursive: true });
  fs.mkdirSync(path.join(dir, "src", "routes"), { recursive: true });
  if (!fs.existsSync(path.join(dir, "node_modules"))) fs.symlinkSync(nodeModules, path.join(dir, "node_modules"), "dir");

  const compilerOptions = { target: "ES2022", module: "node16", moduleResolution: "node16", strict: true, skipLibCheck: true, types: [], rootDir: "src" };
  const tsconfig = (outDir: string, plugins: object[]) => JSON.stringify({ compilerOptions: { ...compilerOptions, outDir, plugins }, include: ["src"] }, null, 2);
  fs.writeFileSync(path.join(dir, "tsconfig.plugin.json"), tsconfig("dist-plugin", [{ transform: "callspec/transformer" }]));
  fs.writeFileSync(path.join(dir, "tsconfig.plain.json"), tsconfig("dist-plain", []));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), tsconfig("dist-cli", []));

  fs.writeFileSync(
    path.join(dir, "src", "app.ts"),
    `import { App } from "callspec";

/** A page of results. */
export interface Page<T> {
  items: T[];
  total: number;
  next?: string;
}

export const app = new App({ title: "Synthetic", version: "1.0.0" });
`,
  );

  for (let first = 0; first < models; first += PER_FILE) {
    const ids = range(first, Math.min(first + PER_FILE, models));
    fs.writeFileSync(path.join(dir, "src", "models", `models_${first}.ts`), ids.map(modelSource).join("\n"));
    fs.writeFileSync(path.join(dir, "src", "routes", `routes_${first}.ts`), routesSource(ids));
  }
}

/** The file a watch-mode benchmark edits: the first model file. */
export function firstModelFile(dir: string): string {
  return path.join(dir, "src", "models", "models_0.ts");
}

function modelSource(i: number): string {
  // A reference to the previous model of the same file: named types referring to named types.
  const related = i % PER_FILE > 0 ? `\n  related?: Model${i - 1};` : "";
  return `/** Model number ${i}. */
export interface Model${i} {
  id: string;
  name: string;
  count?: number;
  status: "active" | "inactive" | "pending";
  tags: string[];
  created: Date;
  address: {
    street: string;
    city?: string;
    zip: number;
  };
  lines: Line${i}[];${related}
}

export interface Line${i} {
  sku: string;
  quantity: number;
  note?: string | null;
}
`;
}

function routesSource(ids: number[]): string {
  const modelFile = `../models/models_${ids[0]}.js`;
  const imports = ids.flatMap((i) => [`Model${i}`]).join(", ");
  const lines = [
    `import { APIRouter, type HttpUrl } from "callspec";`,
    `import { app, type Page } from "../app.js";`,
    `import type { ${imports} } from "${modelFile}";`,
    "",
  ];
  for (const i of ids) {
    // One callback router per ten routes (two routes per model: one per five models).
    const withCallback = i % 5 === 0;
    if (withCallback) {
      lines.push(
        `export const events${i} = new APIRouter();`,
        `events${i}.post("{$request.query.callback_url}/events/{$request.body#/id}", function model${i}_event(event: Model${i}): { ok: boolean } {`,
        `  return { ok: true };`,
        `});`,
      );
    }
    lines.push(
      `app.get("/models${i}/{id}", async function get_model${i}(id: string, expand?: boolean, limit: number = 10): Promise<Model${i}> {`,
      `  return {} as Model${i};`,
      `});`,
      withCallback
        ? `app.post("/models${i}", { callbacks: events${i}.routes }, async function create_model${i}(model: Model${i}, dry_run?: boolean, callback_url?: HttpUrl): Promise<Page<Model${i}>> {`
        : `app.post("/models${i}", async function create_model${i}(model: Model${i}, dry_run?: boolean): Promise<Page<Model${i}>> {`,
      `  return { items: [model], total: 1 };`,
      `});`,
      "",
    );
  }
  return lines.join("\n");
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}
