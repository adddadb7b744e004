import db from "~/db.server";

/** Creates `count` variants (ids "1".."count", SKUs "SKU-001"…) in a shop. */
export async function seedVariants(shop: string, count: number, options: { productTitle?: string } = {}): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => String(i + 1));
  await db.variant.createMany({
    data: ids.map((id) => ({
      shop,
      id,
      productId: `p${id}`,
      productTitle: `${options.productTitle ?? "Mug"} ${id.padStart(3, "0")}`,
      variantTitle: "Default Title",
      sku: `SKU-${id.padStart(3, "0")}`,
      priceCents: 2_000,
      unitCostCents: 800,
      available: 50,
    })),
  });
  return ids;
}

export async function seedSupplier(shop: string, name: string, extra: { defaultLeadTimeDays?: number } = {}) {
  return db.supplier.create({ data: { shop, name, defaultLeadTimeDays: extra.defaultLeadTimeDays ?? 30 } });
}

/** Makes `supplierId` the 100% primary of every given variant. */
export async function seedPrimary(shop: string, supplierId: string, variantIds: readonly string[], leadTimeDays = 30) {
  await db.supplierAssignment.createMany({
    data: variantIds.map((variantId) => ({ shop, variantId, supplierId, role: "primary", stage: "active", allocationPct: 100, leadTimeDays })),
  });
}

/** A snapshot of a shop's assignments comparable across calls (ids and timestamps left out). */
export async function assignmentSnapshot(shop: string) {
  const rows = await db.supplierAssignment.findMany({ where: { shop }, orderBy: [{ variantId: "asc" }, { supplierId: "asc" }] });
  return rows.map(({ variantId, supplierId, role, stage, allocationPct, leadTimeDays, moqUnits, landedCostCents, capacityUnitsPerMonth }) => ({
    variantId,
    supplierId,
    role,
    stage,
    allocationPct,
    leadTimeDays,
    moqUnits,
    landedCostCents,
    capacityUnitsPerMonth,
  }));
}
