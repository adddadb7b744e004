import { spawn } from "node:child_process";
import path from "node:path";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../shopify-emulator/server";
import { dailySalesOf, differences, installStore, presetStore, startTestEmulator, testEnvironment, TestClock, truthOf } from "../sync/helpers";
import { eventually, openTestQueue, resetQueueAndDatabase, settledJob, stopHandlers } from "./helpers";
import db from "~/db.server";
import { enqueueSync } from "~/jobs/enqueue.server";
import { QUEUE } from "~/jobs/queues";
import { startWorker } from "~/jobs/worker.server";

// A worker process stopped in the middle of a sync, by SIGKILL (a crashed machine) or SIGTERM (a
// deploy): the job goes back to the queue (heartbeat lapsed, or handed back on shutdown), another
// worker takes it, waits out the dead worker's lease, resumes the same run, and the shop's daily
// sales end exactly at the ground truth, synced once.
const clock = new TestClock();
const template = presetStore("small", { domain: "failover-small.myshopify.com" });
const SHOP = template.shop.domain;
let emulator: Emulator;
let boss: PgBoss;

/** Runs a real worker process until it stops itself at `checkpoint`; resolves with how it ended. */
function childWorkerStoppingAt(mode: "kill" | "term", checkpoint: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.resolve("node_modules/.bin/tsx"),
      ["tests/integration/jobs/worker-child.ts", emulator.origin, String(clock.ms), mode, checkpoint],
      { stdio: ["ignore", "ignore", "pipe"], env: process.env },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`worker child did not stop at ${checkpoint} within 45 s: ${stderr}`));
    }, 45_000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

beforeAll(async () => {
  emulator = await startTestEmulator([structuredClone(template)], clock);
  // This process's queue connection supervises: it notices the killed worker's silent job.
  boss = await openTestQueue("worker");
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await emulator?.close();
});
beforeEach(async () => {
  await resetQueueAndDatabase(boss);
  await installStore(template);
  emulator.clearFaults(SHOP);
});

describe("a worker stopped mid-sync", () => {
  it.each([
    // Mid-download: orders already committed, more to come.
    { label: "killed (SIGKILL) between two committed batches", mode: "kill", checkpoint: "orders:batch-committed:2", stalled: false, deadStatus: "downloading" },
    // While Shopify prepares the exports (stalled here, so the run cannot finish during the
    // shutdown): the job is handed back at once, not after a heartbeat lapse.
    { label: "stopped (SIGTERM, no grace) while its exports run", mode: "term", checkpoint: "state:catalog", stalled: true, deadStatus: "catalog" },
  ] as const)("$label: another worker retries the job, resumes the run, and the totals are exact", async ({ mode, checkpoint, stalled, deadStatus }) => {
    emulator.setFault(SHOP, { stallBulkOperations: stalled });
    const jobId = await enqueueSync(boss, { shop: SHOP, trigger: "install" });
    const ended = await childWorkerStoppingAt(mode, checkpoint);
    // tsx runs the script in a grandchild: its SIGKILL reaches us as exit code 128 + 9.
    if (mode === "kill") expect(ended.signal === "SIGKILL" || ended.code === 137).toBe(true);
    else expect(ended.code).toBe(0);

    const dead = await db.syncRun.findFirstOrThrow({ where: { shop: SHOP } });
    expect(dead.status).toBe(deadStatus);
    if (mode === "kill") expect(dead.linesApplied).toBeGreaterThan(0);
    emulator.setFault(SHOP, { stallBulkOperations: false });
    // Nothing half-done is visible meanwhile: DailySales is only written by the final rebuild.
    expect(await db.dailySales.count({ where: { shop: SHOP } })).toBe(0);

    // A second worker (this process). Its clock moves while it waits, so the dead worker's
    // two-minute lease runs out in virtual time.
    await startWorker({
      boss,
      concurrency: 1,
      schedule: false,
      pollingIntervalSeconds: 0.5,
      syncEnvironment: () => testEnvironment(emulator, clock),
      syncJob: { holderPollMs: 5_000 },
    });
    const job = await settledJob(boss, QUEUE.syncShop, jobId!, 45_000);
    expect(job.state).toBe("completed");
    expect(job.retryCount).toBe(1);
    expect(job.output).toMatchObject({ runId: dead.id, runStatus: "succeeded" });

    const runs = await db.syncRun.findMany({ where: { shop: SHOP } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: dead.id, status: "succeeded", attempts: 2 });
    expect(differences(await dailySalesOf(SHOP), truthOf(template))).toEqual([]);
    await stopHandlers(boss);
  }, 90_000);

  it("stopped with enough grace, finishes the job it runs: completed once, nothing retried", async () => {
    // A worker of its own (stopping it closes its queue connection).
    const ownQueue = await openTestQueue("worker");
    emulator.setFault(SHOP, { stallBulkOperations: true });
    const jobId = await enqueueSync(boss, { shop: SHOP, trigger: "install" });
    const worker = await startWorker({ boss: ownQueue, concurrency: 1, schedule: false, pollingIntervalSeconds: 0.5, syncEnvironment: () => testEnvironment(emulator, clock) });
    await eventually("the job to be running", async () => ((await boss.findJobs(QUEUE.syncShop, { id: jobId! }))[0]?.state === "active" ? true : undefined));
    const stopping = worker.stop(30_000);
    expect(worker.status().state).toBe("stopping");
    emulator.setFault(SHOP, { stallBulkOperations: false });
    await stopping;
    expect(worker.status()).toMatchObject({ state: "stopped", completed: 1, failed: 0 });
    const [job] = await boss.findJobs(QUEUE.syncShop, { id: jobId! });
    expect(job).toMatchObject({ state: "completed", retryCount: 0 });
    expect(differences(await dailySalesOf(SHOP), truthOf(template))).toEqual([]);
  }, 60_000);
});
