import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashCustomerId } from "~/lib/customer-hash.server";
import { BulkFormatError, OrderAssembler, type OrderContext } from "~/sync/order-assembler";
import type { SalesOrderRecord } from "~/sync/sales-order";

const context: OrderContext = {
  dayOf: (ms) => new Date(ms).toISOString().slice(0, 10),
  fractionDigits: 2,
  hashCustomer: (customer) => hashCustomerId("salt", customer),
};

function orderRow(id: number, extra: Record<string, unknown> = {}) {
  return {
    id: `gid://shopify/Order/${id}`,
    createdAt: "2026-11-01T10:00:00Z",
    processedAt: "2026-11-01T10:00:00Z",
    updatedAt: "2026-11-02T10:00:00Z",
    cancelledAt: null,
    test: false,
    customer: { id: `gid://shopify/Customer/${id % 3}` },
    ...extra,
  };
}

function lineRow(orderId: number, lineId: number, quantity: number, currentQuantity: number, total: string, variantId: number | null = 7) {
  return {
    id: `gid://shopify/LineItem/${lineId}`,
    sku: "SKU-7",
    quantity,
    currentQuantity,
    variant: variantId === null ? null : { id: `gid://shopify/ProductVariant/${variantId}` },
    originalUnitPriceSet: { shopMoney: { amount: "10.0", currencyCode: "USD" } },
    discountedTotalSet: { shopMoney: { amount: total, currencyCode: "USD" } },
    __parentId: `gid://shopify/Order/${orderId}`,
  };
}

function feed(assembler: OrderAssembler, rows: Array<Record<string, unknown>>): SalesOrderRecord[] {
  const out: SalesOrderRecord[] = [];
  rows.forEach((row, index) => {
    assembler.push(row, index);
    out.push(...assembler.take().orders);
  });
  assembler.finish();
  out.push(...assembler.take().orders);
  return out;
}

