import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installShop } from "../../factories/shop";
import { openTestQueue, resetQueueAndDatabase } from "./helpers";
import { webJobQueue } from "~/jobs/job-queue.server";
import { QUEUE } from "~/jobs/queues";
import { queueDispatcher } from "~/jobs/dispatch.server";
import { describeSyncForMerchant } from "~/jobs/sync-status.server";

// On PostgreSQL a sync exists as a run only once a worker takes its job: until then the sync card
// learns from the queue that the shop's sync is waiting, and only that shop's.
const SHOP = "queued-status.myshopify.com";
const OTHER_SHOP = "queued-status-other.myshopify.com";
let worker: PgBoss;

beforeAll(async () => {
  worker = await openTestQueue("worker");
});
afterAll(async () => {
  await worker?.stop({ graceful: false });
});
beforeEach(async () => {
  await resetQueueAndDatabase(worker);
  await installShop({ domain: SHOP });
  await installShop({ domain: OTHER_SHOP });
});

describe("describeSyncForMerchant on PostgreSQL", () => {
  it("says a sync is queued from Sync now until a worker takes the job, for that shop only", async () => {
    expect((await describeSyncForMerchant(SHOP)).queued).toBeNull();
    const before = Date.now();
    const dispatched = await queueDispatcher(webJobQueue).sync({ shop: SHOP, trigger: "manual" });
    expect(dispatched.jobId).not.toBeNull();

    const waiting = await describeSyncForMerchant(SHOP);
    expect(waiting.run).toBeNull();
    expect(waiting.queued?.retrying).toBe(false);
    expect(Date.parse(waiting.queued?.since ?? "")).toBeGreaterThanOrEqual(before - 1_000);
    expect((await describeSyncForMerchant(OTHER_SHOP)).queued).toBeNull();

    // A worker takes the job (its run starts from here): nothing waits any more.
    const [taken] = await worker.fetch(QUEUE.syncShop);
    expect(taken?.id).toBe(dispatched.jobId);
    expect((await describeSyncForMerchant(SHOP)).queued).toBeNull();
  });

  it("says the sync will be retried when its job failed and waits for its retry", async () => {
    const dispatched = await queueDispatcher(webJobQueue).sync({ shop: SHOP, trigger: "manual" });
    const [taken] = await worker.fetch(QUEUE.syncShop);
    expect(taken?.id).toBe(dispatched.jobId);
    await worker.fail(QUEUE.syncShop, taken.id, new Error("Shopify answered 503"));
    expect((await describeSyncForMerchant(SHOP)).queued).toMatchObject({ retrying: true });
  });
});
