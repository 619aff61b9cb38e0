import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT } from "./compile";

export interface Run {
  status: number | null;
  output: string;
}

/** A throwaway project folder with the given files; removed by `remove`. */
export function temporaryProject(files: Record<string, string>, prefix = "callspec-project-") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return {
    dir,
    file: (name: string) => path.join(dir, name),
    read: (name: string) => fs.readFileSync(path.join(dir, name), "utf8"),
    exists: (name: string) => fs.existsSync(path.join(dir, name)),
    write: (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text),
    run: (command: string, args: string[], timeout = 120_000, env: Record<string, string> = {}): Run => {
      const result = spawnSync(command, args, { cwd: dir, encoding: "utf8", timeout, env: { ...process.env, NO_COLOR: "1", ...env } });
      return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}` };
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export type Project = ReturnType<typeof temporaryProject>;

/**
 * A temporary project that finds callspec, typescript and ts-patch as an
 * installed project would: in its node_modules (a link to this repository's).
 */
export function linkedProject(files: Record<string, string>) {
  const p = temporaryProject(files);
  fs.symlinkSync(path.join(ROOT, "node_modules"), p.file("node_modules"), "dir");
  return p;
}

/** The tsconfig snippet of README.md (the block after "<!-- tsconfig -->"): tests use what users copy. */
export function readmeTsconfig(readme: string): string {
  const match = /<!-- tsconfig -->\s*```jsonc?\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error("README.md has no tsconfig snippet after <!-- tsconfig -->");
  return match[1]!;
}
