import { beforeAll, describe, expect, it } from "vitest";
import type { GenerateOptions, StoreData, StoreOrder } from "../../shopify-emulator/store";
import { computeGroundTruth, createShopClock, generatePreset, generateStore, presetOptions } from "../../shopify-emulator/store";

const NOW = Date.parse("2026-11-27T12:00:00Z");
const DAY = 86_400_000;

function allIds(store: StoreData): Set<number> {
  const ids = new Set<number>();
  for (const l of store.locations) ids.add(l.id);
  for (const p of store.products) ids.add(p.id);
  for (const v of store.variants) {
    ids.add(v.id);
    ids.add(v.inventoryItemId);
  }
  for (const o of store.orders) {
    ids.add(o.id);
    for (const line of o.lines) ids.add(line.id);
    for (const r of o.refunds) ids.add(r.id);
  }
  return ids;
}

function refundedUnits(order: StoreOrder, lineId: number): number {
  return order.refunds.flatMap((r) => r.lines).filter((l) => l.lineItemId === lineId).reduce((sum, l) => sum + l.quantity, 0);
}

function smallOptions(overrides: Partial<GenerateOptions> = {}): GenerateOptions {
  return { ...presetOptions("small", { nowMs: NOW }), ...overrides };
}

describe("generateStore: determinism and identity", () => {
  it("gives an identical store for the same seed and a different one for another seed", () => {
    const a = generateStore(smallOptions());
    const b = generateStore(smallOptions());
    expect(b).toEqual(a);
    const c = generatePreset("small", { nowMs: NOW, seed: "another-seed" });
    expect(c.shop.domain).not.toBe(a.shop.domain);
    expect(c.orders.map((o) => o.createdAt)).not.toEqual(a.orders.map((o) => o.createdAt));
    expect(c.variants.map((v) => v.priceCents)).not.toEqual(a.variants.map((v) => v.priceCents));
  });

  it("keeps ids unique within a store and disjoint across shops generated together", () => {
    const stores = [generatePreset("toy", { nowMs: NOW }), generatePreset("small", { nowMs: NOW }), generatePreset("small", { nowMs: NOW, seed: 7 })];
    const seen = new Map<number, string>();
    for (const store of stores) {
      const ids = allIds(store);
      for (const id of ids) {
        expect(seen.get(id), `id ${id} of ${store.shop.domain}`).toBeUndefined();
        seen.set(id, store.shop.domain);
        expect(Number.isSafeInteger(id)).toBe(true);
      }
      // Ids exceed 32 bits, as Shopify's do: an app storing them in int32 columns would break.
      expect(Math.min(...ids)).toBeGreaterThan(2 ** 32);
    }
    expect(new Set(stores.map((s) => s.shop.accessToken)).size).toBe(3);
  });

  it("refuses two shops sharing one id block", () => {
    const base = { ...smallOptions(), orderCount: 5, idBase: 7_000_000_000 };
    generateStore({ ...base, shop: { domain: "block-one.myshopify.com" } });
    expect(() => generateStore({ ...base, shop: { domain: "block-two.myshopify.com" } })).toThrow(/share the id block/);
  });

  it("rejects invalid options with the reason", () => {
    expect(() => generateStore(smallOptions({ orderCount: -1 }))).toThrow(/orderCount must be an integer ≥ 0/);
    expect(() => generateStore(smallOptions({ variantCount: 3 }))).toThrow(/variantCount must be an integer ≥ 20/);
    expect(() => generateStore(smallOptions({ historyEndMs: 0 }))).toThrow(/historyEndMs/);
    expect(() => generateStore(smallOptions({ rates: { refund: 2 } }))).toThrow(/rates.refund must be in \[0, 1\]/);
    expect(() => generateStore(smallOptions({ shop: { ianaTimezone: "Nowhere/City" } }))).toThrow(/Nowhere\/City/);
    expect(() => generateStore(smallOptions({ shop: { domain: "Not A Domain" } }))).toThrow(/myshopify\.com/);
  });
});

describe("presets", () => {
  it("builds the toy store with 5 orders and 2 products", () => {
    const toy = generatePreset("toy", { nowMs: NOW });
    expect(toy.orders).toHaveLength(5);
    expect(toy.products).toHaveLength(2);
    expect(toy.orders.every((o) => o.createdAt > NOW - 8 * DAY && o.createdAt <= NOW)).toBe(true);
  });
});

