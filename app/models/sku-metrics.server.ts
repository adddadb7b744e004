import type { Prisma } from "@prisma/client";
import db from "~/db.server";
import { getEnv } from "~/env.server";
import {
  planShopStream,
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
import { sqlDateTime } from "~/sync/sales-store.server";
import { addDays, createShopCalendar } from "~/sync/shop-calendar";
import { openSqlConnection, valuesPlaceholders, type SqlConnection, type SqlValue } from "~/sync/sql-connection.server";
import { toPurchaseOrderRecord } from "./purchase-order.server";
import { withShopPlanLock } from "./shop-plan-lock.server";

/**
 * Materialised planning results (SkuMetrics): pages read these rows, never the raw history.
 *
 * - After a sync, `materialiseShopMetrics` plans the whole shop (sales changed everywhere). On a
 *   large shop that is ~150,000 history rows in and ~20 MB of rows out, so it reads and writes
 *   through a plain SQL connection (the sync's, sql-connection.server.ts) instead of Prisma, whose
 *   per-row objects and WebAssembly query compiler cost seconds and hundreds of MB at that size.
 * - After an edit that touches a few SKUs (suppliers, POs, risk answers), `rematerialiseSkus`
 *   replans only those SKUs, then re-ranks the shop from each row's stored ranking figures
 *   (cheap: no history is read for the other SKUs), and writes the rows that changed the same way.
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

/**
 * Days of history × SKUs the Prisma reader (an edit's SKUs, up to a bulk edit's thousands) reads
 * per query. Prisma holds every row of a result as an object: one query for 5,000 SKUs × 112 days
 * (~150,000 rows) grew the process by ~220 MB (tests/bench/replan.ts). Pages of variants keep that
 * to a few MB, and each page reads an index range per variant (shop, variantId, day).
 */
const HISTORY_ROWS_PER_PAGE = 20_000;

interface DailyHistoryArrays {
  units: Float64Array;
  revenueCents: Float64Array;
  repeatUnits: Float64Array;
  availableAtStart: Float64Array;
}

function emptyHistory(length: number): DailyHistoryArrays {
  return {
    units: new Float64Array(length),
    revenueCents: new Float64Array(length),
    repeatUnits: new Float64Array(length),
    availableAtStart: new Float64Array(length).fill(Number.NaN),
  };
}

type HistoryReader = (variantIds: readonly string[]) => Promise<Map<string, DailyHistoryArrays>>;

/** Writes one DailySales row into its variant's history (rows of other variants or days are skipped). */
function addSalesDay(histories: Map<string, DailyHistoryArrays>, context: ShopPlanningContext, variantId: string, day: string, units: number, revenueCents: number, repeatUnits: number): void {
  const i = dayIndex(context.startDay, day);
  const history = histories.get(variantId);
  if (!history || i < 0 || i >= context.historyDays) return;
  history.units[i] = units;
  history.revenueCents[i] = revenueCents;
  history.repeatUnits[i] = repeatUnits;
}

/** Writes one InventorySnapshot row into its variant's history (rows of other variants or days are skipped). */
function addSnapshotDay(histories: Map<string, DailyHistoryArrays>, context: ShopPlanningContext, variantId: string, day: string, available: number): void {
  // A snapshot is taken when the day's sync runs; it stands for the stock the next day starts with.
  const i = dayIndex(context.startDay, day) + 1;
  const history = histories.get(variantId);
  if (!history || i < 0 || i >= context.historyDays) return;
  history.availableAtStart[i] = available;
}

/** Each variant's daily sales and start-of-day stock over the context's window, read through Prisma in pages of variants. */
function historiesInPages(shop: string, context: ShopPlanningContext): HistoryReader {
  return async (variantIds) => {
    const histories = new Map<string, DailyHistoryArrays>(variantIds.map((id) => [id, emptyHistory(context.historyDays)]));
    const variantsPerPage = Math.max(1, Math.floor(HISTORY_ROWS_PER_PAGE / context.historyDays));
    const days = { gte: context.startDay, lte: context.asOf };
    for (let first = 0; first < variantIds.length; first += variantsPerPage) {
      const page = { in: variantIds.slice(first, first + variantsPerPage) };
      const [sales, snapshots] = await Promise.all([
        db.dailySales.findMany({
          where: { shop, variantId: page, day: days },
          select: { variantId: true, day: true, units: true, revenueCents: true, repeatUnits: true },
        }),
        db.inventorySnapshot.findMany({ where: { shop, variantId: page, day: days }, select: { variantId: true, day: true, available: true } }),
      ]);
      for (const row of sales) addSalesDay(histories, context, row.variantId, row.day, row.units, row.revenueCents, row.repeatUnits);
      for (const row of snapshots) addSnapshotDay(histories, context, row.variantId, row.day, row.available);
    }
    return histories;
  };
}

/**
 * The same histories for a whole shop, streamed as plain rows over a SQL connection: Prisma
 * builds an object per row (~25 µs each, ~150,000 rows on a large shop), this reads arrays in
 * batches at a fraction of the time and memory (tests/bench/replan.ts).
 */
function historiesStreamed(connection: SqlConnection, shop: string, context: ShopPlanningContext): HistoryReader {
  return async (variantIds) => {
    const histories = new Map<string, DailyHistoryArrays>(variantIds.map((id) => [id, emptyHistory(context.historyDays)]));
    const window = [shop, context.startDay, context.asOf];
    for await (const batch of connection.batches(
      `SELECT "variantId", "day", "units", "revenueCents", "repeatUnits" FROM "DailySales" WHERE "shop" = ? AND "day" >= ? AND "day" <= ?`,
      window,
    )) {
      for (const row of batch) addSalesDay(histories, context, row[0] as string, row[1] as string, Number(row[2]), Number(row[3]), Number(row[4]));
    }
    for await (const batch of connection.batches(`SELECT "variantId", "day", "available" FROM "InventorySnapshot" WHERE "shop" = ? AND "day" >= ? AND "day" <= ?`, window)) {
      for (const row of batch) addSnapshotDay(histories, context, row[0] as string, row[1] as string, Number(row[2]));
    }
    return histories;
  };
}

/** Builds the planning input of each (non-deleted) variant of the shop, optionally only some. */
export function loadPlanningInputs(shop: string, context: ShopPlanningContext, variantIds?: string[]): Promise<SkuPlanningInput[]> {
  return buildPlanningInputs(shop, context, variantIds, historiesInPages(shop, context));
}

async function buildPlanningInputs(shop: string, context: ShopPlanningContext, variantIds: string[] | undefined, readHistories: HistoryReader): Promise<SkuPlanningInput[]> {
  const variantFilter = variantIds ? { in: variantIds } : undefined;
  const [variants, assignments, purchaseOrders, riskProfiles] = await Promise.all([
    db.variant.findMany({
      where: { shop, deletedAt: null, ...(variantFilter ? { id: variantFilter } : {}) },
      select: { id: true, productTitle: true, variantTitle: true, sku: true, priceCents: true, unitCostCents: true, available: true },
      orderBy: { id: "asc" },
    }),
    db.supplierAssignment.findMany({
      where: { shop, supplier: { archivedAt: null }, ...(variantFilter ? { variantId: variantFilter } : {}) },
      include: { supplier: true },
    }),
    db.purchaseOrder.findMany({ where: { shop, ...(variantFilter ? { variantId: variantFilter } : {}) } }),
    db.skuRiskProfile.findMany({ where: { shop, ...(variantFilter ? { variantId: variantFilter } : {}) } }),
  ]);
  const histories = await readHistories(variants.map((variant) => variant.id));

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
    const history = histories.get(variant.id) ?? emptyHistory(context.historyDays);
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

function metricsRow(shop: string, sku: ShopSkuPlan, ranking: SkuRankingInput, computedAt: Date): Prisma.SkuMetricsCreateManyInput {
  const detail: StoredDetail = { plan: sku, ranking };
  return { shop, ...skuMetricsOf(sku), detailJson: JSON.stringify(detail), computedAt };
}

/**
 * SkuMetrics rows per INSERT when a whole shop is replaced (~4 KB of detail JSON each). Prisma's
 * createMany of a large shop's rows (5,000 rows, ~19 MB of JSON) grows the process by hundreds of
 * MB that never come back (its query compiler is WebAssembly) and costs seconds of CPU; bounded
 * multi-row INSERTs on a plain SQL connection cost neither (tests/bench/replan.ts).
 */
const METRICS_ROWS_PER_INSERT = 100;

/** A column value as the SQL connection binds it; dates as the text Prisma itself stores. */
function sqlValueOf(value: unknown): SqlValue {
  if (value instanceof Date) return sqlDateTime(value.getTime());
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  throw new TypeError(`SkuMetrics: cannot write a ${typeof value} value`);
}

/**
 * Writes `rows` in one transaction, in bounded INSERTs: pages never see a shop half written, and
 * a failure leaves the previous rows. "replace shop" first deletes every row of the shop (a
 * whole-shop plan); "upsert" overwrites the rows of these SKUs only, in place (an edit's replan).
 * Planning happens before: the transaction holds the write lock for the writes alone.
 */
async function writeMetricsRows(connection: SqlConnection, shop: string, rows: readonly Prisma.SkuMetricsCreateManyInput[], mode: "replace shop" | "upsert"): Promise<void> {
  // Every row comes from metricsRow, so the first one's keys are every row's columns, in order.
  const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
  const onConflict =
    mode === "upsert"
      ? ` ON CONFLICT ("shop", "variantId") DO UPDATE SET ${columns
          .filter((column) => column !== "shop" && column !== "variantId")
          .map((column) => `"${column}" = excluded."${column}"`)
          .join(", ")}`
      : "";
  const insertSql = (count: number) =>
    `INSERT INTO "SkuMetrics" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES ${valuesPlaceholders(count, columns.length)}${onConflict}`;
  await connection.transaction(async () => {
    if (mode === "replace shop") await connection.run(`DELETE FROM "SkuMetrics" WHERE "shop" = ?`, [shop]);
    for (let first = 0; first < rows.length; first += METRICS_ROWS_PER_INSERT) {
      const chunk = rows.slice(first, first + METRICS_ROWS_PER_INSERT);
      const params: SqlValue[] = [];
      for (const row of chunk) for (const column of columns) params.push(sqlValueOf(row[column as keyof Prisma.SkuMetricsCreateManyInput]));
      await connection.run(insertSql(chunk.length), params);
    }
  });
}

/** Runs `work` with a plain SQL connection of its own to the app's database, closed after. */
async function withSqlConnection<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T> {
  const connection = await openSqlConnection(getEnv().DATABASE_URL);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

/** Plans every SKU of the shop and replaces its SkuMetrics rows in one transaction. */
export function materialiseShopMetrics(shop: string, now?: Date): Promise<{ skuCount: number }> {
  return withShopPlanLock(shop, () => planWholeShop(shop, now ?? new Date()));
}

async function planWholeShop(shop: string, now: Date): Promise<{ skuCount: number }> {
  const context = await loadContext(shop, now);
  if (!context) return { skuCount: 0 };
  return withSqlConnection(async (connection) => {
    // The sync's connections keep a 4 MB page cache for its bulk writes (sqlite-connection.server.ts);
    // the re-plan reads each page once, so SQLite's default 2 MB does.
    if (connection.provider === "sqlite") await connection.run("PRAGMA cache_size = -2000");
    // The inputs (every SKU's history) are dropped once planned, before the write.
    const rows = planRows(shop, await buildPlanningInputs(shop, context, undefined, historiesStreamed(connection, shop, context)), context, now);
    await writeMetricsRows(connection, shop, rows, "replace shop");
    return { skuCount: rows.length };
  });
}

/** Every SKU's SkuMetrics row, best-ranked first. */
function planRows(shop: string, inputs: readonly SkuPlanningInput[], context: ShopPlanningContext, now: Date): Prisma.SkuMetricsCreateManyInput[] {
  const riskById = new Map(inputs.map((input) => [input.variantId, input.riskProfile] as const));
  // Each plan becomes its row as it is made and is dropped: a large shop's 5,000 plan objects
  // would weigh several times their rows.
  const rows: Prisma.SkuMetricsCreateManyInput[] = [];
  planShopStream(inputs, context.settings, context.asOf, (sku) => rows.push(metricsRow(shop, sku, rankingInputOf(sku, riskById.get(sku.variantId)), now)), {
    currencyCode: context.currencyCode,
  });
  // Written best-ranked first, as the whole-shop plan lists them.
  return rows.sort((a, b) => a.rank - b.rank);
}

/**
 * Replans only the given SKUs (after an edit to their suppliers, POs or risk answers) and
 * re-ranks the shop from stored ranking figures. SKUs never materialised are planned too.
 */
export function rematerialiseSkus(shop: string, variantIds: readonly string[], now?: Date): Promise<void> {
  if (variantIds.length === 0) return Promise.resolve();
  return withShopPlanLock(shop, () => planSomeSkus(shop, variantIds, now ?? new Date()));
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
    return [metricsRow(shop, { ...detail.plan, ...ranking[i] }, detail.ranking, now)];
  });
  // An edit usually rewrites one row; one on a new day (before the sync's re-plan) moves every
  // SKU's share, and thousands of Prisma upserts would cost a large shop ~20 s and over 1 GB.
  if (writes.length > 0) await withSqlConnection((connection) => writeMetricsRows(connection, shop, writes, "upsert"));
}

/** The materialised rows of a shop, best-ranked first. */
export async function listSkuMetrics(shop: string, options: { take?: number } = {}) {
  return db.skuMetrics.findMany({ where: { shop }, orderBy: { rank: "asc" }, take: options.take });
}
