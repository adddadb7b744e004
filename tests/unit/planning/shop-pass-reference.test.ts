/**
 * The shop pass (planShopStream, planShop) is written for speed: each history is read once for
 * velocity and store seasonality together, supplier shares live in arrays instead of maps, the
 * ranking uses a hand-written merge sort, buffers are reused. This file pins that none of that
 * changes a single figure: for a few hundred varied generated SKUs the pass must equal, exactly
 * (toEqual compares every number with Object.is, no tolerance), a straightforward composition of
 * the same definitions:
 *   - store seasonality: the §1.5 sums written out day by day with dayIsInStock;
 *   - Pareto, ABC and rank: Array.prototype.sort with the documented comparators on plain objects;
 *   - each SKU: planSku on its own with that seasonality, and computePriority fed from the rank.
 */
import { describe, expect, it } from "vitest";
import { addDays, dayNumber, isoWeekday } from "~/planning/days";
import { planShop, planShopStream, planSku, rankingInputOf, type ShopSkuPlan, type SkuPlan } from "~/planning/plan";
import { computePriority, type PriorityResult } from "~/planning/priority";
import { ABC_A_CUTOFF, ABC_B_CUTOFF, type AbcClass, type RelianceRank } from "~/planning/reliance";
import { Rng } from "~/planning/stats";
import { DEFAULT_PLANNING_SETTINGS, type PlanningSettings, type PurchaseOrderRecord, type SkuPlanningInput, type SupplierTerms } from "~/planning/types";
import {
  computeStoreSeasonality,
  dayIsInStock,
  SEASONALITY_LOOKBACK_DAYS,
  SEASONALITY_MIN_DAYS,
  SEASONALITY_MIN_UNITS,
  type WeeklySeasonality,
} from "~/planning/velocity";

const AS_OF = "2026-06-01";

// ---------------------------------------------------------------------------------------------
// Generated SKUs: every branch the pass takes for some of them (typed and plain arrays, missing
// snapshots, backorders, histories that end before the windows, no sales, open and late POs,
// pilot POs out of order, no supplier, candidates, a third supplier, missing costs, defects).

function generateSkus(count: number, seed: number): SkuPlanningInput[] {
  const skus: SkuPlanningInput[] = [];
  for (let i = 0; i < count; i += 1) skus.push(generateSku(new Rng(seed * 100_003 + i), i));
  return skus;
}

function generateSku(rng: Rng, i: number): SkuPlanningInput {
  const days = [365, 200, 120, 60, 20][i % 5];
  // Histories normally end the day before asOf; some end weeks earlier or start after the window.
  const endGap = i % 17 === 3 ? 50 : i % 17 === 4 ? 200 : 0;
  const startDay = addDays(AS_OF, -days - endGap);
  const rate = i % 13 === 0 ? 0 : 0.2 * Math.exp(1.8 * rng.nextNormal());
  const priceCents = 1000 + Math.floor(5000 * rng.nextFloat());
  const units: number[] = [];
  const revenue: number[] = [];
  const repeat: number[] = [];
  const available: number[] = [];
  // Replenished a little below demand on average, so some SKUs run out (censored days).
  let stock = Math.ceil(rate * 10) + 2;
  for (let d = 0; d < days; d += 1) {
    if (d % 21 === 0) stock += Math.ceil(rate * 21 * (0.4 + 0.9 * rng.nextFloat()));
    const wanted = Math.floor(rate * (0.3 + 1.4 * rng.nextFloat()) + rng.nextFloat());
    const sold = Math.min(wanted, Math.max(0, stock));
    units.push(sold);
    revenue.push(sold * priceCents - (rng.nextFloat() < 0.02 ? priceCents : 0));
    repeat.push(Math.floor(sold * rng.nextFloat()));
    available.push(i % 11 === 2 && d % 6 === 0 ? Number.NaN : stock);
    stock -= sold;
  }
  const typed = i % 3 === 0;
  const history: SkuPlanningInput["history"] = {
    startDay,
    units: typed ? Int32Array.from(units) : units,
    revenueCents: typed ? Int32Array.from(revenue) : revenue,
    repeatUnits: i % 7 === 5 ? undefined : typed ? Int32Array.from(repeat) : repeat,
    availableAtStart: i % 9 === 4 ? undefined : typed ? Float64Array.from(available) : available,
  };
  const { suppliers, purchaseOrders } = generateSourcing(rng, i, rate);
  return {
    // Shuffled ids; the SKUs without demand share two ids, so ties on every key fall to input order.
    variantId: rate === 0 ? `v-none-${i % 2}` : `v${String((i * 7919) % 1000).padStart(4, "0")}-${i % 4}`,
    priceCents,
    unitCostCents: i % 10 === 7 ? null : Math.round(priceCents * (0.3 + 0.2 * rng.nextFloat())),
    availableUnits: i % 19 === 0 ? 0 : i % 23 === 0 ? -3 : Math.max(0, stock),
    sellsWhenOutOfStock: i % 8 === 1,
    history,
    suppliers,
    purchaseOrders,
    riskProfile:
      i % 6 === 0
        ? undefined
        : { singleRegion: rng.nextFloat() < 0.3, capacityConstrained: rng.nextFloat() < 0.2, complexMaterials: rng.nextFloat() < 0.2, heavyManualSteps: rng.nextFloat() < 0.2, switchingFriction: (["low", "medium", "high"] as const)[i % 3] },
    carriedBackupUnits: i % 14 === 6 ? 5 : undefined,
  };
}

