/**
 * The measured side of `npm run bench:sync`, one process per measurement so each reports its own
 * peak RSS (the emulator lives in the parent). Prints exactly one JSON line on stdout.
 *
 *   tsx tests/bench/sync-child.ts install   <dbFile> <shop> <token> <scopes> <backfillMonths>
 *   tsx tests/bench/sync-child.ts sync      <dbFile> <origin> <shop> [--full]
 *   tsx tests/bench/sync-child.ts floor-parse <jsonlFile>
 *   tsx tests/bench/sync-child.ts floor-write <sourceDbFile> <targetDbFile> <shop>
 */
import fs from "node:fs";
import { configureBenchApp, cpuMs, peakRssMb, resetPeakRss, rssMb } from "./child-measures";
import v8 from "node:v8";

const [mode, ...args] = process.argv.slice(2);


async function install(dbFile: string, shop: string, token: string, scopes: string, backfillMonths: string): Promise<void> {
  configureBenchApp(dbFile);
  const { default: db } = await import("~/db.server");
  const { recordInstall } = await import("~/models/shop.server");
  await recordInstall(shop, scopes);
  await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: scopes, accessToken: token } });
  await db.shopSettings.update({ where: { shop }, data: { backfillMonths: Number(backfillMonths) } });
  console.log(JSON.stringify({ installed: shop }));
  await db.$disconnect();
}

async function sync(dbFile: string, origin: string, shop: string, full: boolean): Promise<void> {
  configureBenchApp(dbFile, origin);
  const { runSync } = await import("~/sync/sync-service.server");
  const { defaultSyncEnvironment } = await import("~/sync/sync-environment.server");
  const { default: db } = await import("~/db.server");
  // The process as the app's would be before a run: modules loaded, Prisma connected.
  await db.shop.findUnique({ where: { domain: shop } });
  const baselineRssMb = rssMb();
  // RSS when each state begins and its peak so far (VmHWM): where the memory goes, by phase.
  const memoryByState: Record<string, { rssMb: number; peakMb: number }> = {};
  const env = defaultSyncEnvironment({
    pollBaseMs: 100,
    pollMaxMs: 500,
    checkpoint: (name) => {
      if (name.startsWith("state:")) memoryByState[name.slice("state:".length)] = { rssMb: rssMb(), peakMb: peakRssMb() };
    },
  });
  // The re-plan after a successful run (env.afterSucceeded) is part of the end-to-end time; it is
  // also timed on its own, with its own peak RSS. BENCH_SKIP_REPLAN=1 leaves it out (profiling).
  const replan = process.env.BENCH_SKIP_REPLAN === "1" ? undefined : env.afterSucceeded;
  const figures = { syncPeakRssMb: 0, replanMs: 0, replanCpuMs: 0, replanPeakRssMb: 0, heapBeforeReplan: process.memoryUsage() };
  env.afterSucceeded = async (shopDomain) => {
    figures.syncPeakRssMb = peakRssMb();
    figures.heapBeforeReplan = process.memoryUsage();
    if (!replan) return;
    resetPeakRss();
    const replanStarted = performance.now();
    const replanCpuBefore = cpuMs();
    try {
      return await replan(shopDomain);
    } finally {
      figures.replanMs = Math.round(performance.now() - replanStarted);
      figures.replanCpuMs = cpuMs() - replanCpuBefore;
      figures.replanPeakRssMb = peakRssMb();
    }
  };
  // What the process holds when its RSS is highest (sampled every 500 ms): where the peak comes from.
  let atPeakRss: Record<string, number> = {};
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    if (usage.rss / 1048576 <= (atPeakRss.rssMb ?? 0)) return;
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((space) => [`${space.space_name}Mb`, Math.round(space.space_size / 1048576)]));
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    atPeakRss = { rssMb: mb(usage.rss), heapTotalMb: mb(usage.heapTotal), heapUsedMb: mb(usage.heapUsed), externalMb: mb(usage.external), arrayBuffersMb: mb(usage.arrayBuffers), ...spaces };
  }, 500);
  sampler.unref();
  const started = performance.now();
  const cpuBefore = cpuMs();
  const run = await runSync({ shop, trigger: "cli", full }, env);
  clearInterval(sampler);
  const wallMs = Math.round(performance.now() - started);
  const cpu = cpuMs() - cpuBefore;
  const peak = Math.max(figures.syncPeakRssMb, figures.replanPeakRssMb, peakRssMb());
  console.log(JSON.stringify({ wallMs, cpuMs: cpu, peakRssMb: peak, baselineRssMb, memoryByState, atPeakRss, ...figures, run }));
}

/** Floor (a): read the export and JSON.parse every line, nothing else. */
async function floorParse(file: string): Promise<void> {
  const { readJsonlLineBatches } = await import("~/shopify/jsonl");
  const started = performance.now();
  const cpuBefore = cpuMs();
  let lines = 0;
  let checksum = 0;
  for await (const batch of readJsonlLineBatches(fs.createReadStream(file, { highWaterMark: 1 << 20 }))) {
    for (const line of batch) {
      const row = JSON.parse(line) as { id?: string };
      checksum += row.id ? row.id.length : 0;
      lines += 1;
    }
  }
  console.log(JSON.stringify({ ms: Math.round(performance.now() - started), cpuMs: cpuMs() - cpuBefore, lines, checksum, peakRssMb: peakRssMb() }));
}