describe("the small store", () => {
  let store: StoreData;
  beforeAll(() => {
    store = generatePreset("small", { nowMs: NOW });
  });

  it("has the preset's size and history", () => {
    expect(store.orders).toHaveLength(2000);
    expect(store.products).toHaveLength(20);
    expect(store.variants).toHaveLength(50);
    expect(store.locations).toHaveLength(2);
    expect(store.shop.ianaTimezone).toBe("Australia/Adelaide");
  });

  it("keeps orders sorted by id with createdAt growing, times in whole seconds, and updatedAt at the last change", () => {
    for (let i = 0; i < store.orders.length; i += 1) {
      const o = store.orders[i];
      if (i > 0) {
        expect(o.id).toBeGreaterThan(store.orders[i - 1].id);
        expect(o.createdAt).toBeGreaterThanOrEqual(store.orders[i - 1].createdAt);
      }
      expect(o.updatedAt).toBeGreaterThanOrEqual(o.createdAt);
      expect(o.updatedAt).toBeLessThanOrEqual(NOW);
      for (const t of [o.createdAt, o.processedAt, o.updatedAt, o.cancelledAt ?? 0, ...o.refunds.map((r) => r.createdAt)]) {
        expect(t % 1000).toBe(0);
        expect(t).toBeLessThanOrEqual(o.updatedAt); // updatedAt reflects the last change
      }
    }
  });

  it("keeps every line consistent: refunds and edits only lower currentQuantity, discounts only lower totals", () => {
    for (const o of store.orders) {
      for (const line of o.lines) {
        expect(line.currentQuantity).toBeGreaterThanOrEqual(0);
        expect(line.currentQuantity).toBeLessThanOrEqual(line.quantity);
        expect(refundedUnits(o, line.id)).toBeLessThanOrEqual(line.quantity - line.currentQuantity);
        expect(line.discountedTotalCents).toBeLessThanOrEqual(line.quantity * line.unitPriceCents);
        expect(line.discountedTotalCents).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("contains refunds, restocked cancellations, test orders and order edits", () => {
    const refunded = store.orders.filter((o) => o.cancelledAt === null && o.refunds.length > 0);
    expect(refunded.length).toBeGreaterThan(20);
    expect(refunded.every((o) => o.refunds.every((r) => r.createdAt > o.createdAt))).toBe(true);

    const cancelled = store.orders.filter((o) => o.cancelledAt !== null);
    expect(cancelled.length).toBeGreaterThan(0);
    for (const o of cancelled) {
      expect(o.cancelledAt).toBeGreaterThan(o.createdAt);
      expect(o.lines.every((l) => l.currentQuantity === 0)).toBe(true);
      expect(o.refunds.some((r) => r.lines.every((l) => l.restockType === "CANCEL"))).toBe(true);
    }

    expect(store.orders.some((o) => o.test)).toBe(true);
    const edited = store.orders.filter((o) => o.cancelledAt === null && o.lines.some((l) => l.quantity - l.currentQuantity > refundedUnits(o, l.id)));
    expect(edited.length).toBeGreaterThan(0);
  });

  it("has line-level discounts, missing unit costs and a variant without SKU", () => {
    expect(store.orders.some((o) => o.lines.some((l) => l.discountedTotalCents < l.quantity * l.unitPriceCents))).toBe(true);
    expect(store.variants.some((v) => v.unitCostCents === null)).toBe(true);
    expect(store.variants.some((v) => v.unitCostCents !== null && v.unitCostCents < v.priceCents)).toBe(true);
    expect(store.variants.filter((v) => v.sku === null)).toHaveLength(1);
    const skus = store.variants.flatMap((v) => (v.sku === null ? [] : [v.sku]));
    expect(new Set(skus).size).toBe(skus.length);
  });

  it("has returning customers and guest checkouts", () => {
    const ordersByCustomer = new Map<number, number>();
    for (const o of store.orders) if (o.customerId !== null) ordersByCustomer.set(o.customerId, (ordersByCustomer.get(o.customerId) ?? 0) + 1);
    expect([...ordersByCustomer.values()].filter((n) => n > 1).length).toBeGreaterThan(50);
    expect(store.orders.some((o) => o.customerId === null)).toBe(true);
  });

  it("has a few imported orders processed before they were created", () => {
    const imported = store.orders.filter((o) => o.processedAt !== o.createdAt);
    expect(imported.length).toBeGreaterThanOrEqual(3);
    expect(imported.length).toBeLessThan(store.orders.length * 0.01);
    expect(imported.every((o) => o.processedAt < o.createdAt)).toBe(true);
  });

  it("has a deleted variant whose past lines carry variant null and keep the SKU", () => {
    const deleted = store.variants.filter((v) => v.deleted);
    expect(deleted).toHaveLength(1);
    const [variant] = deleted;
    const orphanLines = store.orders.flatMap((o) => o.lines.filter((l) => l.variantId === null));
    expect(orphanLines.length).toBeGreaterThan(0);
    expect(orphanLines.every((l) => l.sku === variant.sku)).toBe(true);
    expect(store.orders.some((o) => o.lines.some((l) => l.variantId === variant.id))).toBe(false);
    expect(store.products.some((p) => p.variantIds.includes(variant.id))).toBe(false);
    expect(variant.inventory).toEqual([]);
  });

  it("has orders in the first and last minutes of the shop's day, on a local day other than the UTC day", () => {
    const clock = createShopClock(store.shop.ianaTimezone);
    const minuteOfLocalDay = (t: number) => ((t + clock.offsetMsAt(t)) % DAY) / 60_000;
    const nearMidnight = store.orders.filter((o) => {
      const m = minuteOfLocalDay(o.processedAt);
      return m < 5 || m >= 1435;
    });
    expect(nearMidnight.length).toBeGreaterThanOrEqual(10);
    const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);
    expect(nearMidnight.some((o) => clock.dayOf(o.processedAt) !== utcDay(o.processedAt))).toBe(true);
  });

  it("has orders on both sides of a DST change", () => {
    const clock = createShopClock(store.shop.ianaTimezone);
    const changes: number[] = [];
    for (let t = NOW - 182 * DAY; t < NOW; t += 15 * 60_000) {
      if (clock.offsetMsAt(t) !== clock.offsetMsAt(t - 15 * 60_000)) changes.push(t);
    }
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      const window = 30 * 60_000;
      expect(store.orders.some((o) => o.processedAt >= change - window && o.processedAt < change)).toBe(true);
      expect(store.orders.some((o) => o.processedAt >= change && o.processedAt < change + window)).toBe(true);
    }
  });

  it("keeps inventory consistent: on_hand ≥ available + committed, with some variants out of stock", () => {
    const locationIds = new Set(store.locations.map((l) => l.id));
    for (const v of store.variants) {
      for (const level of v.inventory) {
        expect(locationIds.has(level.locationId)).toBe(true);
        expect(level.onHand).toBeGreaterThanOrEqual(level.available + level.committed);
        expect(level.committed).toBeGreaterThanOrEqual(0);
        expect(level.incoming).toBeGreaterThanOrEqual(0);
      }
    }
    const active = new Set(store.products.filter((p) => p.status === "ACTIVE").map((p) => p.id));
    const outOfStock = store.variants.filter((v) => active.has(v.productId) && !v.deleted && v.inventory.length > 0 && v.inventory.every((l) => l.available === 0));
    expect(outOfStock.length).toBeGreaterThan(0);
    expect(store.variants.some((v) => v.inventory.some((l) => l.incoming > 0))).toBe(true);
  });

  it("can keep quantities on cancellation instead of restocking", () => {
    const kept = generateStore(smallOptions({ seed: "keep", shop: { domain: "keep-quantities.myshopify.com" }, cancellationStyle: "keep-quantities" }));
    const cancelled = kept.orders.filter((o) => o.cancelledAt !== null);
    expect(cancelled.length).toBeGreaterThan(0);
    expect(cancelled.every((o) => o.refunds.every((r) => r.lines.every((l) => l.restockType !== "CANCEL")))).toBe(true);
    expect(cancelled.some((o) => o.lines.some((l) => l.currentQuantity > 0))).toBe(true);
  });
});

describe("the demo store", () => {
  let store: StoreData;
  beforeAll(() => {
    store = generatePreset("demo", { nowMs: NOW });
  });

  it("has the preset's size: 60 products, 150 variants, 18 months of orders ending now", () => {
    expect(store.products).toHaveLength(60);
    expect(store.variants).toHaveLength(150);
    expect(store.orders).toHaveLength(45_000);
    expect(store.orders[0].createdAt).toBeLessThan(NOW - 540 * DAY);
    expect(store.orders.at(-1)?.createdAt).toBeGreaterThan(NOW - DAY);
  });

  it("is Pareto-shaped: the top 20% of variants carry at least 60% of revenue", () => {
    const revenue = new Map<number, number>();
    for (const entry of computeGroundTruth(store).values()) revenue.set(entry.variantId, (revenue.get(entry.variantId) ?? 0) + entry.revenueCents);
    const sorted = store.variants.filter((v) => !v.deleted).map((v) => revenue.get(v.id) ?? 0).sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const top = sorted.slice(0, Math.ceil(sorted.length * 0.2)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThanOrEqual(0.6);
  });

  it("has intermittent sellers that sell on few days", () => {
    const daysSold = new Map<number, number>();
    for (const entry of computeGroundTruth(store).values()) daysSold.set(entry.variantId, (daysSold.get(entry.variantId) ?? 0) + 1);
    const intermittent = [...daysSold.values()].filter((days) => days > 0 && days < 548 * 0.2);
    expect(intermittent.length).toBeGreaterThanOrEqual(15);
  });

  it("grows over time and has a weekly rhythm", () => {
    const clock = createShopClock(store.shop.ianaTimezone);
    const firstQuarter = store.orders.filter((o) => o.processedAt < NOW - 455 * DAY).length;
    const lastQuarter = store.orders.filter((o) => o.processedAt >= NOW - 90 * DAY).length;
    expect(lastQuarter).toBeGreaterThan(firstQuarter * 1.3);
    const byWeekday = [0, 0, 0, 0, 0, 0, 0];
    for (const o of store.orders) byWeekday[new Date(clock.dayOf(o.processedAt)).getUTCDay()] += 1;
    expect(Math.max(...byWeekday) / Math.min(...byWeekday)).toBeGreaterThan(1.1);
  });
});
