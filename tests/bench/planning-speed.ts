/**
 * bench:planning — speed of the planning pass (everything except the optimiser) for a shop with
 * 50,000 SKUs × 365 days of history, beside the floor (a bare pass that only sums the same arrays),
 * and the split optimiser's time per SKU (median and p95 over 500 SKUs).
 * Targets: planning pass < 1 s; optimiser < 100 ms per SKU. Run: node_modules/.bin/tsx tests/bench/planning-speed.ts
 * Env: SKUS (default 50000), DAYS (365), OPT_SKUS (500), RUNS (5).
 */
import { loadavg } from "node:os";
import { optimiseSkuSplit, planShop, planShopStream, planSku, skuMetricsOf } from "~/planning/plan";
import type { DailyHistory } from "~/planning/types";
import { generateBenchSkus } from "./bench-skus";

const SKUS = Number(process.env.SKUS ?? 50_000);
const DAYS = Number(process.env.DAYS ?? 365);
const OPT_SKUS = Number(process.env.OPT_SKUS ?? 500);
const RUNS = Number(process.env.RUNS ?? 5);
const AS_OF = "2026-06-01";
const SETTINGS = {};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

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

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

const rows: [string, string, string][] = [];
const load = loadavg().map((x) => x.toFixed(1)).join(" / ");
console.log(`bench:planning — ${SKUS.toLocaleString("en-US")} SKUs × ${DAYS} days, ${RUNS} runs (load average before: ${load})`);

const gen = time(() => generateBenchSkus({ skuCount: SKUS, days: DAYS, asOf: AS_OF, seed: 42 }));
const inputs = gen.value.map((s) => s.input);
const histories = inputs.map((i) => i.history);
console.log(`generated in ${(gen.ms / 1000).toFixed(1)} s`);

const floorTimes: number[] = [];
let checksum = 0;
for (let r = 0; r < RUNS; r += 1) {
  const t = time(() => barePass(histories));
  floorTimes.push(t.ms);
  checksum += t.value;
}
// The materialiser's path: stream every SKU's full plan, keep the flat SkuMetrics row.
const planTimes: number[] = [];
let flagged = 0;
for (let r = 0; r < RUNS; r += 1) {
  const metrics: ReturnType<typeof skuMetricsOf>[] = [];
  const t = time(() => planShopStream(inputs, SETTINGS, AS_OF, (sku) => metrics.push(skuMetricsOf(sku))));
  planTimes.push(t.ms);
  flagged = t.value.highPriorityShare;
}
// Everything kept in memory at once (planShop): adds the garbage collector's cost of 50k plans.
const memTimes: number[] = [];
for (let r = 0; r < Math.min(RUNS, 3); r += 1) memTimes.push(time(() => planShop(inputs, SETTINGS, AS_OF).summary.skuCount).ms);
const floor = median(floorTimes);
const plan = median(planTimes);
const mem = median(memTimes);
rows.push(["floor: sum the same arrays", `${floor.toFixed(0)} ms`, `min ${Math.min(...floorTimes).toFixed(0)} ms`]);
rows.push([
  "planning pass (planShopStream → rows)",
  `${plan.toFixed(0)} ms`,
  `min ${Math.min(...planTimes).toFixed(0)} / first ${planTimes[0].toFixed(0)} ms; ${((plan * 1000) / SKUS).toFixed(1)} µs/SKU; ${(plan / floor).toFixed(1)}× floor; target < 1000 ms: ${plan < 1000 ? "met" : "MISSED"}`,
]);
rows.push(["planning pass, all plans kept (planShop)", `${mem.toFixed(0)} ms`, `min ${Math.min(...memTimes).toFixed(0)} ms; the difference is garbage collection of ${SKUS.toLocaleString("en-US")} retained plans`]);

// Optimiser: SKUs that all have a qualified backup.
const optSkus = generateBenchSkus({ skuCount: OPT_SKUS, days: DAYS, asOf: AS_OF, seed: 4242, backupShare: 1 });
const optTimes: number[] = [];
let steps = 0;
for (let pass = 0; pass < 2; pass += 1) {
  for (const sku of optSkus) {
    const p = planSku(sku.input, SETTINGS, AS_OF);
    const t = time(() => optimiseSkuSplit(sku.input, p, SETTINGS));
    if (pass === 1 && t.value) {
      optTimes.push(t.ms);
      steps += t.value.result.dayStepsSimulated;
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
console.log(`${"measure".padEnd(w0)}  ${"time".padEnd(w1)}  notes`);
console.log(`${"-".repeat(w0)}  ${"-".repeat(w1)}  -----`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
console.log(`\nhigh-priority share: ${(flagged * 100).toFixed(1)}% of SKUs; checksum ${checksum > 0 ? "ok" : "?"}; load average after: ${loadavg().map((x) => x.toFixed(1)).join(" / ")}`);
