import { describe, expect, it } from "vitest";
import {
  classifyDemand,
  computeStoreSeasonality,
  computeVelocity,
  croston,
  dayIsInStock,
  sesFit,
  sesLevel,
  sesOneStepSse,
} from "~/planning/velocity";
import type { DailyHistory } from "~/planning/types";
import { expectRelClose } from "./helpers";

function history(units: number[], available?: number[], startDay = "2026-01-01"): DailyHistory {
  return { startDay, units, revenueCents: units.map((u) => u * 1000), availableAtStart: available };
}

describe("sesLevel (l₁ = y₁, l_t = l_{t−1} + α(y_t − l_{t−1}); NIST 6.4.3.1, statsforecast ses)", () => {
  it.each([
    // [3,5,4,6], α 0.2: l = 3 → 3 + 0.2·2 = 3.4 → 3.4 + 0.2·0.6 = 3.52 → 3.52 + 0.2·2.48 = 4.016
    [[3, 5, 4, 6], 0.2, 4.016],
    // α 0.5: 3 → 4 → 4 → 5
    [[3, 5, 4, 6], 0.5, 5],
    [[7], 0.3, 7],
    [[], 0.3, 0],
    [[2, 2, 2, 2], 0.1, 2],
  ])("level of %j with α %s is %s", (values, alpha, expected) => {
    if (expected === 0) expect(sesLevel(values, alpha)).toBe(0);
    else expectRelClose(sesLevel(values, alpha), expected, 1e-12);
  });

  it("computes the one-step SSE Σ(y_t − l_{t−1})²: (5−3)² + (4−3.4)² + (6−3.52)² = 10.5104", () => {
    expectRelClose(sesOneStepSse([3, 5, 4, 6], 0.2), 10.5104, 1e-12);
  });

  it("picks α in [0.1, 0.3] with the lowest SSE (a trending series wants the largest α)", () => {
    expect(sesFit([1, 2, 3, 4, 5, 6, 7, 8]).alpha).toBe(0.3);
    expect(sesFit([5, 5, 5, 5]).alpha).toBe(0.1);
  });
});

describe("croston (R forecast::croston / statsforecast initialisation, α = 0.1)", () => {
  // y = 0,0,3,0,5,0,0,2 → demands at positions 3, 5, 8.
  // z = 3, p = 3 (position of the first demand)
  // t = 5: z = 3 + 0.1(5 − 3) = 3.2;    p = 3 + 0.1((5 − 3) − 3) = 2.9
  // t = 8: z = 3.2 + 0.1(2 − 3.2) = 3.08; p = 2.9 + 0.1((8 − 5) − 2.9) = 2.91
  // Croston = 3.08/2.91; SBA = 0.95 × Croston; SBJ = (1 − 0.1/1.9) × Croston
  const series = [0, 0, 3, 0, 5, 0, 0, 2];

  it.each([
    ["size z", (r: ReturnType<typeof croston>) => r.size, 3.08],
    ["interval p", (r: ReturnType<typeof croston>) => r.interval, 2.91],
    ["Croston z/p", (r: ReturnType<typeof croston>) => r.croston, 3.08 / 2.91],
    ["SBA (1 − α/2)z/p", (r: ReturnType<typeof croston>) => r.sba, 0.95 * (3.08 / 2.91)],
    ["SBJ (1 − α/(2 − α))z/p", (r: ReturnType<typeof croston>) => r.sbj, (1 - 0.1 / 1.9) * (3.08 / 2.91)],
  ])("%s matches the hand computation", (_name, pick, expected) => {
    expectRelClose(pick(croston(series)), expected, 1e-12);
  });

  it("does not lower Croston/SBA for trailing zeros", () => {
    expect(croston([...series, 0, 0, 0, 0])).toEqual(croston(series));
  });

  it("returns 0 with no demand (R errors, statsforecast returns 0)", () => {
    expect(croston([0, 0, 0]).sba).toBe(0);
  });

  it("uses z = y and p = its 1-based position for a single demand (R refuses)", () => {
    const r = croston([0, 0, 0, 4]);
    expect(r.size).toBe(4);
    expect(r.interval).toBe(4);
    expectRelClose(r.croston, 1, 1e-12);
  });

  it("matches statsforecast's hard-coded 0.95 only at α = 0.1", () => {
    expectRelClose(croston(series, 0.1).sba / croston(series, 0.1).croston, 0.95, 1e-12);
    expectRelClose(croston(series, 0.2).sba / croston(series, 0.2).croston, 0.9, 1e-12);
  });
});

