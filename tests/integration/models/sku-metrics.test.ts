import { beforeEach, describe, expect, it } from "vitest";
import { failInsertsWhere, resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { seedSkuCatalog } from "../../factories/sku-catalog";
import db from "~/db.server";
import { loadContext, loadPlanningInputs, materialiseShopMetrics, rematerialiseSkus } from "~/models/sku-metrics.server";
import { planShop, rankingInputOf, skuMetricsOf } from "~/planning";

// The whole-shop re-plan streams every SKU's history over a plain SQL connection and replaces the
// shop's rows in bounded INSERTs inside one transaction. A catalog of 250 variants spans several
// INSERTs and several history pages of the per-SKU reader, so both paths are really exercised.
const VARIANTS = 250;
const planTime = new Date("2026-11-20T12:00:00Z");
let shop: string;
let deletedVariantId: string;

beforeEach(async () => {
  await resetDatabase();
  shop = await installShop({ domain: "replan.myshopify.com" });
  const context = await loadContext(shop, planTime);
  if (!context) throw new Error("the installed shop has no planning context");
  const catalog = await seedSkuCatalog(shop, { variantCount: VARIANTS, lastDay: context.asOf, salesDayDensity: 0.6 });
  // A variant gone from Shopify keeps its sales rows but is never planned.
  deletedVariantId = catalog.variantIds[3];
  await db.variant.update({ where: { shop_id: { shop, id: deletedVariantId } }, data: { deletedAt: planTime } });
});

/** The rows the one-shot plan of the whole shop (planShop over the per-SKU reader's inputs) gives. */
async function oneShotRows(now: Date) {
  const context = await loadContext(shop, now);
  if (!context) throw new Error("no planning context");
  const inputs = await loadPlanningInputs(shop, context);
  const plan = planShop(inputs, context.settings, context.asOf, { currencyCode: context.currencyCode });
  const riskById = new Map(inputs.map((input) => [input.variantId, input.riskProfile] as const));
  return plan.skus.map((sku) => {
    const ranking = rankingInputOf(sku, riskById.get(sku.variantId));
    return { shop, ...skuMetricsOf(sku), detailJson: JSON.stringify({ plan: sku, ranking }), computedAt: now };
  });
}

describe("materialiseShopMetrics on a shop larger than one write", () => {
  it("stores exactly the rows of the one-shot whole-shop plan, every column, for every live variant", async () => {
    const { skuCount } = await materialiseShopMetrics(shop, planTime);

    const stored = await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" } });
    const expected = await oneShotRows(planTime);
    expect(skuCount).toBe(VARIANTS - 1);
    expect(stored).toHaveLength(VARIANTS - 1);
    expect(stored.map((row) => row.variantId)).not.toContain(deletedVariantId);
    // Dates, booleans, nullable and float columns come back as Prisma wrote them before.
    expect(stored).toEqual(expected);
    expect(stored.some((row) => row.hasBackup)).toBe(true);
    expect(stored.some((row) => row.marginCents === null)).toBe(true);
  });

  it("leaves the previous rows untouched when a write in the middle of the shop fails", async () => {
    await materialiseShopMetrics(shop, planTime);
    const before = await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" } });
    // Rank 150 is written by the second INSERT: the first one's rows must roll back with it.
    const removeTrigger = await failInsertsWhere("SkuMetrics", "variantId", before[149].variantId);
    const later = new Date(planTime.getTime() + 3_600_000);
    try {
      await expect(materialiseShopMetrics(shop, later)).rejects.toThrow();
      expect(await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" } })).toEqual(before);
    } finally {
      await removeTrigger();
    }

    // The shop's plan queue is not stuck behind the failure: the next re-plan replaces every row.
    await materialiseShopMetrics(shop, later);
    const after = await db.skuMetrics.findMany({ where: { shop } });
    expect(after).toHaveLength(before.length);
    expect(after.every((row) => row.computedAt.getTime() === later.getTime())).toBe(true);
  });

  it("removes every row of a shop that has no live variant left", async () => {
    await materialiseShopMetrics(shop, planTime);
    await db.variant.updateMany({ where: { shop }, data: { deletedAt: planTime } });

    expect(await materialiseShopMetrics(shop, planTime)).toEqual({ skuCount: 0 });
    expect(await db.skuMetrics.count({ where: { shop } })).toBe(0);
  });
});

describe("rematerialiseSkus when an edit moves most of the shop", () => {
  // An edit on the next day (before the sync's re-plan) replans its SKU over a window one day
  // later: its revenue changes, so every SKU's revenue share moves and every row is rewritten.
  const nextDay = new Date(planTime.getTime() + 86_400_000);

  it("rewrites every moved row in place and keeps one row per SKU, ranks 1…n", async () => {
    await materialiseShopMetrics(shop, planTime);
    const before = await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" } });

    await rematerialiseSkus(shop, [before[0].variantId], nextDay);

    const after = await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" } });
    const rewritten = after.filter((row) => row.computedAt.getTime() === nextDay.getTime());
    // More rows than one INSERT holds, so several bounded writes ran.
    expect(rewritten.length).toBeGreaterThan(100);
    expect(rewritten.map((row) => row.variantId)).toContain(before[0].variantId);
    expect(after.map((row) => row.variantId).sort()).toEqual(before.map((row) => row.variantId).sort());
    expect(after.map((row) => row.rank)).toEqual(after.map((_, i) => i + 1));
    // A rewritten row's columns agree with its stored detail (the ranking the replan gave it).
    for (const row of rewritten) {
      const detail = JSON.parse(row.detailJson) as { plan: { reliance: { rank: number; revenueShare: number } } };
      expect(detail.plan.reliance.rank).toBe(row.rank);
      expect(detail.plan.reliance.revenueShare * 100).toBe(row.revenueSharePct);
    }
  });

  it("leaves every row as it was when one of the later writes fails", async () => {
    await materialiseShopMetrics(shop, planTime);
    // A SKU without a row yet is written last (after every stored row): make its write fail.
    const [top, , unplanned] = await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" }, take: 3 });
    await db.skuMetrics.delete({ where: { shop_variantId: { shop, variantId: unplanned.variantId } } });
    const before = await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" } });
    const removeTrigger = await failInsertsWhere("SkuMetrics", "variantId", unplanned.variantId);
    try {
      await expect(rematerialiseSkus(shop, [top.variantId, unplanned.variantId], nextDay)).rejects.toThrow();
      expect(await db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" } })).toEqual(before);
    } finally {
      await removeTrigger();
    }

    await rematerialiseSkus(shop, [top.variantId, unplanned.variantId], nextDay);
    expect(await db.skuMetrics.count({ where: { shop } })).toBe(before.length + 1);
  });
});
