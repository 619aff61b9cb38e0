/**
 * Preloaded (`node --require`) into each measured compiler process: on exit,
 * writes its peak memory (maxRSS, KiB) and wall time to $CALLSPEC_BENCH_OUT.
 */
import fs from "node:fs";

const out = process.env.CALLSPEC_BENCH_OUT;
const started = process.hrtime.bigint();
if (out) {
  process.on("exit", (code) => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    fs.writeFileSync(out, JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, code }));
  });
}
