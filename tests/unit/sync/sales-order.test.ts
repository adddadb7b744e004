import { describe, expect, it } from "vitest";
import { decodeLines, encodeLines, keepKnownVariants, mergeLines, toSalesLine, type SalesLine } from "~/sync/sales-order";

const line = (lineId: number, variantId: number | null, units = 1, revenueCents = 100, sku: string | null = null): SalesLine => ({ lineId, variantId, units, revenueCents, sku });

describe("sales lines", () => {
  it("round-trips through the linesJson column", () => {
    const lines = [line(1, 10, 2, 1999), line(2, null, 1, 500, "OLD-SKU")];
    expect(decodeLines(encodeLines(lines))).toEqual(lines);
  });

  it("drops lines without current units", () => {
    expect(toSalesLine({ lineId: 1, variantId: 2, sku: "A", quantity: 3, currentQuantity: 0, discountedTotalCents: 900 })).toBeNull();
  });

  it("keeps the variant Backstop already attributed when Shopify unlinks a deleted variant", () => {
    const known = [line(1, 10), line(2, 11)];
    const fresh = [line(1, null, 1, 100, "SKU-10"), line(2, 11), line(3, null, 1, 100, "SKU-X")];
    expect(keepKnownVariants(fresh, known)).toEqual([line(1, 10), line(2, 11), line(3, null, 1, 100, "SKU-X")]);
  });

  it("merges late lines by line id (a replay changes nothing)", () => {
    const stored = [line(1, 10), line(3, 12)];
    const merged = mergeLines(stored, [line(2, 11)]);
    expect(merged.map((l) => l.lineId)).toEqual([1, 2, 3]);
    expect(mergeLines(merged, [line(2, 11)])).toEqual(merged);
  });
});
