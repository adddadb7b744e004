import db from "~/db.server";
import { ASSUMED_LEAD_TIME_DAYS } from "~/planning";
import { RISK_LEVELS, type RiskLevelName, type SupplySupplier, type SupplyBlockResponse, type SupplyVariant } from "./extension-api";
import { parseDetail } from "./sku-views.server";

/**
 * The supply block on Shopify's product page: per variant, its risk, cover vs lead time, who
 * supplies it and the recommended split. Reads the materialised plan (SkuMetrics) for the
 * product's few variants; nothing is planned here.
 */

const RISK_ORDER = new Map<string, number>(RISK_LEVELS.map((level, i) => [level, i]));

function asRiskLevel(value: string): RiskLevelName | null {
  return (RISK_LEVELS as readonly string[]).includes(value) ? (value as RiskLevelName) : null;
}

function variantTitle(variant: { productTitle: string; variantTitle: string }): string {
  return variant.variantTitle && variant.variantTitle !== "Default Title" ? variant.variantTitle : variant.productTitle;
}

/** The product's supply picture for `shop`; null when the shop has no live variant of it (404). */
export async function getProductSupply(shop: string, productId: string): Promise<SupplyBlockResponse | null> {
  const variants = await db.variant.findMany({
    where: { shop, productId, deletedAt: null },
    select: { id: true, productTitle: true, variantTitle: true, sku: true },
    orderBy: [{ variantTitle: "asc" }, { id: "asc" }],
  });
  if (variants.length === 0) return null;
  const ids = variants.map((v) => v.id);
  const [metrics, assignments, sales] = await Promise.all([
    db.skuMetrics.findMany({
      where: { shop, variantId: { in: ids } },
      select: { variantId: true, riskLevel: true, daysOfCover: true, leadTimeDays: true, detailJson: true, computedAt: true },
    }),
    // Archived suppliers no longer supply anything (planning leaves them out too).
    db.supplierAssignment.findMany({
      where: { shop, variantId: { in: ids }, supplier: { archivedAt: null } },
      select: { variantId: true, role: true, stage: true, allocationPct: true, leadTimeDays: true, supplier: { select: { name: true } } },
      orderBy: [{ allocationPct: "desc" }, { createdAt: "asc" }],
    }),
    db.dailySales.groupBy({ by: ["variantId"], where: { shop, variantId: { in: ids } }, _count: { _all: true } }),
  ]);
  const metricsById = new Map(metrics.map((m) => [m.variantId, m] as const));
  const withSales = new Set(sales.filter((s) => s._count._all > 0).map((s) => s.variantId));

  const rows: SupplyVariant[] = variants.map((variant) => {
    const metric = metricsById.get(variant.id);
    const plan = metric ? (parseDetail(metric.detailJson)?.plan ?? null) : null;
    const mine = assignments.filter((a) => a.variantId === variant.id);
    const slot = (a: (typeof mine)[number]): SupplySupplier => ({
      name: a.supplier.name,
      allocationPct: a.allocationPct,
      leadTimeDays: a.leadTimeDays,
      stage: a.stage,
    });
    const primary = mine.find((a) => a.role === "primary");
    const leadTimeAssumed = plan?.leadTimeAssumed ?? mine.length === 0;
    return {
      variantId: variant.id,
      title: variantTitle(variant),
      sku: variant.sku,
      hasSales: withSales.has(variant.id),
      riskLevel: metric ? asRiskLevel(metric.riskLevel) : null,
      daysOfCover: metric?.daysOfCover ?? null,
      // The plan stores null for an assumed lead time; the block shows the figure it assumed.
      leadTimeDays: metric ? (metric.leadTimeDays ?? (leadTimeAssumed ? ASSUMED_LEAD_TIME_DAYS : null)) : null,
      leadTimeAssumed,
      primary: primary ? slot(primary) : null,
      backups: mine.filter((a) => a.role === "backup").map(slot),
      recommendedSplit: plan?.split
        ? { action: plan.split.action, primaryPct: plan.split.primaryPct, backupPct: plan.split.backupPct, reason: plan.split.explanation }
        : null,
    };
  });
  // Riskiest first, so a product with many variants shows the ones that need attention.
  rows.sort((a, b) => (RISK_ORDER.get(a.riskLevel ?? "") ?? RISK_LEVELS.length) - (RISK_ORDER.get(b.riskLevel ?? "") ?? RISK_LEVELS.length));

  const computedAt = metrics.reduce<Date | null>((latest, m) => (latest === null || m.computedAt > latest ? m.computedAt : latest), null);
  return {
    productId,
    productTitle: variants[0].productTitle,
    computedAt: computedAt?.toISOString() ?? null,
    hasSales: rows.some((row) => row.hasSales),
    hasSuppliers: rows.some((row) => row.primary !== null || row.backups.length > 0),
    variants: rows,
  };
}
