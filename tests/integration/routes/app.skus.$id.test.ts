import { beforeAll, describe, expect, it } from "vitest";
import { resetDatabase, db } from "../../setup/db";
import { action as skuAction, loader as skuLoader, type SkuActionResult } from "~/routes/app.skus.$id";
import { loader as overviewLoader } from "~/routes/app._index";
import { catalogVariantId } from "../../factories/sku-catalog";
import { callRoute, installPlannedShop } from "./helpers";

type DetailData = Awaited<ReturnType<typeof skuLoader>>;
type OverviewData = Awaited<ReturnType<typeof overviewLoader>>;

const ALPHA = "alpha.myshopify.com";
const BRAVO = "bravo.myshopify.com";
// Index 0: primary + qualified backup (a split); index 1: no supplier; index 3: stockout days.
const WITH_BACKUP = catalogVariantId(0);
const NO_SUPPLIER = catalogVariantId(1);
const WITH_STOCKOUTS = catalogVariantId(3);

const detail = (shop: string, id: string) => callRoute<DetailData>(skuLoader, shop, `/app/skus/${id}`, { params: { id } });
const act = (shop: string, id: string, form: Record<string, string>) => callRoute<SkuActionResult>(skuAction, shop, `/app/skus/${id}`, { params: { id }, form });

beforeAll(async () => {
  await resetDatabase();
  await installPlannedShop(ALPHA, 40);
  await installPlannedShop("bravo.myshopify.com", 5, 3);
  // A variant that exists only in bravo.
  await db.variant.create({ data: { shop: BRAVO, id: "bravo-only", productId: "1", productTitle: "Bravo secret" } });
});

describe("SKU detail loader", () => {
  it("reads the SKU's recommendation, suppliers and 90 days of sales", async () => {
    const { status, data } = await detail(ALPHA, WITH_BACKUP);
    expect(status).toBe(200);
    const plan = data.detail.plan;
    expect(plan?.variantId).toBe(WITH_BACKUP);
    expect(plan?.split.explanation.length).toBeGreaterThan(10);
    expect(data.detail.suppliers.map((s) => [s.name, s.role])).toEqual([
      ["Shenzhen Works", "primary"],
      ["Porto Fabrica", "backup"],
    ]);
    expect(data.detail.sales).toHaveLength(90);
    expect(data.detail.sales.at(-1)?.day).toBe(plan?.asOf);
    expect(data.adminUrl).toBe(`https://admin.shopify.com/store/alpha/products/${data.detail.productId}/variants/${WITH_BACKUP}`);
  });

  it("marks the days that started out of stock", async () => {
    const { data } = await detail(ALPHA, WITH_STOCKOUTS);
    const marked = data.detail.sales.filter((d) => d.isStockout).map((d) => d.day);
    // Snapshots show 0 available on three days; each stands for the start of the next day.
    const snapshots = await db.inventorySnapshot.findMany({ where: { shop: ALPHA, variantId: WITH_STOCKOUTS }, orderBy: { day: "asc" } });
    expect(marked).toHaveLength(3);
    expect(marked[0] > snapshots[0].day).toBe(true);
  });

  it("answers 404 for a variant of another shop and for an unknown id", async () => {
    expect((await detail(ALPHA, "bravo-only")).status).toBe(404);
    expect((await detail(ALPHA, "999999999")).status).toBe(404);
    expect((await detail(BRAVO, "bravo-only")).status).toBe(200);
  });
});

