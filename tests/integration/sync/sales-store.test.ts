import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../setup/db";
import { getEnv } from "~/env.server";
import db from "~/db.server";
import { computeAllDailySales, computeDailySalesFor, staleKeys } from "~/sync/daily-sales-rollup.server";
import { SalesStore } from "~/sync/sales-store.server";
import type { SalesOrderRecord } from "~/sync/sales-order";
import { forgetCustomerInSales } from "~/sync/customer-forget.server";

// The exactness argument at the storage level: whatever sequence of order versions arrives
// (refunds, cancellations, test flags, re-dated imports, customers changing their first order),
// recomputing only the keys recorded as stale leaves DailySales equal to a rebuild from scratch.
const SHOP = "store-test.myshopify.com";
const DAYS = ["2026-11-01", "2026-11-02", "2026-11-03"];

const orderArbitrary = fc.record({
  orderId: fc.integer({ min: 1, max: 12 }),
  dayIndex: fc.integer({ min: 0, max: 2 }),
  minuteOfDay: fc.integer({ min: 0, max: 3 }),
  isCounted: fc.boolean(),
  customer: fc.option(fc.constantFrom("c1", "c2", "c3"), { nil: null }),
  lines: fc.array(
    fc.record({ variantId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null, freq: 8 }), units: fc.integer({ min: 1, max: 4 }), revenueCents: fc.integer({ min: 0, max: 5000 }) }),
    { maxLength: 3 },
  ),
});

type OrderInput = typeof orderArbitrary extends fc.Arbitrary<infer T> ? T : never;

function record(input: OrderInput, version: number): SalesOrderRecord {
  const day = DAYS[input.dayIndex];
  // Few distinct minutes so equal processedAt ties (broken by order id) really happen.
  const processedAtMs = Date.parse(`${day}T10:0${input.minuteOfDay}:00Z`);
  return {
    orderId: input.orderId,
    processedAtMs,
    day,
    shopifyUpdatedAtMs: processedAtMs + version,
    isCounted: input.isCounted,
    customerHash: input.customer,
    lines: input.lines.map((line, index) => ({ lineId: input.orderId * 10 + index, variantId: line.variantId, units: line.units, revenueCents: line.revenueCents, sku: line.variantId === null ? "GONE" : null })),
  };
}

async function dailySales() {
  const rows = await db.dailySales.findMany({ where: { shop: SHOP }, orderBy: [{ variantId: "asc" }, { day: "asc" }] });
  return rows.map(({ variantId, day, units, revenueCents, orders, repeatUnits }) => ({ variantId, day, units, revenueCents, orders, repeatUnits }));
}

beforeEach(async () => {
  await resetDatabase();
});