/**
 * Floor (b): the rows the sync wrote from the orders export (SalesOrder, SalesCustomerOrder and
 * DailySales), held in memory, written again by the fastest raw path: libsql prepared statements
 * of ROWS_PER_STATEMENT rows each (the per-call binding cost is paid per statement, not per row;
 * the values are laid out before the clock starts), in key order, into a fresh copy of the same
 * schema with a 64 MB page cache. SalesOrder and DailySales go in one transaction, timed on its
 * own: that is floor (b) as sessions 1–6 measured it, before the customer table (950,000 rows of
 * a million-order shop) was counted among "the same rows". The customer table follows in a
 * second transaction.
 */
const ROWS_PER_STATEMENT = 100;

/** `rows` as parameter lists of ROWS_PER_STATEMENT rows each, and the rows left over. */
function grouped(rows: unknown[][]): { full: unknown[][]; rest: unknown[][] } {
  const full: unknown[][] = [];
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) full.push(rows.slice(i, i + ROWS_PER_STATEMENT).flat());
  return { full, rest: rows.slice(i) };
}

async function floorWrite(sourceDb: string, targetDb: string, shop: string): Promise<void> {
  const { default: Database } = await import("libsql");
  const source = new Database(sourceDb, { readonly: true });
  const orders = grouped(source.prepare(`SELECT * FROM "SalesOrder" WHERE "shop" = ?`).raw(true).all(shop) as unknown[][]);
  const customers = grouped(
    source
      .prepare(`SELECT "shop", "customerHash", "orderId", "processedAt", "isCounted" FROM "SalesCustomerOrder" WHERE "shop" = ? ORDER BY "customerHash", "orderId"`)
      .raw(true)
      .all(shop) as unknown[][],
  );
  const sales = grouped(source.prepare(`SELECT * FROM "DailySales" WHERE "shop" = ?`).raw(true).all(shop) as unknown[][]);
  source.close();
  const target = new Database(targetDb);
  target.exec("PRAGMA journal_mode = WAL");
  target.exec("PRAGMA synchronous = NORMAL");
  target.exec("PRAGMA cache_size = -65536");
  const values = (rows: number, columns: number) => Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => "?").join(", ")})`).join(", ");
  const insertOrders = (rows: number) =>
    target.prepare(`INSERT INTO "SalesOrder" ("shop", "id", "processedAt", "day", "shopifyUpdatedAt", "isCounted", "customerHash", "linesJson") VALUES ${values(rows, 8)}`);
  const insertCustomers = (rows: number) =>
    target.prepare(`INSERT INTO "SalesCustomerOrder" ("shop", "customerHash", "orderId", "processedAt", "isCounted") VALUES ${values(rows, 5)}`);
  const insertSales = (rows: number) =>
    target.prepare(`INSERT INTO "DailySales" ("shop", "variantId", "day", "units", "revenueCents", "orders", "repeatUnits") VALUES ${values(rows, 7)}`);
  const [ordersMany, ordersOne, customersMany, customersOne, salesMany, salesOne] = [
    insertOrders(ROWS_PER_STATEMENT),
    insertOrders(1),
    insertCustomers(ROWS_PER_STATEMENT),
    insertCustomers(1),
    insertSales(ROWS_PER_STATEMENT),
    insertSales(1),
  ];
  const started = performance.now();
  const cpuBefore = cpuMs();
  target.exec("BEGIN");
  for (const params of orders.full) ordersMany.run(params);
  for (const params of orders.rest) ordersOne.run(params);
  for (const params of sales.full) salesMany.run(params);
  for (const params of sales.rest) salesOne.run(params);
  target.exec("COMMIT");
  const withoutCustomersMs = Math.round(performance.now() - started);
  target.exec("BEGIN");
  for (const params of customers.full) customersMany.run(params);
  for (const params of customers.rest) customersOne.run(params);
  target.exec("COMMIT");
  const ms = Math.round(performance.now() - started);
  const cpu = cpuMs() - cpuBefore;
  target.close();
  const count = (g: { full: unknown[][]; rest: unknown[][] }) => g.full.length * ROWS_PER_STATEMENT + g.rest.length;
  console.log(
    JSON.stringify({ ms, cpuMs: cpu, withoutCustomersMs, salesOrders: count(orders), customerOrders: count(customers), dailySales: count(sales), peakRssMb: peakRssMb() }),
  );
}

async function main(): Promise<void> {
  switch (mode) {
    case "install":
      return install(args[0], args[1], args[2], args[3], args[4]);
    case "sync":
      return sync(args[0], args[1], args[2], args.includes("--full"));
    case "floor-parse":
      return floorParse(args[0]);
    case "floor-write":
      return floorWrite(args[0], args[1], args[2]);
    default:
      throw new Error(`unknown mode "${mode}"`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
