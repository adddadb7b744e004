import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PendingOrders, type PendingOrderHeader } from "~/sync/pending-orders";
import { toSalesLine, type SalesLine } from "~/sync/sales-order";

function header(orderId: number, extra: Partial<PendingOrderHeader> = {}): PendingOrderHeader {
  return { orderId, processedAtMs: orderId * 1000, shopifyUpdatedAtMs: orderId * 1000 + 7, isCounted: true, customer: null, lineIndex: orderId * 10, ...extra };
}

function emptyHeader(): PendingOrderHeader {
  return header(0);
}

/** A line item as read from the export: [lineId, variantId, sku, quantity, currentQuantity, discountedTotalCents]. */
type RawLine = [number, number | null, string | null, number, number, number];

function add(pending: PendingOrders, orderId: number, raw: RawLine): boolean {
  return pending.addLine(orderId, ...raw);
}

function expected(raw: RawLine): SalesLine | null {
  const [lineId, variantId, sku, quantity, currentQuantity, discountedTotalCents] = raw;
  return toSalesLine({ lineId, variantId, sku, quantity, currentQuantity, discountedTotalCents });
}

describe("PendingOrders", () => {
  it("gives orders back oldest first, each with its own lines in arrival order", () => {
    const pending = new PendingOrders(4);
    pending.push(header(1));
    pending.push(header(2));
    const lines: RawLine[] = [
      [11, 7, null, 2, 2, 2000],
      [21, 8, null, 1, 1, 500],
      [12, 9, null, 3, 1, 3000],
    ];
    expect(add(pending, 1, lines[0])).toBe(true);
    expect(add(pending, 2, lines[1])).toBe(true);
    expect(add(pending, 1, lines[2])).toBe(true);
    expect(pending.oldestLineIndex()).toBe(10);

    const into = emptyHeader();
    expect(pending.shift(into)).toEqual([expected(lines[0]), expected(lines[2])]);
    expect(into).toEqual(header(1));
    expect(pending.oldestLineIndex()).toBe(20);
    expect(pending.shift(into)).toEqual([expected(lines[1])]);
    expect(into.orderId).toBe(2);
    expect(pending.size).toBe(0);
    expect(pending.oldestLineIndex()).toBeUndefined();
  });

  it("applies the sales rules when an order leaves: lines without current units drop out, only variantless lines keep a SKU", () => {
    const pending = new PendingOrders(2);
    pending.push(header(5));
    add(pending, 5, [51, 7, "IGNORED", 2, 0, 2000]);
    add(pending, 5, [52, null, "GONE-1", 4, 3, 1000]);
    add(pending, 5, [53, 7, "IGNORED", 3, 2, 999]);
    const lines = pending.shift(emptyHeader());
    expect(lines).toEqual([
      { lineId: 52, variantId: null, units: 3, revenueCents: 750, sku: "GONE-1" },
      { lineId: 53, variantId: 7, units: 2, revenueCents: 666, sku: null },
    ]);
  });

  it("says a line is not pending when its order is not (a late line for the caller)", () => {
    const pending = new PendingOrders(2);
    expect(add(pending, 9, [91, 7, null, 1, 1, 100])).toBe(false);
    pending.push(header(9));
    pending.shift(emptyHeader());
    expect(add(pending, 9, [92, 7, null, 1, 1, 100])).toBe(false);
  });

  it("keeps customers exactly: numeric gids as numbers, anything else as the text given, guests as null", () => {
    const pending = new PendingOrders(8);
    const customers = [
      "gid://shopify/Customer/123456789012345",
      "gid://shopify/Customer/0123",
      "gid://shopify/Customer/12345678901234567",
      "gid://shopify/Customer/",
      "gid://shopify/Company/5",
      null,
      42,
    ];
    customers.forEach((customer, i) => pending.push(header(i + 1, { customer })));
    const back = customers.map(() => {
      const into = emptyHeader();
      pending.shift(into);
      return into.customer;
    });
    expect(back).toEqual([123456789012345, "gid://shopify/Customer/0123", "gid://shopify/Customer/12345678901234567", "gid://shopify/Customer/", "gid://shopify/Company/5", null, 42]);
    // A number stands for exactly the gid `gid://shopify/Customer/<number>`; anything else comes
    // back as the text the export wrote.
    expect(back.slice(0, 5).map((customer) => (typeof customer === "number" ? `gid://shopify/Customer/${customer}` : customer))).toEqual(customers.slice(0, 5));
  });

  it("refuses a second order with a pending id and more orders than it holds", () => {
    const pending = new PendingOrders(2);
    pending.push(header(1));
    expect(() => pending.push(header(1))).toThrow(/already pending/);
    pending.push(header(2));
    expect(() => pending.push(header(3))).toThrow(/at most 2/);
    expect(() => new PendingOrders(1).shift(emptyHeader())).toThrow(/no order is pending/);
  });

  it("grows for orders with many lines and reuses the slots of orders that left", () => {
    const pending = new PendingOrders(2);
    for (let round = 0; round < 50; round++) {
      const orderId = round + 1;
      pending.push(header(orderId));
      const raws: RawLine[] = Array.from({ length: 300 }, (_, i) => [orderId * 1000 + i, i, null, 1, 1, i]);
      for (const raw of raws) add(pending, orderId, raw);
      expect(pending.shift(emptyHeader())).toEqual(raws.map(expected));
    }
  });

  it("gives the same orders and lines as a plain FIFO of objects, whatever the interleaving", () => {
    // Operations: push a new order, add a line to the k-th pending order (or to an unknown one), shift.
    const op = fc.oneof(
      fc.record({ kind: fc.constant("push" as const), customer: fc.option(fc.nat(1_000), { nil: null }) }),
      fc.record({ kind: fc.constant("line" as const), pick: fc.nat(10), quantity: fc.integer({ min: 0, max: 5 }), current: fc.integer({ min: 0, max: 5 }), cents: fc.integer({ min: -5000, max: 5000 }), deleted: fc.boolean() }),
      fc.record({ kind: fc.constant("shift" as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const capacity = 4;
        const pending = new PendingOrders(capacity);
        const model: Array<{ header: PendingOrderHeader; lines: SalesLine[] }> = [];
        let nextOrder = 1;
        let nextLine = 1;
        const out: unknown[] = [];
        const modelOut: unknown[] = [];
        const shiftBoth = () => {
          const into = emptyHeader();
          const lines = pending.shift(into);
          out.push({ ...into, lines });
          const first = model.shift()!;
          modelOut.push({ ...first.header, lines: first.lines });
        };
        for (const o of ops) {
          if (o.kind === "push") {
            if (model.length === capacity) shiftBoth();
            const h = header(nextOrder++, { customer: o.customer });
            pending.push(h);
            model.push({ header: h, lines: [] });
          } else if (o.kind === "line") {
            const target = model[o.pick];
            const orderId = target ? target.header.orderId : 1_000_000 + o.pick;
            const raw: RawLine = [nextLine++, o.deleted ? null : 7, o.deleted ? "SKU" : null, o.quantity, o.current, o.cents];
            expect(add(pending, orderId, raw)).toBe(target !== undefined);
            const line = expected(raw);
            if (target && line) target.lines.push(line);
          } else if (model.length > 0) {
            shiftBoth();
          }
          expect(pending.size).toBe(model.length);
          expect(pending.oldestLineIndex()).toBe(model[0]?.header.lineIndex);
        }
        while (model.length > 0) shiftBoth();
        expect(out).toEqual(modelOut);
      }),
    );
  });
});