describe("OrderAssembler", () => {
  it("attaches children that arrive after other orders to their own parent", () => {
    const orders = feed(new OrderAssembler(context), [
      orderRow(1),
      orderRow(2),
      lineRow(2, 21, 1, 1, "5.00"),
      lineRow(1, 11, 3, 2, "30.00"),
      orderRow(3),
      lineRow(1, 12, 1, 1, "9.99", 8),
    ]);
    const byId = new Map(orders.map((o) => [o.orderId, o]));
    expect(byId.get(1)?.lines.map((l) => [l.lineId, l.variantId, l.units, l.revenueCents])).toEqual([
      [11, 7, 2, 2000],
      [12, 8, 1, 999],
    ]);
    expect(byId.get(2)?.lines).toHaveLength(1);
    expect(byId.get(3)?.lines).toEqual([]);
  });

  it("reads the sales rules: cancelled and test orders do not count, refunded units are not sales", () => {
    const orders = feed(new OrderAssembler(context), [
      orderRow(1, { cancelledAt: "2026-11-01T11:00:00Z" }),
      orderRow(2, { test: true }),
      orderRow(3, { customer: null }),
      lineRow(3, 31, 2, 0, "20.00"),
      lineRow(3, 32, 2, 1, "19.99"),
    ]);
    expect(orders.map((o) => [o.orderId, o.isCounted])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    const third = orders[2];
    expect(third.customerHash).toBeNull();
    // The fully refunded line contributes nothing and is not kept; 19.99 × 1/2 rounds half away from zero.
    expect(third.lines.map((l) => [l.lineId, l.units, l.revenueCents])).toEqual([[32, 1, 1000]]);
  });

  it("hashes the customer id on arrival and keeps no trace of the raw id", () => {
    const [order] = feed(new OrderAssembler(context), [orderRow(5)]);
    // The digest of the gid the export wrote, whichever form the assembler passed it on in.
    expect(order.customerHash).toBe(hashCustomerId("salt", "gid://shopify/Customer/2"));
    expect(JSON.stringify(order)).not.toContain('"gid://shopify/Customer/2"');
  });

  it("keeps the SKU only for lines whose variant is gone", () => {
    const [order] = feed(new OrderAssembler(context), [orderRow(1), lineRow(1, 11, 1, 1, "1.00", null), lineRow(1, 12, 1, 1, "1.00")]);
    expect(order.lines.map((l) => [l.variantId, l.sku])).toEqual([
      [null, "SKU-7"],
      [7, null],
    ]);
  });

  it("releases the oldest orders when over capacity and reports their later children as late lines", () => {
    const assembler = new OrderAssembler(context, { capacity: 2 });
    const rows = [orderRow(1), orderRow(2), orderRow(3), lineRow(1, 11, 1, 1, "2.00"), lineRow(3, 31, 1, 1, "3.00")];
    rows.forEach((row, index) => assembler.push(row, index));
    const { orders, lateLines } = assembler.take();
    expect(orders.map((o) => o.orderId)).toEqual([1]);
    expect(lateLines.map((l) => [l.orderId, l.line.lineId, l.lineNumber])).toEqual([[1, 11, 4]]);
    expect(assembler.pendingCount).toBe(2);
  });

  it("names the resume point: the oldest pending order's line, or the next line when none is pending", () => {
    const assembler = new OrderAssembler(context, { capacity: 2 });
    [orderRow(1), orderRow(2), orderRow(3)].forEach((row, index) => assembler.push(row, index));
    // Order 1 was released; order 2 (line index 1) is the oldest still waiting for lines.
    expect(assembler.resumeLineIndex(3)).toBe(1);
    assembler.finish();
    expect(assembler.resumeLineIndex(3)).toBe(3);
  });

  it.each([
    [[{ id: "gid://shopify/Order/x" }], /line 1: bad id gid:\/\/shopify\/Order\/x/],
    [[{ id: "gid://shopify/Product/1" }], /expected a gid:\/\/shopify\/Order\/… id/],
    [[orderRow(1), { ...lineRow(1, 11, 1, 1, "1.00"), quantity: "1" }], /quantity is not an integer/],
    [[orderRow(1), lineRow(1, 11, 1, 1, "abc")], /not a decimal/],
    [[orderRow(1), orderRow(1)], /appears twice/],
    [[{ ...orderRow(1), processedAt: "yesterday" }], /processedAt is not a DateTime/],
  ])("rejects malformed input with its line number (%#)", (rows, message) => {
    const run = () => {
      const assembler = new OrderAssembler(context);
      rows.forEach((row, index) => assembler.push(row as Record<string, unknown>, index));
    };
    expect(run).toThrow(BulkFormatError);
    expect(run).toThrow(message);
  });
});

describe("OrderAssembler.pushJson", () => {
  const asText = fc.string({ unit: "grapheme", maxLength: 8 });
  const gid = (type: string) => fc.oneof(fc.integer({ min: 1, max: 2 ** 53 - 1 }).map((n) => `gid://shopify/${type}/${n}`), fc.constant(`gid://shopify/${type}/007`));
  const orderArb = fc.record({
    id: gid("Order"),
    createdAt: fc.constant("2026-11-01T10:00:00Z"),
    processedAt: fc.constantFrom("2026-11-01T10:00:00Z", "2026-11-01T23:59:59.500Z", "2026-03-29T01:30:00+01:00"),
    updatedAt: fc.constantFrom("2026-11-02T10:00:00Z", "2026-11-02T10:00:00.123Z"),
    cancelledAt: fc.constantFrom(null, "2026-11-03T00:00:00Z"),
    test: fc.boolean(),
    customer: fc.oneof(fc.constant(null), gid("Customer").map((id) => ({ id }))),
  });
  const lineArb = (parents: string[]) =>
    fc.record({
      id: gid("LineItem"),
      sku: fc.option(asText),
      quantity: fc.integer({ min: 0, max: 5 }),
      currentQuantity: fc.integer({ min: 0, max: 5 }),
      variant: fc.option(gid("ProductVariant").map((id) => ({ id }))),
      originalUnitPriceSet: fc.constant({ shopMoney: { amount: "10.0", currencyCode: "EUR" } }),
      discountedTotalSet: fc.stringMatching(/^\d{1,4}(\.\d{1,3})?$/).map((amount) => ({ shopMoney: { amount, currencyCode: "EUR" } })),
      __parentId: fc.constantFrom(...parents),
    });
  const exportArb = fc.uniqueArray(orderArb, { selector: (o) => o.id, minLength: 1, maxLength: 6 }).chain((orders) =>
    fc.tuple(fc.constant(orders), fc.array(lineArb(orders.map((o) => o.id)), { maxLength: 12 })).map(([os, lines]) => [...os, ...lines] as Array<Record<string, unknown>>),
  );

  it("reads every line the same as push() reads the parsed object, whether or not it has the export's exact shape", () => {
    fc.assert(
      fc.property(exportArb, fc.integer({ min: 1, max: 4 }), (rows, capacity) => {
        const fromText = new OrderAssembler(context, { capacity });
        const fromObjects = new OrderAssembler(context, { capacity });
        rows.forEach((row, index) => {
          fromText.pushJson(JSON.stringify(row), index);
          fromObjects.push(row, index);
        });
        fromText.finish();
        fromObjects.finish();
        expect(fromText.take()).toEqual(fromObjects.take());
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ["not JSON", "{oops", /line 1: not valid JSON/],
    ["not an object", "[1,2]", /line 1: not a JSON object/],
    ["an id too large to be exact", JSON.stringify(orderRow(1)).replace("Order/1", "Order/99999999999999999"), /line 1: bad id/],
  ])("rejects %s with its line number", (_label, text, message) => {
    expect(() => new OrderAssembler(context).pushJson(text, 0)).toThrow(message);
  });
});
