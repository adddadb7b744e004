import { Prisma } from "@prisma/client";
import { z } from "zod";
import db from "~/db.server";
import {
  optimiseSkuSplit,
  planSku,
  type Reason,
  type ShopSkuPlan,
} from "~/planning";
import type { DisruptionComparison } from "~/planning/disruption";
import { addDays } from "~/sync/shop-calendar";
import { loadContext, loadPlanningInputs, rematerialiseSkus } from "./sku-metrics.server";
import { SKU_PAGE_SIZE, type SkuListQuery, type SkuSortKey } from "./sku-list-query";
import { saveRiskProfile } from "./risk-profile.server";
import { SWITCHING_FRICTIONS, WHAT_IF_MAX_DAYS, type SkuRiskAnswers } from "./sku-views";

/**
 * Read models of the merchant pages (overview, SKU list, SKU detail). They read the materialised
 * SkuMetrics rows with indexed, shop-filtered queries and select only what a page shows; the
 * planning JSON (detailJson) is parsed only for the handful of rows a page details, never for a
 * whole shop. The two on-demand computations (optimiser, disruption what-if) plan one SKU.
 */

// ---------------------------------------------------------------------------------------------
// Overview

export interface ParetoPoint {
  rank: number;
  cumulativeSharePct: number;
}

export interface PrioritySku {
  variantId: string;
  title: string;
  sku: string | null;
  rank: number;
  priorityScore: number;
  riskLevel: string;
  revenueAtRiskCents: number;
  reasons: Reason[];
}

export interface ShopOverview {
  currencyCode: string;
  skuCount: number;
  computedAt: string | null;
  /** 30 days of sales of the SKUs at high or critical stockout risk, cents. */
  revenueAtRiskCents: number;
  atRiskSkuCount: number;
  /** High-priority SKUs without a qualified backup. */
  needsBackupCount: number;
  /** Available units × unit cost over variants with a known cost, cents. */
  cashInStockCents: number;
  variantsWithoutCost: number;
  priorities: PrioritySku[];
  pareto: ParetoPoint[];
}

const AT_RISK_LEVELS = ["critical", "high"];
/** Points of the Pareto curve sent to the page: enough for a smooth line, few enough to stay cheap. */
const PARETO_POINTS = 60;

function titleOf(variant: { productTitle: string; variantTitle: string } | undefined, fallback: string): string {
  if (!variant) return fallback;
  return variant.variantTitle && variant.variantTitle !== "Default Title" ? `${variant.productTitle} – ${variant.variantTitle}` : variant.productTitle;
}

/** Ranks 1…n sampled at about PARETO_POINTS evenly spaced places (first and last always). */
export function paretoSampleRanks(skuCount: number, points = PARETO_POINTS): number[] {
  if (skuCount <= 0) return [];
  if (skuCount <= points) return Array.from({ length: skuCount }, (_, i) => i + 1);
  const ranks = new Set<number>();
  for (let i = 0; i < points; i += 1) ranks.add(1 + Math.round((i * (skuCount - 1)) / (points - 1)));
  return [...ranks].sort((a, b) => a - b);
}

