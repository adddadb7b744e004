import { randomBytes } from "node:crypto";
import db from "~/db.server";

/** True when the granted scopes include read_all_orders (otherwise only 60 days of orders). */
export function grantsAllOrders(scopes: string): boolean {
  return scopes.split(",").map((scope) => scope.trim()).includes("read_all_orders");
}

/**
 * Records an install (or re-install, or a scope change): the Shop row with a fresh salt for
 * customer hashing when new, default settings, and the scopes Shopify granted.
 */
export async function recordInstall(shop: string, scopes: string): Promise<void> {
  await db.shop.upsert({
    where: { domain: shop },
    create: {
      domain: shop,
      scopes,
      hasAllOrders: grantsAllOrders(scopes),
      customerHashSalt: randomBytes(32).toString("hex"),
      settings: { create: {} },
    },
    update: { scopes, hasAllOrders: grantsAllOrders(scopes), uninstalledAt: null },
  });
  await db.shopSettings.upsert({ where: { shop }, create: { shop }, update: {} });
}

/** Updates the granted scopes after an app/scopes_update webhook. */
export async function recordScopes(shop: string, scopes: string): Promise<void> {
  await db.shop.updateMany({ where: { domain: shop }, data: { scopes, hasAllOrders: grantsAllOrders(scopes) } });
  await db.session.updateMany({ where: { shop }, data: { scope: scopes } });
}

export async function getShop(shop: string) {
  return db.shop.findUnique({ where: { domain: shop } });
}

/**
 * Deletes everything Backstop holds for one shop: sessions and every domain row. Webhook
 * delivery receipts stay (they hold no merchant data) so a repeated delivery stays a no-op.
 * One transaction: a failure leaves the shop's data whole, never half-deleted.
 */
export async function purgeShopData(shop: string): Promise<void> {
  await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.skuMetrics.deleteMany({ where: { shop } }),
    db.purchaseOrder.deleteMany({ where: { shop } }),
    db.supplierAssignment.deleteMany({ where: { shop } }),
    db.skuRiskProfile.deleteMany({ where: { shop } }),
    db.supplier.deleteMany({ where: { shop } }),
    db.dailySales.deleteMany({ where: { shop } }),
    db.salesOrder.deleteMany({ where: { shop } }),
    db.salesDirtyKey.deleteMany({ where: { shop } }),
    db.salesCustomerOrder.deleteMany({ where: { shop } }),
    db.assignmentUndo.deleteMany({ where: { shop } }),
    db.inventorySnapshot.deleteMany({ where: { shop } }),
    db.inventoryLevel.deleteMany({ where: { shop } }),
    db.variant.deleteMany({ where: { shop } }),
    db.syncRun.deleteMany({ where: { shop } }),
    db.syncLease.deleteMany({ where: { shop } }),
    db.syncState.deleteMany({ where: { shop } }),
    db.shopSettings.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { domain: shop } }),
  ]);
}

/** Models purgeShopData deliberately keeps (checked by a test against the Prisma schema). */
export const RETAINED_ON_PURGE = ["WebhookDelivery"] as const;
