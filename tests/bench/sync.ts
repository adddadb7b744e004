/**
 * Benchmark (not a test) for issue 4: `npm run bench:sync [-- --preset bench] [--no-incremental]`.
 *
 * The parent process generates the store and runs the emulator; every measured step runs in its
 * own child process (tests/bench/sync-child.ts) so its peak RSS is its own:
 *  1. backfill: the real sync (`runSync --full`) end to end against the emulator over HTTP:
 *     shop profile, bulk export (the emulator writes the JSONL meanwhile), paged catalog,
 *     streaming download + writes, DailySales rebuild;
 *  2. floor (a): read the same JSONL file and JSON.parse every line, nothing else;
 *  3. floor (b): the rows the sync wrote from the export (SalesOrder, SalesCustomerOrder,
 *     DailySales), written again by raw libsql prepared statements (100 rows per statement) into a
 *     fresh copy of the schema; SalesOrder + DailySales (floor (b) until session 7) also on its own;
 *  4. an incremental day: 10,000 changed orders (refunds, cancellations, edits, test flags, new
 *     orders), then the real incremental sync.
 * After 1 and 4 the DailySales table is compared with the generator's ground truth (untimed).
 *
 * The measured processes run the child built like production code (node, no tsx; `--tsx` runs it
 * through tsx instead). Options: `--orders N` (the preset's shop and catalog with N orders), `--changed N` (orders the
 * incremental day changes), `--no-incremental`, `--keep` (leave the databases and the exports in
 * the temporary folder, for profiling). The measured processes get production's Node flags
 * (scripts/production-node-flags.ts); BENCH_CHILD_NODE_OPTIONS (e.g. "--cpu-prof
 * --cpu-prof-dir=/tmp/prof") profiles the measured processes; BENCH_SKIP_REPLAN=1 leaves out the
 * re-plan after the sync (profiling the sync alone; never set for reported figures).
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "libsql";
import { startEmulator } from "../shopify-emulator/server";
import {
  addOrder,
  cancelOrder,
  computeGroundTruth,
  editRemoveUnits,
  generateStore,
  isPresetName,
  presetOptions,
  markTest,
  refundLine,
  type StoreData,
} from "../shopify-emulator/store";
import { PRODUCTION_NODE_FLAGS } from "../../scripts/production-node-flags";
import { buildLikeTheWorker } from "../support/worker-build";

const MB = 1024 * 1024;
const args = process.argv.slice(2);
const presetArg = args.includes("--preset") ? args[args.indexOf("--preset") + 1] : "bench";
const withIncremental = !args.includes("--no-incremental");
const INCREMENTAL_ORDERS = Number(args.includes("--changed") ? args[args.indexOf("--changed") + 1] : 10_000);
/** --orders N: the preset's shop and catalog with N orders instead (for profiling at other sizes). */
const ORDER_COUNT = args.includes("--orders") ? Number(args[args.indexOf("--orders") + 1]) : null;
/** --keep: leave the databases and the orders export in the temporary folder (for profiling). */
const KEEP = args.includes("--keep");

function memoryByState(result: ChildResult): string {
  const states = result.memoryByState as Record<string, { rssMb: number; peakMb: number }>;
  return Object.entries(states)
    .map(([state, { rssMb, peakMb }]) => `${state} ${rssMb}/${peakMb}`)
    .join(", ");
}

interface ChildResult {
  [key: string]: unknown;
  peakRssMb: number;
}

/**
 * The measured processes run sync-child.ts built the way production builds the code that syncs
 * (tests/support/worker-build.ts: plain JavaScript under node, no tsx loader), unless --tsx asks for
 * the development path (figures before 2026-11-28 05:40 were measured that way: ~45 MB more RSS).
 */
const VIA_TSX = args.includes("--tsx");
let builtChild: { file: string; remove: () => void } | null = null;

function child(mode: string, childArgs: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // The app's steps run with the flags production starts its processes with; the floors run
    // with Node's defaults (a tuned heap must not make them slower). Then BENCH_CHILD_NODE_OPTIONS
    // (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") to profile. Passed as Node flags on the command
    // line: Node refuses --cpu-prof and --heap-growing-percent in NODE_OPTIONS.
    const extraFlags = (process.env.BENCH_CHILD_NODE_OPTIONS ?? "").split(/\s+/).filter((flag) => flag.length > 0);
    const nodeFlags = [...(mode.startsWith("floor-") ? [] : PRODUCTION_NODE_FLAGS), ...extraFlags];
    const [command, commandArgs] = builtChild
      ? [path.resolve("node_modules/.bin/node"), [...nodeFlags, builtChild.file, mode, ...childArgs]]
      : [path.resolve("node_modules/.bin/tsx"), [...nodeFlags, "tests/bench/sync-child.ts", mode, ...childArgs]];
    const proc = spawn(command, commandArgs, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    proc.on("error", reject);
    proc.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`${mode} exited with ${code}: ${out}`));
      const last = out.trim().split("\n").at(-1) ?? "{}";
      resolve(JSON.parse(last) as ChildResult);
    });
  });
}