describe("classifyDemand (ADI 1.32, CV² 0.49)", () => {
  it.each([
    [1.0, 0.2, 10, "smooth"],
    [1.0, 0.8, 10, "erratic"],
    [2.0, 0.2, 10, "intermittent"],
    [2.0, 0.8, 10, "lumpy"],
    [1.32, 0.49, 10, "lumpy"],
    [0, 0, 0, "none"],
  ])("ADI %s, CV² %s → %s", (adi, cv2, nonZero, expected) => {
    expect(classifyDemand(adi, cv2, nonZero)).toBe(expected);
  });
});

describe("dayIsInStock (§1.1 censoring)", () => {
  it.each([
    [[2], [5, 3], 0, true],
    [[2], [0, 3], 0, false], // nothing available in the morning
    [[3], [3, 1], 0, false], // sales reached the morning's stock: sold out
    [[1], [3, 0], 0, false], // the next morning shows 0: sold out during the day
    [[1], [Number.NaN, 0], 0, true], // no snapshot: no evidence of a stockout
    [[0], [4], 0, true], // last day, next morning unknown
  ])("units %j, available %j, day %s → %s", (units, available, i, expected) => {
    expect(dayIsInStock(units, available, i)).toBe(expected);
  });
});

describe("computeVelocity", () => {
  it("counts only in-stock days: mean and sample sd over them (velocity_censored)", () => {
    // Days 0..5 (window = 6 days before asOf 2026-01-07); day 2 starts at 0, day 4 sells out.
    const h = history([2, 4, 0, 3, 5, 1], [10, 8, 0, 6, 5, 9]);
    const v = computeVelocity(h, "2026-01-07", { windowDays: 6 });
    // kept: day 0 (2), day 1 (4) — day 1's next morning is 0? no: available[2] = 0 → day 1 sold out.
    // So kept = day 0 (2), day 3 (3), day 5 (1); censored = days 1, 2, 4.
    expect(v.censoredDays).toBe(3);
    expect(v.inStockDays).toBe(3);
    expectRelClose(v.unitsPerDay, 2, 1e-12);
    expectRelClose(v.unitsPerDaySd, 1, 1e-12); // sd of 2, 3, 1 with ddof 1
    expect(v.unitsSold).toBe(15); // all observed days still count for revenue
    expect(v.confidence).toBe("low"); // 50% censored, 3 in-stock days
    expect(v.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["SHORT_HISTORY", "HEAVILY_CENSORED"]));
  });

  it("keeps in-stock zero days as real zeros", () => {
    const h = history([0, 0, 6, 0], [5, 5, 9, 3]);
    const v = computeVelocity(h, "2026-01-05", { windowDays: 4 });
    expect(v.inStockDays).toBe(4);
    expectRelClose(v.unitsPerDay, 1.5, 1e-12);
  });

  it("treats stock-out days as demand when the SKU sells on backorder", () => {
    const h = history([2, 4, 3], [0, -2, -6]);
    const v = computeVelocity(h, "2026-01-04", { windowDays: 3, sellsWhenOutOfStock: true });
    expect(v.censoredDays).toBe(0);
    expectRelClose(v.unitsPerDay, 3, 1e-12);
  });

  it("excludes asOf itself and anything after it", () => {
    const h = history([1, 1, 1, 100, 100]);
    const v = computeVelocity(h, "2026-01-04", { windowDays: 90 });
    expect(v.observedDays).toBe(3);
    expectRelClose(v.unitsPerDay, 1, 1e-12);
  });

  it("classifies a single early sale followed by zeros as intermittent and forecasts with SBA", () => {
    const units = Array.from({ length: 90 }, (_, i) => (i === 0 ? 1 : 0));
    const v = computeVelocity(history(units), "2026-04-01", { windowDays: 90 });
    expect(v.adi).toBe(90);
    expect(v.demandClass).toBe("intermittent");
    expect(v.forecastMethod).toBe("sba");
    expect(v.confidence).toBe("low");
    expect(v.reasons.map((r) => r.code)).toContain("FEW_SALES");
    // SBA on the in-stock series: z = 1, p = 1 → 0.95 units/day (Croston never decays; §1.4)
    expectRelClose(v.forecastUnitsPerDay, 0.95, 1e-12);
  });

  it("uses SES for a smooth daily seller", () => {
    const units = Array.from({ length: 60 }, (_, i) => 10 + (i % 3));
    const v = computeVelocity(history(units), "2026-03-02", { windowDays: 60 });
    expect(v.demandClass).toBe("smooth");
    expect(v.forecastMethod).toBe("ses");
    expect(v.forecastUnitsPerDay).toBeGreaterThan(9.5);
    expect(v.forecastUnitsPerDay).toBeLessThan(12.5);
    expect(v.confidence).toBe("high");
  });

  it.each([
    ["zero demand", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "none", 0],
    ["empty history", [], "none", 0],
  ])("handles %s without NaN", (_name, units, expectedClass, expectedRate) => {
    const v = computeVelocity(history(units), "2026-01-16", { windowDays: 30 });
    expect(v.demandClass).toBe(expectedClass);
    expect(v.unitsPerDay).toBe(expectedRate);
    expect(Number.isNaN(v.unitsPerDaySd)).toBe(false);
    expect(Number.isNaN(v.adi)).toBe(false);
  });

  it("accepts typed arrays as well as plain arrays, with identical results", () => {
    const units = [3, 0, 2, 5, 0, 1, 4];
    const plain = computeVelocity(history(units, [9, 9, 9, 9, 9, 9, 9]), "2026-01-08", { windowDays: 7 });
    const typed = computeVelocity(
      { startDay: "2026-01-01", units: Int32Array.from(units), revenueCents: Float64Array.from(units, (u) => u * 1000), availableAtStart: Float32Array.from([9, 9, 9, 9, 9, 9, 9]) },
      "2026-01-08",
      { windowDays: 7 },
    );
    expect(typed).toEqual(plain);
  });
});

