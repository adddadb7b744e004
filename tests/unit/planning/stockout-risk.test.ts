import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  clampServiceLevel,
  computeStockoutRisk,
  daysOfCover,
  forwardDaysOfCover,
  riskLevelFor,
  safetyStockAndReorderPoint,
  type StockoutRiskInput,
} from "~/planning/stockout-risk";
import { collectNumbers, expectRelClose } from "./helpers";

const base: StockoutRiskInput = {
  unitsPerDay: 10,
  forecastUnitsPerDay: 10,
  unitsPerDaySd: 4,
  leadTimeDays: 30,
  leadTimeSdDays: 5,
  reviewPeriodDays: 7,
  availableUnits: 300,
  openPoUnitsDue: 0,
  serviceLevel: 0.95,
  netPriceCents: 2500,
};

describe("clampServiceLevel ([0.5, 0.9999])", () => {
  it.each([
    [0.95, 0.95],
    [1, 0.9999],
    [1.5, 0.9999],
    [0.3, 0.5],
    [Number.NaN, 0.5],
  ])("%s → %s", (csl, expected) => {
    expect(clampServiceLevel(csl)).toBe(expected);
  });
});

describe("daysOfCover (available ÷ d)", () => {
  it.each([
    [300, 10, 30],
    [0, 2, 0],
    [-5, 2, 0],
    [5, 0, null],
    [1e9, 0.001, 1e12],
  ])("%s units at %s/day → %s days", (available, rate, expected) => {
    expect(daysOfCover(available, rate)).toBe(expected);
  });
});

describe("forwardDaysOfCover (smallest n with Σ forecast > available)", () => {
  it.each([
    [30, 10, [1, 1, 1, 1, 1, 1, 1], 0, 4], // 10, 20, 30 (not > 30), 40 → day 4
    [29, 10, [1, 1, 1, 1, 1, 1, 1], 0, 3],
    [25, 10, [0.5, 0.5, 0.5, 0.5, 0.5, 2.25, 2.25], 0, 6], // Mon–Fri 5 each reach 25 (not > 25); Saturday → 47.5
    [0, 10, [1, 1, 1, 1, 1, 1, 1], 0, 0],
    [10, 0, [1, 1, 1, 1, 1, 1, 1], 0, null],
  ])("%s units, level %s, indices %j from weekday %s → day %s", (available, level, indices, weekday, expected) => {
    expect(forwardDaysOfCover(available, level, indices, weekday)).toBe(expected);
  });

  it("skips whole weeks for huge stock and still lands on the same day as a day-by-day count", () => {
    expect(forwardDaysOfCover(10_000, 10, [1, 1, 1, 1, 1, 1, 1], 3)).toBe(1001);
  });
});

describe("safetyStockAndReorderPoint (k = Φ⁻¹(CSL), SS = k·sigma, ROP = ⌈mu + SS⌉)", () => {
  it("matches the textbook (Chopra & Meindl): weekly demand 2,500 ± 500, L = 2 weeks, CSL 90% → SS ≈ 906", () => {
    const sigma = 500 * Math.sqrt(2);
    const r = safetyStockAndReorderPoint({ kind: "normal", mean: 5000, sd: sigma }, 0.9);
    expectRelClose(r.safetyStockUnits, 906.19380243682322);
    expect(r.reorderPointUnits).toBe(5907);
  });

  it.each([
    [0.95, 1.6448536269514727],
    [0.5, 0],
    [1, 3.7190164854556806], // clamped to 0.9999
    [0.2, 0], // clamped to 0.5: no negative safety stock
  ])("CSL %s uses k = %s", (csl, k) => {
    const r = safetyStockAndReorderPoint({ kind: "normal", mean: 100, sd: 10 }, csl);
    if (k === 0) expect(r.safetyFactor).toBe(0);
    else expectRelClose(r.safetyFactor, k, 1e-12);
  });

  it("uses the exact discrete quantile for Poisson and NB", () => {
    expect(safetyStockAndReorderPoint({ kind: "poisson", mean: 6.3, sd: Math.sqrt(6.3) }, 0.9).reorderPointUnits).toBe(10);
    expect(safetyStockAndReorderPoint({ kind: "negative-binomial", mean: 6.3, sd: Math.sqrt(10.71), r: 9, p: 10 / 17 }, 0.9).reorderPointUnits).toBe(11);
  });
});