export async function getShopOverview(shop: string, options: { priorityCount?: number } = {}): Promise<ShopOverview> {
  const [shopRow, skuCount, atRisk, cash, needsBackup, latest] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
    db.skuMetrics.count({ where: { shop } }),
    db.skuMetrics.aggregate({ where: { shop, riskLevel: { in: AT_RISK_LEVELS } }, _sum: { revenueAtRiskCents: true }, _count: { _all: true } }),
    db.$queryRaw<Array<{ cents: number | bigint | null; missing: number | bigint | null }>>(Prisma.sql`
      SELECT SUM(CASE WHEN "unitCostCents" IS NOT NULL AND "available" > 0 THEN "available" * "unitCostCents" ELSE 0 END) AS cents,
             SUM(CASE WHEN "unitCostCents" IS NULL THEN 1 ELSE 0 END) AS missing
      FROM "Variant" WHERE "shop" = ${shop} AND "deletedAt" IS NULL`),
    // One pass gives both the count and the top of the list (the rows are small without the plan JSON).
    db.skuMetrics.findMany({
      where: { shop, priorityTier: "high", hasBackup: false },
      orderBy: [{ priorityScore: "desc" }, { rank: "asc" }],
      select: { variantId: true, rank: true, priorityScore: true, riskLevel: true, revenueAtRiskCents: true },
    }),
    db.skuMetrics.findFirst({ where: { shop }, orderBy: { rank: "asc" }, select: { computedAt: true } }),
  ]);
  const priorityRows = needsBackup.slice(0, options.priorityCount ?? 5);
  const sampleRanks = paretoSampleRanks(skuCount);
  const [paretoRows, variants, details] = await Promise.all([
    sampleRanks.length > 0
      ? db.skuMetrics.findMany({ where: { shop, rank: { in: sampleRanks } }, orderBy: { rank: "asc" }, select: { rank: true, cumulativeSharePct: true } })
      : Promise.resolve([]),
    db.variant.findMany({
      where: { shop, id: { in: priorityRows.map((row) => row.variantId) } },
      select: { id: true, productTitle: true, variantTitle: true, sku: true },
    }),
    db.skuMetrics.findMany({ where: { shop, variantId: { in: priorityRows.map((row) => row.variantId) } }, select: { variantId: true, detailJson: true } }),
  ]);
  const variantById = new Map(variants.map((v) => [v.id, v] as const));
  const detailById = new Map(details.map((d) => [d.variantId, d.detailJson] as const));
  return {
    currencyCode: shopRow?.currencyCode ?? "USD",
    skuCount,
    computedAt: latest?.computedAt.toISOString() ?? null,
    revenueAtRiskCents: atRisk._sum.revenueAtRiskCents ?? 0,
    atRiskSkuCount: atRisk._count._all,
    needsBackupCount: needsBackup.length,
    cashInStockCents: Number(cash[0]?.cents ?? 0),
    variantsWithoutCost: Number(cash[0]?.missing ?? 0),
    priorities: priorityRows.map((row) => {
      const plan = parseDetail(detailById.get(row.variantId) ?? "")?.plan;
      return {
        variantId: row.variantId,
        title: titleOf(variantById.get(row.variantId), row.variantId),
        sku: variantById.get(row.variantId)?.sku ?? null,
        rank: row.rank,
        priorityScore: row.priorityScore,
        riskLevel: row.riskLevel,
        revenueAtRiskCents: row.revenueAtRiskCents,
        reasons: (plan?.priority?.reasons ?? []).slice(0, 3),
      };
    }),
    pareto: paretoRows,
  };
}

// ---------------------------------------------------------------------------------------------
// SKU list

export interface SkuListRow {
  variantId: string;
  productId: string;
  title: string;
  sku: string | null;
  vendor: string;
  rank: number;
  unitsPerDay: number;
  revenueAtRiskCents: number;
  daysOfCover: number | null;
  leadTimeDays: number | null;
  riskLevel: string;
  abcClass: string;
  hasBackup: boolean;
  currentPrimaryPct: number | null;
  recommendedPrimaryPct: number | null;
  /** Opaque cursor of this row in the current sort. */
  cursor: string;
}

export interface SkuListPage {
  rows: SkuListRow[];
  totalCount: number;
  /** Cursor for the next page (null on the last page), and for the previous one (null on the first). */
  nextCursor: string | null;
  previousCursor: string | null;
}

export interface SkuFilterOptions {
  suppliers: { id: string; name: string }[];
  vendors: string[];
  productTypes: string[];
}

/**
 * SQL of each sort. Nullable figures get a sentinel so keyset pagination sees a total order:
 * no cover (no demand) sorts as endless cover. Only these fixed strings reach Prisma.raw.
 */
const SORT_SQL: Record<SkuSortKey, string> = {
  rank: `m."rank"`,
  velocity: `m."unitsPerDay"`,
  revenueAtRisk: `m."revenueAtRiskCents"`,
  cover: `COALESCE(m."daysOfCover", 1000000000)`,
  risk: `m."stockoutProbability"`,
  priority: `m."priorityScore"`,
};

const cursorSchema = z.tuple([z.number(), z.string()]);

