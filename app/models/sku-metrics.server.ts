import db from "~/db.server";
import {
  planShop,
  planSku,
  rankShop,
  rankingInputOf,
  skuMetricsOf,
  type PlanningSettings,
  type PurchaseOrderRecord,
  type RiskProfile,
  type ShopSkuPlan,
  type SkuPlan,
  type SkuPlanningInput,
  type SkuRankingInput,
  type SupplierStage,
  type SupplierTerms,
  type SwitchingFriction,
} from "~/planning";
import { addDays, createShopCalendar } from "~/sync/shop-calendar";
import { toPurchaseOrderRecord } from "./purchase-order.server";

/**
 * Materialised planning results (SkuMetrics): pages read these rows, never the raw history.
 *
 * - After a sync, `materialiseShopMetrics` plans the whole shop (sales changed everywhere).
 * - After an edit that touches a few SKUs (suppliers, POs, risk answers), `rematerialiseSkus`
 *   replans only those SKUs, then re-ranks the shop from each row's stored ranking figures
 *   (cheap: no history is read for the other SKUs).
 */

/** Days of daily history read per SKU: the velocity window, but never less than 16 weeks so
 * store-level weekly seasonality has enough full weeks. */
const MIN_HISTORY_DAYS = 112;

interface StoredDetail {
  plan: SkuPlan | ShopSkuPlan;
  ranking: SkuRankingInput;
}

const STAGES: readonly SupplierStage[] = ["candidate", "pilot", "qualified", "active", "paused"];
const FRICTIONS: readonly SwitchingFriction[] = ["low", "medium", "high"];

function asStage(stage: string): SupplierStage {
  return (STAGES as readonly string[]).includes(stage) ? (stage as SupplierStage) : "candidate";
}

function asFriction(value: string): SwitchingFriction {
  return (FRICTIONS as readonly string[]).includes(value) ? (value as SwitchingFriction) : "medium";
}

export interface ShopPlanningContext {
  settings: Partial<PlanningSettings>;
  currencyCode: string;
  asOf: string;
  startDay: string;
  historyDays: number;
}

export async function loadContext(shop: string, now: Date): Promise<ShopPlanningContext | null> {
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, include: { settings: true } });
  if (!shopRow) return null;
  const settingsRow = shopRow.settings;
  const settings: Partial<PlanningSettings> = settingsRow
    ? {
        serviceLevelPct: settingsRow.serviceLevelPct,
        baselinePrimaryPct: settingsRow.baselinePrimaryPct,
        unhealthyPrimaryPct: settingsRow.unhealthyPrimaryPct,
        lateStreakPos: settingsRow.lateStreakPos,
        shiftStepPct: settingsRow.shiftStepPct,
        maxShiftPct: settingsRow.maxShiftPct,
        minBackupPct: settingsRow.minBackupPct,
        lateGraceDays: settingsRow.lateGraceDays,
        defectThresholdPct: settingsRow.defectThresholdPct,
        costImprovementPct: settingsRow.costImprovementPct,
        workingCapitalRatePct: settingsRow.workingCapitalRatePct,
        depositPct: settingsRow.depositPct,
        paymentTermsDays: settingsRow.paymentTermsDays,
        reviewPeriodDays: settingsRow.reviewPeriodDays,
        velocityWindowDays: settingsRow.velocityWindowDays,
      }
    : {};
  // Plans are "as of" the last complete shop-local day: today is still selling.
  const today = createShopCalendar(shopRow.ianaTimezone).dayOf(now.getTime());
  const asOf = addDays(today, -1);
  const historyDays = Math.max(settingsRow?.velocityWindowDays ?? 90, MIN_HISTORY_DAYS);
  return { settings, currencyCode: shopRow.currencyCode, asOf, startDay: addDays(asOf, -(historyDays - 1)), historyDays };
}

