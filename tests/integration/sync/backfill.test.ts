import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../setup/db";
import type { Emulator } from "../../shopify-emulator/server";
import { addOrder, type StoreData } from "../../shopify-emulator/store";
import db from "~/db.server";
import { runSync } from "~/sync/sync-service.server";
import {
  dailySalesOf,
  differences,
  HOUR_MS,
  installStore,
  presetStore,
  startTestEmulator,
  testEnvironment,
  TestClock,
  truthOf,
  must,
} from "./helpers";

// A full backfill over HTTP against the emulator, on the real test database.
const clock = new TestClock();
const small = presetStore("small", { domain: "backfill-small.myshopify.com" });
const toy = presetStore("toy", { domain: "backfill-toy.myshopify.com" });
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startTestEmulator([small, toy], clock);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await resetDatabase();
  clock.ms = Math.max(clock.ms, must(toy.orders.at(-1), "a toy order").createdAt);
});

describe("backfill", () => {
  it("makes DailySales equal the generator's ground truth for every variant and shop-local day", async () => {
    await installStore(small);
    const run = await runSync({ shop: small.shop.domain, trigger: "install" }, testEnvironment(emulator, clock));
    expect(run).toMatchObject({ status: "succeeded", kind: "backfill", errorCode: null, progressPct: 100 });
    const actual = await dailySalesOf(small.shop.domain);
    const expected = truthOf(small);
    expect(expected.size).toBeGreaterThan(500);
    expect(differences(actual, expected)).toEqual([]);
    // Repeat purchases are part of the truth: the small store has returning customers.
    expect([...actual.values()].some((r) => r.repeatUnits > 0)).toBe(true);
    const state = await db.syncState.findUniqueOrThrow({ where: { shop: small.shop.domain } });
    expect(state).toMatchObject({ needsFullRollup: false, historyLimited: false, lastRunId: run.id });
    expect(state.ordersWatermark?.getTime()).toBe(run.untilUpdatedAt?.getTime());
  });

  it("records what it did: objects read, rows written, per-phase timings, the export it used", async () => {
    await installStore(small);
    const run = await runSync({ shop: small.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock));
    const exported = emulator.bulkOperations(small.shop.domain).find((op) => `gid://shopify/BulkOperation/${op.id}` === run.bulkOperationId);
    expect(exported?.status).toBe("COMPLETED");
    expect(run.bulkObjectCount).toBe(exported?.objectCount);
    expect(run.objectsRead).toBeGreaterThan(run.bulkObjectCount);
    expect(run.linesApplied).toBe(run.bulkObjectCount);
    expect(run.rowsWritten).toBeGreaterThan(small.orders.length);
    const timings = JSON.parse(run.timingsJson) as Record<string, number>;
    expect(Object.keys(timings)).toEqual(expect.arrayContaining(["profile", "catalog", "catalogWait", "wait", "download", "finalize"]));
    // The wait for the catalog export is part of the catalog step's time.
    expect(timings.catalogWait).toBeLessThanOrEqual(timings.catalog);
    expect(run.finishedAt).not.toBeNull();
  });

  it("copies the catalog: prices, unit costs, inventory per location and summed, one snapshot per variant per shop-local day", async () => {
    await installStore(small);
    const run = await runSync({ shop: small.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock));
    expect(run.errorMessage).toBeNull();
    const live = small.variants.filter((v) => !v.deleted);
    const variants = await db.variant.findMany({ where: { shop: small.shop.domain } });
    expect(variants).toHaveLength(live.length);
    for (const source of live) {
      const row = variants.find((v) => v.id === String(source.id));
      const sum = (key: "available" | "onHand" | "incoming" | "committed") => source.inventory.reduce((total, level) => total + level[key], 0);
      expect(row).toMatchObject({
        sku: source.sku,
        priceCents: source.priceCents,
        unitCostCents: source.unitCostCents,
        inventoryItemId: String(source.inventoryItemId),
        available: sum("available"),
        onHand: sum("onHand"),
        incoming: sum("incoming"),
        committed: sum("committed"),
        deletedAt: null,
      });
      const levels = await db.inventoryLevel.findMany({ where: { shop: small.shop.domain, variantId: String(source.id) } });
      expect(levels.map((l) => [l.locationId, l.available, l.onHand]).sort()).toEqual(
        source.inventory.map((l) => [String(l.locationId), l.available, l.onHand]).sort(),
      );
    }
    // Synced twice on the same shop-local day: still one snapshot per variant.
    await runSync({ shop: small.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock));
    const snapshots = await db.inventorySnapshot.findMany({ where: { shop: small.shop.domain } });
    expect(snapshots).toHaveLength(live.length);
    expect(new Set(snapshots.map((s) => s.day))).toEqual(new Set(["2026-11-20"]));
  });

  it("puts an order placed just after midnight in a non-UTC shop on that shop-local day", async () => {
    const store: StoreData = structuredClone(toy);
    const variant = must(store.variants.find((v) => !v.deleted), "a live variant");
    clock.advance(HOUR_MS);
    // New York (UTC−5 in November): 04:30Z is 23:30 on the 10th, 05:10Z is 00:10 on the 11th
    // (the toy store's own orders are all later, so these days hold only these two orders).
    addOrder(store, { lines: [{ variantId: variant.id, quantity: 2 }], processedAt: Date.parse("2026-11-11T04:30:00Z") }, clock.ms);
    addOrder(store, { lines: [{ variantId: variant.id, quantity: 3 }], processedAt: Date.parse("2026-11-11T05:10:00Z") }, clock.ms);
    emulator.putStore(store);
    try {
      await installStore(store);
      await runSync({ shop: store.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock));
      const actual = await dailySalesOf(store.shop.domain);
      expect(actual.get(`${variant.id}|2026-11-10`)?.units).toBe(2);
      expect(actual.get(`${variant.id}|2026-11-11`)?.units).toBe(3);
      expect(differences(actual, truthOf(store))).toEqual([]);
    } finally {
      emulator.putStore(toy);
    }
  });

  it("without read_customers it reads no customer at all: totals exact, no repeat purchases", async () => {
    const scopes = ["read_orders", "read_all_orders", "read_products", "read_inventory"];
    await installStore(small, { scopes });
    const run = await runSync({ shop: small.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock));
    expect(run.status).toBe("succeeded");
    const exported = emulator.bulkOperations(small.shop.domain).find((op) => `gid://shopify/BulkOperation/${op.id}` === run.bulkOperationId);
    expect(exported?.query).toContain("lineItems");
    expect(exported?.query).not.toContain("customer");
    const actual = await dailySalesOf(small.shop.domain);
    const expected = truthOf(small);
    for (const row of expected.values()) row.repeatUnits = 0;
    expect(differences(actual, expected)).toEqual([]);
    expect(await db.salesOrder.count({ where: { shop: small.shop.domain, NOT: { customerHash: null } } })).toBe(0);
  });
});
