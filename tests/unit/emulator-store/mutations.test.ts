import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { StoreData } from "../../shopify-emulator/store";
import {
  addOrder,
  cancelOrder,
  computeGroundTruth,
  computeUnattributedSales,
  deleteVariant,
  editRemoveUnits,
  loadStoreFromFiles,
  markTest,
  refundLine,
  setInventory,
  StoreMutationError,
} from "../../shopify-emulator/store";

const TINY = {
  catalogPath: join(import.meta.dirname, "../../fixtures/stores/tiny/catalog.jsonl"),
  ordersPath: join(import.meta.dirname, "../../fixtures/stores/tiny/orders.jsonl"),
};
const NOW = Date.parse("2026-11-27T12:00:00Z");

let store: StoreData;
beforeEach(async () => {
  store = await loadStoreFromFiles(TINY);
});

function orderById(id: number) {
  const found = store.orders.find((o) => o.id === id);
  if (!found) throw new Error(`no order ${id}`);
  return found;
}

/** Runs a mutation expected to fail and checks that it left the store exactly as it was. */
function expectRejectedWithoutChange(mutate: () => unknown, message: RegExp): void {
  const before = structuredClone(store);
  expect(mutate).toThrow(StoreMutationError);
  expect(mutate).toThrow(message);
  expect(store).toEqual(before);
}

describe("refundLine", () => {
  it("records a refund, lowers currentQuantity and the day's truth, and bumps updatedAt", () => {
    const refund = refundLine(store, 1008, 5010, 1, NOW);
    expect(refund).toMatchObject({ createdAt: NOW, lines: [{ lineItemId: 5010, quantity: 1, restockType: "RETURN" }] });
    expect(orderById(1008).updatedAt).toBe(NOW);
    expect(orderById(1008).lines[0].currentQuantity).toBe(0);
    // Only the $20.00 line of 1008 is left on Nov 2.
    expect(computeGroundTruth(store).get("101|2026-11-02")).toEqual({ variantId: 101, day: "2026-11-02", units: 1, revenueCents: 2000, orders: 1, repeatUnits: 1 });
  });

  it("gives the refund an id no other record has", () => {
    const refund = refundLine(store, 1008, 5010, 1, NOW);
    const ids = [
      ...store.variants.flatMap((v) => [v.id, v.inventoryItemId]),
      ...store.orders.flatMap((o) => [o.id, ...o.lines.map((l) => l.id), ...o.refunds.map((r) => r.id)]),
    ];
    expect(ids.filter((id) => id === refund.id)).toHaveLength(1);
  });

  it("rejects refunding more units than remain, unknown lines and times in the past", () => {
    expectRejectedWithoutChange(() => refundLine(store, 1001, 5001, 2, NOW), /only 1 remain/);
    expectRejectedWithoutChange(() => refundLine(store, 1001, 9999, 1, NOW), /no line item 9999/);
    expectRejectedWithoutChange(() => refundLine(store, 4242, 5001, 1, NOW), /No order 4242/);
    expectRejectedWithoutChange(() => refundLine(store, 1001, 5002, 0, NOW), /units must be a whole number ≥ 1/);
    expectRejectedWithoutChange(() => refundLine(store, 1001, 5002, 1, Date.parse("2026-11-01T00:00:00Z")), /time cannot run backwards/);
  });
});

describe("cancelOrder", () => {
  it("takes the order out of the truth and, by default, refunds and restocks its units", () => {
    cancelOrder(store, 1002, NOW);
    const cancelled = orderById(1002);
    expect(cancelled.cancelledAt).toBe(NOW);
    expect(cancelled.updatedAt).toBe(NOW);
    expect(cancelled.lines[0].currentQuantity).toBe(0);
    expect(cancelled.refunds.at(-1)?.lines).toEqual([{ lineItemId: 5003, quantity: 1, restockType: "CANCEL" }]);
    expect(computeGroundTruth(store).get("101|2026-10-30")).toEqual({ variantId: 101, day: "2026-10-30", units: 1, revenueCents: 2250, orders: 1, repeatUnits: 0 });
  });

  it("can cancel without touching quantities; the order still stops counting", () => {
    cancelOrder(store, 1002, NOW, { restock: false });
    expect(orderById(1002).lines[0].currentQuantity).toBe(1);
    expect(orderById(1002).refunds).toEqual([]);
    expect(computeGroundTruth(store).get("101|2026-10-30")?.units).toBe(1);
  });

  it("rejects cancelling twice", () => {
    cancelOrder(store, 1002, NOW);
    expectRejectedWithoutChange(() => cancelOrder(store, 1002, NOW), /already cancelled/);
  });
});

