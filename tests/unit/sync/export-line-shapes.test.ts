import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyLineItemFields, emptyOrderFields, readLineItem, readOrder, skuOf } from "~/sync/export-line-shapes";

/** What the reader makes of a line (null when it leaves the line to the full parser). */
function matchLineItem(text: string) {
  const fields = emptyLineItemFields();
  if (!readLineItem(text, fields)) return null;
  return { ...fields, sku: skuOf(text) };
}

function matchOrder(text: string) {
  const fields = emptyOrderFields();
  return readOrder(text, fields) ? { ...fields } : null;
}

// Lines exactly as the orders export writes them (fields in the query's order, `__parentId` last).
const lineItem = (fields: Partial<Record<string, unknown>> = {}) =>
  JSON.stringify({
    id: "gid://shopify/LineItem/20667300011706",
    sku: "BLU-SOK-1083-RST-M",
    quantity: 2,
    currentQuantity: 1,
    variant: { id: "gid://shopify/ProductVariant/20667300007523" },
    originalUnitPriceSet: { shopMoney: { amount: "12.95", currencyCode: "EUR" } },
    discountedTotalSet: { shopMoney: { amount: "25.9", currencyCode: "EUR" } },
    __parentId: "gid://shopify/Order/20667300011704",
    ...fields,
  });

const order = (fields: Partial<Record<string, unknown>> = {}) =>
  JSON.stringify({
    id: "gid://shopify/Order/20667300011704",
    createdAt: "2024-11-28T02:27:39Z",
    processedAt: "2024-11-28T02:27:39Z",
    updatedAt: "2024-11-29T04:38:01Z",
    cancelledAt: null,
    test: false,
    customer: { id: "gid://shopify/Customer/20667300011705" },
    ...fields,
  });

describe("matchLineItem", () => {
  it("reads the fields of a line item in the export's own shape", () => {
    expect(matchLineItem(lineItem())).toEqual({
      lineId: 20667300011706,
      sku: "BLU-SOK-1083-RST-M",
      quantity: 2,
      currentQuantity: 1,
      variantId: 20667300007523,
      discountedTotalAmount: "25.9",
      parentId: 20667300011704,
    });
    expect(matchLineItem(lineItem({ sku: null, variant: null, quantity: 0, currentQuantity: -1 }))).toMatchObject({ sku: null, variantId: null, quantity: 0, currentQuantity: -1 });
    expect(matchLineItem(lineItem({ sku: "", quantity: -0 }))).toMatchObject({ sku: "", quantity: 0 });
  });

  it.each([
    ["another field order", JSON.stringify({ sku: "A", ...JSON.parse(lineItem()) })],
    ["whitespace", lineItem().replace('"quantity":2', '"quantity": 2')],
    ["an escape in the SKU", lineItem({ sku: 'say "hi"' })],
    ["a control character in the SKU", lineItem({ sku: "a\tb" })],
    ["a number JSON writes otherwise", lineItem().replace('"quantity":2', '"quantity":2.0')],
    ["a leading zero in an id", lineItem().replace("LineItem/2066", "LineItem/02066")],
    ["an extra field", lineItem({ name: "x" })],
    ["a missing field", lineItem().replace('"sku":"BLU-SOK-1083-RST-M",', "")],
    ["an order", order()],
    ["trailing text", `${lineItem()} `],
    ["an id too large to be exact", lineItem().replace("LineItem/20667300011706", "LineItem/9007199254740993")],
    ["a quantity too large to be exact", lineItem({ quantity: 2 ** 60 })],
  ])("leaves a line with %s to the full parser", (_label, text) => {
    expect(matchLineItem(text)).toBeNull();
  });

  it("reads every id and quantity where it stands, whatever the lengths of the fields before it", () => {
    const id = fc.integer({ min: 1, max: 2 ** 53 - 1 });
    fc.assert(
      fc.property(id, id, fc.option(id), fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.option(fc.stringMatching(/^[A-Za-z0-9/-]{0,20}$/)), fc.stringMatching(/^-?\d{1,9}(\.\d{1,4})?$/), (lineId, parentId, variant, quantity, currentQuantity, sku, amount) => {
        const line = lineItem({
          id: `gid://shopify/LineItem/${lineId}`,
          sku,
          quantity,
          currentQuantity,
          variant: variant === null ? null : { id: `gid://shopify/ProductVariant/${variant}` },
          originalUnitPriceSet: { shopMoney: { amount: "1.5", currencyCode: "EUR" } },
          discountedTotalSet: { shopMoney: { amount, currencyCode: "EUR" } },
          __parentId: `gid://shopify/Order/${parentId}`,
        });
        expect(matchLineItem(line)).toEqual({ lineId, parentId, variantId: variant, quantity, currentQuantity, sku, discountedTotalAmount: amount });
      }),
      { numRuns: 300 },
    );
  });

  it("gives exactly what JSON.parse gives, for any line it accepts", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12 });
    const amount = fc.oneof(fc.stringMatching(/^-?\d{1,6}(\.\d{1,3})?$/), text);
    fc.assert(
      fc.property(fc.option(text), fc.integer({ min: -5, max: 10 }), fc.option(fc.integer({ min: 1, max: 2 ** 53 - 1 })), amount, (sku, quantity, variant, amount) => {
        const line = lineItem({ sku, quantity, variant: variant === null ? null : { id: `gid://shopify/ProductVariant/${variant}` }, discountedTotalSet: { shopMoney: { amount, currencyCode: "EUR" } } });
        const parsed = JSON.parse(line) as { sku: string | null; quantity: number; variant: { id: string } | null; discountedTotalSet: { shopMoney: { amount: string } } };
        const fields = matchLineItem(line);
        if (fields === null) return;
        expect(fields.sku).toBe(parsed.sku);
        expect(fields.quantity).toBe(parsed.quantity);
        expect(fields.variantId === null ? null : `gid://shopify/ProductVariant/${fields.variantId}`).toBe(parsed.variant?.id ?? null);
        expect(fields.discountedTotalAmount).toBe(parsed.discountedTotalSet.shopMoney.amount);
      }),
      { numRuns: 300 },
    );
  });
});

describe("matchOrder", () => {
  it("reads the fields of an order, with or without a customer", () => {
    expect(matchOrder(order())).toEqual({
      id: 20667300011704,
      processedAt: "2024-11-28T02:27:39Z",
      updatedAt: "2024-11-29T04:38:01Z",
      cancelledAt: null,
      test: false,
      customerGid: "gid://shopify/Customer/20667300011705",
    });
    expect(matchOrder(order({ customer: null, cancelledAt: "2024-12-01T00:00:00Z", test: true }))).toMatchObject({ customerGid: null, cancelledAt: "2024-12-01T00:00:00Z", test: true });
    const { customer: _omitted, ...withoutCustomer } = JSON.parse(order()) as Record<string, unknown>;
    expect(matchOrder(JSON.stringify(withoutCustomer))).toMatchObject({ customerGid: null });
  });

  it.each([
    ["test as a string", order({ test: "false" })],
    ["an escaped date", order().replace('"processedAt":"2024', '"processedAt":"\\u0032024')],
    ["a customer with more fields", order({ customer: { id: "gid://shopify/Customer/1", email: "x" } })],
    ["a line item", lineItem()],
  ])("leaves an order with %s to the full parser", (_label, text) => {
    expect(matchOrder(text)).toBeNull();
  });

});