describe("computeStoreSeasonality", () => {
  it("recovers a store-wide weekday pattern with mean 1", () => {
    // 2026-01-05 is a Monday. Weekend days sell double.
    const pattern = [1, 1, 1, 1, 1, 2, 2];
    const skus = Array.from({ length: 20 }, () => history(Array.from({ length: 56 }, (_, i) => 3 * pattern[i % 7]), undefined, "2026-01-05"));
    const s = computeStoreSeasonality(skus, "2026-03-02");
    expect(s.applied).toBe(true);
    const mean = pattern.reduce((a, b) => a + b, 0) / 7;
    s.indices.forEach((index, w) => expectRelClose(index, pattern[w] / mean, 1e-12));
  });

  it("falls back to all ones when history is short", () => {
    const s = computeStoreSeasonality([history([5, 5, 5, 5, 5, 5, 5, 5, 5, 5])], "2026-01-11");
    expect(s.applied).toBe(false);
    expect(s.indices).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it("leaves stock-out days out of the rates", () => {
    const units = Array.from({ length: 56 }, () => 4);
    const available = Array.from({ length: 56 }, (_, i) => (i % 14 === 0 ? 0 : 50)); // every other Monday out
    const s = computeStoreSeasonality(Array.from({ length: 10 }, () => history(units, available, "2026-01-05")), "2026-03-02");
    expect(s.applied).toBe(true);
    s.indices.forEach((index) => expectRelClose(index, 1, 1e-12));
  });
});
