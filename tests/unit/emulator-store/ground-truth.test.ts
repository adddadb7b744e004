import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoreData } from "../../shopify-emulator/store";
import {
  computeGroundTruth,
  computeUnattributedSales,
  loadStoreFromFiles,
  netLineRevenueCents,
  sortedGroundTruth,
  writeGroundTruth,
} from "../../shopify-emulator/store";
import { buildHandStore, line, order } from "./hand-store";

const TINY = {
  catalogPath: join(import.meta.dirname, "../../fixtures/stores/tiny/catalog.jsonl"),
  ordersPath: join(import.meta.dirname, "../../fixtures/stores/tiny/orders.jsonl"),
};

describe("netLineRevenueCents", () => {
  it.each([
    [4500, 1, 2, 2250], // half of a discounted 2-unit line
    [6667, 2, 3, 4445], // 4444.67 rounds up
    [2501, 1, 2, 1251], // 1250.5: half away from zero
    [-2501, 1, 2, -1251], // negative half: away from zero too
    [1000, 3, 3, 1000],
    [1000, 0, 3, 0],
    [0, 0, 0, 0], // quantity 0: no revenue
  ])("%i cents × %i / %i → %i", (total, current, quantity, expected) => {
    expect(netLineRevenueCents(total, current, quantity)).toBe(expected);
  });
});

describe("computeGroundTruth on the tiny fixture (numbers worked out by hand)", () => {
  let store: StoreData;
  beforeAll(async () => {
    store = await loadStoreFromFiles(TINY);
  });

  it("counts units, prorated revenue, orders and repeat units per variant per New York day", () => {
    // 1001 (10:00 EDT Oct 30, Ann, first order): 2 × TEE-BLK-M for $45.00, one refunded → 1 unit, 2250; 1 mug, 1499.
    // 1002 (03:30Z Oct 31 = 23:30 EDT Oct 30, Bob): 1 × TEE-BLK-M → Oct 30.
    // 1003 (04:30Z Nov 1 = 00:30 EDT Nov 1, Ann again): 3 × TEE-BLK-L for $66.67, one removed by an edit → 2 units, round(6667·2/3) = 4445, repeat.
    // 1004 (06:30Z Nov 1 = 01:30 EST after fall-back, Bob again): 2 mugs for $25.01, one refunded → round(1250.5) = 1251, repeat.
    // 1005 test, 1006 cancelled: not counted. 1009 fully refunded: nothing.
    // 1007 imported (created Nov 2, processed Oct 15, Carol): TEE-BLK-M → Oct 15; its deleted-variant line is unattributed.
    // 1008 (Carol, Nov 2): two lines of TEE-BLK-M (25.00 + 20.00) → 2 units, 4500, one order, repeat (1007 came first by processedAt).
    expect(sortedGroundTruth(computeGroundTruth(store))).toEqual([
      { variantId: 101, day: "2026-10-15", units: 1, revenueCents: 2500, orders: 1, repeatUnits: 0 },
      { variantId: 101, day: "2026-10-30", units: 2, revenueCents: 4750, orders: 2, repeatUnits: 0 },
      { variantId: 201, day: "2026-10-30", units: 1, revenueCents: 1499, orders: 1, repeatUnits: 0 },
      { variantId: 102, day: "2026-11-01", units: 2, revenueCents: 4445, orders: 1, repeatUnits: 2 },
      { variantId: 201, day: "2026-11-01", units: 1, revenueCents: 1251, orders: 1, repeatUnits: 1 },
      { variantId: 101, day: "2026-11-02", units: 2, revenueCents: 4500, orders: 1, repeatUnits: 2 },
    ]);
  });

  it("keys entries by variant id and local day", () => {
    const truth = computeGroundTruth(store);
    expect(truth.get("101|2026-10-30")?.units).toBe(2);
    expect(truth.has("101|2026-10-31")).toBe(false); // the UTC day of order 1002
  });

  it("reports sales of the deleted variant by SKU, apart from the per-variant truth", () => {
    expect([...computeUnattributedSales(store).values()]).toEqual([{ sku: "TEE-SND-M", day: "2026-10-15", units: 1, revenueCents: 2500 }]);
  });
});

