import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DailySalesAggregator } from "~/sync/daily-sales-aggregator";
import type { SalesLine } from "~/sync/sales-order";

const line = (lineId: number, variantId: number | null, units: number, revenueCents: number): SalesLine => ({ lineId, variantId, units, revenueCents, sku: null });

describe("DailySalesAggregator", () => {
  it("sums units and revenue, counts an order once per variant and day, and splits repeat units", () => {
    const agg = new DailySalesAggregator();
    agg.addOrder(1, "2026-11-01", false, [line(1, 10, 2, 2000), line(2, 10, 1, 900), line(3, 11, 1, 500)]);
    agg.addOrder(2, "2026-11-01", true, [line(4, 10, 3, 3000)]);
    agg.addOrder(3, "2026-11-02", true, [line(5, 10, 1, 1000), line(6, null, 5, 5000)]);
    expect([...agg.rows()]).toEqual([
      { variantId: "10", day: "2026-11-01", units: 6, revenueCents: 5900, orders: 2, repeatUnits: 3 },
      { variantId: "10", day: "2026-11-02", units: 1, revenueCents: 1000, orders: 1, repeatUnits: 1 },
      { variantId: "11", day: "2026-11-01", units: 1, revenueCents: 500, orders: 1, repeatUnits: 0 },
    ]);
  });

  it("gives the same rows whatever order the orders come in", () => {
    const orders: Array<[number, string, boolean, SalesLine[]]> = [
      [1, "2026-11-03", false, [line(1, 7, 1, 100)]],
      [2, "2026-11-01", true, [line(2, 9, 2, 250), line(3, 7, 1, 100)]],
      [3, "2026-11-03", true, [line(4, 7, 4, 400)]],
    ];
    const forward = new DailySalesAggregator();
    const backward = new DailySalesAggregator();
    for (const o of orders) forward.addOrder(...o);
    for (const o of [...orders].reverse()) backward.addOrder(...o);
    expect([...backward.rows()]).toEqual([...forward.rows()]);
  });

  it("orders rows by variant id as text, the way the primary key sorts them", () => {
    const agg = new DailySalesAggregator();
    agg.addOrder(1, "2026-11-01", false, [line(1, 9, 1, 1), line(2, 10, 1, 1)]);
    expect([...agg.rows()].map((r) => r.variantId)).toEqual(["10", "9"]);
  });

  it("sums only the wanted keys when recomputing stale ones", () => {
    const agg = new DailySalesAggregator(new Set(["10|2026-11-01"]));
    agg.addOrder(1, "2026-11-01", false, [line(1, 10, 2, 200), line(2, 11, 1, 100)]);
    agg.addOrder(2, "2026-11-02", false, [line(3, 10, 1, 100)]);
    expect([...agg.rows()]).toEqual([{ variantId: "10", day: "2026-11-01", units: 2, revenueCents: 200, orders: 1, repeatUnits: 0 }]);
  });

  it("reads packed lines (as stored) the same as line objects", () => {
    const objects = new DailySalesAggregator();
    const packed = new DailySalesAggregator();
    objects.addOrder(4, "2026-11-05", true, [line(1, 3, 2, 150)]);
    packed.addPackedOrder(4, "2026-11-05", true, [[1, 3, 2, 150, null]]);
    expect([...packed.rows()]).toEqual([...objects.rows()]);
  });

  it("matches a plain reference computation for any set of orders, rows in primary-key order", () => {
    const orderArb = fc.record({
      day: fc.constantFrom("2026-01-01", "2026-01-02", "2025-12-31", "2026-02-10"),
      isRepeat: fc.boolean(),
      lines: fc.array(fc.record({ variantId: fc.constantFrom(7, 9, 10, 123, 5_100_000_000_001), units: fc.integer({ min: 1, max: 5 }), revenueCents: fc.integer({ min: 0, max: 9999 }) }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 40 }), (orders) => {
        const agg = new DailySalesAggregator();
        const reference = new Map<string, { units: number; revenueCents: number; orders: Set<number>; repeatUnits: number }>();
        orders.forEach((order, orderId) => {
          agg.addOrder(orderId, order.day, order.isRepeat, order.lines.map((l, i) => line(i, l.variantId, l.units, l.revenueCents)));
          for (const l of order.lines) {
            const key = `${l.variantId}|${order.day}`;
            const row = reference.get(key) ?? { units: 0, revenueCents: 0, orders: new Set<number>(), repeatUnits: 0 };
            row.units += l.units;
            row.revenueCents += l.revenueCents;
            row.orders.add(orderId);
            if (order.isRepeat) row.repeatUnits += l.units;
            reference.set(key, row);
          }
        });
        const expected = [...reference.entries()]
          .map(([key, row]) => ({ variantId: key.split("|")[0], day: key.split("|")[1], units: row.units, revenueCents: row.revenueCents, orders: row.orders.size, repeatUnits: row.repeatUnits }))
          .sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
        expect([...agg.rows()]).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe("DailySalesAggregator with days out of order", () => {
  it("merges the rows of a day that comes back, also when it compacts on the way, and matches a reference", () => {
    const orderArb = fc.record({
      day: fc.constantFrom("2026-01-01", "2026-01-02", "2025-12-31", "2026-02-10", "2026-02-11"),
      isRepeat: fc.boolean(),
      lines: fc.array(fc.record({ variantId: fc.constantFrom(3, 30, 300, 7, 5_100_000_000_001), units: fc.integer({ min: 1, max: 4 }), revenueCents: fc.integer({ min: 0, max: 2 ** 40 }) }), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (orders, firstCompactionRows) => {
        const compacting = new DailySalesAggregator(undefined, { firstCompactionRows });
        const inDayOrder = new DailySalesAggregator();
        orders.forEach((order, orderId) => compacting.addOrder(orderId, order.day, order.isRepeat, order.lines.map((l, i) => line(i, l.variantId, l.units, l.revenueCents))));
        [...orders.entries()]
          .sort(([, a], [, b]) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
          .forEach(([orderId, order]) => inDayOrder.addOrder(orderId, order.day, order.isRepeat, order.lines.map((l, i) => line(i, l.variantId, l.units, l.revenueCents))));
        expect([...compacting.rows()]).toEqual([...inDayOrder.rows()]);
      }),
      { numRuns: 300 },
    );
  });
});
