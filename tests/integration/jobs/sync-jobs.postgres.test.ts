import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../shopify-emulator/server";
import { dailySalesOf, differences, installStore, presetStore, startTestEmulator, testEnvironment, TestClock, truthOf } from "../sync/helpers";
import { eventually, jobsOf, openTestQueue, resetQueueAndDatabase, settledJob, stopHandlers } from "./helpers";
import db from "~/db.server";
import { listDeadLetters } from "~/jobs/dead-letters.server";
import { queueDispatcher } from "~/jobs/dispatch.server";
import { enqueueSync } from "~/jobs/enqueue.server";
import { QUEUE } from "~/jobs/queues";
import { startWorker, type WorkerHandle } from "~/jobs/worker.server";

// Sync jobs through real pg-boss on a real PostgreSQL server, taken by a worker in this process
// and run against the emulator: one job per shop at a time, retries with backoff for transient
// failures, none for terminal ones (a dead letter instead), and bad job data refused.
const clock = new TestClock();
const toy = presetStore("toy", { domain: "jobs-toy.myshopify.com" });
const small = presetStore("small", { domain: "jobs-small.myshopify.com" });
let emulator: Emulator;
let boss: PgBoss;
/** Real time at which each sync job attempt began (the worker asks for an environment per job). */
let attemptStarts: number[] = [];

function startTestWorker(): Promise<WorkerHandle> {
  return startWorker({
    boss,
    concurrency: 2,
    schedule: false,
    pollingIntervalSeconds: 0.5,
    syncEnvironment: () => {
      attemptStarts.push(Date.now());
      return testEnvironment(emulator, clock);
    },
  });
}

beforeAll(async () => {
  emulator = await startTestEmulator([toy, small], clock);
  boss = await openTestQueue("worker");
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await emulator?.close();
});
beforeEach(async () => {
  // A worker is stopped with the test that started it (and here, when that test failed first).
  await resetQueueAndDatabase(boss);
  for (const store of [toy, small]) emulator.clearFaults(store.shop.domain);
  attemptStarts = [];
});

const stopWorker = () => stopHandlers(boss);

describe("one sync job per shop", () => {
  it("declines a second job for a shop while one is queued or running, and accepts one once it is done", async () => {
    await installStore(small);
    await installStore(toy);
    const SHOP = small.shop.domain;
    emulator.setFault(SHOP, { stallBulkOperations: true });

    const first = await enqueueSync(boss, { shop: SHOP, trigger: "manual" });
    expect(first).not.toBeNull();
    expect(await enqueueSync(boss, { shop: SHOP, trigger: "schedule" })).toBeNull();
    // Other shops are not held back by it.
    expect(await enqueueSync(boss, { shop: toy.shop.domain, trigger: "schedule" })).not.toBeNull();

    await startTestWorker();
    const running = await eventually("the stalled run", async () => (await db.syncRun.findFirst({ where: { shop: SHOP } })) ?? undefined);
    const [active] = await boss.findJobs(QUEUE.syncShop, { id: first! });
    expect(active.state).toBe("active");
    // Sync now while it runs: no second job; the merchant joins the run in progress.
    const dispatched = await queueDispatcher(async () => boss).sync({ shop: SHOP, trigger: "manual" });
    expect(dispatched).toEqual({ via: "queue", jobId: null, runId: running.id, started: false });

    emulator.setFault(SHOP, { stallBulkOperations: false });
    const done = await settledJob(boss, QUEUE.syncShop, first!);
    expect(done.state).toBe("completed");
    expect(done.output).toMatchObject({ shop: SHOP, runId: running.id, runStatus: "succeeded" });
    expect(await db.syncRun.count({ where: { shop: SHOP } })).toBe(1);
    expect(differences(await dailySalesOf(SHOP), truthOf(small))).toEqual([]);

    const again = await enqueueSync(boss, { shop: SHOP, trigger: "manual" });
    expect(again).not.toBeNull();
    expect((await settledJob(boss, QUEUE.syncShop, again!)).state).toBe("completed");
    await stopWorker();
  }, 60_000);
});

