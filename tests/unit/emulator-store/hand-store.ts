import type { StoreData, StoreOrder, StoreOrderLine } from "../../shopify-emulator/store";

/** A store small enough to reason about by hand: UTC shop, two variants, orders added per test. */
export function buildHandStore(): StoreData {
  return {
    shop: {
      domain: "hand-built.myshopify.com",
      name: "Hand Built",
      currencyCode: "USD",
      ianaTimezone: "UTC",
      planName: "Basic",
      accessToken: "shpat_hand",
      scopes: ["read_orders"],
    },
    locations: [
      { id: 1, name: "Main" },
      { id: 2, name: "Store" },
    ],
    products: [
      { id: 10, title: "Tee", handle: "tee", vendor: "V", productType: "T-Shirt", status: "ACTIVE", createdAt: 0, updatedAt: 0, variantIds: [11, 12] },
    ],
    variants: [
      { id: 11, productId: 10, title: "S", sku: "TEE-S", priceCents: 1000, inventoryItemId: 111, unitCostCents: 400, inventory: [{ locationId: 1, available: 10, onHand: 12, incoming: 0, committed: 2 }], deleted: false },
      { id: 12, productId: 10, title: "M", sku: "TEE-M", priceCents: 1500, inventoryItemId: 112, unitCostCents: null, inventory: [], deleted: false },
    ],
    orders: [],
  };
}

export function line(id: number, variantId: number | null, quantity: number, unitPriceCents: number, discountedTotalCents = quantity * unitPriceCents): StoreOrderLine {
  return { id, variantId, sku: variantId === 12 ? "TEE-M" : "TEE-S", title: "Tee", quantity, currentQuantity: quantity, unitPriceCents, discountedTotalCents };
}

export function order(id: number, processedAtIso: string, customerId: number | null, lines: StoreOrderLine[], extra: Partial<StoreOrder> = {}): StoreOrder {
  const t = Date.parse(processedAtIso);
  return { id, name: `#${id}`, createdAt: t, processedAt: t, updatedAt: t, cancelledAt: null, test: false, customerId, lines, refunds: [], ...extra };
}