function migratedDatabase(file: string): void {
  execFileSync(path.resolve("node_modules/.bin/node"), ["scripts/prisma-migrate-offline.mjs", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${file}`, PRISMA_MIGRATE_QUIET: "1" },
    stdio: "inherit",
  });
}

function compareWithTruth(dbFile: string, store: StoreData, fromDay: string): { keys: number; mismatches: number; example: string | null } {
  const db = new Database(dbFile, { readonly: true });
  const rows = db
    .prepare(`SELECT "variantId", "day", "units", "revenueCents", "orders", "repeatUnits" FROM "DailySales" WHERE "shop" = ?`)
    .raw(true)
    .all(store.shop.domain) as Array<[string, string, number, number, number, number]>;
  db.close();
  const actual = new Map(rows.map(([v, d, u, r, o, ru]) => [`${v}|${d}`, `${u}/${r}/${o}/${ru}`]));
  let mismatches = 0;
  let example: string | null = null;
  let keys = 0;
  for (const [key, row] of computeGroundTruth(store)) {
    if (row.day < fromDay) continue;
    keys += 1;
    const expected = `${row.units}/${row.revenueCents}/${row.orders}/${row.repeatUnits}`;
    if (actual.get(key) !== expected) {
      mismatches += 1;
      example ??= `${key}: app ${actual.get(key)} vs truth ${expected}`;
    }
    actual.delete(key);
  }
  for (const [key] of actual) {
    if (key.split("|")[1] >= fromDay) {
      mismatches += 1;
      example ??= `${key}: app has a row the truth lacks`;
    }
  }
  return { keys, mismatches, example };
}

/** 10,000 changed orders the way a busy day changes them, mostly in the last 60 days. */
function applyIncrementalDay(store: StoreData, changedOrders: number, atMs: number): { byKind: Record<string, number> } {
  const byKind: Record<string, number> = { refund: 0, cancel: 0, test: 0, edit: 0, added: 0 };
  const recentFrom = atMs - 60 * 24 * 3600 * 1000;
  const recent = store.orders.filter((o) => o.processedAt >= recentFrom && o.cancelledAt === null && !o.test);
  const liveVariants = store.variants.filter((v) => !v.deleted);
  const customers = [...new Set(store.orders.map((o) => o.customerId).filter((c): c is number => c !== null))];
  const added = Math.round(changedOrders * 0.25);
  let t = atMs;
  let cursor = 0;
  for (let i = 0; i < changedOrders - added && cursor < recent.length; cursor += 3) {
    const order = recent[(cursor * 7919) % recent.length];
    if (order.cancelledAt !== null || order.test || order.updatedAt >= atMs) continue;
    const line = order.lines.find((l) => l.currentQuantity > 0);
    t += 1;
    const kind = i % 10;
    if (kind < 5 && line) {
      refundLine(store, order.id, line.id, 1, t);
      byKind.refund += 1;
    } else if (kind < 7) {
      cancelOrder(store, order.id, t);
      byKind.cancel += 1;
    } else if (kind < 8) {
      markTest(store, order.id, t);
      byKind.test += 1;
    } else if (line) {
      editRemoveUnits(store, order.id, line.id, 1, t);
      byKind.edit += 1;
    } else continue;
    i += 1;
  }
  for (let i = 0; i < added; i++) {
    t += 1;
    const variant = liveVariants[(i * 131) % liveVariants.length];
    addOrder(store, { lines: [{ variantId: variant.id, quantity: 1 + (i % 3) }], customerId: i % 2 === 0 ? customers[(i * 17) % customers.length] : null, commitInventory: false }, t);
    byKind.added += 1;
  }
  return { byKind };
}

async function main(): Promise<void> {
  if (!isPresetName(presetArg)) throw new Error(`Unknown preset "${presetArg}"`);
  if (!VIA_TSX) {
    const built = await buildLikeTheWorker({ "sync-child": "tests/bench/sync-child.ts" });
    builtChild = { file: path.join(built.dir, "sync-child.js"), remove: built.remove };
  }
  console.log(
    `measured processes: ${builtChild ? "built like production (node, no tsx)" : "through tsx (--tsx)"}, the sync with production's Node flags (${PRODUCTION_NODE_FLAGS.join(" ")}), the floors without`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backstop-bench-sync-"));
  const dbFile = path.join(dir, "bench.db");
  const floorDb = path.join(dir, "floor.db");
  migratedDatabase(dbFile);
  migratedDatabase(floorDb);

  const storeEndMs = Date.now() - 60_000;
  let t = performance.now();
  const options = presetOptions(presetArg, {
    nowMs: storeEndMs,
    shop: { scopes: ["read_orders", "read_all_orders", "read_products", "read_inventory", "read_customers"] },
  });
  const store = generateStore(ORDER_COUNT === null ? options : { ...options, orderCount: ORDER_COUNT });
  const lineItems = store.orders.reduce((sum, o) => sum + o.lines.length, 0);
  console.log(`store: ${store.orders.length} orders, ${lineItems} line items, ${store.variants.length} variants (generated in ${((performance.now() - t) / 1000).toFixed(1)} s, not counted)`);

  // The bench shop is on Shopify Plus: a 20,000-point bucket restoring 1,000 points/s.
  const emulator = await startEmulator({ stores: [store], behaviour: { rateLimit: { maximumAvailable: 20_000, restoreRate: 1_000 } } });
  try {
    const shop = store.shop.domain;
    await child("install", [dbFile, shop, store.shop.accessToken, store.shop.scopes.join(","), "25"]);

    const backfill = await child("sync", [dbFile, emulator.origin, shop, "--full"]);
    const run = backfill.run as { status: string; timingsJson: string; objectsRead: number; rowsWritten: number; errorMessage: string | null };
    if (run.status !== "succeeded") throw new Error(`backfill ${run.status}: ${run.errorMessage}`);
    const timings = JSON.parse(run.timingsJson) as Record<string, number>;
    const runBulkId = (backfill.run as { bulkOperationId: string }).bulkOperationId;
    const op = emulator.bulkOperations(shop).find((o) => `gid://shopify/BulkOperation/${o.id}` === runBulkId);
    const file = op?.resultFile;
    if (!file) throw new Error("the emulator kept no result file");
    const fileMb = fs.statSync(file).size / MB;
    const wallS = (backfill.wallMs as number) / 1000;
    const cpuS = (backfill.cpuMs as number) / 1000;
    // The emulator writing the exports stands for Shopify's servers: the time the run did nothing
    // but wait for them is reported apart. The orders export's wait is a state of its own
    // ("waiting", after the catalog step); the catalog export's is inside the catalog step.
    const exportS = op.completedAtMs !== null ? (op.completedAtMs - op.createdAtMs) / 1000 : Number.NaN;
    const waitS = (timings.wait ?? 0) / 1000;
    const catalogWaitS = (timings.catalogWait ?? 0) / 1000;
    const ownWallS = wallS - waitS;
    const workS = ownWallS - catalogWaitS;
    const replanS = (backfill.replanMs as number) / 1000;
    console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} (2 cores; other processes compete for them)`);
    console.log(`backfill: ${wallS.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU, phases ${run.timingsJson}, ${run.objectsRead} objects read, ${run.rowsWritten} rows written, JSONL ${fileMb.toFixed(0)} MB`);
    console.log(`  the emulator generated the orders export in ${exportS.toFixed(1)} s; the run waited ${waitS.toFixed(1)} s for it after its catalog step ⇒ ${ownWallS.toFixed(1)} s wall without that wait`);
    console.log(`  the catalog step (${((timings.catalog ?? 0) / 1000).toFixed(1)} s) waited ${catalogWaitS.toFixed(1)} s for the catalog export ⇒ ${workS.toFixed(1)} s wall without either wait`);
    console.log(`  of which the re-plan after success (materialiseShopMetrics): ${replanS.toFixed(1)} s wall, ${((backfill.replanCpuMs as number) / 1000).toFixed(1)} s CPU ⇒ sync alone ${(wallS - replanS).toFixed(1)} s wall (${(ownWallS - replanS).toFixed(1)} s without the orders export's wait, ${(workS - replanS).toFixed(1)} s without either wait)`);
    console.log(`  peak RSS ${backfill.peakRssMb} MB: sync ${backfill.syncPeakRssMb} MB, re-plan ${backfill.replanPeakRssMb} MB; the process before the run ${backfill.baselineRssMb} MB (modules loaded, Prisma connected)`);
    console.log(`  RSS / peak so far when each state began (MB): ${memoryByState(backfill)}`);
    console.log(`  at the highest sampled RSS (MB): ${JSON.stringify(backfill.atPeakRss)}`);
    console.log(`  throughput: ${Math.round(lineItems / wallS)} line items/s end to end, ${Math.round(lineItems / ownWallS)} without the wait for the export`);

    const parse = await child("floor-parse", [file]);
    const write = await child("floor-write", [dbFile, floorDb, shop]);
    const parseS = (parse.ms as number) / 1000;
    const writeS = (write.ms as number) / 1000;
    const slowerS = Math.max(parseS, writeS);
    const pct = (x: number) => `${((slowerS / x) * 100).toFixed(0)}%`;
    console.log(`floor (a) read + JSON.parse: ${parseS.toFixed(1)} s wall, ${((parse.cpuMs as number) / 1000).toFixed(1)} s CPU (${Math.round(lineItems / parseS)} line items/s), peak RSS ${parse.peakRssMb} MB`);
    const earlierWriteS = (write.withoutCustomersMs as number) / 1000;
    console.log(
      `floor (b) raw prepared inserts (100 rows per statement) of every row the sync wrote from the export, ${write.salesOrders} SalesOrder + ${write.customerOrders} SalesCustomerOrder + ${write.dailySales} DailySales: ` +
        `${writeS.toFixed(1)} s wall, ${((write.cpuMs as number) / 1000).toFixed(1)} s CPU (${Math.round(lineItems / writeS)} line items/s)`,
    );
    console.log(`  of which SalesOrder + DailySales alone (floor (b) as sessions 1–6 measured it, without the customer table): ${earlierWriteS.toFixed(1)} s wall`);
    console.log(
      `  throughput vs the slower floor (target ≥ 50%): end to end ${pct(wallS)}; without the wait for the orders export ${pct(ownWallS)}; ` +
        `sync alone without that wait ${pct(ownWallS - replanS)}; sync alone without either export's wait ${pct(workS - replanS)}`,
    );
    const earlierSlowerS = Math.max(parseS, earlierWriteS);
    console.log(`  the same against floor (b) without the customer table: sync alone without either export's wait ${((earlierSlowerS / (workS - replanS)) * 100).toFixed(0)}%`);

    const fromDay = new Date(storeEndMs - 760 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    t = performance.now();
    const check = compareWithTruth(dbFile, store, "0000-00-00");
    console.log(`  exactness: ${check.keys} ground-truth keys, ${check.mismatches} mismatches${check.example ? ` (e.g. ${check.example})` : ""} [checked in ${((performance.now() - t) / 1000).toFixed(1)} s; window from ${fromDay}]`);

    if (withIncremental) {
      const atMs = Date.now();
      const { byKind } = applyIncrementalDay(store, INCREMENTAL_ORDERS, atMs);
      emulator.mutateStore(shop, () => undefined);
      const incremental = await child("sync", [dbFile, emulator.origin, shop]);
      const incRun = incremental.run as { status: string; timingsJson: string; objectsRead: number; errorMessage: string | null; kind: string };
      if (incRun.status !== "succeeded") throw new Error(`incremental ${incRun.status}: ${incRun.errorMessage}`);
      console.log(`incremental (${JSON.stringify(byKind)}): ${incRun.kind}, ${((incremental.wallMs as number) / 1000).toFixed(1)} s wall, ${((incremental.cpuMs as number) / 1000).toFixed(1)} s CPU, phases ${incRun.timingsJson}, ${incRun.objectsRead} objects read`);
      console.log(`  RSS / peak so far when each state began (MB): ${memoryByState(incremental)}`);
      console.log(`  of which the re-plan: ${((incremental.replanMs as number) / 1000).toFixed(1)} s wall, ${((incremental.replanCpuMs as number) / 1000).toFixed(1)} s CPU; peak RSS ${incremental.peakRssMb} MB: sync ${incremental.syncPeakRssMb} MB, re-plan ${incremental.replanPeakRssMb} MB`);
      const after = compareWithTruth(dbFile, store, "0000-00-00");
      console.log(`  exactness after the incremental: ${after.keys} keys, ${after.mismatches} mismatches${after.example ? ` (e.g. ${after.example})` : ""}`);
    }
  } finally {
    if (KEEP) {
      for (const op of emulator.bulkOperations(store.shop.domain)) {
        if (op.resultFile) fs.copyFileSync(op.resultFile, path.join(dir, `export-${op.id}.jsonl`));
      }
      console.log(`kept: ${dir}`);
    }
    await emulator.close();
    if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
    builtChild?.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
