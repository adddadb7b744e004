import db from "~/db.server";
import { hashCustomerId } from "~/lib/customer-hash.server";
import { forgetCustomerInSales } from "~/sync/customer-forget.server";

/**
 * Forgets a customer (customers/redact): their orders lose the salted hash that linked them, so
 * their purchases can no longer be tied to each other. Sales totals stay (they are the
 * merchant's, not the customer's). Returns the number of orders changed.
 */
export async function redactCustomer(shop: string, customerId: string | number): Promise<number> {
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { customerHashSalt: true } });
  if (!shopRow) return 0;
  return forgetCustomerInSales(shop, hashCustomerId(shopRow.customerHashSalt, customerId));
}
