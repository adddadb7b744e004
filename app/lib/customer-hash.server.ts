import { createHash } from "node:crypto";

/**
 * A shop-salted SHA-256 of a Shopify customer id: enough to tell a returning customer from a new
 * one, useless for identifying anybody. Customer ids, names and emails are never stored.
 */
export function hashCustomerId(salt: string, customerId: string | number): string {
  const numericId = String(customerId).replace(/^gid:\/\/shopify\/Customer\//, "");
  return createHash("sha256").update(`${salt}:${numericId}`).digest("hex");
}