describe("SalesStore + DailySales rollups", () => {
  it("recomputing only stale keys after any sequence of order changes equals a full rebuild", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(orderArbitrary, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), async (batches) => {
        await resetDatabase();
        const store = await SalesStore.open(getEnv().DATABASE_URL);
        try {
          // Start from a consistent state, then apply batches the incremental way.
          await store.write((tx) => tx.replaceAllDailySales(SHOP, []));
          let version = 0;
          for (const batch of batches) {
            version += 1;
            // Within one export an order appears once: keep the last version of each id.
            const unique = [...new Map(batch.map((o) => [o.orderId, o])).values()];
            await store.write((tx) => tx.upsertOrders(SHOP, unique.map((o) => record(o, version)), true));
            const keys = await staleKeys(store, SHOP);
            const rows = await computeDailySalesFor(store, SHOP, keys);
            await store.write((tx) => tx.replaceDailySalesKeys(SHOP, keys, rows));
          }
          const incremental = await dailySales();
          await store.write((tx) => tx.rebuildCustomerOrders(SHOP));
          const full = [...(await computeAllDailySales(store, SHOP))];
          expect(incremental).toEqual(full);
          expect(await staleKeys(store, SHOP)).toEqual([]);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  it("finds each customer's first counted order, hundreds of customers per query, by time and then id as a number", async () => {
    const store = await SalesStore.open(getEnv().DATABASE_URL);
    try {
      const at = Date.parse("2026-11-02T10:00:00Z");
      const customers = Array.from({ length: 1_200 }, (_, k) => `customer-${k}`);
      const order = (orderId: number, customerHash: string, processedAtMs: number, isCounted: boolean): SalesOrderRecord => ({
        orderId,
        processedAtMs,
        day: "2026-11-02",
        shopifyUpdatedAtMs: processedAtMs,
        isCounted,
        customerHash,
        lines: [],
      });
      // Per customer: a cancelled order a minute earlier (not counted), then two counted orders at
      // the same instant whose ids differ in length: the shorter one is the smaller number.
      const orders = customers.flatMap((hash, k) => [order(900_000 + k, hash, at - 60_000, false), order((1_000 + k) * 10, hash, at, true), order(k + 1, hash, at, true)]);
      await store.write((tx) => tx.upsertOrders(SHOP, orders, true));
      const first = await store.firstCountedOrderIds(SHOP, [...customers, "customer-without-orders"]);
      expect(first.size).toBe(1_201);
      expect(customers.every((hash, k) => first.get(hash) === String(k + 1))).toBe(true);
      expect(first.get("customer-without-orders")).toBeNull();
    } finally {
      await store.close();
    }
  });

  it("counts repeat units only after a customer's first counted order, ties broken by order id", async () => {
    const store = await SalesStore.open(getEnv().DATABASE_URL);
    try {
      const at = (id: number, iso: string, counted = true): SalesOrderRecord => ({
        orderId: id,
        processedAtMs: Date.parse(iso),
        day: iso.slice(0, 10),
        shopifyUpdatedAtMs: Date.parse(iso),
        isCounted: counted,
        customerHash: "c",
        lines: [{ lineId: id, variantId: 1, units: id, revenueCents: 100, sku: null }],
      });
      await store.write((tx) =>
        tx.upsertOrders(SHOP, [at(30, "2026-11-01T10:00:00Z"), at(20, "2026-11-01T10:00:00Z"), at(10, "2026-11-01T09:00:00Z", false)], false),
      );
      await store.write((tx) => tx.rebuildCustomerOrders(SHOP));
      const [row] = await computeAllDailySales(store, SHOP);
      // Order 10 is cancelled (not counted); 20 and 30 tie on time, so 20 (lower id) is the first: only 30's units repeat.
      expect(row).toMatchObject({ units: 50, orders: 2, repeatUnits: 30 });
    } finally {
      await store.close();
    }
  });

  it("records exactly the keys an order change makes stale: old and new days, and the first-order flip", async () => {
    const store = await SalesStore.open(getEnv().DATABASE_URL);
    try {
      const order = (id: number, day: string, variantId: number, customer: string | null): SalesOrderRecord => ({
        orderId: id,
        processedAtMs: Date.parse(`${day}T12:00:00Z`),
        day,
        shopifyUpdatedAtMs: 0,
        isCounted: true,
        customerHash: customer,
        lines: [{ lineId: id, variantId, units: 1, revenueCents: 100, sku: null }],
      });
      await store.write(async (tx) => {
        await tx.upsertOrders(SHOP, [order(1, "2026-11-02", 5, "c"), order(2, "2026-11-03", 6, "c"), order(3, "2026-11-03", 7, null)], false);
        await tx.rebuildCustomerOrders(SHOP);
      });
      // Order 2 is re-dated before order 1: it becomes the customer's first, order 1 becomes a repeat.
      await store.write((tx) => tx.upsertOrders(SHOP, [order(2, "2026-11-01", 6, "c")], true));
      const keys = (await staleKeys(store, SHOP)).map((k) => `${k.variantId}|${k.day}`).sort();
      expect(keys).toEqual(["5|2026-11-02", "6|2026-11-01", "6|2026-11-03"]);
    } finally {
      await store.close();
    }
  });
});

describe("forgetCustomerInSales (customers/redact)", () => {
  it("unlinks the customer's orders, keeps their sales, and makes the next recompute treat them as guests", async () => {
    const store = await SalesStore.open(getEnv().DATABASE_URL);
    try {
      const order = (id: number, day: string, customer: string): SalesOrderRecord => ({
        orderId: id,
        processedAtMs: Date.parse(`${day}T12:00:00Z`),
        day,
        shopifyUpdatedAtMs: 0,
        isCounted: true,
        customerHash: customer,
        lines: [{ lineId: id, variantId: 5, units: 2, revenueCents: 200, sku: null }],
      });
      await store.write((tx) => tx.upsertOrders(SHOP, [order(1, "2026-11-01", "forget-me"), order(2, "2026-11-02", "forget-me"), order(3, "2026-11-02", "keep")], true));
      const all = await computeAllDailySales(store, SHOP);
      await store.write((tx) => tx.replaceAllDailySales(SHOP, all));
      expect((await db.dailySales.findFirstOrThrow({ where: { shop: SHOP, day: "2026-11-02" } })).repeatUnits).toBe(2);

      expect(await forgetCustomerInSales(SHOP, "forget-me")).toBe(2);
      expect(await db.salesOrder.count({ where: { shop: SHOP, customerHash: "forget-me" } })).toBe(0);
      const keys = await staleKeys(store, SHOP);
      const rows = await computeDailySalesFor(store, SHOP, keys);
      await store.write((tx) => tx.replaceDailySalesKeys(SHOP, keys, rows));
      const day2 = await db.dailySales.findFirstOrThrow({ where: { shop: SHOP, day: "2026-11-02" } });
      expect(day2).toMatchObject({ units: 4, revenueCents: 400, repeatUnits: 0 });
    } finally {
      await store.close();
    }
  });
});
