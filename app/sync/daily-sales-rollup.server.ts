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
 * Whether order `o` is a repeat purchase: its customer has an earlier counted order, by
 * (processedAt, then id as a number: shorter digit strings first). Answered by the database per
 * order from the customer table's primary key (a customer has few orders), so no per-customer state
 * is held in memory.
 */
const IS_REPEAT_SQL = `o."customerHash" IS NOT NULL AND EXISTS (
         SELECT 1 FROM "SalesCustomerOrder" c
         WHERE c."shop" = o."shop" AND c."customerHash" = o."customerHash" AND c."isCounted" = TRUE
           AND (c."processedAt" < o."processedAt" OR (c."processedAt" = o."processedAt"
             AND (length(c."orderId") < length(o."id") OR (length(c."orderId") = length(o."id") AND c."orderId" < o."id"))))
       )`;

/** Every counted order of the shop, with whether it is a repeat purchase, summed in one pass. */
export async function computeAllDailySales(store: SalesStore, shop: string): Promise<Iterable<DailySalesTotals>> {
  const aggregator = new DailySalesAggregator();
  for await (const batch of store.batches(
    `SELECT o."id", o."day", ${IS_REPEAT_SQL} AS "isRepeat", o."linesJson"
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

/**
 * Recomputes exactly `keys`: rows for those with sales (keys without any drop out). Repeat status
 * comes with each order from the same query (IS_REPEAT_SQL), one query per stale day: asking for
 * each customer's first order separately took one query per customer, ~70,000 for an incremental
 * day of a million-order shop, and libsql keeps ~1 KB of native memory per query it ran (measured:
 * +185 MB).
 */
export async function computeDailySalesFor(store: SalesStore, shop: string, keys: readonly SalesKey[]): Promise<DailySalesTotals[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map((k) => `${k.variantId}|${k.day}`));
  const days = [...new Set(keys.map((k) => k.day))].sort();
  const aggregator = new DailySalesAggregator(wanted);
  for (const day of days) {
    for await (const batch of store.batches(
      `SELECT o."id", ${IS_REPEAT_SQL} AS "isRepeat", o."linesJson"
       FROM "SalesOrder" o WHERE o."shop" = ? AND o."day" = ? AND o."isCounted" = TRUE`,
      shop,
      day,
    )) {
      for (const [id, isRepeat, linesJson] of batch) {
        aggregator.addPackedOrder(Number(id), day, Number(isRepeat) === 1, JSON.parse(String(linesJson)) as PackedLine[]);
      }
    }
  }
  return [...aggregator.rows()];
}
