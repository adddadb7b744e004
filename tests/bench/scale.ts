/**
 * Load and fault benchmark (not a test) for the production-scale deployment:
 * `npm run bench:scale [-- --shops 1000 --workers 4 --concurrency 4 --merchants 50 --kill-at 0.25 --no-build]`.
 *
 * On this machine, end to end, with the parts production uses:
 *  - a private PostgreSQL server holding the app's tables and the pg-boss queue;
 *  - N generated shops of mixed size (tests/bench/scale/shops.ts) served by one emulator, installed
 *    with offline tokens, all reaching their local sync hour at the same moment;
 *  - the production web build (remix vite:build + remix-serve) on PostgreSQL, receiving the
 *    emulator's bulk_operations/finish webhooks (which it queues);
 *  - W worker processes (`node --import tsx scripts/worker.ts`, WORKER_CONCURRENCY each);
 *  - one scheduler tick job: the tick the minute cron sends, which queues one sync job per due shop.
 * While the queue drains, 50 merchants load the overview (tests/bench/scale/merchants.ts, its own
 * process) and one worker is killed with SIGKILL once a share of the shops is done.
 *
 * Reports: shops synced exactly once (one job and one run per shop, DailySales equal to the
 * generator's ground truth), time to drain, jobs retried, peak database connections, web p50/p95.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { API_KEY, API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { startEmulator } from "../shopify-emulator/server";
import { freePort } from "../support/free-port";
import { startPostgresServer } from "../support/postgres-server";
import { ConnectionSampler, retryFigures, syncQueueState, type SyncQueueState } from "./scale/monitor";
import { generateScaleShops, SCALE_SCOPES, SIZE_BANDS, type ScaleShop } from "./scale/shops";
import { BENCH_BUILD_DIR, buildWebServer, startWebServer } from "./scale/web-build";

const { values } = parseArgs({
  options: {
    shops: { type: "string", default: "1000" },
    workers: { type: "string", default: "4" },
    concurrency: { type: "string", default: "4" },
    merchants: { type: "string", default: "50" },
    "kill-at": { type: "string", default: "0.25" },
    "worker-nice": { type: "string", default: "10" },
    "baseline-seconds": { type: "string", default: "20" },
    "no-build": { type: "boolean", default: false },
  },
});
const SHOPS = Number(values.shops);
const WORKERS = Number(values.workers);
const CONCURRENCY = Number(values.concurrency);
const MERCHANTS = Number(values.merchants);
const KILL_AT = Number(values["kill-at"]);
/** Workers run at a lower CPU priority than the web server, as batch work beside a web server should. */
const WORKER_NICE = Number(values["worker-nice"]);
const BASELINE_SECONDS = Number(values["baseline-seconds"]);
const DRAIN_TIMEOUT_MS = 45 * 60_000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface WorkerProcess {
  index: number;
  child: ChildProcess;
  healthPort: number;
}

