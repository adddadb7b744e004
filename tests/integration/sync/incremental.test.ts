import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetDatabase } from "../../setup/db";
import type { Emulator } from "../../shopify-emulator/server";
import { addOrder, cancelOrder, deleteVariant, editRemoveUnits, isCountedOrder, markTest, refundLine, type StoreData } from "../../shopify-emulator/store";
import db from "~/db.server";
import { runSync } from "~/sync/sync-service.server";
import { dailySalesOf, differences, HOUR_MS, installStore, must, presetStore, startTestEmulator, testEnvironment, TestClock, truthOf } from "./helpers";

// Incremental syncs over HTTP: after refunds, cancellations, edits, test flags and new orders
// (including ones that change who a customer's first order is), DailySales equals the ground
// truth, and equals what a fresh full backfill of the same data produces.
const clock = new TestClock();
const template = presetStore("small", { domain: "incremental-small.myshopify.com" });
const SHOP = template.shop.domain;
let emulator: Emulator;

const data = (): StoreData => emulator.shop(SHOP).data;
const env = () => testEnvironment(emulator, clock);
const sync = async (full = false) => {
  const run = await runSync({ shop: SHOP, trigger: "manual", full }, env());
  expect(run.errorMessage).toBeNull();
  return run;
};
/** Moves the clock and returns the new time, for mutations that must not go back in time. */
const later = () => clock.advance(60_000);

beforeAll(async () => {
  emulator = await startTestEmulator([structuredClone(template)], clock);
  await resetDatabase();
  await installStore(template);
  const run = await sync();
  expect(run.kind).toBe("backfill");
});
afterAll(async () => {
  await emulator.close();
});

/** Customers with at least two counted orders, by their orders in (processedAt, id) order. */
function returningCustomers(store: StoreData): number[][] {
  const byCustomer = new Map<number, typeof store.orders>();
  for (const order of store.orders) {
    if (order.customerId === null || !isCountedOrder(order)) continue;
    byCustomer.set(order.customerId, [...(byCustomer.get(order.customerId) ?? []), order]);
  }
  return [...byCustomer.values()]
    .filter((orders) => orders.length >= 2)
    .map((orders) => orders.sort((a, b) => a.processedAt - b.processedAt || a.id - b.id).map((o) => o.id));
}

describe("incremental sync", () => {
  it("after refunds, cancellations, edits, test flags and new orders, equals the ground truth", async () => {
    clock.advance(HOUR_MS);
    const store = data();
    const counted = store.orders.filter((o) => isCountedOrder(o) && o.lines.some((l) => l.currentQuantity > 1));
    const [returning, another] = returningCustomers(store);
    const liveVariant = must(store.variants.find((v) => !v.deleted), "a live variant");
    emulator.mutateStore(SHOP, (s) => {
      for (const order of counted.slice(0, 5)) refundLine(s, order.id, must(order.lines.find((l) => l.currentQuantity > 1), "a line").id, 1, later());
      for (const order of counted.slice(5, 8)) cancelOrder(s, order.id, later());
      for (const order of counted.slice(8, 10)) markTest(s, order.id, later());
      for (const order of counted.slice(10, 13)) editRemoveUnits(s, order.id, must(order.lines.find((l) => l.currentQuantity > 1), "a line").id, 1, later());
      // A customer's first order is cancelled: their second order stops being a repeat purchase.
      cancelOrder(s, returning[0], later());
      // An imported order dated before another customer's first order: that first order becomes a repeat.
      const firstOfAnother = must(s.orders.find((o) => o.id === another[0]), "the customer's first order");
      addOrder(s, { lines: [{ variantId: liveVariant.id, quantity: 2 }], customerId: firstOfAnother.customerId, processedAt: firstOfAnother.processedAt - 3 * 24 * HOUR_MS }, later());
      // New orders today: a returning customer, a new customer, a guest.
      addOrder(s, { lines: [{ variantId: liveVariant.id, quantity: 1 }], customerId: must(s.orders.find((o) => o.id === returning[1]), "a returning order").customerId }, later());
      addOrder(s, { lines: [{ variantId: liveVariant.id, quantity: 4 }], customerId: 987_654 }, later());
      addOrder(s, { lines: [{ variantId: liveVariant.id, quantity: 1 }], customerId: null }, later());
    });
    clock.advance(HOUR_MS);

    const run = await sync();
    expect(run.kind).toBe("incremental");
    // Only changed orders were read: far fewer lines than the backfill.
    expect(run.bulkObjectCount).toBeLessThan(100);
    expect(differences(await dailySalesOf(SHOP), truthOf(data()))).toEqual([]);
    expect(await db.salesDirtyKey.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("keeps being exact over several days of changes, and matches a fresh full backfill", async () => {
    for (let day = 0; day < 3; day++) {
      clock.advance(24 * HOUR_MS);
      const store = data();
      const candidates = store.orders.filter((o) => isCountedOrder(o) && o.lines.some((l) => l.currentQuantity > 0)).slice(20 + day * 7, 27 + day * 7);
      emulator.mutateStore(SHOP, (s) => {
        for (const [i, order] of candidates.entries()) {
          const line = must(order.lines.find((l) => l.currentQuantity > 0), "a line");
          if (i % 3 === 0) refundLine(s, order.id, line.id, 1, later());
          else if (i % 3 === 1) cancelOrder(s, order.id, later());
          else markTest(s, order.id, later());
        }
        addOrder(s, { lines: [{ variantId: must(s.variants.find((v) => !v.deleted), "a live variant").id, quantity: 1 + day }], customerId: 555 }, later());
      });
      await sync();
      expect(differences(await dailySalesOf(SHOP), truthOf(data()))).toEqual([]);
    }
    const afterIncrementals = await dailySalesOf(SHOP);
    const full = await sync(true);
    expect(full.kind).toBe("backfill");
    expect(await dailySalesOf(SHOP)).toEqual(afterIncrementals);
  });

  it("keeps a deleted variant's sales history (and marks the variant deleted) where a fresh read would lose it", async () => {
    clock.advance(HOUR_MS);
    const store = data();
    const counts = new Map<number, number>();
    for (const order of store.orders) for (const line of order.lines) if (line.variantId) counts.set(line.variantId, (counts.get(line.variantId) ?? 0) + 1);
    const [victim] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    const before = await dailySalesOf(SHOP);
    const historyOfVictim = [...before.entries()].filter(([key]) => key.startsWith(`${victim}|`));
    expect(historyOfVictim.length).toBeGreaterThan(0);

    emulator.mutateStore(SHOP, (s) => deleteVariant(s, victim, later()));
    await sync();

    const after = await dailySalesOf(SHOP);
    for (const [key, row] of historyOfVictim) expect(after.get(key)).toEqual(row);
    // Everything else is still exactly the truth (which, unlike Backstop, forgets the deleted variant).
    const others = new Map([...after].filter(([key]) => !key.startsWith(`${victim}|`)));
    expect(differences(others, truthOf(data()))).toEqual([]);
    const variant = await db.variant.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: String(victim) } } });
    expect(variant.deletedAt).not.toBeNull();
  });
});