function dayIndex(startDay: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${startDay}T00:00:00Z`)) / 86_400_000);
}

/** Builds the planning input of each (non-deleted) variant of the shop, optionally only some. */
export async function loadPlanningInputs(shop: string, context: ShopPlanningContext, variantIds?: string[]): Promise<SkuPlanningInput[]> {
  const variantFilter = variantIds ? { in: variantIds } : undefined;
  const [variants, sales, snapshots, assignments, purchaseOrders, riskProfiles] = await Promise.all([
    db.variant.findMany({
      where: { shop, deletedAt: null, ...(variantFilter ? { id: variantFilter } : {}) },
      select: { id: true, productTitle: true, variantTitle: true, sku: true, priceCents: true, unitCostCents: true, available: true },
      orderBy: { id: "asc" },
    }),
    db.dailySales.findMany({
      where: { shop, day: { gte: context.startDay, lte: context.asOf }, ...(variantFilter ? { variantId: variantFilter } : {}) },
      select: { variantId: true, day: true, units: true, revenueCents: true, repeatUnits: true },
    }),
    db.inventorySnapshot.findMany({
      where: { shop, day: { gte: context.startDay, lte: context.asOf }, ...(variantFilter ? { variantId: variantFilter } : {}) },
      select: { variantId: true, day: true, available: true },
    }),
    db.supplierAssignment.findMany({
      where: { shop, supplier: { archivedAt: null }, ...(variantFilter ? { variantId: variantFilter } : {}) },
      include: { supplier: true },
    }),
    db.purchaseOrder.findMany({ where: { shop, ...(variantFilter ? { variantId: variantFilter } : {}) } }),
    db.skuRiskProfile.findMany({ where: { shop, ...(variantFilter ? { variantId: variantFilter } : {}) } }),
  ]);

  const length = context.historyDays;
  const histories = new Map<string, { units: Float64Array; revenueCents: Float64Array; repeatUnits: Float64Array; availableAtStart: Float64Array }>();
  const historyOf = (variantId: string) => {
    let history = histories.get(variantId);
    if (!history) {
      history = {
        units: new Float64Array(length),
        revenueCents: new Float64Array(length),
        repeatUnits: new Float64Array(length),
        availableAtStart: new Float64Array(length).fill(Number.NaN),
      };
      histories.set(variantId, history);
    }
    return history;
  };
  for (const row of sales) {
    const i = dayIndex(context.startDay, row.day);
    if (i < 0 || i >= length) continue;
    const history = historyOf(row.variantId);
    history.units[i] = row.units;
    history.revenueCents[i] = row.revenueCents;
    history.repeatUnits[i] = row.repeatUnits;
  }
  // A snapshot is taken when the day's sync runs; it stands for the stock the next day starts with.
  for (const row of snapshots) {
    const i = dayIndex(context.startDay, row.day) + 1;
    if (i < 0 || i >= length) continue;
    historyOf(row.variantId).availableAtStart[i] = row.available;
  }

  const suppliersByVariant = new Map<string, SupplierTerms[]>();
  for (const a of assignments) {
    const terms: SupplierTerms = {
      supplierId: a.supplierId,
      name: a.supplier.name,
      role: a.role === "primary" ? "primary" : "backup",
      stage: asStage(a.stage),
      allocationPct: a.allocationPct,
      leadTimeDays: a.leadTimeDays,
      leadTimeSdDays: a.leadTimeSdDays,
      moqUnits: a.moqUnits,
      landedCostCents: a.landedCostCents,
      capacityUnitsPerMonth: a.capacityUnitsPerMonth,
      region: a.supplier.region || undefined,
      depositPct: a.supplier.depositPct,
      paymentTermsDays: a.supplier.paymentTermsDays,
    };
    const list = suppliersByVariant.get(a.variantId);
    if (list) list.push(terms);
    else suppliersByVariant.set(a.variantId, [terms]);
  }
  const posByVariant = new Map<string, PurchaseOrderRecord[]>();
  for (const po of purchaseOrders) {
    const list = posByVariant.get(po.variantId);
    if (list) list.push(toPurchaseOrderRecord(po));
    else posByVariant.set(po.variantId, [toPurchaseOrderRecord(po)]);
  }
  const riskByVariant = new Map<string, RiskProfile>(
    riskProfiles.map((r) => [
      r.variantId,
      {
        singleRegion: r.singleRegion,
        capacityConstrained: r.capacityConstrained,
        complexMaterials: r.complexMaterials,
        heavyManualSteps: r.heavyManualSteps,
        switchingFriction: asFriction(r.switchingFriction),
      },
    ]),
  );

  return variants.map((variant) => {
    const history = historyOf(variant.id);
    return {
      variantId: variant.id,
      title: [variant.productTitle, variant.variantTitle].filter((part) => part && part !== "Default Title").join(" – "),
      priceCents: variant.priceCents,
      unitCostCents: variant.unitCostCents,
      availableUnits: variant.available,
      history: { startDay: context.startDay, ...history },
      suppliers: suppliersByVariant.get(variant.id) ?? [],
      purchaseOrders: posByVariant.get(variant.id) ?? [],
      riskProfile: riskByVariant.get(variant.id),
    };
  });
}

function metricsRow(shop: string, sku: ShopSkuPlan, ranking: SkuRankingInput, computedAt: Date) {
  const detail: StoredDetail = { plan: sku, ranking };
  return { shop, ...skuMetricsOf(sku), detailJson: JSON.stringify(detail), computedAt };
}

const planQueues = new Map<string, Promise<unknown>>();

/**
 * Runs one shop's materialisations one after another in this process. A whole-shop plan reads
 * every SKU's inputs, then writes seconds later; an edit's replan of a few SKUs that finished in
 * between would be overwritten with plans read before the edit. Queued behind it instead, the
 * edit's replan reads the committed edit and writes last.
 */
function inShopPlanQueue<T>(shop: string, work: () => Promise<T>): Promise<T> {
  const previous = planQueues.get(shop) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(work);
  const settled = run.catch(() => undefined).finally(() => {
    if (planQueues.get(shop) === settled) planQueues.delete(shop);
  });
  planQueues.set(shop, settled);
  return run;
}

/** Plans every SKU of the shop and replaces its SkuMetrics rows in one transaction. */
export function materialiseShopMetrics(shop: string, now?: Date): Promise<{ skuCount: number }> {
  return inShopPlanQueue(shop, () => planWholeShop(shop, now ?? new Date()));
}

async function planWholeShop(shop: string, now: Date): Promise<{ skuCount: number }> {
  const context = await loadContext(shop, now);
  if (!context) return { skuCount: 0 };
  const inputs = await loadPlanningInputs(shop, context);
  const plan = planShop(inputs, context.settings, context.asOf, { currencyCode: context.currencyCode });
  const riskById = new Map(inputs.map((input) => [input.variantId, input.riskProfile] as const));
  const rows = plan.skus.map((sku) => metricsRow(shop, sku, rankingInputOf(sku, riskById.get(sku.variantId)), now));
  await db.$transaction([db.skuMetrics.deleteMany({ where: { shop } }), db.skuMetrics.createMany({ data: rows })]);
  return { skuCount: rows.length };
}

/**
 * Replans only the given SKUs (after an edit to their suppliers, POs or risk answers) and
 * re-ranks the shop from stored ranking figures. SKUs never materialised are planned too.
 */
export function rematerialiseSkus(shop: string, variantIds: readonly string[], now?: Date): Promise<void> {
  if (variantIds.length === 0) return Promise.resolve();
  return inShopPlanQueue(shop, () => planSomeSkus(shop, variantIds, now ?? new Date()));
}

async function planSomeSkus(shop: string, variantIds: readonly string[], now: Date): Promise<void> {
  const context = await loadContext(shop, now);
  if (!context) return;
  const inputs = await loadPlanningInputs(shop, context, [...new Set(variantIds)]);
  const plans = new Map(
    inputs.map((input) => {
      const plan = planSku(input, context.settings, context.asOf, { currencyCode: context.currencyCode });
      return [input.variantId, { plan, ranking: rankingInputOf(plan, input.riskProfile) }] as const;
    }),
  );

  const stored = await db.skuMetrics.findMany({ where: { shop }, select: { variantId: true, detailJson: true } });
  const details = new Map<string, StoredDetail>(stored.map((row) => [row.variantId, JSON.parse(row.detailJson) as StoredDetail]));
  for (const [variantId, fresh] of plans) details.set(variantId, fresh);

  const entries = [...details.entries()];
  const ranking = rankShop(
    entries.map(([, detail]) => detail.ranking),
    context.settings,
    context.currencyCode,
  );
  // Rewrite the replanned SKUs, and any other SKU whose rank, share or tier moved because of them.
  const writes = entries.flatMap(([variantId, detail], i) => {
    const before = detail.plan as Partial<ShopSkuPlan>;
    const moved =
      before.reliance?.rank !== ranking[i].reliance.rank ||
      before.reliance?.abcClass !== ranking[i].reliance.abcClass ||
      before.reliance?.revenueShare !== ranking[i].reliance.revenueShare ||
      before.priority?.tier !== ranking[i].priority.tier ||
      before.priority?.score !== ranking[i].priority.score;
    if (!plans.has(variantId) && !moved) return [];
    const row = metricsRow(shop, { ...detail.plan, ...ranking[i] }, detail.ranking, now);
    return [db.skuMetrics.upsert({ where: { shop_variantId: { shop, variantId } }, create: row, update: row })];
  });
  await db.$transaction(writes);
}

/** The materialised rows of a shop, best-ranked first. */
export async function listSkuMetrics(shop: string, options: { take?: number } = {}) {
  return db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" }, take: options.take });
}
