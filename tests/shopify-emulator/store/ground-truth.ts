/**
 * Ground truth: units and revenue per variant per shop-local day, computed from the store's
 * current state with the sales rules written in types.ts. It is what the app's synced DailySales
 * must equal. This implementation is deliberately independent of the app's own aggregation.
 *
 * Choices the rules leave open, fixed here:
 * - a key exists only for variant-days with at least one counted unit (fully refunded lines add
 *   nothing, not even a zero row);
 * - `orders` counts distinct counted orders contributing at least one unit of the variant that day;
 * - lines whose variant was deleted (variantId null) cannot be keyed by variant and are left out;
 *   computeUnattributedSales reports them by SKU;
 * - guest orders (customerId null) are never repeat purchases.
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { once } from "node:events";
import { createShopClock } from "./time-zone";
import type { DaySales, StoreData, StoreOrder } from "./types";

export function groundTruthKey(variantId: number, day: string): string {
  return `${variantId}|${day}`;
}

/** Counted: not cancelled, not a test order. */
export function isCountedOrder(order: StoreOrder): boolean {
  return order.cancelledAt === null && !order.test;
}

/** round(discountedTotalCents × currentQuantity / quantity), half away from zero; 0 when quantity is 0. */
export function netLineRevenueCents(discountedTotalCents: number, currentQuantity: number, quantity: number): number {
  if (quantity === 0) return 0;
  const numerator = discountedTotalCents * currentQuantity;
  const magnitude = Math.abs(numerator);
  // Integer arithmetic: floor((2|n| + q) / 2q) is |n|/q rounded half up, exact for |n| < 2^52.
  const rounded = Math.floor((2 * magnitude + quantity) / (2 * quantity));
  return numerator < 0 ? -rounded : rounded;
}

/**
 * For every customer, the id of their first counted order by (processedAt, id): any later counted
 * order of theirs is a repeat purchase.
 */
function firstCountedOrderByCustomer(orders: readonly StoreOrder[]): Map<number, StoreOrder> {
  const first = new Map<number, StoreOrder>();
  for (const order of orders) {
    if (order.customerId === null || !isCountedOrder(order)) continue;
    const current = first.get(order.customerId);
    if (current === undefined || order.processedAt < current.processedAt || (order.processedAt === current.processedAt && order.id < current.id)) {
      first.set(order.customerId, order);
    }
  }
  return first;
}

export function computeGroundTruth(store: StoreData): Map<string, DaySales> {
  const clock = createShopClock(store.shop.ianaTimezone);
  const firstOrder = firstCountedOrderByCustomer(store.orders);
  // Accumulate per day, then per variant id: numeric keys in the hot loop, strings only at the end.
  const byDay = new Map<string, Map<number, Accumulator>>();
  let currentDay = "";
  let currentDayEntries: Map<number, Accumulator> | undefined;
  for (const order of store.orders) {
    if (!isCountedOrder(order)) continue;
    const day = clock.dayOf(order.processedAt);
    if (day !== currentDay || currentDayEntries === undefined) {
      currentDay = day;
      currentDayEntries = byDay.get(day);
      if (currentDayEntries === undefined) {
        currentDayEntries = new Map();
        byDay.set(day, currentDayEntries);
      }
    }
    const isRepeat = order.customerId !== null && firstOrder.get(order.customerId) !== order;
    for (const line of order.lines) {
      if (line.variantId === null || line.currentQuantity <= 0) continue;
      let entry = currentDayEntries.get(line.variantId);
      if (entry === undefined) {
        entry = { sales: { variantId: line.variantId, day, units: 0, revenueCents: 0, orders: 0, repeatUnits: 0 }, lastOrderId: -1 };
        currentDayEntries.set(line.variantId, entry);
      }
      const sales = entry.sales;
      sales.units += line.currentQuantity;
      sales.revenueCents += netLineRevenueCents(line.discountedTotalCents, line.currentQuantity, line.quantity);
      if (isRepeat) sales.repeatUnits += line.currentQuantity;
      // An order with two lines of one variant is still one order.
      if (entry.lastOrderId !== order.id) {
        sales.orders += 1;
        entry.lastOrderId = order.id;
      }
    }
  }
  const result = new Map<string, DaySales>();
  for (const entries of byDay.values()) {
    for (const { sales } of entries.values()) result.set(groundTruthKey(sales.variantId, sales.day), sales);
  }
  return result;
}

interface Accumulator {
  sales: DaySales;
  lastOrderId: number;
}

export interface UnattributedDaySales {
  sku: string | null;
  day: string;
  units: number;
  revenueCents: number;
}

/** Counted sales on lines whose variant was deleted, keyed `${sku}|${day}` (same rules otherwise). */
export function computeUnattributedSales(store: StoreData): Map<string, UnattributedDaySales> {
  const clock = createShopClock(store.shop.ianaTimezone);
  const result = new Map<string, UnattributedDaySales>();
  for (const order of store.orders) {
    if (!isCountedOrder(order)) continue;
    for (const line of order.lines) {
      if (line.variantId !== null || line.currentQuantity <= 0) continue;
      const day = clock.dayOf(order.processedAt);
      const key = `${line.sku ?? ""}|${day}`;
      let entry = result.get(key);
      if (entry === undefined) {
        entry = { sku: line.sku, day, units: 0, revenueCents: 0 };
        result.set(key, entry);
      }
      entry.units += line.currentQuantity;
      entry.revenueCents += netLineRevenueCents(line.discountedTotalCents, line.currentQuantity, line.quantity);
    }
  }
  return result;
}

/** Entries sorted by day, then variant id: a stable order for files and comparisons. */
export function sortedGroundTruth(truth: Map<string, DaySales>): DaySales[] {
  return [...truth.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.variantId - b.variantId));
}

/**
 * Writes the ground truth for people to read: CSV when the path ends in .csv, otherwise JSON Lines.
 * Each row also names the variant's SKU.
 */
export async function writeGroundTruth(store: StoreData, path: string): Promise<void> {
  const skuById = new Map(store.variants.map((v) => [v.id, v.sku] as const));
  const rows = sortedGroundTruth(computeGroundTruth(store));
  const asCsv = path.toLowerCase().endsWith(".csv");
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path, { encoding: "utf8" });
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, "drain");
  };
  if (asCsv) await write("day,variant_id,sku,units,revenue_cents,orders,repeat_units\n");
  for (const row of rows) {
    const sku = skuById.get(row.variantId) ?? null;
    if (asCsv) {
      await write(`${row.day},${row.variantId},${csvField(sku ?? "")},${row.units},${row.revenueCents},${row.orders},${row.repeatUnits}\n`);
    } else {
      await write(`${JSON.stringify({ day: row.day, variantId: row.variantId, sku, units: row.units, revenueCents: row.revenueCents, orders: row.orders, repeatUnits: row.repeatUnits })}\n`);
    }
  }
  out.end();
  await once(out, "finish");
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
