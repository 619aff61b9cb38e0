/**
 * `npm run bench`: the plugin's cost on top of the build, measured side by
 * side in one run, alternating, medians of several runs (the machine is
 * shared and noisy: read the ratios, not the seconds).
 *
 *   node dist/bench/run.js [--sizes S,M,L] [--runs 3] [--out bench/results/latest.json]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import ts from "typescript";
import { firstModelFile, SIZES, writeSyntheticApp, type Size } from "./synthetic-app";

const ROOT = path.resolve(__dirname, "..", "..");
const NODE_MODULES = path.join(ROOT, "node_modules");
const TSPC = path.join(NODE_MODULES, "ts-patch", "bin", "tspc.js");
const TSC = path.join(NODE_MODULES, "typescript", "bin", "tsc");
const CLI = path.join(ROOT, "dist", "transformer", "cli.js");
const HOOK = path.join(__dirname, "rss-hook.js");

interface Sample {
  ms: number;
  maxRssKiB: number;
}

interface Comparison {
  size: Size;
  measure: string;
  baseline: string;
  subject: string;
  baselineMs: number;
  subjectMs: number;
  ratio: number;
  addedMs: number;
  baselineRssMiB?: number;
  subjectRssMiB?: number;
  rssRatio?: number;
  runs: number;
}

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "S,M,L" },
    runs: { type: "string", default: "3" },
    out: { type: "string", default: path.join(ROOT, "bench", "results", "latest.json") },
  },
});
const sizes = values.sizes!.split(",").map((s) => s.trim() as Size);
const runs = Number(values.runs);

/** One compiler process: wall time measured here, peak memory reported by the preloaded hook. */
function measure(args: string[], cwd: string): Sample {
  const out = path.join(os.tmpdir(), `callspec-bench-${process.pid}-${Date.now()}.json`);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--require", HOOK, ...args], { cwd, encoding: "utf8", env: { ...process.env, CALLSPEC_BENCH_OUT: out } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  const { maxRssKiB } = JSON.parse(fs.readFileSync(out, "utf8"));
  fs.rmSync(out, { force: true });
  return { ms, maxRssKiB };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs baseline and subject alternately (after one warm-up each) and compares medians. */
function compare(size: Size, measureName: string, baseline: [string, string[]], subject: [string, string[]], cwd: string): Comparison {
  measure(baseline[1], cwd);
  measure(subject[1], cwd);
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    // Alternate which goes first, so that neither always runs on a warmer machine.
    if (run % 2 === 0) {
      a.push(measure(baseline[1], cwd));
      b.push(measure(subject[1], cwd));
    } else {
      b.push(measure(subject[1], cwd));
      a.push(measure(baseline[1], cwd));
    }
  }
  const baselineMs = median(a.map((s) => s.ms));
  const subjectMs = median(b.map((s) => s.ms));
  const baselineRss = median(a.map((s) => s.maxRssKiB)) / 1024;
  const subjectRss = median(b.map((s) => s.maxRssKiB)) / 1024;
  return {
    size,
    measure: measureName,
    baseline: baseline[0],
    subject: subject[0],
    baselineMs,
    subjectMs,
    ratio: subjectMs / baselineMs,
    addedMs: subjectMs - baselineMs,
    baselineRssMiB: baselineRss,
    subjectRssMiB: subjectRss,
    rssRatio: subjectRss / baselineRss,
    runs,
  };
}

/** A `tspc --watch` process and a way to time one rebuild. */
async function startWatcher(cwd: string, tsconfig: string) {
  const child = spawn(process.execPath, [TSPC, "-w", "--preserveWatchOutput", "-p", tsconfig], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const waiters: (() => void)[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (/Watching for file changes/.test(output)) {
      const found = output;
      output = "";
      if (/Found [1-9]\d* errors?/.test(found)) console.error(found);
      waiters.splice(0).forEach((resolve) => resolve());
    }
  });
  const nextBuild = () => new Promise<void>((resolve) => waiters.push(resolve));
  await nextBuild();
  return {
    /** Edits `file` with `edit`, and resolves with the milliseconds until the rebuild has finished. */
    async rebuild(file: string, edit: (text: string) => string): Promise<number> {
      const done = nextBuild();
      const started = process.hrtime.bigint();
      fs.writeFileSync(file, edit(fs.readFileSync(file, "utf8")));
      await done;
      return Number(process.hrtime.bigint() - started) / 1e6;
    },
    stop: () => child.kill(),
  };
}

