/**
 * zod schemas of the store JSON Lines format (docs/store-format.md): one record per line in
 * catalog.jsonl (shop, locations, products, variants) and one order per line in orders.jsonl.
 * Objects are strict, so a misspelt key is reported instead of silently ignored.
 */
import { z } from "zod";

const TIME_ZONE_CHECKS = new Map<string, boolean>();

function isValidTimeZone(timeZone: string): boolean {
  let valid = TIME_ZONE_CHECKS.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
    TIME_ZONE_CHECKS.set(timeZone, valid);
  }
  return valid;
}

/** zod's error option: "is required" for a missing key, else the given text. */
function expected(text: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? "is required" : text);
}

export const Id = z
  .number({ error: expected("must be a number") })
  .int("must be a whole number")
  .positive("must be a positive id")
  .max(Number.MAX_SAFE_INTEGER, "is too large to be exact in JavaScript (> 2^53)");

/** ISO-8601 with an explicit offset ("Z" or "+hh:mm"): a naive local time would be ambiguous. */
export const Timestamp = z
  .iso.datetime({ offset: true, error: expected('must be an ISO-8601 date-time with an offset, e.g. "2026-03-01T14:05:00Z"') })
  .transform((text) => Date.parse(text));

/** Money as Shopify writes it: a decimal string with at most two decimals ("25.00"); parsed to cents. */
export const Money = z
  .string({ error: expected('must be a decimal string such as "25.00"') })
  .regex(/^\d{1,13}(\.\d{1,2})?$/, 'must be a non-negative decimal string with at most 2 decimals, e.g. "25.00"')
  .transform((text) => {
    const [whole, fraction = ""] = text.split(".");
    return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  });

/** A string field; "is required" when the key is missing. */
function text(): z.ZodString {
  return z.string({ error: expected("must be a string") });
}

const Count = z.number({ error: expected("must be a number") }).int("must be a whole number").min(0, "must be ≥ 0");

export const ShopRecord = z.strictObject({
  type: z.literal("shop"),
  domain: text().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'must look like "name.myshopify.com" (lower case)'),
  name: text().min(1, "must not be empty"),
  currencyCode: text().regex(/^[A-Z]{3}$/, "must be a 3-letter ISO 4217 code such as USD"),
  ianaTimezone: text().refine(isValidTimeZone, "is not a valid IANA time zone (e.g. America/New_York)"),
  planName: text().min(1).optional(),
  accessToken: text().min(1).optional(),
  scopes: z.array(text().min(1)).optional(),
});

export const LocationRecord = z.strictObject({
  type: z.literal("location"),
  id: Id,
  name: text().min(1, "must not be empty"),
});

export const ProductRecord = z.strictObject({
  type: z.literal("product"),
  id: Id,
  title: text().min(1, "must not be empty"),
  handle: text().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case words joined by hyphens").optional(),
  vendor: text().optional(),
  productType: text().optional(),
  status: z.enum(["ACTIVE", "ARCHIVED", "DRAFT"]).optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp.optional(),
});

export const InventoryLevelRecord = z.strictObject({
  locationId: Id,
  /** May be negative: Shopify lets a shop oversell. */
  available: z.number({ error: expected("must be a number") }).int("must be a whole number"),
  onHand: Count.optional(),
  incoming: Count.optional(),
  committed: Count.optional(),
  updatedAt: Timestamp.optional(),
});

export const VariantRecord = z.strictObject({
  type: z.literal("variant"),
  id: Id,
  productId: Id,
  title: text().min(1).optional(),
  sku: text().min(1, "must not be empty (use null for no SKU)").nullable(),
  price: Money,
  unitCost: Money.nullable().optional(),
  inventoryItemId: Id.optional(),
  deleted: z.boolean().optional(),
  createdAt: Timestamp.optional(),
  updatedAt: Timestamp.optional(),
  inventory: z.array(InventoryLevelRecord).optional(),
});

export const CATALOG_RECORD_TYPES = ["shop", "location", "product", "variant"] as const;

export const OrderLineRecord = z.strictObject({
  id: Id.optional(),
  /** A number names a catalog variant; null means the variant no longer exists. */
  variantId: Id.nullable().optional(),
  sku: text().min(1, "must not be empty (use null for no SKU)").nullable().optional(),
  title: text().min(1).optional(),
  quantity: Count,
  currentQuantity: Count.optional(),
  unitPrice: Money,
  discountedTotal: Money.optional(),
});

export const RefundLineRecord = z.strictObject({
  lineId: Id.optional(),
  sku: text().min(1).optional(),
  quantity: z.number({ error: expected("must be a number") }).int("must be a whole number").positive("must be ≥ 1"),
  restockType: z.enum(["CANCEL", "RETURN", "NO_RESTOCK"]).optional(),
});

export const RefundRecord = z.strictObject({
  id: Id.optional(),
  createdAt: Timestamp,
  lines: z.array(RefundLineRecord).min(1, "a refund needs at least one line"),
});

export const OrderRecord = z.strictObject({
  id: Id.optional(),
  name: text().min(1).optional(),
  createdAt: Timestamp,
  processedAt: Timestamp.optional(),
  updatedAt: Timestamp.optional(),
  cancelledAt: Timestamp.nullable().optional(),
  test: z.boolean().optional(),
  /** A customer id, or any stable string (e.g. an e-mail) that the loader maps to an id; null = guest. */
  customer: z.union([Id, text().min(1), z.null()], { error: "must be a customer id, a non-empty string or null" }).optional(),
  lines: z.array(OrderLineRecord).min(1, "an order needs at least one line"),
  refunds: z.array(RefundRecord).optional(),
});

export type ShopRecordInput = z.output<typeof ShopRecord>;
export type LocationRecordInput = z.output<typeof LocationRecord>;
export type ProductRecordInput = z.output<typeof ProductRecord>;
export type VariantRecordInput = z.output<typeof VariantRecord>;
export type OrderRecordInput = z.output<typeof OrderRecord>;

/** One readable reason from a zod error: "lines[0].quantity: must be ≥ 0; …". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}
