import db from "~/db.server";

/**
 * Shopify products (as the admin names them) → the live variants Backstop synced for one shop.
 * Products of other shops, and products not synced yet, simply have no variants here: the shop
 * always comes from the caller's session, never from the request.
 */
export async function listProductVariantIds(
  shop: string,
  productIds: readonly string[],
): Promise<{ variantIds: string[]; syncedProductIds: Set<string> }> {
  const rows = await db.variant.findMany({
    where: { shop, deletedAt: null, productId: { in: [...new Set(productIds)] } },
    select: { id: true, productId: true },
    orderBy: [{ productId: "asc" }, { id: "asc" }],
  });
  return { variantIds: rows.map((row) => row.id), syncedProductIds: new Set(rows.map((row) => row.productId)) };
}
