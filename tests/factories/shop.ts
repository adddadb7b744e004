import db from "~/db.server";
import { installShopWithToken } from "../support/install-shop";

let sequence = 0;

/** Installs a shop with an offline session (as OAuth would leave it) and returns its domain. */
export async function installShop(options: { domain?: string; scopes?: string; accessToken?: string } = {}) {
  sequence += 1;
  const domain = options.domain ?? `shop-${sequence}.myshopify.com`;
  const scopes = options.scopes ?? "read_orders,read_all_orders,read_products,read_inventory";
  await installShopWithToken(domain, scopes, options.accessToken ?? `shpat_${domain}`);
  return domain;
}

/** Gives a shop one row in every shop-scoped table, so deletions can be checked table by table. */
export async function fillShopData(shop: string) {
  const supplier = await db.supplier.create({ data: { shop, name: `Factory of ${shop}` } });
  await db.variant.create({ data: { shop, id: "1", productId: "10", productTitle: "Mug", sku: "MUG-1" } });
  await db.inventoryLevel.create({ data: { shop, variantId: "1", locationId: "1" } });
  await db.inventorySnapshot.create({ data: { shop, variantId: "1", day: "2026-11-01", available: 3, onHand: 3, incoming: 0, committed: 0 } });
  await db.salesOrder.create({
    data: {
      shop, id: "100", processedAt: new Date("2026-11-01T10:00:00Z"), day: "2026-11-01", shopifyUpdatedAt: new Date("2026-11-01T10:00:00Z"),
      isCounted: true, customerHash: "h", linesJson: JSON.stringify([[1000, 1, 2, 1800, "MUG-1"]]),
    },
  });
  await db.salesDirtyKey.create({ data: { shop, variantId: "1", day: "2026-11-01" } });
  await db.salesCustomerOrder.create({ data: { shop, customerHash: "h", orderId: "100", processedAt: new Date("2026-11-01T10:00:00Z"), isCounted: true } });
  await db.assignmentUndo.create({ data: { shop, description: "x", variantIdsJson: "[]", assignmentsJson: "[]" } });
  await db.dailySales.create({ data: { shop, variantId: "1", day: "2026-11-01", units: 2, revenueCents: 1800, orders: 1 } });
  await db.supplierAssignment.create({ data: { shop, variantId: "1", supplierId: supplier.id, role: "primary", leadTimeDays: 30 } });
  await db.purchaseOrder.create({ data: { shop, supplierId: supplier.id, variantId: "1", orderedUnits: 100, placedOn: "2026-10-01", promisedOn: "2026-10-31" } });
  await db.skuRiskProfile.create({ data: { shop, variantId: "1" } });
  await db.syncRun.create({ data: { shop, kind: "backfill", status: "succeeded" } });
  await db.syncLease.create({ data: { shop, holder: "test", expiresAt: new Date() } });
  await db.syncState.create({ data: { shop } });
  await db.skuMetrics.create({
    data: {
      shop, variantId: "1", rank: 1, unitsPerDay: 1, unitsPerDaySd: 0, demandClass: "smooth", velocityConfidence: "high",
      netRevenueCents: 1800, revenueSharePct: 100, cumulativeSharePct: 100, abcClass: "A", revenueAtRiskCents: 27000,
      repeatShare: 0, priorityScore: 1, priorityTier: "high", stockoutProbability: 0.1, riskLevel: "low",
      safetyStockUnits: 1, reorderPointUnits: 2, hasBackup: false, detailJson: "{}", computedAt: new Date(),
    },
  });
}
