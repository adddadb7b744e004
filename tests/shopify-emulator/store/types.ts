/**
 * The emulated store's data model: what the store generator and the JSON Lines loader produce,
 * and what the emulator's resolvers serve. Plain objects, numeric ids (the emulator renders them
 * as GIDs such as gid://shopify/Order/123), money in integer cents of the shop currency, times in
 * epoch milliseconds (UTC).
 *
 * Sales rules (shared by the generator's ground truth and, independently implemented, by the app):
 * - an order counts only when `cancelledAt === null` and `test === false`;
 * - a line's units are `currentQuantity` (refunded and edit-removed units excluded);
 * - a line's net revenue in cents = round(discountedTotalCents × currentQuantity / quantity)
 *   (0 when quantity is 0), rounding half away from zero;
 * - the sales day is the shop-local calendar day (shop.ianaTimezone) of the order's `processedAt`.
 * - a line is a repeat purchase when the same customer has an earlier counted order
 *   (ordered by processedAt, then id).
 * Where the rules above leave room, ground-truth.ts fixes it so:
 * - a DaySales entry exists only when its units are > 0 (a fully refunded line adds no row);
 * - DaySales.orders counts distinct counted orders with at least one unit of the variant that day;
 * - lines with variantId null (deleted variant) are not in the per-variant truth; guest orders
 *   (customerId null) are never repeat purchases.
 */

export type ProductStatus = "ACTIVE" | "ARCHIVED" | "DRAFT";

export interface StoreShop {
  /** myshopify domain, e.g. "demo-backstop.myshopify.com" */
  domain: string;
  name: string;
  currencyCode: string;
  ianaTimezone: string;
  planName: string;
  /** Offline access token the app must send as X-Shopify-Access-Token. */
  accessToken: string;
  /** Granted scopes, e.g. ["read_orders","read_all_orders","read_products","read_inventory"]. */
  scopes: string[];
}

export interface StoreLocation {
  id: number;
  name: string;
}

export interface StoreInventoryLevel {
  locationId: number;
  available: number;
  onHand: number;
  incoming: number;
  committed: number;
  /** Last change of any quantity at this location (added by the store generator; optional for older callers). */
  updatedAt?: number;
}

export interface StoreVariant {
  id: number;
  productId: number;
  title: string;
  sku: string | null;
  priceCents: number;
  inventoryItemId: number;
  unitCostCents: number | null;
  inventory: StoreInventoryLevel[];
  /** Deleted variants disappear from catalog queries; order lines keep pointing at null. */
  deleted: boolean;
  /** When the variant was created (added by the store generator; optional for older callers). */
  createdAt?: number;
  /** Last change of the variant itself, ≥ createdAt (added; optional). Inventory changes do not bump it. */
  updatedAt?: number;
}

export interface StoreProduct {
  id: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  createdAt: number;
  updatedAt: number;
  /** Live variants only: a deleted variant leaves this list but stays in StoreData.variants. */
  variantIds: number[];
}

export interface StoreOrderLine {
  id: number;
  /** null when the variant has been deleted (Shopify returns variant: null). */
  variantId: number | null;
  sku: string | null;
  title: string;
  quantity: number;
  currentQuantity: number;
  unitPriceCents: number;
  /** Line total after line-level discounts, including refunded/removed units. */
  discountedTotalCents: number;
}

export interface StoreRefund {
  id: number;
  createdAt: number;
  lines: Array<{ lineItemId: number; quantity: number; restockType: "CANCEL" | "RETURN" | "NO_RESTOCK" }>;
}

export interface StoreOrder {
  id: number;
  name: string;
  createdAt: number;
  processedAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  test: boolean;
  customerId: number | null;
  lines: StoreOrderLine[];
  refunds: StoreRefund[];
}

export interface StoreData {
  shop: StoreShop;
  locations: StoreLocation[];
  products: StoreProduct[];
  variants: StoreVariant[];
  /** Sorted by id ascending; ids increase with creation. */
  orders: StoreOrder[];
}

/** Ground truth per variant per shop-local day, keyed `${variantId}|${yyyy-mm-dd}`. */
export interface DaySales {
  variantId: number;
  day: string;
  units: number;
  revenueCents: number;
  orders: number;
  repeatUnits: number;
}
