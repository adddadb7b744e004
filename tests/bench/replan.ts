/**
 * Benchmark (not a test) of the whole-shop re-plan after a sync (`materialiseShopMetrics`) on an
 * already-synced database, e.g. the one `npm run bench:sync -- --keep` leaves behind:
 *
 *   tsx tests/bench/replan.ts [--db <file>] [--shop <domain>] [--runs N] [--keep]
 *
 * --db defaults to the newest /tmp/backstop-bench-sync-*\/bench.db with a synced shop. The database (and its -wal and
 * -shm files) is copied into a temporary folder first, so the source is never touched; every run
 * is a child process (tests/bench/replan-child.ts) reporting its own wall time, CPU time and peak
 * RSS (VmHWM). The plan's "now" is the shop's last successful sync, so every run, and every
 * version of the code, plans the same day: the SkuMetrics rows after each run are hashed (all
 * columns, by variant) and the hash printed, to compare results between versions.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "libsql";
import { PRODUCTION_NODE_FLAGS } from "../../scripts/production-node-flags";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(option("--runs") ?? 3);
const KEEP = args.includes("--keep");

/** Whether the database has a shop whose sync succeeded (a bench:sync still running has none yet). */
function hasSyncedShop(file: string): boolean {
  try {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(`SELECT 1 FROM "SyncState" WHERE "lastSucceededAt" IS NOT NULL LIMIT 1`).get() !== undefined;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

function newestBenchDatabase(): string {
  const candidates = fs
    .readdirSync(os.tmpdir())
    .filter((name) => name.startsWith("backstop-bench-sync-"))
    .map((name) => path.join(os.tmpdir(), name, "bench.db"))
    .filter((file) => fs.existsSync(file))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  const synced = candidates.find(hasSyncedShop);
  if (!synced) throw new Error("no synced database: run `npm run bench:sync -- --keep` first, or pass --db <file>");
  return synced;
}

/** The database file with its WAL and shared-memory files, copied to `target`. */
function copyDatabase(source: string, target: string): void {
  for (const suffix of ["", "-wal", "-shm"]) {
    if (fs.existsSync(source + suffix)) fs.copyFileSync(source + suffix, target + suffix);
  }
}

function shopAndSyncTime(dbFile: string, wanted: string | undefined): { shop: string; nowIso: string } {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare(`SELECT "shop", "lastSucceededAt" FROM "SyncState" WHERE "lastSucceededAt" IS NOT NULL`).all() as Array<{ shop: string; lastSucceededAt: string }>;
    const row = wanted ? rows.find((r) => r.shop === wanted) : rows.length === 1 ? rows[0] : undefined;
    if (!row) throw new Error(wanted ? `no synced shop ${wanted} in ${dbFile}` : `${rows.length} synced shops in ${dbFile}: pass --shop <domain>`);
    return { shop: row.shop, nowIso: new Date(row.lastSucceededAt).toISOString() };
  } finally {
    db.close();
  }
}

/** A hash of every SkuMetrics row of the shop (all columns, by variant), and the row count. */
function metricsDigest(dbFile: string, shop: string): { rows: number; sha256: string } {
  const db = new Database(dbFile, { readonly: true });
  try {
    const hash = crypto.createHash("sha256");
    let rows = 0;
    for (const row of db.prepare(`SELECT * FROM "SkuMetrics" WHERE "shop" = ? ORDER BY "variantId"`).raw(true).iterate(shop) as Iterable<unknown[]>) {
      hash.update(JSON.stringify(row));
      hash.update("\n");
      rows += 1;
    }
    return { rows, sha256: hash.digest("hex") };
  } finally {
    db.close();
  }
}

interface ChildResult {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
  peakBeforeMb: number;
  baselineRssMb: number;
  endRssMb: number;
  skuCount: number;
}

function runChild(dbFile: string, shop: string, nowIso: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const env = process.env.BENCH_CHILD_NODE_OPTIONS ? { ...process.env, NODE_OPTIONS: process.env.BENCH_CHILD_NODE_OPTIONS } : process.env;
    const proc = spawn(path.resolve("node_modules/.bin/tsx"), [...PRODUCTION_NODE_FLAGS, "tests/bench/replan-child.ts", dbFile, shop, nowIso], { stdio: ["ignore", "pipe", "inherit"], env });
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    proc.on("error", reject);
    proc.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`replan child exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as ChildResult);
    });
  });
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};
const load = (): string => os.loadavg().map((x) => x.toFixed(1)).join(", ");

const source = option("--db") ?? newestBenchDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backstop-bench-replan-"));
const dbFile = path.join(dir, "bench.db");
try {
  copyDatabase(source, dbFile);
  const { shop, nowIso } = shopAndSyncTime(dbFile, option("--shop"));
  console.log(`database: ${source} (copied to ${dir}); shop ${shop}; planning as of ${nowIso}`);
  console.log(`load average at start: ${load()} (${os.cpus().length} cores; other processes compete for them)`);
  const results: ChildResult[] = [];
  const digests = new Set<string>();
  for (let run = 1; run <= RUNS; run += 1) {
    const result = await runChild(dbFile, shop, nowIso);
    const digest = metricsDigest(dbFile, shop);
    digests.add(digest.sha256);
    results.push(result);
    console.log(
      `run ${run}: ${result.wallMs} ms wall, ${result.cpuMs} ms CPU, peak RSS ${result.peakRssMb} MB ` +
        `(process before the re-plan ${result.baselineRssMb} MB, after ${result.endRssMb} MB); ` +
        `${result.skuCount} SKUs, ${digest.rows} rows, sha256 ${digest.sha256.slice(0, 16)}; load ${load()}`,
    );
  }
  console.log(
    `median of ${RUNS}: ${median(results.map((r) => r.wallMs))} ms wall, ${median(results.map((r) => r.cpuMs))} ms CPU, ` +
      `peak RSS ${median(results.map((r) => r.peakRssMb))} MB (max ${Math.max(...results.map((r) => r.peakRssMb))} MB)`,
  );
  if (digests.size !== 1) throw new Error(`the runs wrote different SkuMetrics rows (${digests.size} distinct hashes)`);
  console.log(`SkuMetrics sha256: ${[...digests][0]}`);
} finally {
  if (KEEP) console.log(`kept ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}
