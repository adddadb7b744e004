import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../setup/db";
import type { Emulator } from "../../shopify-emulator/server";
import db from "~/db.server";
import { runSchedulerTick, type TickOutcome } from "~/sync/scheduler.server";
import { requestSync, waitForRun } from "~/sync/sync-service.server";
import { installStore, presetStore, startTestEmulator, testEnvironment, TestClock, must } from "./helpers";

// The daily scheduler with an injected clock and real runs against the emulator: each shop syncs
// once per shop-local day at its own hour, a never-synced shop is backfilled at once, and after
// downtime a single catch-up run covers the missed days.
const clock = new TestClock(Date.parse("2026-11-20T12:00:00Z"));
// 03:00 local: 08:00Z in New York (UTC−5), 16:30Z the day before in Adelaide (UTC+10:30).
const newYork = presetStore("toy", { domain: "sched-ny.myshopify.com", timeZone: "America/New_York" });
const adelaide = presetStore("toy", { domain: "sched-adl.myshopify.com", seed: "adl", timeZone: "Australia/Adelaide" });
let emulator: Emulator;

async function tickAt(iso: string): Promise<TickOutcome[]> {
  clock.ms = Date.parse(iso);
  const env = testEnvironment(emulator, clock);
  const outcomes = await runSchedulerTick({ nowMs: clock.ms, maxConcurrentRuns: 5, request: (r) => requestSync(r, env) });
  for (const outcome of outcomes) if (outcome.runId) await waitForRun(outcome.runId);
  return outcomes;
}

const started = (outcomes: TickOutcome[]) => outcomes.filter((o) => o.started).map((o) => `${o.shop}:${o.reason}`).sort();

beforeAll(async () => {
  emulator = await startTestEmulator([newYork, adelaide], clock);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await resetDatabase();
  await installStore(newYork);
  await installStore(adelaide);
});

describe("the daily scheduler", () => {
  it("backfills a newly installed shop at the first tick, then runs once per shop-local day at the merchant's hour", async () => {
    expect(started(await tickAt("2026-11-20T12:00:00Z"))).toEqual(["sched-adl.myshopify.com:install", "sched-ny.myshopify.com:install"]);
    // Ticks every few minutes the same day: nothing more.
    for (const iso of ["2026-11-20T12:05:00Z", "2026-11-20T13:00:00Z", "2026-11-20T16:00:00Z"]) expect(await tickAt(iso)).toEqual([]);
    // 16:30Z is 03:00 on the 21st in Adelaide: only Adelaide is due.
    expect(started(await tickAt("2026-11-20T16:31:00Z"))).toEqual(["sched-adl.myshopify.com:scheduled"]);
    expect(await tickAt("2026-11-20T23:00:00Z")).toEqual([]);
    // 08:00Z is 03:00 in New York.
    expect(await tickAt("2026-11-21T07:59:00Z")).toEqual([]);
    expect(started(await tickAt("2026-11-21T08:00:00Z"))).toEqual(["sched-ny.myshopify.com:scheduled"]);
    expect(await tickAt("2026-11-21T08:01:00Z")).toEqual([]);
    const runs = await db.syncRun.findMany();
    expect(runs.map((r) => `${r.shop} ${r.kind} ${r.status}`).sort()).toEqual([
      "sched-adl.myshopify.com backfill succeeded",
      "sched-adl.myshopify.com incremental succeeded",
      "sched-ny.myshopify.com backfill succeeded",
      "sched-ny.myshopify.com incremental succeeded",
    ]);
  });

  it("after three days down, catches up with one run per shop, then returns to once a day", async () => {
    await tickAt("2026-11-20T12:00:00Z");
    const before = await db.syncRun.count();
    // The process was down from the 20th to the 23rd at 12:00Z (both shops missed several slots).
    expect(started(await tickAt("2026-11-23T12:00:00Z"))).toEqual(["sched-adl.myshopify.com:scheduled", "sched-ny.myshopify.com:scheduled"]);
    expect(await db.syncRun.count()).toBe(before + 2);
    expect(await tickAt("2026-11-23T12:30:00Z")).toEqual([]);
    // The catch-up run read every change since the last watermark, however many days that was.
    const catchUp = await db.syncRun.findFirstOrThrow({ where: { shop: newYork.shop.domain, kind: "incremental" } });
    const backfill = await db.syncRun.findFirstOrThrow({ where: { shop: newYork.shop.domain, kind: "backfill" } });
    expect(must(catchUp.sinceUpdatedAt, "since").getTime()).toBeLessThan(must(backfill.untilUpdatedAt, "until").getTime());
    expect(catchUp.status).toBe("succeeded");
  });

  it("resumes a run whose runner died (no live lease) instead of starting another", async () => {
    await tickAt("2026-11-20T12:00:00Z");
    const orphan = await db.syncRun.create({ data: { shop: newYork.shop.domain, kind: "incremental", status: "queued", trigger: "schedule", startedAt: new Date(clock.ms) } });
    const outcomes = await tickAt("2026-11-20T12:10:00Z");
    expect(outcomes).toEqual([expect.objectContaining({ shop: newYork.shop.domain, reason: "resume", runId: orphan.id, started: true })]);
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: orphan.id } })).status).toBe("succeeded");
  });

  it("claims each day's slot atomically: two schedulers ticking at once start one run per shop", async () => {
    clock.ms = Date.parse("2026-11-20T12:00:00Z");
    const env = testEnvironment(emulator, clock);
    const tick = () => runSchedulerTick({ nowMs: clock.ms, maxConcurrentRuns: 5, request: (r) => requestSync(r, env) });
    const [a, b] = await Promise.all([tick(), tick()]);
    const all = [...a, ...b];
    for (const outcome of all) if (outcome.runId) await waitForRun(outcome.runId);
    expect(all.filter((o) => o.started)).toHaveLength(2);
    expect(await db.syncRun.count()).toBe(2);
  });
});