export function encodeCursor(sortValue: number, variantId: string): string {
  return Buffer.from(JSON.stringify([sortValue, variantId])).toString("base64url");
}

/** Null for a malformed cursor: the list then starts from the top instead of failing. */
export function decodeCursor(cursor: string): { sortValue: number; variantId: string } | null {
  try {
    const [sortValue, variantId] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { sortValue, variantId };
  } catch {
    return null;
  }
}

function filterSql(shop: string, query: SkuListQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`m."shop" = ${shop}`];
  if (query.abcClasses.length > 0) conditions.push(Prisma.sql`m."abcClass" IN (${Prisma.join(query.abcClasses)})`);
  if (query.riskLevels.length > 0) conditions.push(Prisma.sql`m."riskLevel" IN (${Prisma.join(query.riskLevels)})`);
  if (query.hasBackup !== null) conditions.push(query.hasBackup ? Prisma.sql`m."hasBackup" = TRUE` : Prisma.sql`m."hasBackup" = FALSE`);
  // Variant filters select ids in the (narrow) Variant table first, so the wide SkuMetrics rows
  // are read only for the SKUs that match.
  const variantConditions: Prisma.Sql[] = [];
  if (query.vendor) variantConditions.push(Prisma.sql`v."vendor" = ${query.vendor}`);
  if (query.productType) variantConditions.push(Prisma.sql`v."productType" = ${query.productType}`);
  if (query.search) {
    // LOWER(…) LIKE LOWER(…): case-insensitive on SQLite and PostgreSQL alike; % and _ typed by
    // the merchant are escaped so they match literally.
    const pattern = `%${query.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    variantConditions.push(Prisma.sql`(LOWER(v."productTitle") LIKE ${pattern} ESCAPE '\\' OR LOWER(v."variantTitle") LIKE ${pattern} ESCAPE '\\'
      OR LOWER(COALESCE(v."sku", '')) LIKE ${pattern} ESCAPE '\\')`);
  }
  if (variantConditions.length > 0) {
    conditions.push(Prisma.sql`m."variantId" IN (SELECT v."id" FROM "Variant" v WHERE v."shop" = ${shop} AND ${Prisma.join(variantConditions, " AND ")})`);
  }
  if (query.supplierId) {
    conditions.push(Prisma.sql`m."variantId" IN (SELECT a."variantId" FROM "SupplierAssignment" a
      WHERE a."shop" = ${shop} AND a."supplierId" = ${query.supplierId})`);
  }
  return Prisma.join(conditions, " AND ");
}

interface RawMetricsRow {
  variantId: string;
  rank: number | bigint;
  unitsPerDay: number;
  revenueAtRiskCents: number | bigint;
  daysOfCover: number | null;
  leadTimeDays: number | null;
  riskLevel: string;
  abcClass: string;
  hasBackup: number | bigint | boolean;
  currentPrimaryPct: number | bigint | null;
  recommendedPrimaryPct: number | bigint | null;
  sortValue: number | bigint;
}

const nullableNumber = (value: number | bigint | null) => (value === null ? null : Number(value));

export async function listSkuPage(shop: string, query: SkuListQuery, pageSize = SKU_PAGE_SIZE): Promise<SkuListPage> {
  const sortExpr = Prisma.raw(SORT_SQL[query.sort]);
  const where = filterSql(shop, query);
  // SkuMetrics rows are wide (the plan JSON): filter, sort and count read SkuMetrics columns and
  // id lists from narrow tables; Variant details are read for the page's rows alone.
  const from = Prisma.sql`"SkuMetrics" m`;
  const cursor = query.before ? decodeCursor(query.before) : query.after ? decodeCursor(query.after) : null;
  const goingBack = Boolean(query.before && cursor);
  // Walking backwards reads the page before the cursor in reverse, then flips it.
  const ascending = (query.direction === "asc") !== goingBack;
  const op = Prisma.raw(ascending ? ">" : "<");
  const order = Prisma.raw(ascending ? "ASC" : "DESC");
  // A row-value comparison (SQLite ≥ 3.15, PostgreSQL) lets the (shop, rank) index serve the
  // default sort at any depth.
  const keyset = cursor ? Prisma.sql` AND (${sortExpr}, m."variantId") ${op} (${cursor.sortValue}, ${cursor.variantId})` : Prisma.empty;

  const [metrics, count] = await Promise.all([
    db.$queryRaw<RawMetricsRow[]>(Prisma.sql`
      SELECT m."variantId", m."rank", m."unitsPerDay", m."revenueAtRiskCents", m."daysOfCover", m."leadTimeDays", m."riskLevel",
             m."abcClass", m."hasBackup", m."currentPrimaryPct", m."recommendedPrimaryPct", ${sortExpr} AS "sortValue"
      FROM ${from}
      WHERE ${where}${keyset}
      ORDER BY ${sortExpr} ${order}, m."variantId" ${order}
      LIMIT ${pageSize + 1}`),
    db.$queryRaw<Array<{ total: number | bigint }>>(Prisma.sql`SELECT COUNT(*) AS total FROM ${from} WHERE ${where}`),
  ]);
  const variants = await db.variant.findMany({
    where: { shop, id: { in: metrics.slice(0, pageSize).map((r) => r.variantId) } },
    select: { id: true, productId: true, productTitle: true, variantTitle: true, sku: true, vendor: true },
  });
  const variantById = new Map(variants.map((v) => [v.id, v] as const));
  const raw = metrics.map((r) => ({ ...r, variant: variantById.get(r.variantId) }));
  const hasMoreInReadDirection = raw.length > pageSize;
  const pageRaw = raw.slice(0, pageSize);
  if (goingBack) pageRaw.reverse();
  const rows: SkuListRow[] = pageRaw.map((r) => ({
    variantId: r.variantId,
    productId: r.variant?.productId ?? "",
    title: titleOf(r.variant, r.variantId),
    sku: r.variant?.sku ?? null,
    vendor: r.variant?.vendor ?? "",
    rank: Number(r.rank),
    unitsPerDay: r.unitsPerDay,
    revenueAtRiskCents: Number(r.revenueAtRiskCents),
    daysOfCover: r.daysOfCover,
    leadTimeDays: r.leadTimeDays,
    riskLevel: r.riskLevel,
    abcClass: r.abcClass,
    hasBackup: Boolean(Number(r.hasBackup)),
    currentPrimaryPct: nullableNumber(r.currentPrimaryPct),
    recommendedPrimaryPct: nullableNumber(r.recommendedPrimaryPct),
    cursor: encodeCursor(Number(r.sortValue), r.variantId),
  }));
  const first = rows[0];
  const last = rows[rows.length - 1];
  const isFirstPage = goingBack ? !hasMoreInReadDirection : !cursor;
  const isLastPage = goingBack ? false : !hasMoreInReadDirection;
  return {
    rows,
    totalCount: Number(count[0]?.total ?? 0),
    nextCursor: last && !isLastPage ? last.cursor : null,
    previousCursor: first && !isFirstPage ? first.cursor : null,
  };
}

export async function getSkuFilterOptions(shop: string): Promise<SkuFilterOptions> {
  const [suppliers, vendors, productTypes] = await Promise.all([
    db.supplier.findMany({ where: { shop, archivedAt: null }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.variant.groupBy({ by: ["vendor"], where: { shop, deletedAt: null, vendor: { not: "" } }, orderBy: { vendor: "asc" } }),
    db.variant.groupBy({ by: ["productType"], where: { shop, deletedAt: null, productType: { not: "" } }, orderBy: { productType: "asc" } }),
  ]);
  return { suppliers, vendors: vendors.map((v) => v.vendor), productTypes: productTypes.map((t) => t.productType) };
}

// ---------------------------------------------------------------------------------------------
// SKU detail

interface StoredDetail {
  plan: ShopSkuPlan;
}

export function parseDetail(detailJson: string): Partial<StoredDetail> | null {
  try {
    const value: unknown = JSON.parse(detailJson);
    return value && typeof value === "object" ? (value as Partial<StoredDetail>) : null;
  } catch {
    return null;
  }
}

export interface SalesDay {
  day: string;
  units: number;
  /** Stock was 0 or less at the start of the day (demand unobserved). */
  isStockout: boolean;
}

export interface SkuSupplierView {
  supplierId: string;
  name: string;
  role: string;
  stage: string;
  allocationPct: number;
  leadTimeDays: number;
  moqUnits: number;
  landedCostCents: number | null;
  capacityUnitsPerMonth: number | null;
}

export interface SkuDetail {
  variantId: string;
  productId: string;
  title: string;
  sku: string | null;
  vendor: string;
  productType: string;
  availableUnits: number;
  currencyCode: string;
  /** Null until the SKU has been planned (first sync not finished). */
  plan: ShopSkuPlan | null;
  sales: SalesDay[];
  /** Forecast units/day for the days after the plan's as-of day. */
  forecastUnitsPerDay: number | null;
  suppliers: SkuSupplierView[];
  riskAnswers: SkuRiskAnswers;
}

const DEFAULT_RISK_ANSWERS: SkuRiskAnswers = {
  singleRegion: false,
  capacityConstrained: false,
  complexMaterials: false,
  heavyManualSteps: false,
  switchingFriction: "medium",
};

const frictionOf = (value: string): SkuRiskAnswers["switchingFriction"] =>
  (SWITCHING_FRICTIONS as readonly string[]).includes(value) ? (value as SkuRiskAnswers["switchingFriction"]) : "medium";

/** Days of sales history the SKU page charts. */
export const CHART_HISTORY_DAYS = 90;

/** The SKU page; null when the variant is not one of this shop's (the route answers 404). */
export async function getSkuDetail(shop: string, variantId: string): Promise<SkuDetail | null> {
  const [variant, metrics, shopRow, assignments, risk] = await Promise.all([
    db.variant.findUnique({
      where: { shop_id: { shop, id: variantId } },
      select: { id: true, productId: true, productTitle: true, variantTitle: true, sku: true, vendor: true, productType: true, available: true },
    }),
    db.skuMetrics.findUnique({ where: { shop_variantId: { shop, variantId } }, select: { detailJson: true } }),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
    db.supplierAssignment.findMany({
      where: { shop, variantId },
      orderBy: [{ role: "desc" }, { allocationPct: "desc" }],
      select: {
        supplierId: true, role: true, stage: true, allocationPct: true, leadTimeDays: true, moqUnits: true,
        landedCostCents: true, capacityUnitsPerMonth: true, supplier: { select: { name: true } },
      },
    }),
    db.skuRiskProfile.findUnique({ where: { shop_variantId: { shop, variantId } } }),
  ]);
  if (!variant) return null;
  const plan = metrics ? (parseDetail(metrics.detailJson)?.plan ?? null) : null;
  const lastDay = plan?.asOf ?? new Date().toISOString().slice(0, 10);
  const firstDay = addDays(lastDay, -(CHART_HISTORY_DAYS - 1));
  const [sales, snapshots] = await Promise.all([
    db.dailySales.findMany({ where: { shop, variantId, day: { gte: firstDay, lte: lastDay } }, select: { day: true, units: true } }),
    // A snapshot taken on day d is the stock day d + 1 starts with (the planning engine's rule).
    db.inventorySnapshot.findMany({
      where: { shop, variantId, day: { gte: addDays(firstDay, -1), lt: lastDay }, available: { lte: 0 } },
      select: { day: true },
    }),
  ]);
  const unitsByDay = new Map(sales.map((s) => [s.day, s.units] as const));
  const stockoutDays = new Set(snapshots.map((s) => addDays(s.day, 1)));
  const series: SalesDay[] = [];
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    series.push({ day, units: unitsByDay.get(day) ?? 0, isStockout: stockoutDays.has(day) });
  }
  return {
    variantId: variant.id,
    productId: variant.productId,
    title: titleOf(variant, variant.id),
    sku: variant.sku,
    vendor: variant.vendor,
    productType: variant.productType,
    availableUnits: variant.available,
    currencyCode: shopRow?.currencyCode ?? "USD",
    plan,
    sales: series,
    forecastUnitsPerDay: plan?.velocity?.forecastUnitsPerDay ?? null,
    suppliers: assignments.map((a) => ({
      supplierId: a.supplierId,
      name: a.supplier.name,
      role: a.role,
      stage: a.stage,
      allocationPct: a.allocationPct,
      leadTimeDays: a.leadTimeDays,
      moqUnits: a.moqUnits,
      landedCostCents: a.landedCostCents,
      capacityUnitsPerMonth: a.capacityUnitsPerMonth,
    })),
    riskAnswers: risk
      ? {
          singleRegion: risk.singleRegion,
          capacityConstrained: risk.capacityConstrained,
          complexMaterials: risk.complexMaterials,
          heavyManualSteps: risk.heavyManualSteps,
          switchingFriction: frictionOf(risk.switchingFriction),
        }
      : DEFAULT_RISK_ANSWERS,
  };
}

// ---------------------------------------------------------------------------------------------
// On-demand planning for one SKU (optimiser, what-if) and the risk answers

export class SkuNotFoundError extends Error {
  constructor(variantId: string) {
    super(`SKU ${variantId} is not in this shop`);
    this.name = "SkuNotFoundError";
  }
}

async function planOneSku(shop: string, variantId: string, overrides: { disruptionWhatIfDays?: number } = {}, now = new Date()) {
  const context = await loadContext(shop, now);
  if (!context) throw new SkuNotFoundError(variantId);
  const [input] = await loadPlanningInputs(shop, context, [variantId]);
  if (!input) throw new SkuNotFoundError(variantId);
  const settings = { ...context.settings, ...overrides };
  // Without the shop's weekly seasonality (a whole-shop figure): a what-if compares splits on the
  // same flat forecast, which is what matters for the comparison.
  const plan = planSku(input, settings, context.asOf, { currencyCode: context.currencyCode });
  return { input, plan, settings, currencyCode: context.currencyCode };
}

export interface OptimiserView {
  ruleBackupPct: number;
  bestBackupPct: number;
  ruleCostCentsPerYear: number;
  bestCostCentsPerYear: number;
  savingVsRuleCentsPerYear: number;
  explanation: string;
  candidates: { backupPct: number; totalCentsPerYear: number; stockoutDaysPerYear: number }[];
}

/** Runs the simulation optimiser for one SKU; null when it has no primary + qualified backup. */
export async function runSkuOptimiser(shop: string, variantId: string, now = new Date()): Promise<OptimiserView | null> {
  const { input, plan, settings, currencyCode } = await planOneSku(shop, variantId, {}, now);
  const result = optimiseSkuSplit(input, plan, settings, { currencyCode });
  if (!result) return null;
  return {
    ruleBackupPct: Math.round(result.ruleBackupShare * 100),
    bestBackupPct: Math.round(result.result.bestBackupShare * 100),
    ruleCostCentsPerYear: Math.round(result.ruleCost.totalCents.mean),
    bestCostCentsPerYear: Math.round(result.result.best.totalCents.mean),
    savingVsRuleCentsPerYear: Math.round(result.savingVsRuleCents),
    explanation: result.explanation,
    candidates: result.result.candidates.map((c) => ({
      backupPct: Math.round(c.backupShare * 100),
      totalCentsPerYear: Math.round(c.totalCents.mean),
      stockoutDaysPerYear: c.stockoutDays,
    })),
  };
}

/** "The primary is unavailable for N days": current vs recommended split; null without a primary. */
export async function runDisruptionWhatIf(shop: string, variantId: string, outageDays: number, now = new Date()): Promise<DisruptionComparison | null> {
  if (!Number.isInteger(outageDays) || outageDays < 1 || outageDays > WHAT_IF_MAX_DAYS) {
    throw new RangeError(`outage days must be a whole number from 1 to ${WHAT_IF_MAX_DAYS}, got ${outageDays}`);
  }
  const { plan } = await planOneSku(shop, variantId, { disruptionWhatIfDays: outageDays }, now);
  return plan.disruption;
}

/** Saves the merchant's production-risk answers and replans that SKU (its priority may move). */
export async function saveSkuRiskAnswers(shop: string, variantId: string, answers: SkuRiskAnswers, now = new Date()): Promise<void> {
  if (!(await saveRiskProfile(shop, variantId, answers))) throw new SkuNotFoundError(variantId);
  await rematerialiseSkus(shop, [variantId], now);
}