describe("markTest", () => {
  it("removes the order's sales and makes the customer's next order their first", () => {
    const before = computeGroundTruth(store);
    expect(before.get("102|2026-11-01")?.repeatUnits).toBe(2);
    markTest(store, 1001, NOW);
    const after = computeGroundTruth(store);
    expect(after.has("201|2026-10-30")).toBe(false);
    expect(after.get("101|2026-10-30")?.units).toBe(1);
    // Ann's order 1003 is now her first counted order: no longer a repeat purchase.
    expect(after.get("102|2026-11-01")?.repeatUnits).toBe(0);
    expect(orderById(1001).updatedAt).toBe(NOW);
  });

  it("rejects marking an order that already is a test order", () => {
    expectRejectedWithoutChange(() => markTest(store, 1005, NOW), /already has test = true/);
  });
});

describe("editRemoveUnits", () => {
  it("lowers currentQuantity without a refund and prorates the line's revenue", () => {
    editRemoveUnits(store, 1003, 5004, 1, NOW);
    expect(orderById(1003).refunds).toEqual([]);
    // 1 of 3 units left of a $66.67 line: round(6667 / 3) = 2222.
    expect(computeGroundTruth(store).get("102|2026-11-01")).toMatchObject({ units: 1, revenueCents: 2222 });
  });

  it("rejects removing more units than remain and editing a cancelled order", () => {
    expectRejectedWithoutChange(() => editRemoveUnits(store, 1003, 5004, 3, NOW), /only 2 remain/);
    expectRejectedWithoutChange(() => editRemoveUnits(store, 1006, 5007, 1, NOW), /cancelled and cannot be edited/);
  });
});

describe("addOrder", () => {
  it("appends an order at now with the next id, commits stock and adds to the truth", () => {
    const bob = orderById(1002).customerId;
    const added = addOrder(store, { customerId: bob, lines: [{ sku: "TEE-BLK-M", quantity: 2, discountedTotalCents: 4000 }] }, NOW);
    expect(store.orders.at(-1)).toBe(added);
    expect(added.id).toBeGreaterThan(Math.max(...store.orders.slice(0, -1).map((o) => o.id)));
    expect(added).toMatchObject({ name: "#1010", createdAt: NOW, processedAt: NOW, updatedAt: NOW, cancelledAt: null, test: false });
    expect(added.lines[0]).toMatchObject({ variantId: 101, sku: "TEE-BLK-M", title: "Harbor Tee", quantity: 2, currentQuantity: 2, unitPriceCents: 2500 });
    // 07:00 in New York on Nov 27; Bob has bought before.
    expect(computeGroundTruth(store).get("101|2026-11-27")).toEqual({ variantId: 101, day: "2026-11-27", units: 2, revenueCents: 4000, orders: 1, repeatUnits: 2 });
    // Placed orders move units from available to committed at the best-stocked location.
    expect(store.variants[0].inventory[0]).toMatchObject({ locationId: 1, available: 10, committed: 4, onHand: 15, updatedAt: NOW });
  });

  it("can leave inventory alone and back-date processedAt for an imported order", () => {
    const added = addOrder(store, { processedAt: Date.parse("2026-10-30T15:00:00Z"), commitInventory: false, lines: [{ variantId: 201, quantity: 1 }] }, NOW);
    expect(added.processedAt).toBeLessThan(added.createdAt);
    expect(store.variants.find((v) => v.id === 201)?.inventory[0].available).toBe(40);
    expect(computeGroundTruth(store).get("201|2026-10-30")?.units).toBe(2);
  });

  it("rejects unknown or deleted variants, bad quantities and a now before the newest order", () => {
    expectRejectedWithoutChange(() => addOrder(store, { lines: [{ sku: "NOPE", quantity: 1 }] }, NOW), /no variant has SKU "NOPE"/);
    expectRejectedWithoutChange(() => addOrder(store, { lines: [{ sku: "TEE-SND-M", quantity: 1 }] }, NOW), /no variant has SKU "TEE-SND-M"/);
    expectRejectedWithoutChange(() => addOrder(store, { lines: [{ variantId: 103, quantity: 1 }] }, NOW), /deleted/);
    expectRejectedWithoutChange(() => addOrder(store, { lines: [{ variantId: 101, quantity: 0 }] }, NOW), /quantity must be a whole number ≥ 1/);
    expectRejectedWithoutChange(() => addOrder(store, { lines: [{ variantId: 101, quantity: 1, discountedTotalCents: 9999 }] }, NOW), /discountedTotalCents/);
    expectRejectedWithoutChange(() => addOrder(store, { lines: [] }, NOW), /at least one line/);
    expectRejectedWithoutChange(() => addOrder(store, { lines: [{ variantId: 101, quantity: 1 }] }, Date.parse("2026-11-01T00:00:00Z")), /time cannot run backwards/);
  });
});