describe("failures", () => {
  it("retries a transient Shopify failure with backoff, and the retry's run ends exact", async () => {
    await installStore(toy);
    const SHOP = toy.shop.domain;
    // Four 503s: the Admin client's own four attempts all fail, so the first run fails.
    emulator.setFault(SHOP, { serverErrors: { count: 4, status: 503 } });
    const id = await enqueueSync(boss, { shop: SHOP, trigger: "schedule" });
    await startTestWorker();

    const job = await settledJob(boss, QUEUE.syncShop, id!);
    expect(job.state).toBe("completed");
    expect(job.retryCount).toBe(1);
    expect(job.retryBackoff).toBe(true);
    const runs = await db.syncRun.findMany({ where: { shop: SHOP }, orderBy: { startedAt: "asc" } });
    expect(runs.map((r) => `${r.status}:${r.errorCode ?? ""}`)).toEqual(["failed:shopify_unavailable", "succeeded:"]);
    // The retry waited at least the queue's retry delay (1 s in these tests) before starting.
    expect(attemptStarts).toHaveLength(2);
    expect(attemptStarts[1] - attemptStarts[0]).toBeGreaterThanOrEqual(1_000);
    expect(differences(await dailySalesOf(SHOP), truthOf(toy))).toEqual([]);
    expect(await listDeadLetters(boss)).toEqual([]);
    await stopWorker();
  }, 60_000);

  it.each([
    ["the app was uninstalled (401)", "uninstalled", () => emulator.uninstall(toy.shop.domain)],
    ["a scope was revoked (ACCESS_DENIED)", "access_denied", async () => emulator.setFault(toy.shop.domain, { revokedScopes: ["read_orders"] })],
  ])("does not retry when %s: the job fails at once and leaves a dead letter for the operator", async (_label, errorCode, breakShop) => {
    await installStore(toy);
    const SHOP = toy.shop.domain;
    await breakShop();
    const id = await enqueueSync(boss, { shop: SHOP, trigger: "schedule" });
    await startTestWorker();

    const job = await settledJob(boss, QUEUE.syncShop, id!);
    expect(job.state).toBe("failed");
    expect(job.retryCount).toBe(0);
    expect(job.output).toMatchObject({ shop: SHOP, runStatus: "failed", errorCode });
    expect(attemptStarts).toHaveLength(1);
    const letters = await listDeadLetters(boss);
    expect(letters).toEqual([
      expect.objectContaining({ queue: QUEUE.syncShop, shop: SHOP, retries: 0, data: { shop: SHOP, trigger: "schedule" }, failure: expect.objectContaining({ errorCode }) }),
    ]);
    expect(await db.dailySales.count({ where: { shop: SHOP } })).toBe(0);
    await stopWorker();
  }, 60_000);

  it("once a shop is known to be uninstalled, its later jobs complete without syncing", async () => {
    await installStore(toy);
    await db.shop.update({ where: { domain: toy.shop.domain }, data: { uninstalledAt: new Date() } });
    const id = await enqueueSync(boss, { shop: toy.shop.domain, trigger: "schedule" });
    await startTestWorker();
    const job = await settledJob(boss, QUEUE.syncShop, id!);
    expect(job).toMatchObject({ state: "completed", output: expect.objectContaining({ skipped: "uninstalled", runId: null }) });
    expect(await db.syncRun.count()).toBe(0);
    await stopWorker();
  });

  it("dead-letters a job whose data is malformed, naming the bad field, and syncs nothing", async () => {
    const id = await boss.send(QUEUE.syncShop, { shop: "evil.example.com", trigger: "schedule" }, { singletonKey: "evil" });
    await startTestWorker();
    const job = await settledJob(boss, QUEUE.syncShop, id!);
    expect(job.state).toBe("failed");
    expect(job.retryCount).toBe(0);
    expect(job.output).toEqual({ error: "invalid job data: shop must be a myshopify.com domain" });
    expect((await jobsOf(boss, QUEUE.deadLetters)).map((j) => j.sourceId)).toEqual([id]);
    expect(await db.syncRun.count()).toBe(0);
    await stopWorker();
  });
});