function generateSourcing(rng: Rng, i: number, rate: number): { suppliers: SupplierTerms[]; purchaseOrders: PurchaseOrderRecord[] } {
  if (i % 29 === 11) return { suppliers: [], purchaseOrders: [] };
  const lead = 10 + Math.floor(30 * rng.nextFloat());
  const landed = i % 10 === 7 ? null : 400 + Math.floor(800 * rng.nextFloat());
  const suppliers: SupplierTerms[] = [
    {
      supplierId: `P${i % 5}`, name: `Primary ${i % 5}`, role: i % 31 === 9 ? "backup" : "primary", stage: i % 27 === 8 ? "candidate" : "active",
      allocationPct: 100, leadTimeDays: lead, leadTimeSdDays: i % 2 ? null : 3, moqUnits: Math.ceil(rate * 5), landedCostCents: landed,
      capacityUnitsPerMonth: i % 4 === 1 ? Math.ceil(rate * 20) : null, disruptionProbabilityPerYear: 0.3 * rng.nextFloat(), depositPct: i % 5 === 2 ? 50 : undefined,
    },
  ];
  const backupKind = i % 4;
  if (backupKind >= 1) {
    suppliers[0].allocationPct = [100, 80, 70, 60][backupKind];
    suppliers.push({
      supplierId: `B${i % 3}`, name: `Backup ${i % 3}`, role: "backup", stage: backupKind === 3 && i % 8 === 7 ? "pilot" : "qualified",
      allocationPct: 100 - suppliers[0].allocationPct, leadTimeDays: Math.max(3, Math.round(lead / 2)), leadTimeSdDays: 2, moqUnits: Math.ceil(rate * 3),
      landedCostCents: landed === null ? null : Math.round(landed * (i % 6 === 0 ? 0.9 : 1.15)), capacityUnitsPerMonth: Math.ceil(rate * 30) + 1, rampUpDays: 10,
    });
  }
  if (i % 12 === 5) {
    suppliers.push({
      supplierId: `C${i}`, name: "Candidate", role: "backup", stage: "candidate", allocationPct: 0, leadTimeDays: 20, leadTimeSdDays: null,
      moqUnits: 10, landedCostCents: 500, capacityUnitsPerMonth: null,
    });
  }
  const purchaseOrders: PurchaseOrderRecord[] = [];
  const count = i % 10 === 3 ? 0 : 2 + (i % 7);
  for (let k = 0; k < count; k += 1) {
    const supplier = suppliers[k % 3 === 2 && suppliers.length > 1 ? 1 : 0];
    const placedOn = addDays(AS_OF, -300 + k * 35);
    const promisedOn = addDays(placedOn, supplier.leadTimeDays);
    const late = rng.nextFloat() < 0.3 ? 2 + Math.floor(9 * rng.nextFloat()) : 0;
    const isOpen = k === count - 1 && i % 5 === 2;
    const received = Math.max(1, Math.round(rate * 30));
    purchaseOrders.push({
      id: `po-${i}-${k}`, supplierId: supplier.supplierId, isPilot: i % 9 === 1 && k === 0, orderedUnits: received,
      placedOn: isOpen && i % 2 ? addDays(AS_OF, -10) : placedOn,
      promisedOn: isOpen && i % 2 ? addDays(AS_OF, 15) : promisedOn,
      receivedOn: isOpen ? null : addDays(promisedOn, late),
      receivedUnits: isOpen ? null : received,
      defectiveUnits: isOpen ? null : Math.floor(received * (i % 15 === 4 ? 0.2 : 0.03 * rng.nextFloat())),
      landedCostCents: k % 4 === 3 ? null : landed,
    });
  }
  if (i % 6 === 3) purchaseOrders.reverse(); // stored out of date order
  return { suppliers, purchaseOrders };
}

// ---------------------------------------------------------------------------------------------
// The straightforward reference.

