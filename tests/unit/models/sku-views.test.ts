import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, paretoSampleRanks } from "~/models/sku-views.server";
import { addBackupPath } from "~/models/sku-views";

describe("paretoSampleRanks", () => {
  it("keeps every rank of a small shop", () => {
    expect(paretoSampleRanks(4)).toEqual([1, 2, 3, 4]);
    expect(paretoSampleRanks(0)).toEqual([]);
  });

  it("samples a large shop evenly, always including the first and last rank", () => {
    const ranks = paretoSampleRanks(10_000, 60);
    expect(ranks).toHaveLength(60);
    expect(ranks[0]).toBe(1);
    expect(ranks.at(-1)).toBe(10_000);
    expect(new Set(ranks).size).toBe(ranks.length);
  });
});

describe("SKU list cursors", () => {
  it("round-trip the sort value and variant id", () => {
    expect(decodeCursor(encodeCursor(12.75, "4711"))).toEqual({ sortValue: 12.75, variantId: "4711" });
  });

  it("decode a tampered cursor as null", () => {
    expect(decodeCursor("eyJub3QiOiJhIHR1cGxlIn0")).toBeNull();
    expect(decodeCursor("%%%")).toBeNull();
  });
});

describe("addBackupPath", () => {
  it("opens the assignments page searched to the SKU code, or the title without one", () => {
    expect(addBackupPath({ variantId: "42", sku: "MUG-1", title: "Mug – Blue" })).toBe("/app/assignments?variant=42&query=MUG-1");
    expect(addBackupPath({ variantId: "42", sku: null, title: "Mug & Co" })).toBe("/app/assignments?variant=42&query=Mug+%26+Co");
  });
});