describe("computeGroundTruth rules on a hand-built store", () => {
  it("orders repeat purchases by processedAt then id, counting only counted orders", () => {
    const store = buildHandStore();
    store.orders.push(
      // Customer 7: a cancelled order first (not counted), then two orders at the same instant.
      order(1, "2026-05-01T10:00:00Z", 7, [line(101, 11, 1, 1000)], { cancelledAt: Date.parse("2026-05-01T11:00:00Z") }),
      order(2, "2026-05-02T10:00:00Z", 7, [line(102, 11, 1, 1000)]),
      order(3, "2026-05-02T10:00:00Z", 7, [line(103, 11, 2, 1000)]),
      // Customer 8's first order was imported later (higher id) but processed earlier.
      order(4, "2026-05-03T10:00:00Z", 8, [line(104, 12, 1, 1500)]),
      order(5, "2026-05-01T09:00:00Z", 8, [line(105, 12, 1, 1500)], { createdAt: Date.parse("2026-05-04T00:00:00Z"), updatedAt: Date.parse("2026-05-04T00:00:00Z") }),
      // Guests are never repeat buyers.
      order(6, "2026-05-02T12:00:00Z", null, [line(106, 11, 1, 1000)]),
      order(7, "2026-05-02T13:00:00Z", null, [line(107, 11, 1, 1000)]),
    );
    const truth = computeGroundTruth(store);
    expect(truth.get("11|2026-05-02")).toEqual({ variantId: 11, day: "2026-05-02", units: 5, revenueCents: 5000, orders: 4, repeatUnits: 2 });
    expect(truth.get("12|2026-05-03")).toEqual({ variantId: 12, day: "2026-05-03", units: 1, revenueCents: 1500, orders: 1, repeatUnits: 1 });
    expect(truth.get("12|2026-05-01")?.repeatUnits).toBe(0);
    expect(truth.has("11|2026-05-01")).toBe(false); // the cancelled order
  });

  it("leaves out test orders, zero-unit lines and lines without a variant", () => {
    const store = buildHandStore();
    const refunded = line(202, 12, 1, 1500);
    refunded.currentQuantity = 0;
    store.orders.push(
      order(1, "2026-05-01T10:00:00Z", null, [line(201, 11, 3, 1000)], { test: true }),
      order(2, "2026-05-01T11:00:00Z", null, [refunded, line(203, null, 1, 900)]),
    );
    expect(computeGroundTruth(store).size).toBe(0);
    expect(computeUnattributedSales(store).get("TEE-S|2026-05-01")).toEqual({ sku: "TEE-S", day: "2026-05-01", units: 1, revenueCents: 900 });
  });
});

describe("writeGroundTruth", () => {
  let dir: string;
  let store: StoreData;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ground-truth-"));
    store = await loadStoreFromFiles(TINY);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes CSV sorted by day then variant, with the SKU", async () => {
    const path = join(dir, "truth.csv");
    await writeGroundTruth(store, path);
    const rows = (await readFile(path, "utf8")).trimEnd().split("\n");
    expect(rows[0]).toBe("day,variant_id,sku,units,revenue_cents,orders,repeat_units");
    expect(rows.slice(1)).toEqual([
      "2026-10-15,101,TEE-BLK-M,1,2500,1,0",
      "2026-10-30,101,TEE-BLK-M,2,4750,2,0",
      "2026-10-30,201,MUG-12OZ,1,1499,1,0",
      "2026-11-01,102,TEE-BLK-L,2,4445,1,2",
      "2026-11-01,201,MUG-12OZ,1,1251,1,1",
      "2026-11-02,101,TEE-BLK-M,2,4500,1,2",
    ]);
  });

  it("writes JSON Lines for any other extension", async () => {
    const path = join(dir, "truth.jsonl");
    await writeGroundTruth(store, path);
    const rows = (await readFile(path, "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(rows).toHaveLength(6);
    expect(rows[3]).toEqual({ day: "2026-11-01", variantId: 102, sku: "TEE-BLK-L", units: 2, revenueCents: 4445, orders: 1, repeatUnits: 2 });
  });
});
