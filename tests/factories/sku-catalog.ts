import db from "~/db.server";
import { addDays } from "~/sync/shop-calendar";

/**
 * A deterministic catalog for the merchant pages: variants with heavy-tailed daily sales (a few
 * best sellers, a long tail), some stockout days, two suppliers (every other variant has a
 * primary, every fourth also a qualified backup), vendors and product types to filter on.
 * Rows are written directly; `materialiseShopMetrics` then plans them for real.
 */
export interface SkuCatalogOptions {
  variantCount: number;
  /** Last day with sales ("YYYY-MM-DD"), normally the plan's as-of day. */
  lastDay: string;
  historyDays?: number;
  /** Share of days with a DailySales row (1 = every day); lower keeps big shops quick to build. */
  salesDayDensity?: number;
  seed?: number;
}

export const CATALOG_VENDORS = ["Acme", "Birch", "Cobalt"] as const;
export const CATALOG_TYPES = ["Mugs", "Bags", "Lamps"] as const;

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function catalogVariantId(index: number): string {
  return String(100_000 + index);
}

async function inChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function seedSkuCatalog(shop: string, options: SkuCatalogOptions) {
  const rand = random(options.seed ?? 7);
  const historyDays = options.historyDays ?? 120;
  const density = options.salesDayDensity ?? 1;
  const firstDay = addDays(options.lastDay, -(historyDays - 1));

  const [primary, backup] = await Promise.all([
    db.supplier.create({ data: { shop, name: "Shenzhen Works", region: "CN", defaultLeadTimeDays: 45 } }),
    db.supplier.create({ data: { shop, name: "Porto Fabrica", region: "PT", defaultLeadTimeDays: 20 } }),
  ]);

  const variants = [];
  const sales = [];
  const snapshots = [];
  const assignments = [];
  for (let i = 0; i < options.variantCount; i += 1) {
    const id = catalogVariantId(i);
    const priceCents = 1000 + Math.floor(rand() * 40) * 100;
    variants.push({
      shop,
      id,
      productId: String(50_000 + Math.floor(i / 2)),
      productTitle: `Product ${Math.floor(i / 2) + 1}`,
      variantTitle: i % 2 === 0 ? "Blue" : "Green",
      sku: `SKU-${String(i + 1).padStart(5, "0")}`,
      vendor: CATALOG_VENDORS[i % CATALOG_VENDORS.length],
      productType: CATALOG_TYPES[Math.floor(i / 3) % CATALOG_TYPES.length],
      priceCents,
      unitCostCents: i % 10 === 9 ? null : Math.round(priceCents * 0.4),
      available: Math.floor(rand() * 120),
    });
    const unitsPerDay = 12 / (1 + i) ** 0.7;
    for (let d = 0; d < historyDays; d += 1) {
      if (density < 1 && rand() > density) continue;
      const units = Math.round(unitsPerDay * (0.4 + 1.2 * rand()) / density);
      if (units <= 0) continue;
      sales.push({ shop, variantId: id, day: addDays(firstDay, d), units, revenueCents: units * priceCents, orders: Math.max(1, Math.round(units / 2)) });
    }
    // Every seventh variant was out of stock for the three days ending 20 days ago.
    if (i % 7 === 3) {
      for (let d = 0; d < 3; d += 1) {
        snapshots.push({ shop, variantId: id, day: addDays(options.lastDay, -22 + d), available: 0, onHand: 0, incoming: 0, committed: 0 });
      }
    }
    if (i % 2 === 0) {
      assignments.push({ shop, variantId: id, supplierId: primary.id, role: "primary", stage: "active", allocationPct: 100, leadTimeDays: 45, moqUnits: 50, landedCostCents: Math.round(priceCents * 0.4) });
    }
    if (i % 4 === 0) {
      assignments.push({ shop, variantId: id, supplierId: backup.id, role: "backup", stage: "qualified", allocationPct: 0, leadTimeDays: 20, moqUnits: 20, landedCostCents: Math.round(priceCents * 0.45), capacityUnitsPerMonth: 500 });
    }
  }
  await inChunks(variants, 2_000, (data) => db.variant.createMany({ data }));
  await inChunks(sales, 5_000, (data) => db.dailySales.createMany({ data }));
  await inChunks(snapshots, 5_000, (data) => db.inventorySnapshot.createMany({ data }));
  await inChunks(assignments, 2_000, (data) => db.supplierAssignment.createMany({ data }));
  return { primarySupplierId: primary.id, backupSupplierId: backup.id, variantIds: variants.map((v) => v.id) };
}
