/**
 * A bulk orders export of a generated store carries exactly the store's sales: aggregating the JSONL
 * (counted orders, currentQuantity, prorated discounted totals, shop-local day of processedAt) gives
 * the generator's ground truth per variant per day.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeGroundTruth, generatePreset, groundTruthKey, type DaySales, type StoreData } from "../../shopify-emulator/store";
import { downloadJsonl, runBulkToEnd, startWith, type Client, defined } from "./fixtures";

const NOW_MS = Date.parse("2026-11-20T12:00:00Z");
const BACKFILL = `{
  orders(sortKey: UPDATED_AT) { edges { node {
    id processedAt cancelledAt test
    lineItems { edges { node {
      quantity currentQuantity variant { id }
      discountedTotalSet { shopMoney { amount currencyCode } }
    } } }
  } } }
}`;

let store: StoreData;
let client: Client;

beforeAll(async () => {
  store = generatePreset("small", { nowMs: NOW_MS });
  client = await startWith([store], { now: () => NOW_MS });
});
afterAll(async () => {
  await client.emulator.close();
});

function centsOf(amount: string): number {
  const [whole, fraction = ""] = amount.split(".");
  const sign = whole.startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2)));
}

function dayIn(timeZone: string, iso: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));
}

describe("bulk export against the generator's ground truth", () => {
  it("aggregates to the same units and revenue per variant per shop-local day", async () => {
    const op = await runBulkToEnd(client, BACKFILL);
    expect(op.status).toBe("COMPLETED");
    const { rows } = await downloadJsonl(defined(op.url));

    // Children may come after other parents: index the orders first.
    const orders = new Map<string, { day: string; counted: boolean }>();
    for (const row of rows) {
      if (row.__parentId !== undefined) continue;
      orders.set(row.id as string, {
        day: dayIn(store.shop.ianaTimezone, row.processedAt as string),
        counted: row.cancelledAt === null && row.test === false,
      });
    }
    expect(orders.size).toBe(store.orders.length);

    const totals = new Map<string, { units: number; revenueCents: number }>();
    for (const row of rows) {
      if (row.__parentId === undefined) continue;
      const order = defined(orders.get(row.__parentId as string));
      const variant = row.variant as { id: string } | null;
      const current = row.currentQuantity as number;
      const quantity = row.quantity as number;
      if (!order.counted || variant === null || current <= 0) continue;
      const money = (row.discountedTotalSet as { shopMoney: { amount: string; currencyCode: string } }).shopMoney;
      expect(money.currencyCode).toBe(store.shop.currencyCode);
      const exact = (centsOf(money.amount) * current) / quantity;
      const revenue = Math.sign(exact) * Math.round(Math.abs(exact));
      const key = groundTruthKey(Number(variant.id.split("/").pop()), order.day);
      const entry = totals.get(key) ?? { units: 0, revenueCents: 0 };
      entry.units += current;
      entry.revenueCents += revenue;
      totals.set(key, entry);
    }

    const truth = computeGroundTruth(store);
    const expected = new Map([...truth].map(([key, sales]: [string, DaySales]) => [key, { units: sales.units, revenueCents: sales.revenueCents }]));
    expect(truth.size).toBeGreaterThan(100);
    expect(totals).toEqual(expected);
  });
});
