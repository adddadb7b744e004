import { describe, expect, it } from "vitest";
import { computePriority, type PriorityInput } from "~/planning/priority";
import { rankReliance, summariseRevenue } from "~/planning/reliance";
import { Rng } from "~/planning/stats";
import type { VelocityResult } from "~/planning/velocity";

function velocity(over: Partial<VelocityResult>): VelocityResult {
  return {
    windowDays: 90, observedDays: 90, inStockDays: 90, censoredDays: 0, unknownStockDays: 0, unitsSold: 0, revenueCents: 0,
    repeatUnits: null, unitsPerDay: 0, unitsPerDaySd: 0, nonZeroDays: 0, adi: 0, cv2: 0, demandClass: "none", forecastMethod: "none",
    forecastUnitsPerDay: 0, forecastAlpha: 0, confidence: "high", reasons: [], ...over,
  };
}

describe("summariseRevenue", () => {
  it.each([
    // units, revenue, repeat, d, price, unit cost → net price, margin, revenue at risk, repeat share
    [90, 270_000, 30, 1, 3500, 1200, 3000, 270_000 - 90 * 1200, 90_000, 1 / 3],
    [0, 0, null, 0, 3500, null, 3500, null, 0, null],
    [10, 25_000, 0, 0.5, 3000, 0, 2500, 25_000, 37_500, 0],
  ])("units %s, revenue %s → net price %s, margin %s, 30-day revenue at risk %s", (units, revenue, repeat, d, price, cost, netPrice, margin, atRisk, repeatShare) => {
    const r = summariseRevenue(velocity({ unitsSold: units, revenueCents: revenue, repeatUnits: repeat, unitsPerDay: d }), price, cost);
    expect(r.netPriceCents).toBe(netPrice);
    expect(r.marginCents).toBe(margin);
    expect(r.revenueAtRiskCents).toBe(atRisk);
    if (repeatShare === null) expect(r.repeatShare).toBeNull();
    else expect(r.repeatShare).toBeCloseTo(repeatShare, 12);
  });
});

describe("rankReliance", () => {
  const items = [
    { variantId: "c", netRevenueCents: 100, revenueAtRiskCents: 50 },
    { variantId: "a", netRevenueCents: 700, revenueAtRiskCents: 200 },
    { variantId: "b", netRevenueCents: 150, revenueAtRiskCents: 200 },
    { variantId: "d", netRevenueCents: 50, revenueAtRiskCents: 10 },
    { variantId: "e", netRevenueCents: 0, revenueAtRiskCents: 0 },
    { variantId: "f", netRevenueCents: -20, revenueAtRiskCents: 0 },
  ];
  const ranks = rankReliance(items);

  it.each([
    // id, rank, share, cumulative, class
    ["a", 1, 0.7, 0.7, "A"],
    ["b", 2, 0.15, 0.85, "A"], // 70% before it: the SKU that crosses 80% is still A
    ["c", 3, 0.1, 0.95, "B"],
    ["d", 4, 0.05, 1, "C"],
    ["e", 5, 0, 1, "C"],
    ["f", 6, 0, 1, "C"],
  ])("%s: rank %s, share %s, cumulative %s, class %s", (id, rank, share, cumulative, abc) => {
    const r = ranks.find((x) => x.variantId === id);
    expect(r?.rank).toBe(rank);
    expect(r?.revenueShare).toBeCloseTo(share, 12);
    expect(r?.cumulativeShare).toBeCloseTo(cumulative, 12);
    expect(r?.abcClass).toBe(abc);
  });

  it("breaks revenue-at-risk ties by net revenue, then variant id, whatever the input order", () => {
    const shuffled = [...items].reverse();
    const again = rankReliance(shuffled);
    for (const r of again) expect(r.rank).toBe(ranks.find((x) => x.variantId === r.variantId)?.rank);
    const tie = rankReliance([
      { variantId: "z", netRevenueCents: 5, revenueAtRiskCents: 1 },
      { variantId: "y", netRevenueCents: 5, revenueAtRiskCents: 1 },
    ]);
    expect(tie.map((r) => r.rank)).toEqual([2, 1]);
  });
});

