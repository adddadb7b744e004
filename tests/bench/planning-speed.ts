/**
 * bench:planning — speed of the planning pass (everything except the optimiser) for a shop with
 * 50,000 SKUs × 365 days of history, beside the floor (a bare pass that only sums the same arrays),
 * and the split optimiser's time per SKU (median and p95 over 500 SKUs).
 * Targets: planning pass < 1 s; optimiser < 100 ms per SKU. Run: node_modules/.bin/tsx tests/bench/planning-speed.ts
 * Env: SKUS (default 50000), DAYS (365), OPT_SKUS (500), RUNS (9 measured passes after one warm-up).
 *
 * Every pass is measured for wall time, CPU time, V8 heap allocation and GC pauses (measure-pass.ts).
 * The machine is shared, so wall time is noisy: CPU time, allocation and the ratio to the floor
 * measured in the same run are the figures to compare between versions.
 */
import { loadavg } from "node:os";
import { optimiseSkuSplit, planShop, planShopStream, planSku, skuMetricsOf } from "~/planning/plan";
import type { DailyHistory } from "~/planning/types";
import { generateBenchSkus } from "./bench-skus";
import { measurePass, median, percentile, type PassMeasure } from "./measure-pass";

const SKUS = Number(process.env.SKUS ?? 50_000);
const DAYS = Number(process.env.DAYS ?? 365);
const OPT_SKUS = Number(process.env.OPT_SKUS ?? 500);
const RUNS = Number(process.env.RUNS ?? 9);
const AS_OF = "2026-06-01";
const SETTINGS = {};

/** The floor: read every day of every array the planning pass is given, and sum it. */
function barePass(histories: readonly DailyHistory[]): number {
  let total = 0;
  for (const h of histories) {
    const { units, revenueCents } = h;
    const repeat = h.repeatUnits as ArrayLike<number>;
    const available = h.availableAtStart as ArrayLike<number>;
    for (let i = 0; i < units.length; i += 1) total += units[i] + revenueCents[i] + repeat[i] + available[i];
  }
  return total;
}

/** One warm-up pass (reported as "first": JIT compilation included), then RUNS measured passes. */
function measureRuns<T>(fn: () => T): { first: PassMeasure<T>; runs: PassMeasure<T>[] } {
  const first = measurePass(fn);
  const runs: PassMeasure<T>[] = [];
  for (let r = 0; r < RUNS; r += 1) runs.push(measurePass(fn));
  return { first, runs };
}

function summarise(runs: readonly PassMeasure<unknown>[]) {
  const wall = runs.map((r) => r.wallMs);
  const cpu = runs.map((r) => r.cpuMs);
  return {
    wall: median(wall),
    wallMin: Math.min(...wall),
    wallP95: percentile(wall, 0.95),
    cpu: median(cpu),
    cpuMin: Math.min(...cpu),
    allocatedMb: median(runs.map((r) => r.allocatedMb)),
    gcPauses: median(runs.map((r) => r.gcPauses)),
    gcMs: median(runs.map((r) => r.gcMs)),
  };
}

const ms = (x: number): string => `${x.toFixed(0)} ms`;

const rows: [string, string, string][] = [];
const load = loadavg().map((x) => x.toFixed(1)).join(" / ");
console.log(`bench:planning — ${SKUS.toLocaleString("en-US")} SKUs × ${DAYS} days, 1 warm-up + ${RUNS} runs (load average before: ${load})`);

const started = performance.now();
const generated = generateBenchSkus({ skuCount: SKUS, days: DAYS, asOf: AS_OF, seed: 42 });
const inputs = generated.map((s) => s.input);
const histories = inputs.map((i) => i.history);
console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const floorRuns = measureRuns(() => barePass(histories));
const floor = summarise(floorRuns.runs);
// The materialiser's path: stream every SKU's full plan, keep the flat SkuMetrics row.
let flagged = 0;
const planRuns = measureRuns(() => {
  const metrics: ReturnType<typeof skuMetricsOf>[] = [];
  const summary = planShopStream(inputs, SETTINGS, AS_OF, (sku) => metrics.push(skuMetricsOf(sku)));
  flagged = summary.highPriorityShare;
  return metrics.length;
});
const plan = summarise(planRuns.runs);
// Everything kept in memory at once (planShop): adds the garbage collector's cost of 50k plans.
const memRuns: PassMeasure<number>[] = [];
for (let r = 0; r < Math.min(RUNS, 3); r += 1) memRuns.push(measurePass(() => planShop(inputs, SETTINGS, AS_OF).summary.skuCount));
const mem = summarise(memRuns);

