import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../setup/db";
import type { Emulator } from "../../shopify-emulator/server";
import db from "~/db.server";
import { runSync } from "~/sync/sync-service.server";
import { materialiseShopMetrics, rematerialiseSkus } from "~/models/sku-metrics.server";
import { installStore, presetStore, startTestEmulator, testEnvironment, TestClock } from "../sync/helpers";

// The plan pages read is materialised from real synced sales: sync the small store from the
// emulator, then check the SkuMetrics rows, and that an edit replans only what it touched.
const clock = new TestClock();
const store = presetStore("small", { domain: "plan-small.myshopify.com" });
let emulator: Emulator;
let shop: string;

beforeAll(async () => {
  emulator = await startTestEmulator([store], clock);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await resetDatabase();
  shop = await installStore(store);
  const run = await runSync({ shop, trigger: "install" }, testEnvironment(emulator, clock));
  expect(run.status).toBe("succeeded");
});

describe("SkuMetrics after a sync", () => {
  it("has one ranked row per live variant, best revenue at risk first", async () => {
    const liveVariants = await db.variant.count({ where: { shop, deletedAt: null } });
    const rows = await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" } });
    expect(liveVariants).toBeGreaterThan(10);
    expect(rows).toHaveLength(liveVariants);
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i += 1) {
      expect(rows[i - 1].revenueAtRiskCents).toBeGreaterThanOrEqual(rows[i].revenueAtRiskCents);
    }
    // Revenue at risk = velocity × net price × 30: the top SKU sells, so it is positive.
    expect(rows[0].revenueAtRiskCents).toBeGreaterThan(0);
    expect(rows[0].unitsPerDay).toBeGreaterThan(0);
  });

  it("flags a minority of SKUs as where redundancy pays, not the whole catalogue", async () => {
    const rows = await db.skuMetrics.findMany({ where: { shop } });
    const high = rows.filter((r) => r.priorityTier === "high").length;
    expect(high).toBeGreaterThan(0);
    expect(high / rows.length).toBeLessThan(0.4);
  });

  it("replans only the SKU an edit touched, and the rest keep their computedAt", async () => {
    const [target] = await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" }, take: 1 });
    const before = await db.skuMetrics.findMany({ where: { shop } });
    expect(target.hasBackup).toBe(false);
    const primary = await db.supplier.create({ data: { shop, name: "Shenzhen Works" } });
    const backup = await db.supplier.create({ data: { shop, name: "Dongguan Backup" } });
    await db.supplierAssignment.createMany({
      data: [
        { shop, variantId: target.variantId, supplierId: primary.id, role: "primary", stage: "active", allocationPct: 100, leadTimeDays: 30, landedCostCents: 500 },
        { shop, variantId: target.variantId, supplierId: backup.id, role: "backup", stage: "qualified", allocationPct: 0, leadTimeDays: 20, landedCostCents: 560 },
      ],
    });

    const editTime = new Date(Date.now() + 60_000);
    await rematerialiseSkus(shop, [target.variantId], editTime);

    const after = await db.skuMetrics.findMany({ where: { shop } });
    const changed = after.filter((row) => row.computedAt.getTime() === editTime.getTime()).map((row) => row.variantId);
    expect(changed).toContain(target.variantId);
    const updated = after.find((row) => row.variantId === target.variantId);
    expect(updated?.hasBackup).toBe(true);
    expect(updated?.recommendedPrimaryPct).toBeGreaterThanOrEqual(50);
    expect(updated?.recommendedPrimaryPct).toBeLessThan(100);
    // Only SKUs whose rank or tier moved are rewritten besides the edited one.
    expect(changed.length).toBeLessThan(before.length);
  });

  it("runs an edit's replan after a whole-shop plan already under way, so the edit is not overwritten", async () => {
    const [target] = await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" }, take: 1 });
    const finished: string[] = [];
    // The whole-shop plan starts first (as after a settings save) and reads every SKU's inputs…
    const wholeShop = materialiseShopMetrics(shop).then(() => finished.push("whole shop"));
    // …then the merchant adds a backup to one SKU and its (much smaller) replan is requested.
    const primary = await db.supplier.create({ data: { shop, name: "Queue Primary" } });
    const backup = await db.supplier.create({ data: { shop, name: "Queue Backup" } });
    await db.supplierAssignment.createMany({
      data: [
        { shop, variantId: target.variantId, supplierId: primary.id, role: "primary", stage: "active", allocationPct: 100, leadTimeDays: 30, landedCostCents: 500 },
        { shop, variantId: target.variantId, supplierId: backup.id, role: "backup", stage: "qualified", allocationPct: 0, leadTimeDays: 20, landedCostCents: 560 },
      ],
    });
    const edit = rematerialiseSkus(shop, [target.variantId]).then(() => finished.push("edit"));
    await Promise.all([wholeShop, edit]);
    expect(finished).toEqual(["whole shop", "edit"]);
    const row = await db.skuMetrics.findUniqueOrThrow({ where: { shop_variantId: { shop, variantId: target.variantId } } });
    expect(row.hasBackup).toBe(true);
  });
});