const basePriority: PriorityInput = {
  abcClass: "A", revenueShare: 0.12, cumulativeShareBefore: 0.1, revenueAtRiskCents: 412_000, repeatShare: 0.4,
  hasQualifiedBackup: false, leadTimeDays: 30, leadTimeSdDays: 3, observedOnTimeRate: 1, outcomeCount: 6, lateStreak: 0,
  defectRate: 0, defectThreshold: 0.05, lateStreakPos: 3,
};

describe("computePriority", () => {
  it.each([
    ["single-sourced A item", {}, "high"],
    ["A item with a qualified backup and no risk signals", { hasQualifiedBackup: true }, "medium"],
    ["B item single-sourced only", { abcClass: "B" as const, cumulativeShareBefore: 0.85 }, "low"],
    ["B item single-sourced in one region with capacity limits", { abcClass: "B" as const, cumulativeShareBefore: 0.85, riskProfile: { singleRegion: true, capacityConstrained: true, complexMaterials: false, heavyManualSteps: false, switchingFriction: "medium" as const } }, "medium"],
    ["C item with every risk", { abcClass: "C" as const, revenueShare: 0.001, cumulativeShareBefore: 0.99, riskProfile: { singleRegion: true, capacityConstrained: true, complexMaterials: true, heavyManualSteps: true, switchingFriction: "high" as const } }, "low"],
    ["no revenue", { revenueShare: 0, abcClass: "C" as const }, "low"],
  ])("%s → %s", (_name, override, tier) => {
    expect(computePriority({ ...basePriority, ...override }).tier).toBe(tier);
  });

  it("scores 100 × reliance × (0.4 + 0.6 × risk) × friction with plain reasons", () => {
    const r = computePriority({ ...basePriority, leadTimeSdDays: 12, lateStreak: 3 });
    // reliance = 0.8·(1 − 0.1) + 0.2·0.4 = 0.8; risk = 0.35 + 0.15 + 0.15 = 0.65
    expect(r.relianceScore).toBeCloseTo(0.8, 12);
    expect(r.productionRiskScore).toBeCloseTo(0.65, 12);
    expect(r.score).toBeCloseTo(Math.round(1000 * 0.8 * (0.4 + 0.6 * 0.65)) / 10, 9);
    expect(r.reasons.map((x) => x.code)).toEqual(["TOP_REVENUE", "REPEAT_BUYERS", "SINGLE_SOURCE", "VOLATILE_LEAD_TIME", "LATE_HISTORY"]);
    expect(r.reasons[0].text).toBe("Makes 12% of revenue; a 30-day stockout puts $4,120 at risk.");
  });

  it("flags roughly the top fifth of a typical Pareto catalogue", () => {
    // 1,000 SKUs with lognormal revenue (σ 1.7): about 20% of SKUs make 80% of revenue.
    const rng = new Rng(99);
    const items = Array.from({ length: 1000 }, (_, i) => {
      const revenue = Math.round(100_000 * Math.exp(1.7 * rng.nextNormal()));
      return { variantId: `v${i}`, netRevenueCents: revenue, revenueAtRiskCents: Math.round(revenue / 3) };
    });
    const ranks = rankReliance(items);
    const flagged = ranks.filter((r, i) =>
      computePriority({ ...basePriority, abcClass: r.abcClass, revenueShare: r.revenueShare, cumulativeShareBefore: r.cumulativeShareBefore, revenueAtRiskCents: items[i].revenueAtRiskCents, repeatShare: 0.2 }).tier === "high",
    ).length;
    expect(flagged / 1000).toBeGreaterThan(0.12);
    expect(flagged / 1000).toBeLessThan(0.3);
  });
});
