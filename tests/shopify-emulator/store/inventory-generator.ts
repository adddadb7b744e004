/**
 * Stock per variant per location, sized from each variant's recent sales so days of cover look
 * like a real shop's: most variants hold weeks to months of stock, some are out of stock
 * (available 0, sometimes with units still committed to unfulfilled orders), some have a
 * purchase order incoming. Always on_hand = available + committed + units in other states
 * (damaged, safety stock), so on_hand ≥ available + committed.
 */
import type { VariantDemand } from "./catalog-generator";
import type { Rng } from "./rng";
import type { StoreInventoryLevel, StoreLocation, StoreProduct, StoreVariant } from "./types";

export interface InventoryOptions {
  historyEndMs: number;
  /** Share of on-sale variants that are out of stock at the end of the history. */
  outOfStockRate: number;
}

export function generateInventory(
  rng: Rng,
  locations: readonly StoreLocation[],
  products: readonly StoreProduct[],
  variants: StoreVariant[],
  demand: readonly VariantDemand[],
  recentUnitsByVariant: Float64Array,
  options: InventoryOptions,
): void {
  const { historyEndMs } = options;
  const statusByProduct = new Map(products.map((p) => [p.id, p.status] as const));
  let sellersOutOfStock = 0;
  let lastSellerIndex = -1;

  for (let i = 0; i < variants.length; i += 1) {
    const variant = variants[i];
    if (variant.deleted || locations.length === 0) {
      variant.inventory = [];
      continue;
    }
    const unitsPerDay = recentUnitsByVariant[i] / 30;
    const status = statusByProduct.get(variant.productId);
    const onSale = status === "ACTIVE" && demand[i].activeUntilMs > historyEndMs;
    if (onSale && unitsPerDay > 0) lastSellerIndex = i;
    const outOfStock = onSale && rng.chance(options.outOfStockRate);
    if (outOfStock && unitsPerDay > 0) sellersOutOfStock += 1;

    let totalAvailable: number;
    if (status === "ARCHIVED") totalAvailable = rng.chance(0.8) ? 0 : rng.int(1, 12);
    else if (status === "DRAFT") totalAvailable = rng.int(0, 40);
    else if (outOfStock) totalAvailable = 0;
    else totalAvailable = Math.round(unitsPerDay * rng.range(10, 120)) + rng.int(0, 8);

    const stocked = locations.filter((_, k) => k === 0 || rng.chance(unitsPerDay > 1 ? 0.7 : 0.35));
    const shares = stocked.map((_, k) => (k === 0 ? rng.range(2, 4) : rng.range(0.3, 1)));
    const shareTotal = shares.reduce((a, b) => a + b, 0);
    let unassigned = totalAvailable;
    const levels: StoreInventoryLevel[] = [];
    for (let k = 0; k < stocked.length; k += 1) {
      const available = k === stocked.length - 1 ? unassigned : Math.min(unassigned, Math.floor((totalAvailable * shares[k]) / shareTotal));
      unassigned -= available;
      // Units sold but not yet shipped; they stay on hand until fulfilment.
      const committed = onSale ? Math.round(unitsPerDay * rng.range(0.2, 2) * (shares[k] / shareTotal)) : 0;
      const otherStates = rng.chance(0.12) ? rng.int(1, 4) : 0;
      const lowCover = unitsPerDay > 0 && available < unitsPerDay * 30;
      const incoming = k === 0 && status !== "ARCHIVED" && rng.chance(lowCover || outOfStock ? 0.6 : 0.1)
        ? Math.round(unitsPerDay * rng.range(30, 90)) + rng.int(10, 60)
        : 0;
      levels.push({
        locationId: stocked[k].id,
        available,
        onHand: available + committed + otherStates,
        incoming,
        committed,
        updatedAt: Math.floor(Math.max(variant.createdAt ?? 0, historyEndMs - rng.int(0, 3 * 86_400) * 1000) / 1000) * 1000,
      });
    }
    variant.inventory = levels;
  }

  // A shop this size always has at least one selling SKU out of stock somewhere in its history's end.
  if (sellersOutOfStock === 0 && lastSellerIndex >= 0 && variants.length >= 20) {
    for (const level of variants[lastSellerIndex].inventory) {
      level.onHand -= level.available;
      level.available = 0;
    }
  }
}