/** A watch rebuild after a one-line type change in one model file, with and without the plugin, alternating. */
async function compareWatch(size: Size, base: string): Promise<Comparison> {
  const plainDir = path.join(base, `${size}-watch-plain`);
  const pluginDir = path.join(base, `${size}-watch-plugin`);
  writeSyntheticApp(plainDir, SIZES[size], NODE_MODULES);
  writeSyntheticApp(pluginDir, SIZES[size], NODE_MODULES);
  const plain = await startWatcher(plainDir, "tsconfig.plain.json");
  const plugin = await startWatcher(pluginDir, "tsconfig.plugin.json");
  // The one-line change: a field's type, toggled, so every rebuild changes a type.
  const toggle = (text: string) => (text.includes("count?: number | null;") ? text.replace("count?: number | null;", "count?: number;") : text.replace("count?: number;", "count?: number | null;"));
  const a: number[] = [];
  const b: number[] = [];
  try {
    await plain.rebuild(firstModelFile(plainDir), toggle);
    await plugin.rebuild(firstModelFile(pluginDir), toggle);
    for (let run = 0; run < runs; run++) {
      a.push(await plain.rebuild(firstModelFile(plainDir), toggle));
      b.push(await plugin.rebuild(firstModelFile(pluginDir), toggle));
    }
  } finally {
    plain.stop();
    plugin.stop();
  }
  const baselineMs = median(a);
  const subjectMs = median(b);
  return { size, measure: "watch rebuild", baseline: "tspc -w", subject: "tspc -w + plugin", baselineMs, subjectMs, ratio: subjectMs / baselineMs, addedMs: subjectMs - baselineMs, runs };
}

async function main(): Promise<void> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "callspec-bench-"));
  const results: Comparison[] = [];
  try {
    for (const size of sizes) {
      const dir = path.join(base, size);
      writeSyntheticApp(dir, SIZES[size], NODE_MODULES);
      console.error(`${size}: ${SIZES[size]} models, ${SIZES[size] * 2} routes, in ${dir}`);
      results.push(compare(size, "build", ["tspc", [TSPC, "-p", "tsconfig.plain.json"]], ["tspc + plugin", [TSPC, "-p", "tsconfig.plugin.json"]], dir));
      if (fs.existsSync(CLI)) {
        results.push(compare(size, "spec only", ["tsc --noEmit", [TSC, "--noEmit", "-p", "tsconfig.json"]], ["callspec generate", [CLI, "generate", "-p", "tsconfig.json", "-o", "cli-openapi.json"]], dir));
      }
      results.push(await compareWatch(size, base));
      console.error(format(results.filter((r) => r.size === size)));
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  const report = {
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, typescript: ts.version, platform: `${os.platform()} ${os.release()}` },
    runs,
    results,
  };
  fs.mkdirSync(path.dirname(values.out!), { recursive: true });
  fs.writeFileSync(values.out!, JSON.stringify(report, null, 2) + "\n");
  console.log(format(results));
  console.log(`\n${report.date.slice(0, 10)}, ${report.machine.cpu} (${report.machine.cores} cores), Node ${report.machine.node}, TypeScript ${report.machine.typescript}; medians of ${runs} runs. Written to ${path.relative(process.cwd(), values.out!)}`);
}

/** The results as a Markdown table (the README shows the latest). */
export function format(results: Comparison[]): string {
  const s = (ms: number) => (ms / 1000).toFixed(2) + " s";
  const lines = ["| size | measure | baseline | with Callspec | ratio | added | peak memory (baseline → with) |", "|---|---|---|---|---|---|---|"];
  for (const r of results) {
    const memory = r.rssRatio === undefined ? "—" : `${r.baselineRssMiB!.toFixed(0)} → ${r.subjectRssMiB!.toFixed(0)} MiB (${r.rssRatio.toFixed(2)}×)`;
    lines.push(`| ${r.size} | ${r.measure}: ${r.subject} vs ${r.baseline} | ${s(r.baselineMs)} | ${s(r.subjectMs)} | ${r.ratio.toFixed(2)}× | ${s(r.addedMs)} | ${memory} |`);
  }
  return lines.join("\n");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
