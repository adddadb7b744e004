/**
 * The measured side of tests/bench/replan.ts: one whole-shop re-plan (`materialiseShopMetrics`)
 * in a process of its own, so the peak RSS it reports is the re-plan's process alone. Prints
 * exactly one JSON line on stdout.
 *
 *   tsx tests/bench/replan-child.ts <dbFile> <shop> <nowIso>
 */
import fs from "node:fs";

const [dbFile, shop, nowIso] = process.argv.slice(2);
if (!dbFile || !shop || !nowIso || Number.isNaN(Date.parse(nowIso))) {
  throw new Error("usage: tsx tests/bench/replan-child.ts <dbFile> <shop> <nowIso>");
}

/** CPU time this process used (user + system), ms: comparable even when other processes compete. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return Math.round((usage.user + usage.system) / 1000);
}

/**
 * Peak RSS of this process (VmHWM), MB. Not getrusage's maxRSS: on Linux that carries the RSS
 * the parent had when it forked (see sync-child.ts).
 */
function peakRssMb(): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"));
  if (!match) throw new Error("no VmHWM in /proc/self/status (the benchmark measures memory on Linux)");
  return Math.round(Number(match[1]) / 1024);
}

const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);

// The app's configuration, complete and valid (the re-plan reads DATABASE_URL through getEnv).
Object.assign(process.env, {
  NODE_ENV: "production",
  SHOPIFY_API_KEY: "bench-key",
  SHOPIFY_API_SECRET: "bench-secret",
  SHOPIFY_APP_URL: "https://backstop.bench",
  SCOPES: "read_orders,read_all_orders,read_products,read_inventory,read_customers",
  DATABASE_URL: `file:${dbFile}`,
  SHOPIFY_ADMIN_ORIGIN: "http://127.0.0.1:1",
  SYNC_SCHEDULER: "off",
  LOG_LEVEL: "warn",
});

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
