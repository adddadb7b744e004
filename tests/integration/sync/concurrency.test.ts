import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../setup/db";
import type { Emulator } from "../../shopify-emulator/server";
import db from "~/db.server";
import { acquireLease, currentLease, LEASE_TTL_MS, releaseLease, renewLease } from "~/sync/lease.server";
import { requestSync, waitForRun } from "~/sync/sync-service.server";
import { dailySalesOf, differences, installStore, presetStore, startTestEmulator, testEnvironment, TestClock, truthOf, must } from "./helpers";

// One run per shop, whatever asks at the same time; several shops side by side never mix.
const clock = new TestClock();
const alpha = presetStore("small", { domain: "mix-alpha.myshopify.com", seed: "alpha" });
const bravo = presetStore("small", { domain: "mix-bravo.myshopify.com", seed: "bravo", timeZone: "Europe/Berlin" });
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startTestEmulator([alpha, bravo], clock);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await resetDatabase();
  await installStore(alpha);
  await installStore(bravo);
});

describe("concurrency", () => {
  it("two sync requests for one shop at the same time yield one run, and both callers get its id", async () => {
    const env = testEnvironment(emulator, clock);
    const [first, second] = await Promise.all([requestSync({ shop: alpha.shop.domain, trigger: "manual" }, env), requestSync({ shop: alpha.shop.domain, trigger: "cron" }, env)]);
    expect([first.started, second.started].sort()).toEqual([false, true]);
    expect(first.runId).not.toBeNull();
    expect(second.runId).toBe(first.runId);
    await waitForRun(must(first.runId, "a run id"));
    expect(await db.syncRun.count({ where: { shop: alpha.shop.domain } })).toBe(1);
  });

  it("two shops synced at the same time each end at their own truth, with no row of one in the other", async () => {
    const env = testEnvironment(emulator, clock);
    const tickets = await Promise.all([alpha, bravo].map((s) => requestSync({ shop: s.shop.domain, trigger: "install" }, env)));
    const runs = await Promise.all(tickets.map((t) => waitForRun(must(t.runId, "a run id"))));
    expect(runs.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    expect(differences(await dailySalesOf(alpha.shop.domain), truthOf(alpha))).toEqual([]);
    expect(differences(await dailySalesOf(bravo.shop.domain), truthOf(bravo))).toEqual([]);
    // Ids come from per-shop blocks, so a row filed under the wrong shop could not match either truth;
    // check the catalog and orders too.
    for (const [own, other] of [[alpha, bravo], [bravo, alpha]] as const) {
      const otherVariantIds = new Set(other.variants.map((v) => String(v.id)));
      const variants = await db.variant.findMany({ where: { shop: own.shop.domain }, select: { id: true } });
      expect(variants.some((v) => otherVariantIds.has(v.id))).toBe(false);
      const otherOrderIds = new Set(other.orders.map((o) => String(o.id)));
      const orders = await db.salesOrder.findMany({ where: { shop: own.shop.domain }, select: { id: true } });
      expect(orders.length).toBeGreaterThan(0);
      expect(orders.some((o) => otherOrderIds.has(o.id))).toBe(false);
    }
  });
});

describe("the per-shop lease", () => {
  const SHOP = "lease.myshopify.com";

  it("is held by one holder at a time until it expires, and can then be taken over", async () => {
    const t = 1_000_000;
    expect(await acquireLease(SHOP, "a", t)).toBe(true);
    expect(await acquireLease(SHOP, "b", t + 1)).toBe(false);
    expect(await acquireLease(SHOP, "a", t + 2)).toBe(true); // re-entrant for its holder
    expect(await renewLease(SHOP, "a", t + 10, "run-1")).toBe(true);
    expect((await currentLease(SHOP, t + 20))?.runId).toBe("run-1");
    expect(await acquireLease(SHOP, "b", t + 10 + LEASE_TTL_MS + 1)).toBe(true);
    expect(await renewLease(SHOP, "a", t + 10 + LEASE_TTL_MS + 2)).toBe(false);
    await releaseLease(SHOP, "a"); // not the holder any more: a no-op
    expect((await currentLease(SHOP, t + 10 + LEASE_TTL_MS + 3))?.holder).toBe("b");
  });

  it("looks held exactly while it cannot be taken, up to and including its expiry instant", async () => {
    const t = 2_000_000;
    expect(await acquireLease(SHOP, "a", t)).toBe(true);
    const expiry = t + LEASE_TTL_MS;
    expect(await currentLease(SHOP, expiry)).not.toBeNull();
    expect(await acquireLease(SHOP, "b", expiry)).toBe(false);
    expect(await currentLease(SHOP, expiry + 1)).toBeNull();
    expect(await acquireLease(SHOP, "b", expiry + 1)).toBe(true);
  });

  it("lets exactly one of many simultaneous takers win", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => acquireLease(SHOP, `h${i}`, 5_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