describe("deleteVariant", () => {
  it("nulls the variant on past lines, keeping the SKU, and moves its sales out of the per-variant truth", () => {
    const affected = deleteVariant(store, 102, NOW);
    expect(affected).toEqual([1003]);
    expect(orderById(1003).lines[0]).toMatchObject({ variantId: null, sku: "TEE-BLK-L" });
    expect(orderById(1003).updatedAt).toBe(NOW);
    expect(store.products[0].variantIds).toEqual([101]);
    expect(store.variants.find((v) => v.id === 102)).toMatchObject({ deleted: true, inventory: [], updatedAt: NOW });
    expect(computeGroundTruth(store).has("102|2026-11-01")).toBe(false);
    expect(computeUnattributedSales(store).get("TEE-BLK-L|2026-11-01")).toEqual({ sku: "TEE-BLK-L", day: "2026-11-01", units: 2, revenueCents: 4445 });
  });

  it("can leave the orders' updatedAt alone (the unverified other behaviour)", () => {
    const before = orderById(1003).updatedAt;
    deleteVariant(store, 102, NOW, { touchOrders: false });
    expect(orderById(1003).updatedAt).toBe(before);
  });

  it("rejects deleting a variant twice", () => {
    expectRejectedWithoutChange(() => deleteVariant(store, 103, NOW), /already deleted/);
  });
});

describe("setInventory", () => {
  it("moves on_hand with available when on_hand is not given", () => {
    const level = setInventory(store, 101, 1, { available: 5 }, NOW);
    expect(level).toEqual({ locationId: 1, available: 5, onHand: 8, incoming: 0, committed: 2, updatedAt: NOW });
  });

  it("creates a level at a location the variant was not stocked at", () => {
    setInventory(store, 102, 2, { available: 4, incoming: 10 }, NOW);
    expect(store.variants.find((v) => v.id === 102)?.inventory).toContainEqual({ locationId: 2, available: 4, onHand: 4, incoming: 10, committed: 0, updatedAt: NOW });
  });

  it("rejects quantities that break on_hand ≥ available + committed, unknown locations and deleted variants", () => {
    expectRejectedWithoutChange(() => setInventory(store, 101, 1, { available: 20, onHand: 10 }, NOW), /onHand \(10\) must be ≥ available \+ committed/);
    expectRejectedWithoutChange(() => setInventory(store, 101, 99, { available: 1 }, NOW), /No location 99/);
    expectRejectedWithoutChange(() => setInventory(store, 103, 1, { available: 1 }, NOW), /deleted/);
    expectRejectedWithoutChange(() => setInventory(store, 101, 1, { available: 1.5 }, NOW), /whole number/);
  });
});
