import { DailySalesAggregator, type DailySalesTotals, type PackedLine } from "./daily-sales-aggregator";
import type { SalesKey, SalesStore } from "./sales-store.server";

/**
 * DailySales is only ever computed from SalesOrder, never patched with deltas: a key's row is the
 * sum over the counted orders stored for that day, so whatever sequence of syncs produced the
 * SalesOrder rows, recomputing a key gives what a fresh backfill would. Two ways in:
 * - everything (after a backfill), one pass over the shop's orders;
 * - exactly the stale keys (after an incremental sync), reading only their days' orders.
 * Both read here; the caller writes the result in the same transaction (for everything, after
 * SalesWriter.rebuildCustomerOrders, which repeat purchases are read from).
 */

/**
 * Every counted order with whether it is a repeat purchase: its customer has an earlier counted
 * order, by (processedAt, then id). Answered by SQLite per order from the customer table's primary
 * key (a customer has few orders), so no per-customer state is held in memory.
 */
export async function computeAllDailySales(store: SalesStore, shop: string): Promise<Iterable<DailySalesTotals>> {
  const aggregator = new DailySalesAggregator();
  for await (const batch of store.batches(
    `SELECT o."id", o."day",
       o."customerHash" IS NOT NULL AND EXISTS (
         SELECT 1 FROM "SalesCustomerOrder" c
         WHERE c."shop" = o."shop" AND c."customerHash" = o."customerHash" AND c."isCounted" = TRUE
           AND (c."processedAt" < o."processedAt" OR (c."processedAt" = o."processedAt"
             AND (length(c."orderId") < length(o."id") OR (length(c."orderId") = length(o."id") AND c."orderId" < o."id"))))
       ) AS "isRepeat",
       o."linesJson"
     FROM "SalesOrder" o WHERE o."shop" = ? AND o."isCounted" = TRUE`,
    shop,
  )) {
    for (const [id, day, isRepeat, linesJson] of batch) {
      // SQLite answers the EXISTS with 0/1, PostgreSQL with a boolean.
      aggregator.addPackedOrder(Number(id), String(day), Number(isRepeat) === 1, JSON.parse(String(linesJson)) as PackedLine[]);
    }
  }
  return aggregator.rows();
}

export async function staleKeys(store: SalesStore, shop: string): Promise<SalesKey[]> {
  return (await store.all(`SELECT "variantId", "day" FROM "SalesDirtyKey" WHERE "shop" = ?`, shop)).map(([variantId, day]) => ({ variantId: String(variantId), day: String(day) }));
}

/** Recomputes exactly `keys`: rows for those with sales (keys without any drop out). */
export async function computeDailySalesFor(store: SalesStore, shop: string, keys: readonly SalesKey[]): Promise<DailySalesTotals[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map((k) => `${k.variantId}|${k.day}`));
  const days = [...new Set(keys.map((k) => k.day))].sort();
  const aggregator = new DailySalesAggregator(wanted);
  const firstByCustomer = new Map<string, string | null>();
  for (const day of days) {
    for (const [id, hash, linesJson] of await store.all(
      `SELECT "id", "customerHash", "linesJson" FROM "SalesOrder" WHERE "shop" = ? AND "day" = ? AND "isCounted" = TRUE`,
      shop,
      day,
    )) {
      const orderId = String(id);
      let isRepeat = false;
      if (hash !== null) {
        const customer = String(hash);
        let first = firstByCustomer.get(customer);
        if (first === undefined) {
          first = await store.firstCountedOrderId(shop, customer);
          firstByCustomer.set(customer, first);
        }
        isRepeat = first !== orderId;
      }
      aggregator.addPackedOrder(Number(orderId), day, isRepeat, JSON.parse(String(linesJson)) as PackedLine[]);
    }
  }
  return [...aggregator.rows()];
}