function referenceSeasonality(inputs: readonly SkuPlanningInput[]): WeeklySeasonality {
  const asOfNum = dayNumber(AS_OF);
  const units = [0, 0, 0, 0, 0, 0, 0];
  const days = [0, 0, 0, 0, 0, 0, 0];
  let maxSpan = 0;
  for (const input of inputs) {
    const h = input.history;
    const start = dayNumber(h.startDay);
    const from = Math.max(0, asOfNum - SEASONALITY_LOOKBACK_DAYS - start);
    const to = Math.min(h.units.length, asOfNum - start);
    if (to <= from) continue;
    maxSpan = Math.max(maxSpan, to - from);
    for (let i = from; i < to; i += 1) {
      const inStock = input.sellsWhenOutOfStock === true || h.availableAtStart === undefined || dayIsInStock(h.units, h.availableAtStart, i);
      if (!inStock) continue;
      units[isoWeekday(start + i)] += h.units[i];
      days[isoWeekday(start + i)] += 1;
    }
  }
  const totalUnits = units.reduce((a, b) => a + b, 0);
  const totalDays = days.reduce((a, b) => a + b, 0);
  if (maxSpan < SEASONALITY_MIN_DAYS || totalUnits < SEASONALITY_MIN_UNITS || days.some((d) => d === 0)) {
    return { indices: [1, 1, 1, 1, 1, 1, 1], applied: false, basisSkuDays: totalDays };
  }
  const rates = units.map((u, w) => u / days[w]);
  const mean = rates.reduce((a, b) => a + b, 0) / 7;
  return { indices: rates.map((r) => r / mean), applied: true, basisSkuDays: totalDays };
}

function referenceRanks(plans: readonly SkuPlan[]): RelianceRank[] {
  const net = plans.map((p) => p.revenue.netRevenueCents);
  const risk = plans.map((p) => p.revenue.revenueAtRiskCents);
  const ids = plans.map((p) => p.variantId);
  const byId = (i: number, j: number): number => (ids[i] < ids[j] ? -1 : ids[i] > ids[j] ? 1 : 0);
  const total = net.reduce((a, x) => a + Math.max(0, x), 0);
  const ranks: RelianceRank[] = new Array(plans.length);
  const byRevenue = plans.map((_, i) => i).sort((i, j) => Math.max(0, net[j]) - Math.max(0, net[i]) || byId(i, j));
  let cumulative = 0;
  for (const i of byRevenue) {
    const share = total > 0 ? Math.max(0, net[i]) / total : 0;
    const before = cumulative;
    cumulative += share;
    const abcClass: AbcClass = share <= 0 ? "C" : before < ABC_A_CUTOFF ? "A" : before < ABC_B_CUTOFF ? "B" : "C";
    ranks[i] = { variantId: ids[i], rank: 0, revenueShare: share, cumulativeShare: Math.min(1, cumulative), cumulativeShareBefore: Math.min(1, before), abcClass };
  }
  const byRisk = plans.map((_, i) => i).sort((i, j) => risk[j] - risk[i] || net[j] - net[i] || byId(i, j));
  byRisk.forEach((i, position) => (ranks[i].rank = position + 1));
  return ranks;
}

function referencePriority(plan: SkuPlan, input: SkuPlanningInput, rank: RelianceRank, settings: Required<PlanningSettings>, currencyCode: string): PriorityResult {
  const ranking = rankingInputOf(plan, input.riskProfile);
  return computePriority({
    abcClass: rank.abcClass,
    revenueShare: rank.revenueShare,
    cumulativeShareBefore: rank.cumulativeShareBefore,
    revenueAtRiskCents: ranking.revenueAtRiskCents,
    repeatShare: ranking.repeatShare,
    hasQualifiedBackup: ranking.hasQualifiedBackup,
    riskProfile: input.riskProfile,
    leadTimeDays: ranking.primaryLeadTimeDays,
    leadTimeSdDays: ranking.primaryLeadTimeSdDays,
    observedOnTimeRate: ranking.primaryObservedOnTimeRate,
    outcomeCount: ranking.primaryOutcomeCount,
    lateStreak: ranking.primaryLateStreak,
    defectRate: ranking.primaryDefectRate,
    defectThreshold: settings.defectThresholdPct / 100,
    lateStreakPos: settings.lateStreakPos,
    currencyCode,
  });
}

/** The whole shop the slow, obvious way: every SKU planned on its own, ranked by plain sorts. */
function referenceShop(inputs: readonly SkuPlanningInput[], settings: Partial<PlanningSettings>, currencyCode: string) {
  const resolved = { ...DEFAULT_PLANNING_SETTINGS, ...settings };
  const seasonality = referenceSeasonality(inputs);
  const plans = inputs.map((input) => planSku(input, settings, AS_OF, { seasonality, currencyCode }));
  const ranks = referenceRanks(plans);
  const skus: ShopSkuPlan[] = plans.map((plan, i) => ({ ...plan, reliance: ranks[i], priority: referencePriority(plan, inputs[i], ranks[i], resolved, currencyCode) }));
  const riskCounts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const sku of skus) riskCounts[sku.risk.riskLevel] += 1;
  const high = skus.filter((s) => s.priority.tier === "high").length;
  const summary = {
    asOf: AS_OF,
    seasonality,
    skuCount: skus.length,
    highPriorityCount: high,
    highPriorityShare: skus.length > 0 ? high / skus.length : 0,
    riskCounts,
    revenueAtRiskCents: skus.reduce((a, s) => a + s.revenue.revenueAtRiskCents, 0),
  };
  return { skus, summary };
}

