import db from "~/db.server";
import { decodeLines } from "./sales-order";

/**
 * Forgets a customer in the sales data (customers/redact): their orders keep their sales but lose
 * the salted hash that linked them, so they become guest orders, which are never repeat
 * purchases. The (variant, day) keys of those orders are marked stale in the same transaction,
 * so the next sync recomputes their repeat units. Returns the number of orders changed.
 */
export async function forgetCustomerInSales(shop: string, customerHash: string): Promise<number> {
  const orders = await db.salesOrder.findMany({
    where: { shop, customerHash },
    select: { id: true, day: true, isCounted: true, linesJson: true },
  });
  if (orders.length === 0) return 0;
  const staleKeys = new Map<string, { variantId: string; day: string }>();
  for (const order of orders) {
    if (!order.isCounted) continue;
    for (const line of decodeLines(order.linesJson)) {
      if (line.variantId === null) continue;
      const variantId = String(line.variantId);
      staleKeys.set(`${variantId}|${order.day}`, { variantId, day: order.day });
    }
  }
  await db.$transaction([
    db.salesOrder.updateMany({ where: { shop, customerHash }, data: { customerHash: null } }),
    db.salesCustomerOrder.deleteMany({ where: { shop, customerHash } }),
    ...[...staleKeys.values()].map(
      (key) => db.$executeRaw`INSERT INTO "SalesDirtyKey" ("shop", "variantId", "day") VALUES (${shop}, ${key.variantId}, ${key.day})
        ON CONFLICT ("shop", "variantId", "day") DO NOTHING`,
    ),
  ]);
  return orders.length;
}