rows.push(["floor: sum the same arrays", ms(floor.wall), `min ${ms(floor.wallMin)}; CPU ${ms(floor.cpu)}`]);
rows.push([
  "planning pass (planShopStream → rows)",
  ms(plan.wall),
  `min ${ms(plan.wallMin)}, p95 ${ms(plan.wallP95)}, first ${ms(planRuns.first.wallMs)}; ${((plan.wall * 1000) / SKUS).toFixed(1)} µs/SKU; ` +
    `${(plan.wall / floor.wall).toFixed(1)}× floor; target < 1000 ms: ${plan.wall < 1000 ? "met" : "MISSED"}`,
]);
rows.push([
  "  CPU, allocation, GC per pass",
  ms(plan.cpu),
  `CPU min ${ms(plan.cpuMin)}, ${(plan.cpu / floor.cpu).toFixed(1)}× floor CPU; ${plan.allocatedMb.toFixed(0)} MB allocated ` +
    `(${((plan.allocatedMb * 1024) / SKUS).toFixed(1)} KB/SKU); ${plan.gcPauses} GC pauses, ${ms(plan.gcMs)} in GC`,
]);
rows.push([
  "planning pass, all plans kept (planShop)",
  ms(mem.wall),
  `min ${ms(mem.wallMin)}; CPU ${ms(mem.cpu)}; ${mem.allocatedMb.toFixed(0)} MB allocated, ${mem.gcPauses} GC pauses, ${ms(mem.gcMs)} in GC ` +
    `(the difference is garbage collection of ${SKUS.toLocaleString("en-US")} retained plans)`,
]);

// Optimiser: SKUs that all have a qualified backup.
const optSkus = generateBenchSkus({ skuCount: OPT_SKUS, days: DAYS, asOf: AS_OF, seed: 4242, backupShare: 1 });
const optTimes: number[] = [];
let steps = 0;
for (let pass = 0; pass < 2; pass += 1) {
  for (const sku of optSkus) {
    const p = planSku(sku.input, SETTINGS, AS_OF);
    const t0 = performance.now();
    const result = optimiseSkuSplit(sku.input, p, SETTINGS);
    const elapsed = performance.now() - t0;
    if (pass === 1 && result) {
      optTimes.push(elapsed);
      steps += result.result.dayStepsSimulated;
    }
  }
}
rows.push([
  `optimiser per SKU (${optTimes.length} SKUs)`,
  `median ${median(optTimes).toFixed(1)} ms`,
  `p95 ${percentile(optTimes, 0.95).toFixed(1)} ms, max ${Math.max(...optTimes).toFixed(1)} ms; ${(steps / optTimes.length / 1000).toFixed(0)}k day-steps/SKU; target p95 < 100 ms: ${percentile(optTimes, 0.95) < 100 ? "met" : "MISSED"}`,
]);

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log("");
console.log(`${"measure".padEnd(w0)}  ${"median".padEnd(w1)}  notes`);
console.log(`${"-".repeat(w0)}  ${"-".repeat(w1)}  -----`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
const checksum = floorRuns.first.value;
console.log(
  `\nplanning pass wall times: ${planRuns.runs.map((r) => r.wallMs.toFixed(0)).join(", ")} ms; ` +
    `high-priority share: ${(flagged * 100).toFixed(1)}% of SKUs; checksum ${checksum > 0 ? "ok" : "?"}; ` +
    `load average after: ${loadavg().map((x) => x.toFixed(1)).join(" / ")}`,
);
