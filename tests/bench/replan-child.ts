/**
 * The measured side of tests/bench/replan.ts: one whole-shop re-plan (`materialiseShopMetrics`)
 * in a process of its own, so the peak RSS it reports is the re-plan's process alone. Prints
 * exactly one JSON line on stdout.
 *
 *   tsx tests/bench/replan-child.ts <dbFile> <shop> <nowIso>
 */
import { configureBenchApp, cpuMs, peakRssMb, rssMb } from "./child-measures";

const [dbFile, shop, nowIso] = process.argv.slice(2);
if (!dbFile || !shop || !nowIso || Number.isNaN(Date.parse(nowIso))) {
  throw new Error("usage: tsx tests/bench/replan-child.ts <dbFile> <shop> <nowIso>");
}

configureBenchApp(dbFile);

const { default: db } = await import("~/db.server");
const { materialiseShopMetrics } = await import("~/models/sku-metrics.server");
// The process as the app's would be after a sync: modules loaded, Prisma connected.
await db.shop.findUnique({ where: { domain: shop } });
const baselineRssMb = rssMb();
const peakBeforeMb = peakRssMb();

const started = performance.now();
const cpuBefore = cpuMs();
const { skuCount } = await materialiseShopMetrics(shop, new Date(nowIso));
const wallMs = Math.round(performance.now() - started);
const cpu = cpuMs() - cpuBefore;
const peakMb = peakRssMb();
const endRssMb = rssMb();
await db.$disconnect();
console.log(JSON.stringify({ wallMs, cpuMs: cpu, peakRssMb: peakMb, peakBeforeMb, baselineRssMb, endRssMb, skuCount }));