function startWorkerProcess(index: number, env: NodeJS.ProcessEnv, healthPort: number): WorkerProcess {
  // node itself (not the tsx wrapper) so that the pid killed is the worker's own; nice execs it
  // in place, keeping that pid.
  const command = [path.resolve("node_modules/.bin/node"), "--import", "tsx", "scripts/worker.ts"];
  const [file, ...args] = WORKER_NICE !== 0 ? ["nice", "-n", String(WORKER_NICE), ...command] : command;
  const child = spawn(file, args, {
    env: { ...env, WORKER_CONCURRENCY: String(CONCURRENCY), WORKER_HEALTH_PORT: String(healthPort), WORKER_SHUTDOWN_GRACE_SECONDS: "10" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return { index, child, healthPort };
}

async function workerHealth(worker: WorkerProcess): Promise<{ status: string; inFlight: Record<string, number>; completed: number } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${worker.healthPort}/healthz`);
    return (await response.json()) as { status: string; inFlight: Record<string, number>; completed: number };
  } catch {
    return null;
  }
}

interface LoadFigures {
  requests: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** MERCHANTS merchants loading the overview in their own process until stop(). */
async function startMerchants(webOrigin: string, domains: string[]): Promise<{ stop(): Promise<LoadFigures> }> {
  const child = spawn(path.resolve("node_modules/.bin/node"), ["--import", "tsx", "tests/bench/scale/merchants.ts", webOrigin, String(MERCHANTS), domains.join(",")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await until("the merchants to start", async () => (output.includes("ready") ? true : null), 30_000);
  return {
    async stop() {
      child.kill("SIGTERM");
      await exitOf(child);
      return JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as LoadFigures;
    },
  };
}

/** One client loading the overview `count` times in a row (after 10 untimed loads). */
async function singleMerchant(webOrigin: string, domains: string[], count: number): Promise<LoadFigures> {
  const { getJwt } = await import("@shopify/shopify-api/test-helpers");
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  for (let i = 0; i < count + 10; i += 1) {
    const shop = domains[i % domains.length];
    const name = shop.replace(".myshopify.com", "");
    const { token } = await getJwt(name, API_KEY, API_SECRET_KEY);
    const host = Buffer.from(`admin.shopify.com/store/${name}`).toString("base64url");
    const started = performance.now();
    const response = await fetch(`${webOrigin}/app?embedded=1&shop=${shop}&host=${host}&id_token=${token}`, { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36" } });
    await response.text();
    if (i < 10) continue;
    times.push(performance.now() - started);
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] * 10) / 10;
  return { requests: times.length, statuses, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), maxMs: at(100) };
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

async function main(): Promise<number> {
  const benchStarted = performance.now();
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    // The production build runs in its own process meanwhile.
    const reuseBuild = values["no-build"] && fs.existsSync(path.join(BENCH_BUILD_DIR, "server/index.js"));
    const build = reuseBuild ? Promise.resolve() : buildWebServer();
    build.catch(() => undefined);

    const server = await startPostgresServer({ label: "scale", maxConnections: 500 });
    cleanups.push(() => server.stop());
    const database = "backstop_scale";
    const admin = new pg.Client(server.adminUrl);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const databaseUrl = server.urlFor(database);
    execFileSync(process.execPath, ["scripts/prisma-migrate-offline.mjs", "deploy"], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_MIGRATE_QUIET: "1" },
      stdio: "inherit",
    });

    let t = performance.now();
    const nowMs = Date.now();
    const shops: ScaleShop[] = generateScaleShops(SHOPS, nowMs);
    const orderTotal = shops.reduce((sum, s) => sum + s.store.orders.length, 0);
    const bands = SIZE_BANDS.map((band) => `${shops.filter((s) => s.band === band.name).length} ${band.name} (${band.orders[0]}–${band.orders[1]} orders)`).join(", ");
    log(`generated ${SHOPS} shops, ${orderTotal.toLocaleString("en-US")} orders: ${bands} (${seconds(performance.now() - t)})`);

    const webPort = await freePort();
    const webOrigin = `http://127.0.0.1:${webPort}`;
    const emulator = await startEmulator({ stores: shops.map((s) => s.store), port: 0, appUrl: webOrigin, apiSecret: API_SECRET_KEY });
    cleanups.push(() => emulator.close());
    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET_KEY,
      SHOPIFY_APP_URL: webOrigin,
      SCOPES: SCALE_SCOPES.join(","),
      DATABASE_URL: databaseUrl,
      SHOPIFY_ADMIN_ORIGIN: emulator.origin,
      SYNC_SCHEDULER: "off",
      LOG_LEVEL: "warn",
    };
    Object.assign(process.env, appEnv);

    // Install every shop as OAuth leaves it, then put all of them at their local sync hour now.
    t = performance.now();
    const { installShopWithToken } = await import("../support/install-shop");
    const { default: db } = await import("../../app/db.server");
    const { createShopCalendar, addDays } = await import("../../app/sync/shop-calendar");
    const { currentSlotDay } = await import("../../app/sync/schedule");
    for (let i = 0; i < shops.length; i += 25) {
      await Promise.all(
        shops.slice(i, i + 25).map(async ({ store }) => {
          const domain = store.shop.domain;
          await installShopWithToken(domain, store.shop.scopes.join(","), store.shop.accessToken);
          const calendar = createShopCalendar(store.shop.ianaTimezone);
          const hour = calendar.hourOf(nowMs);
          await db.shop.update({ where: { domain }, data: { ianaTimezone: store.shop.ianaTimezone } });
          await db.shopSettings.update({ where: { shop: domain }, data: { syncHourLocal: hour } });
          // Yesterday's slot was taken: today's (this hour) is due.
          await db.syncState.create({ data: { shop: domain, lastScheduledDay: addDays(currentSlotDay(calendar, nowMs, hour), -1) } });
        }),
      );
    }
    log(`installed ${SHOPS} shops, all due at this hour in ${new Set(shops.map((s) => s.store.shop.ianaTimezone)).size} timezones (${seconds(performance.now() - t)})`);

    await build;
    log(`web build ready (${seconds(performance.now() - benchStarted)} since start)`);
    const web = await startWebServer(appEnv, webPort);
    cleanups.push(async () => {
      web.kill("SIGTERM");
      await exitOf(web);
    });
    const { openJobQueue } = await import("../../app/jobs/job-queue.server");
    const { enqueueSchedulerTick } = await import("../../app/jobs/enqueue.server");
    const boss = await openJobQueue({ connectionString: databaseUrl, role: "web" });

    const workers: WorkerProcess[] = [];
    for (let i = 0; i < WORKERS; i += 1) workers.push(startWorkerProcess(i, appEnv, await freePort()));
    cleanups.push(async () => {
      for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    });
    await until("every worker to report healthy", async () => ((await Promise.all(workers.map(workerHealth))).every((h) => h?.status === "ok") ? true : null), 60_000);
    log(`web server and ${WORKERS} workers (concurrency ${CONCURRENCY} each) healthy`);

    // The benchmark's own connections leave before the drain, so the peak counts the app's only
    // (web server and workers; the sampler sits on another database, bench-watch is subtracted).
    await db.$disconnect();
    const sampler = await ConnectionSampler.start(server.adminUrl, database, ["bench-watch"]);
    const watch = new pg.Client({ connectionString: databaseUrl, application_name: "bench-watch" });
    await watch.connect();
    cleanups.push(() => watch.end());
    const domains = shops.map((s) => s.store.shop.domain);
    const merchants = await startMerchants(webOrigin, domains);

    // The drain: one tick (what the minute cron sends) queues a job per due shop.
    const drainStarted = Date.now();
    await enqueueSchedulerTick(boss);
    await boss.stop({ graceful: false });
    let killed: { atMs: number; worker: number; inFlight: number } | null = null;
    let lastReport = 0;
    let state: SyncQueueState = await syncQueueState(watch);
    for (;;) {
      state = await syncQueueState(watch);
      const settled = state.completed + state.failed;
      if (settled >= SHOPS && state.created + state.retry + state.active === 0) break;
      if (!killed && state.completed >= KILL_AT * SHOPS) {
        const victim = workers[1 % workers.length];
        const health = await workerHealth(victim);
        victim.child.kill("SIGKILL");
        killed = { atMs: Date.now() - drainStarted, worker: victim.index, inFlight: health?.inFlight["sync-shop"] ?? 0 };
        log(`  killed worker ${victim.index} (SIGKILL) at ${seconds(killed.atMs)} with ${killed.inFlight} sync jobs in hand`);
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        log(`  ${seconds(Date.now() - drainStarted)}: ${state.completed} done, ${state.active} running, ${state.created + state.retry} waiting, ${state.failed} failed`);
      }
      if (Date.now() - drainStarted > DRAIN_TIMEOUT_MS) throw new Error(`the queue did not drain within ${DRAIN_TIMEOUT_MS / 60_000} min: ${JSON.stringify(state)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const drainMs = Date.now() - drainStarted;
    const web95 = await merchants.stop();
    const connections = await sampler.stop();
    const retries = await retryFigures(watch);
    log(`drained in ${seconds(drainMs)}`);

    // Graceful shutdown of the survivors: SIGTERM, time to exit.
    const stopStarted = performance.now();
    const alive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    for (const w of alive) w.child.kill("SIGTERM");
    const exits = await Promise.all(alive.map((w) => exitOf(w.child)));
    const stopMs = performance.now() - stopStarted;

    // One merchant alone, then the same 50 merchants, on the same data with the workers gone:
    // the web server's own figures.
    const single = await singleMerchant(webOrigin, domains, 60);
    log(`one merchant alone, workers stopped: p50 ${single.p50Ms} ms, p95 ${single.p95Ms} ms over ${single.requests} loads`);
    const quiet = await startMerchants(webOrigin, domains);
    await new Promise((resolve) => setTimeout(resolve, BASELINE_SECONDS * 1000));
    const webQuiet = await quiet.stop();

    // Exactly once, exactly right: one run per shop, succeeded, and DailySales equal to the truth.
    t = performance.now();
    const { dailySalesOf, differences, truthOf } = await import("../integration/sync/helpers");
    const problems: string[] = [];
    const runs = await db.syncRun.groupBy({ by: ["shop", "status"], _count: { _all: true } });
    const runsByShop = new Map<string, string[]>();
    for (const row of runs) runsByShop.set(row.shop, [...(runsByShop.get(row.shop) ?? []), ...Array(row._count._all).fill(row.status)]);
    const resumed = await db.syncRun.count({ where: { attempts: { gt: 1 } } });
    let exact = 0;
    for (const { store } of shops) {
      const domain = store.shop.domain;
      const shopRuns = runsByShop.get(domain) ?? [];
      if (shopRuns.length !== 1 || shopRuns[0] !== "succeeded") {
        problems.push(`${domain}: runs ${JSON.stringify(shopRuns)}`);
        continue;
      }
      const diff = differences(await dailySalesOf(domain), truthOf(store), 3);
      if (diff.length > 0) problems.push(`${domain}: ${diff.join("; ")}`);
      else exact += 1;
    }
    log(`verified ${SHOPS} shops against the ground truth (${seconds(performance.now() - t)})`);

    const result = {
      date: new Date().toISOString(),
      shops: SHOPS,
      orders: orderTotal,
      workers: WORKERS,
      concurrencyPerWorker: CONCURRENCY,
      merchants: MERCHANTS,
      drainSeconds: Math.round(drainMs / 100) / 10,
      shopsExact: exact,
      syncJobs: state,
      killed,
      runsResumed: resumed,
      ...retries,
      peakConnections: connections.peak,
      peakConnectionsByApplication: connections.byApplication,
      workerNice: WORKER_NICE,
      web: web95,
      webQuiet,
      webSingle: single,
      gracefulStopSeconds: Math.round(stopMs / 100) / 10,
      gracefulExitCodes: exits.map((e) => e.code),
    };
    log("");
    log(`shops synced exactly once with exact totals: ${exact} / ${SHOPS}${problems.length ? `  ← ${problems.length} problems` : ""}`);
    log(`time to drain ${SHOPS} sync jobs: ${seconds(drainMs)} (${WORKERS} workers × ${CONCURRENCY} jobs, nice ${WORKER_NICE})`);
    log(`worker ${killed?.worker ?? "-"} killed at ${killed ? seconds(killed.atMs) : "-"} holding ${killed?.inFlight ?? 0} jobs; jobs retried: ${retries.jobsRetried} (${retries.extraAttempts} extra attempts), runs resumed: ${resumed}, jobs per shop max ${retries.maxJobsPerShop}, dead letters ${retries.deadLetters}`);
    log(`peak database connections: ${connections.peak} ${JSON.stringify(connections.byApplication)}`);
    log(`overview for ${MERCHANTS} merchants during the drain: ${web95.requests} loads, p50 ${web95.p50Ms} ms, p95 ${web95.p95Ms} ms, p99 ${web95.p99Ms} ms, max ${web95.maxMs} ms, statuses ${JSON.stringify(web95.statuses)}`);
    log(`the same load after the drain, workers stopped (${BASELINE_SECONDS} s): ${webQuiet.requests} loads, p50 ${webQuiet.p50Ms} ms, p95 ${webQuiet.p95Ms} ms, p99 ${webQuiet.p99Ms} ms`);
    log(`surviving workers stopped (SIGTERM) in ${seconds(stopMs)}, exit codes ${JSON.stringify(result.gracefulExitCodes)}`);
    for (const problem of problems.slice(0, 10)) log(`  problem: ${problem}`);
    log(JSON.stringify(result));
    fs.mkdirSync(".cache/bench-scale", { recursive: true });
    fs.writeFileSync(".cache/bench-scale/result.json", `${JSON.stringify(result, null, 2)}\n`);
    await db.$disconnect();
    return problems.length === 0 && exact === SHOPS && retries.maxJobsPerShop === 1 ? 0 : 1;
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:scale failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