describe("SKU detail actions", () => {
  it("runs the optimiser on demand and compares its cost with the recommended split", async () => {
    const { status, data } = await act(ALPHA, WITH_BACKUP, { intent: "optimise" });
    expect(status).toBe(200);
    if (data.intent !== "optimise" || !data.optimiser) throw new Error(`expected an optimiser result, got ${JSON.stringify(data)}`);
    const { optimiser } = data;
    expect(optimiser.candidates.length).toBeGreaterThan(3);
    expect(optimiser.bestCostCentsPerYear).toBeLessThanOrEqual(optimiser.ruleCostCentsPerYear + 1);
    expect(optimiser.candidates.some((c) => c.backupPct === optimiser.ruleBackupPct)).toBe(true);
    expect(optimiser.explanation).toMatch(/Simulating/);
  });

  it("has nothing to optimise for a SKU without suppliers", async () => {
    const { data } = await act(ALPHA, NO_SUPPLIER, { intent: "optimise" });
    expect(data).toEqual({ intent: "optimise", optimiser: null });
  });

  it("reprojects the outage for the number of days the slider asks for", async () => {
    const short = await act(ALPHA, WITH_BACKUP, { intent: "what-if", outageDays: "5" });
    const long = await act(ALPHA, WITH_BACKUP, { intent: "what-if", outageDays: "120" });
    if (short.data.intent !== "what-if" || long.data.intent !== "what-if" || !short.data.whatIf || !long.data.whatIf) throw new Error("expected what-if results");
    expect(short.data.whatIf.outageDays).toBe(5);
    expect(long.data.whatIf.outageDays).toBe(120);
    // The projection runs through the outage plus the primary's lead time and a review period.
    expect(short.data.whatIf.current.horizonDays).toBeGreaterThan(5);
    expect(long.data.whatIf.current.horizonDays - short.data.whatIf.current.horizonDays).toBe(115);
    expect(long.data.whatIf.revenueProtectedCents).toBe(long.data.whatIf.current.revenueLostCents - long.data.whatIf.recommended.revenueLostCents);
  });

  it("rejects an out-of-range outage with a field error and changes nothing", async () => {
    const { status, data } = await act(ALPHA, WITH_BACKUP, { intent: "what-if", outageDays: "0" });
    expect(status).toBe(400);
    expect(data).toMatchObject({ intent: "invalid", errors: { outageDays: expect.any(String) } });
  });

  it("saves production-risk answers and replans the SKU so its priority reasons follow", async () => {
    const before = await db.skuMetrics.findUniqueOrThrow({ where: { shop_variantId: { shop: ALPHA, variantId: NO_SUPPLIER } } });
    const { status } = await act(ALPHA, NO_SUPPLIER, {
      intent: "risk-profile", singleRegion: "on", capacityConstrained: "false", complexMaterials: "on", heavyManualSteps: "false", switchingFriction: "high",
    });
    expect(status).toBe(200);
    const profile = await db.skuRiskProfile.findUniqueOrThrow({ where: { shop_variantId: { shop: ALPHA, variantId: NO_SUPPLIER } } });
    expect(profile).toMatchObject({ singleRegion: true, capacityConstrained: false, complexMaterials: true, heavyManualSteps: false, switchingFriction: "high" });
    const after = await db.skuMetrics.findUniqueOrThrow({ where: { shop_variantId: { shop: ALPHA, variantId: NO_SUPPLIER } } });
    expect(after.computedAt.getTime()).toBeGreaterThan(before.computedAt.getTime());
    const reasons = (JSON.parse(after.detailJson) as { plan: { priority: { reasons: { code: string }[] } } }).plan.priority.reasons.map((r) => r.code);
    expect(reasons).toEqual(expect.arrayContaining(["SINGLE_REGION"]));
    const page = await detail(ALPHA, NO_SUPPLIER);
    expect(page.data.detail.riskAnswers.switchingFriction).toBe("high");
  });

  it("rejects an unknown switching friction and writes nothing", async () => {
    const { status } = await act(ALPHA, WITH_STOCKOUTS, { intent: "risk-profile", switchingFriction: "extreme" });
    expect(status).toBe(400);
    expect(await db.skuRiskProfile.count({ where: { shop: ALPHA, variantId: WITH_STOCKOUTS } })).toBe(0);
  });

  it("answers 404 to an action on another shop's variant", async () => {
    expect((await act(ALPHA, "bravo-only", { intent: "optimise" })).status).toBe(404);
  });
});

describe("overview loader", () => {
  it("sums the headline figures from the materialised rows", async () => {
    const { status, data } = await callRoute<OverviewData>(overviewLoader, ALPHA, "/app");
    expect(status).toBe(200);
    const rows = await db.skuMetrics.findMany({ where: { shop: ALPHA } });
    const atRisk = rows.filter((r) => r.riskLevel === "high" || r.riskLevel === "critical");
    const variants = await db.variant.findMany({ where: { shop: ALPHA } });
    const cash = variants.reduce((sum, v) => sum + (v.unitCostCents !== null && v.available > 0 ? v.available * v.unitCostCents : 0), 0);
    expect(data.overview).toMatchObject({
      skuCount: 40,
      revenueAtRiskCents: atRisk.reduce((sum, r) => sum + r.revenueAtRiskCents, 0),
      atRiskSkuCount: atRisk.length,
      needsBackupCount: rows.filter((r) => r.priorityTier === "high" && !r.hasBackup).length,
      cashInStockCents: cash,
      variantsWithoutCost: variants.filter((v) => v.unitCostCents === null).length,
    });
  });

  it("lists the high-priority single-source SKUs by priority with their reasons", async () => {
    const { data } = await callRoute<OverviewData>(overviewLoader, ALPHA, "/app");
    const priorities = data.overview.priorities;
    expect(priorities.length).toBeGreaterThan(0);
    const scores = priorities.map((p) => p.priorityScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const flagged = await db.skuMetrics.findMany({ where: { shop: ALPHA, variantId: { in: priorities.map((p) => p.variantId) } } });
    expect(flagged.every((r) => r.priorityTier === "high" && !r.hasBackup)).toBe(true);
    expect(priorities[0].reasons.length).toBeGreaterThan(0);
    expect(priorities[0].title).toMatch(/^Product \d+ – (Blue|Green)$/);
  });

  it("draws the Pareto curve from rank 1 to the last SKU, rising to 100%", async () => {
    const { data } = await callRoute<OverviewData>(overviewLoader, ALPHA, "/app");
    const { pareto } = data.overview;
    expect(pareto[0].rank).toBe(1);
    expect(pareto.at(-1)?.rank).toBe(40);
    expect(pareto.at(-1)?.cumulativeSharePct).toBeCloseTo(100, 3);
    const shares = pareto.map((p) => p.cumulativeSharePct);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
  });

  it("shows an empty overview for a shop whose first sync has not finished", async () => {
    const { installShop } = await import("../../factories/shop");
    const fresh = await installShop({ domain: "fresh.myshopify.com" });
    const { data } = await callRoute<OverviewData>(overviewLoader, fresh, "/app");
    expect(data.overview).toMatchObject({ skuCount: 0, priorities: [], pareto: [], revenueAtRiskCents: 0 });
    expect(data.sync.run).toBeNull();
  });
});
