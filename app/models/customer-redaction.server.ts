import db from "~/db.server";
import { hashCustomerId } from "~/lib/customer-hash.server";

/**
 * Forgets a customer: clears the salted hash from every order line of theirs in this shop, so
 * their purchases can no longer be linked to each other. Sales totals stay (they are the
 * merchant's, not the customer's). Returns the number of lines changed.
 */
export async function redactCustomer(shop: string, customerId: string | number): Promise<number> {
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { customerHashSalt: true } });
  if (!shopRow) return 0;
  const customerHash = hashCustomerId(shopRow.customerHashSalt, customerId);
  const { count } = await db.orderLine.updateMany({ where: { shop, customerHash }, data: { customerHash: null } });
  return count;
}