describe("riskLevelFor (critical ≥ 0.5 or out of stock, high ≥ 0.2, medium ≥ 0.05)", () => {
  it.each([
    [0.6, 10, 1, "critical"],
    [0.01, 0, 1, "critical"],
    [0.3, 10, 1, "high"],
    [0.05, 10, 1, "medium"],
    [0.049, 10, 1, "low"],
    [0, 0, 0, "low"],
  ])("p %s, available %s, rate %s → %s", (p, available, rate, expected) => {
    expect(riskLevelFor(p, available, rate)).toBe(expected);
  });
});

describe("computeStockoutRisk", () => {
  it("computes the §2–§5 figures for a normal-volume SKU", () => {
    const r = computeStockoutRisk(base);
    // T = 37, mu = 370, Var = 37·16 + 100·25 = 3092
    expect(r.distribution).toBe("normal");
    expect(r.protectionDays).toBe(37);
    expectRelClose(r.meanDemandUnits, 370, 1e-12);
    expectRelClose(r.sdDemandUnits, Math.sqrt(3092), 1e-12);
    const k = (300 - 370) / Math.sqrt(3092);
    expect(r.stockoutProbability).toBeGreaterThan(0.8);
    expectRelClose(r.expectedRevenueLostCents, r.expectedUnitsShort * 2500, 1e-12);
    expect(r.reorderPointUnits).toBe(Math.ceil(370 + 1.6448536269514727 * Math.sqrt(3092)));
    expect(r.orderNowUnits).toBe(r.reorderPointUnits - 300);
    expect(r.daysOfCover).toBe(30);
    expect(r.riskLevel).toBe("critical");
    expect(k).toBeLessThan(0);
    expect(r.reasons.map((x) => x.code)).toEqual(["STOCKOUT_LIKELY"]); // 30 days of cover = the 30-day lead time
    expect(computeStockoutRisk({ ...base, availableUnits: 200 }).reasons.map((x) => x.code)).toContain("COVER_BELOW_LEAD_TIME");
  });

  it.each([
    ["zero demand", { unitsPerDay: 0, forecastUnitsPerDay: 0, unitsPerDaySd: 0 }, "low", 0],
    ["zero variance, enough stock", { unitsPerDaySd: 0, leadTimeSdDays: 0, availableUnits: 370 }, "low", 0],
    ["zero variance, short by one", { unitsPerDaySd: 0, leadTimeSdDays: 0, availableUnits: 369 }, "critical", 1],
    ["huge stock", { availableUnits: 1e9 }, "low", 0],
    ["lead time 0 and continuous review", { leadTimeDays: 0, leadTimeSdDays: 0, reviewPeriodDays: 0 }, "low", 0],
    ["out of stock", { availableUnits: 0 }, "critical", 1],
  ])("%s → risk %s, P(stockout) %s", (_name, override, level, probability) => {
    const r = computeStockoutRisk({ ...base, ...override });
    expect(r.riskLevel).toBe(level);
    expect(r.stockoutProbability).toBeCloseTo(probability, 8);
    expect(collectNumbers(r).some(Number.isNaN)).toBe(false);
  });

  it("handles one sale ever (intermittent) with a discrete law and no NaN", () => {
    const r = computeStockoutRisk({ ...base, unitsPerDay: 1 / 90, forecastUnitsPerDay: 0.0105, unitsPerDaySd: Math.sqrt(1 / 90), availableUnits: 2 });
    expect(["poisson", "negative-binomial"]).toContain(r.distribution);
    expect(r.stockoutProbability).toBeGreaterThan(0);
    expect(r.stockoutProbability).toBeLessThan(0.05);
    expect(collectNumbers(r).some(Number.isNaN)).toBe(false);
  });

  it("counts open POs due within the interval as stock", () => {
    const without = computeStockoutRisk(base);
    const withPo = computeStockoutRisk({ ...base, openPoUnitsDue: 200 });
    expect(withPo.stockPositionUnits).toBe(500);
    expect(withPo.stockoutProbability).toBeLessThan(without.stockoutProbability);
  });

  const riskArb = fc.record({
    d: fc.double({ min: 0.05, max: 80, noNaN: true }),
    cv: fc.double({ min: 0.1, max: 2, noNaN: true }),
    lead: fc.double({ min: 1, max: 90, noNaN: true }),
    leadSdShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
    review: fc.integer({ min: 0, max: 14 }),
  });
  const inputOf = (a: { d: number; cv: number; lead: number; leadSdShare: number; review: number }): StockoutRiskInput => ({
    ...base,
    unitsPerDay: a.d,
    forecastUnitsPerDay: a.d,
    unitsPerDaySd: a.cv * a.d,
    leadTimeDays: a.lead,
    leadTimeSdDays: a.leadSdShare * a.lead,
    reviewPeriodDays: a.review,
  });

  it("risk falls (never rises) as stock rises (property)", () => {
    fc.assert(
      fc.property(riskArb, fc.double({ min: 0, max: 3000, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (a, x, extra) => {
        const lo = computeStockoutRisk({ ...inputOf(a), availableUnits: x });
        const hi = computeStockoutRisk({ ...inputOf(a), availableUnits: x + extra });
        expect(hi.stockoutProbability).toBeLessThanOrEqual(lo.stockoutProbability + 1e-12);
        expect(hi.expectedUnitsShort).toBeLessThanOrEqual(lo.expectedUnitsShort + 1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it("risk rises with lead time (property; 2% allowance where the shape switches, see below)", () => {
    fc.assert(
      fc.property(riskArb, fc.double({ min: 0, max: 60, noNaN: true }), fc.double({ min: 0, max: 2000, noNaN: true }), (a, more, x) => {
        const short = computeStockoutRisk({ ...inputOf(a), availableUnits: x });
        const long = computeStockoutRisk({ ...inputOf(a), availableUnits: x, leadTimeDays: a.lead + more, leadTimeSdDays: a.leadSdShare * a.lead });
        // Same allowance as below when the longer interval switches the shape (e.g. Poisson → normal at mu 20).
        const slack = long.distribution === short.distribution ? 1e-9 : 0.02;
        expect(long.stockoutProbability).toBeGreaterThanOrEqual(short.stockoutProbability * (1 - slack) - 1e-9);
        expect(long.expectedUnitsShort).toBeGreaterThanOrEqual(short.expectedUnitsShort * (1 - slack) - 1e-9);
      }),
      { numRuns: 150 },
    );
  });

  // Expected units short rises with the spread for any stock at or above the mean (convex order);
  // the probability does too once stock is a sigma above the mean (just above the mean a more
  // dispersed discrete law can put more mass at 0, so P(D > x) may dip there). Where the extra
  // spread switches the shape (normal → negative binomial at CV 0.5) the two shapes' figures differ
  // by up to a couple of percent, hence the 2% allowance.
  it("risk rises with lead-time variability when stock covers the expected demand (property)", () => {
    fc.assert(
      fc.property(riskArb, fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), (a, moreShare, cover) => {
        const calm = computeStockoutRisk({ ...inputOf(a), availableUnits: 0 });
        // Stock at mu plus `cover` sigmas of the calmer case: above the mean, more spread means more risk.
        const x = Math.ceil(calm.meanDemandUnits + cover * calm.sdDemandUnits);
        const lower = computeStockoutRisk({ ...inputOf(a), availableUnits: x });
        const higher = computeStockoutRisk({ ...inputOf(a), availableUnits: x, leadTimeSdDays: (a.leadSdShare + moreShare) * a.lead });
        const sameShape = higher.distribution === lower.distribution;
        const slack = sameShape ? 1e-9 : 0.02;
        expect(higher.expectedUnitsShort).toBeGreaterThanOrEqual(lower.expectedUnitsShort * (1 - slack) - 1e-9);
        if (cover >= 1) expect(higher.stockoutProbability).toBeGreaterThanOrEqual(lower.stockoutProbability * (1 - slack) - 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it("never returns NaN, whatever the inputs (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          unitsPerDay: fc.double({ min: 0, max: 1e4, noNaN: true }),
          forecastUnitsPerDay: fc.double({ min: 0, max: 1e4, noNaN: true }),
          unitsPerDaySd: fc.double({ min: 0, max: 1e4, noNaN: true }),
          leadTimeDays: fc.double({ min: 0, max: 365, noNaN: true }),
          leadTimeSdDays: fc.double({ min: 0, max: 100, noNaN: true }),
          reviewPeriodDays: fc.integer({ min: 0, max: 60 }),
          availableUnits: fc.double({ min: -1e3, max: 1e9, noNaN: true }),
          openPoUnitsDue: fc.double({ min: 0, max: 1e6, noNaN: true }),
          serviceLevel: fc.double({ min: 0, max: 1, noNaN: true }),
          netPriceCents: fc.integer({ min: 0, max: 1e6 }),
        }),
        (input) => {
          expect(collectNumbers(computeStockoutRisk(input)).some(Number.isNaN)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
