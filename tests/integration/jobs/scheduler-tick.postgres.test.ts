import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../shopify-emulator/server";
import { dailySalesOf, differences, installStore, presetStore, startTestEmulator, testEnvironment, TestClock, truthOf } from "../sync/helpers";
import { jobsOf, openTestQueue, resetQueueAndDatabase, settledJob, stopHandlers } from "./helpers";
import db from "~/db.server";
import { enqueueSchedulerTick } from "~/jobs/enqueue.server";
import { QUEUE, SCHEDULER_CRON, type SyncJobData } from "~/jobs/queues";
import { runSchedulerTickJob } from "~/jobs/scheduler-job.server";
import { startWorker } from "~/jobs/worker.server";

// The daily schedule on PostgreSQL: a tick (sent by pg-boss's cron every minute) turns every shop
// that reached its local sync hour into one sync job, claiming the shop's slot so no later or
// concurrent tick queues it again; workers then run the jobs.
const clock = new TestClock(Date.parse("2026-11-20T12:00:00Z"));
// 03:00 local: 08:00Z in New York (UTC−5), 16:30Z the day before in Adelaide (UTC+10:30).
const newYork = presetStore("toy", { domain: "tick-ny.myshopify.com", timeZone: "America/New_York" });
const adelaide = presetStore("toy", { domain: "tick-adl.myshopify.com", seed: "adl", timeZone: "Australia/Adelaide" });
const berlin = presetStore("toy", { domain: "tick-ber.myshopify.com", seed: "ber", timeZone: "Europe/Berlin" });
let emulator: Emulator;
let boss: PgBoss;

async function queuedSyncs(): Promise<string[]> {
  const jobs = await jobsOf<SyncJobData>(boss, QUEUE.syncShop);
  return jobs.map((job) => `${job.singletonKey} ${job.data.trigger} ${job.state}`).sort();
}

/** Marks every shop as synced once (which records its timezone), with today's slot (12:00Z on the 20th) claimed. */
async function markAllSynced() {
  for (const store of [newYork, adelaide, berlin]) {
    await db.shop.update({ where: { domain: store.shop.domain }, data: { ianaTimezone: store.shop.ianaTimezone } });
    // 12:00Z on the 20th is past 03:00 local on the 20th in all three zones.
    await db.syncState.upsert({
      where: { shop: store.shop.domain },
      create: { shop: store.shop.domain, lastSucceededAt: new Date(clock.ms), lastScheduledDay: "2026-11-20" },
      update: { lastSucceededAt: new Date(clock.ms), lastScheduledDay: "2026-11-20" },
    });
  }
}

beforeAll(async () => {
  emulator = await startTestEmulator([newYork, adelaide, berlin], clock);
  boss = await openTestQueue("worker");
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await emulator?.close();
});
beforeEach(async () => {
  await resetQueueAndDatabase(boss);
  for (const store of [newYork, adelaide, berlin]) await installStore(store);
});

describe("the scheduler tick as a job", () => {
  it("queues one install job per never-synced shop, and a second tick in the same slot queues nothing", async () => {
    const outcomes = await runSchedulerTickJob(boss, clock.ms);
    expect(outcomes.map((o) => `${o.shop}:${o.reason}:${o.started}`).sort()).toEqual([
      "tick-adl.myshopify.com:install:true",
      "tick-ber.myshopify.com:install:true",
      "tick-ny.myshopify.com:install:true",
    ]);
    expect(await queuedSyncs()).toEqual([
      "tick-adl.myshopify.com install created",
      "tick-ber.myshopify.com install created",
      "tick-ny.myshopify.com install created",
    ]);
    expect(await runSchedulerTickJob(boss, clock.ms + 60_000)).toEqual([]);
    expect(await jobsOf(boss, QUEUE.syncShop)).toHaveLength(3);
    // Nothing ran in this process: the tick only queues.
    expect(await db.syncRun.count()).toBe(0);
  });

  it("queues each shop at its own local hour, once per shop-local day", async () => {
    await markAllSynced();
    const at = async (iso: string) => (await runSchedulerTickJob(boss, Date.parse(iso))).map((o) => `${o.shop}:${o.reason}`);
    expect(await at("2026-11-20T13:00:00Z")).toEqual([]);
    // 16:30Z is 03:00 on the 21st in Adelaide.
    expect(await at("2026-11-20T16:31:00Z")).toEqual(["tick-adl.myshopify.com:scheduled"]);
    expect(await at("2026-11-20T16:32:00Z")).toEqual([]);
    // 02:00Z is 03:00 in Berlin (UTC+1), 08:00Z is 03:00 in New York.
    expect(await at("2026-11-21T02:00:00Z")).toEqual(["tick-ber.myshopify.com:scheduled"]);
    expect(await at("2026-11-21T08:00:00Z")).toEqual(["tick-ny.myshopify.com:scheduled"]);
    expect(await queuedSyncs()).toEqual([
      "tick-adl.myshopify.com schedule created",
      "tick-ber.myshopify.com schedule created",
      "tick-ny.myshopify.com schedule created",
    ]);
  });

  it("two ticks at once queue each due shop once", async () => {
    const [a, b] = await Promise.all([runSchedulerTickJob(boss, clock.ms), runSchedulerTickJob(boss, clock.ms)]);
    expect([...a, ...b].filter((o) => o.started)).toHaveLength(3);
    expect(await jobsOf(boss, QUEUE.syncShop)).toHaveLength(3);
  });

  it("a worker registers the minute cron and runs a tick job through to synced shops", async () => {
    await startWorker({ boss, concurrency: 2, pollingIntervalSeconds: 0.5, syncEnvironment: () => testEnvironment(emulator, clock) });
    const schedule = await boss.getSchedule(QUEUE.schedulerTick);
    expect(schedule).toMatchObject({ cron: SCHEDULER_CRON, timezone: "UTC" });

    const tickId = await enqueueSchedulerTick(boss);
    const tick = await settledJob(boss, QUEUE.schedulerTick, tickId!);
    expect(tick).toMatchObject({ state: "completed", output: { enqueued: 3, due: 3 } });
    for (const job of await jobsOf(boss, QUEUE.syncShop)) expect((await settledJob(boss, QUEUE.syncShop, job.id)).state).toBe("completed");
    for (const store of [newYork, adelaide, berlin]) {
      expect(differences(await dailySalesOf(store.shop.domain), truthOf(store))).toEqual([]);
      expect(await db.syncRun.count({ where: { shop: store.shop.domain, status: "succeeded" } })).toBe(1);
    }
    await stopHandlers(boss);
    await boss.unschedule(QUEUE.schedulerTick);
  }, 60_000);
});
