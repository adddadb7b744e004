import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../shopify-emulator/server";
import { dailySalesOf, differences, installStore, presetStore, startTestEmulator, testEnvironment, TestClock, truthOf } from "../sync/helpers";
import { eventually, jobsOf, openTestQueue, resetQueueAndDatabase, settledJob } from "./helpers";
import db from "~/db.server";
import { queueDispatcher } from "~/jobs/dispatch.server";
import { QUEUE, type SyncJobData } from "~/jobs/queues";
import { startWorker } from "~/jobs/worker.server";

// Webhook work through the queue: the route only hands over a bulk_operations/finish notice or a
// shop's erasure; a worker records the notice on its run and, when nobody drives that run (its
// worker died while Shopify exported), queues the run's resume, which another job completes.
const clock = new TestClock();
const toy = presetStore("toy", { domain: "webhook-jobs-toy.myshopify.com" });
const SHOP = toy.shop.domain;
let emulator: Emulator;
let boss: PgBoss;
const dispatch = () => queueDispatcher(async () => boss);

beforeAll(async () => {
  emulator = await startTestEmulator([toy], clock);
  boss = await openTestQueue("worker");
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await emulator?.close();
});
beforeEach(async () => {
  await resetQueueAndDatabase(boss);
  await installStore(toy);
});

const notice = (bulkOperationId: string) => ({ shop: SHOP, bulkOperationId, status: "completed", errorCode: null });

describe("bulk_operations/finish as a job", () => {
  it("records the notice and, for a run nobody drives, queues its resume: the same run then ends exact", async () => {
    // A run whose worker died after starting the export: active, no lease, no runner.
    const orphan = await db.syncRun.create({
      data: { shop: SHOP, kind: "backfill", trigger: "install", status: "queued", bulkOperationId: "gid://shopify/BulkOperation/501", startedAt: new Date(clock.ms) },
    });
    await dispatch().bulkFinished(notice("gid://shopify/BulkOperation/501"));
    const [finishJob] = await jobsOf(boss, QUEUE.bulkFinished);
    expect(finishJob.data).toEqual(notice("gid://shopify/BulkOperation/501"));
    // The web process did nothing but queue it.
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: orphan.id } })).bulkStatus).toBeNull();

    await startWorker({ boss, concurrency: 1, schedule: false, pollingIntervalSeconds: 0.5, syncEnvironment: () => testEnvironment(emulator, clock) });
    expect(await settledJob(boss, QUEUE.bulkFinished, finishJob.id)).toMatchObject({ state: "completed", output: { runId: orphan.id, resumeRequested: true } });
    const [resume] = await jobsOf<SyncJobData>(boss, QUEUE.syncShop);
    expect(resume.data).toEqual({ shop: SHOP, trigger: "webhook" });
    expect(await settledJob(boss, QUEUE.syncShop, resume.id)).toMatchObject({ state: "completed", output: expect.objectContaining({ runId: orphan.id, runStatus: "succeeded" }) });
    expect(await db.syncRun.count({ where: { shop: SHOP } })).toBe(1);
    expect(differences(await dailySalesOf(SHOP), truthOf(toy))).toEqual([]);
  }, 60_000);

  it("for a run that already ended, or an export no run owns, records what it can and queues no sync", async () => {
    const done = await db.syncRun.create({ data: { shop: SHOP, kind: "backfill", status: "succeeded", bulkOperationId: "gid://shopify/BulkOperation/502" } });
    await dispatch().bulkFinished(notice("gid://shopify/BulkOperation/502"));
    await dispatch().bulkFinished(notice("gid://shopify/BulkOperation/999"));
    await startWorker({ boss, concurrency: 1, schedule: false, pollingIntervalSeconds: 0.5 });
    const outputs = await eventually("both notices handled", async () => {
      const jobs = await jobsOf(boss, QUEUE.bulkFinished);
      return jobs.every((j) => j.state === "completed") ? jobs.map((j) => j.output) : undefined;
    });
    expect(outputs).toEqual(expect.arrayContaining([{ runId: done.id, resumeRequested: false }, { runId: null, resumeRequested: false }]));
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: done.id } })).bulkStatus).toBe("COMPLETED");
    expect(await jobsOf(boss, QUEUE.syncShop)).toEqual([]);
  });
});

describe("the shop erasure as a job", () => {
  it("erases the shop's data in a worker, not in the request", async () => {
    await dispatch().shopPurge({ shop: SHOP, reason: "uninstalled" });
    expect(await db.shop.count({ where: { domain: SHOP } })).toBe(1);
    await startWorker({ boss, concurrency: 1, schedule: false, pollingIntervalSeconds: 0.5 });
    const [job] = await jobsOf(boss, QUEUE.shopPurge);
    expect(await settledJob(boss, QUEUE.shopPurge, job.id)).toMatchObject({ state: "completed", output: { shop: SHOP, reason: "uninstalled" } });
    expect(await db.shop.count({ where: { domain: SHOP } })).toBe(0);
    expect(await db.session.count({ where: { shop: SHOP } })).toBe(0);
  });
});