// ---------------------------------------------------------------------------------------------

const inputs = generateSkus(360, 20261128);

describe("the shop pass against a straightforward reference (exact equality)", () => {
  it("covers the branches it claims to (the generator is not degenerate)", () => {
    const reference = referenceShop(inputs, {}, "USD");
    const count = (test: (s: ShopSkuPlan) => boolean) => reference.skus.filter(test).length;
    expect(reference.summary.seasonality.applied).toBe(true);
    expect(count((s) => s.split.action === "split")).toBeGreaterThan(50);
    expect(count((s) => s.split.action === "pilot")).toBeGreaterThan(20);
    expect(count((s) => s.split.action === "none")).toBeGreaterThan(3);
    expect(count((s) => s.risk.distribution === "negative-binomial")).toBeGreaterThan(20);
    expect(count((s) => s.risk.distribution === "normal")).toBeGreaterThan(20);
    expect(count((s) => s.risk.distribution === "poisson")).toBeGreaterThan(5);
    expect(count((s) => s.velocity.demandClass === "none")).toBeGreaterThan(10);
    expect(count((s) => s.velocity.censoredDays > 0)).toBeGreaterThan(20);
    expect(count((s) => s.disruption !== null && s.disruption.current !== s.disruption.recommended)).toBeGreaterThan(20);
    expect(count((s) => s.workingCapital.recommended !== s.workingCapital.current)).toBeGreaterThan(20);
    expect(count((s) => s.suppliers.some((sp) => sp.performance.openCount > 0))).toBeGreaterThan(20);
    expect(new Set(reference.skus.map((s) => s.reliance.abcClass)).size).toBe(3);
  });

  it.each([
    ["default settings", {}, "USD"],
    ["a 30-day window (shorter than the seasonality lookback), continuous review, 99% service", { velocityWindowDays: 30, reviewPeriodDays: 0, serviceLevelPct: 99 }, "EUR"],
    ["a 200-day window, fortnightly review, 60% service, streaks of 2", { velocityWindowDays: 200, reviewPeriodDays: 14, serviceLevelPct: 60, lateStreakPos: 2 }, "GBP"],
  ] as const)("planShopStream streams exactly the reference plans with %s", (_name, settings, currencyCode) => {
    const streamed: ShopSkuPlan[] = [];
    const summary = planShopStream(inputs, settings, AS_OF, (sku) => streamed.push(sku), { currencyCode });
    const reference = referenceShop(inputs, settings, currencyCode);
    expect(summary).toEqual(reference.summary);
    expect(streamed).toHaveLength(reference.skus.length);
    for (let i = 0; i < streamed.length; i += 1) expect(streamed[i], `SKU ${inputs[i].variantId}`).toEqual(reference.skus[i]);
  });

  it("computes the same seasonality as computeStoreSeasonality on its own", () => {
    const streamed = planShopStream(inputs, {}, AS_OF, () => undefined).seasonality;
    const standalone = computeStoreSeasonality(inputs.map((i) => i.history), AS_OF, { sellsWhenOutOfStock: (k) => inputs[k].sellsWhenOutOfStock ?? false });
    expect(streamed).toEqual(standalone);
    expect(streamed).toEqual(referenceSeasonality(inputs));
  });

  it("planShop keeps the same plans, sorted by the reference rank", () => {
    const shop = planShop(inputs, {}, AS_OF);
    const reference = referenceShop(inputs, {}, "USD");
    const byRank = [...reference.skus].sort((a, b) => a.reliance.rank - b.reliance.rank);
    expect(shop.skus.map((s) => s.variantId)).toEqual(byRank.map((s) => s.variantId));
    expect(shop.skus).toEqual(byRank);
  });

  it("ranks ties on revenue at risk by net revenue, then variant id, like the reference sort", () => {
    // Many SKUs share a revenue at risk of 0 (no sales) and several share variant-id prefixes.
    const streamed: ShopSkuPlan[] = [];
    planShopStream(inputs, {}, AS_OF, (sku) => streamed.push(sku));
    const zeroRisk = streamed.filter((s) => s.revenue.revenueAtRiskCents === 0);
    expect(zeroRisk.length).toBeGreaterThan(20);
    const reference = referenceRanks(streamed);
    expect(streamed.map((s) => s.reliance)).toEqual(reference);
  });
});
