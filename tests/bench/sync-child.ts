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

const [mode, ...args] = process.argv.slice(2);

/** CPU time this process used (user + system), ms: comparable even when other processes compete. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return Math.round((usage.user + usage.system) / 1000);
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function configure(dbFile: string, origin = "http://127.0.0.1:1"): void {
  // The sync reads its configuration like the app does; these are a complete, valid set.
  Object.assign(process.env, {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench-key",
    SHOPIFY_API_SECRET: "bench-secret",
    SHOPIFY_APP_URL: "https://backstop.bench",
    SCOPES: "read_orders,read_all_orders,read_products,read_inventory,read_customers",
    DATABASE_URL: `file:${dbFile}`,
    SHOPIFY_ADMIN_ORIGIN: origin,
    SYNC_SCHEDULER: "off",
    LOG_LEVEL: "warn",
  });
}

async function install(dbFile: string, shop: string, token: string, scopes: string, backfillMonths: string): Promise<void> {
  configure(dbFile);
  const { default: db } = await import("~/db.server");
  const { recordInstall } = await import("~/models/shop.server");
  await recordInstall(shop, scopes);
  await db.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: scopes, accessToken: token } });
  await db.shopSettings.update({ where: { shop }, data: { backfillMonths: Number(backfillMonths) } });
  console.log(JSON.stringify({ installed: shop }));
  await db.$disconnect();
}

async function sync(dbFile: string, origin: string, shop: string, full: boolean): Promise<void> {
  configure(dbFile, origin);
  // Where the memory goes (stderr, for whoever tunes this): peaks of V8 heap and off-heap memory.
  const peaks = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0, rssMb: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peaks.heapUsedMb = Math.max(peaks.heapUsedMb, Math.round(m.heapUsed / 1048576));
    peaks.heapTotalMb = Math.max(peaks.heapTotalMb, Math.round(m.heapTotal / 1048576));
    peaks.externalMb = Math.max(peaks.externalMb, Math.round(m.external / 1048576));
    peaks.rssMb = Math.max(peaks.rssMb, Math.round(m.rss / 1048576));
  }, 100);
  sampler.unref();
  const { runSync } = await import("~/sync/sync-service.server");
  const { defaultSyncEnvironment } = await import("~/sync/sync-environment.server");
  const started = performance.now();
  const cpuBefore = cpuMs();
  const run = await runSync({ shop, trigger: "cli", full }, defaultSyncEnvironment({ pollBaseMs: 100, pollMaxMs: 500 }));
  const wallMs = Math.round(performance.now() - started);
  clearInterval(sampler);
  console.error(`sync child memory peaks: ${JSON.stringify(peaks)}`);
  console.log(JSON.stringify({ wallMs, cpuMs: cpuMs() - cpuBefore, peakRssMb: peakRssMb(), memory: peaks, run }));
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
 * Floor (b): the rows the sync wrote (SalesOrder and DailySales), held in memory, written again by
 * the fastest raw path: libsql prepared statements, one transaction, into a fresh copy of the
 * same schema with the same pragmas the sync uses.
 */
async function floorWrite(sourceDb: string, targetDb: string, shop: string): Promise<void> {
  const { default: Database } = await import("libsql");
  const source = new Database(sourceDb, { readonly: true });
  const orders = source.prepare(`SELECT * FROM "SalesOrder" WHERE "shop" = ?`).raw(true).all(shop) as unknown[][];
  const sales = source.prepare(`SELECT * FROM "DailySales" WHERE "shop" = ?`).raw(true).all(shop) as unknown[][];
  source.close();
  const target = new Database(targetDb);
  target.exec("PRAGMA journal_mode = WAL");
  target.exec("PRAGMA synchronous = NORMAL");
  target.exec("PRAGMA cache_size = -65536");
  const insertOrder = target.prepare(
    `INSERT INTO "SalesOrder" ("shop", "id", "processedAt", "day", "shopifyUpdatedAt", "isCounted", "customerHash", "linesJson") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSales = target.prepare(
    `INSERT INTO "DailySales" ("shop", "variantId", "day", "units", "revenueCents", "orders", "repeatUnits") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const started = performance.now();
  const cpuBefore = cpuMs();
  target.exec("BEGIN");
  for (const row of orders) insertOrder.run(...row);
  for (const row of sales) insertSales.run(...row);
  target.exec("COMMIT");
  const ms = Math.round(performance.now() - started);
  const cpu = cpuMs() - cpuBefore;
  target.close();
  console.log(JSON.stringify({ ms, cpuMs: cpu, salesOrders: orders.length, dailySales: sales.length, peakRssMb: peakRssMb() }));
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
