import { describe, expect, it } from "vitest";
import { compareWorkingCapital, computeWorkingCapital, type CapitalSupplier } from "~/planning/working-capital";
import { collectNumbers, expectRelClose } from "./helpers";

const P: CapitalSupplier = { supplierId: "P", share: 0.8, unitCostCents: 500, leadTimeDays: 30, leadTimeSdDays: 0, moqUnits: 0, depositShare: 0.3, paymentTermsDays: 30, transitDays: 0 };
const B: CapitalSupplier = { supplierId: "B", share: 0.2, unitCostCents: 600, leadTimeDays: 10, leadTimeSdDays: 0, moqUnits: 100, depositShare: 0.5, paymentTermsDays: 0, transitDays: 5 };
const base = { unitsPerDay: 10, unitsPerDaySd: 0, onHandUnits: 200, serviceLevel: 0.95, reviewPeriodDays: 7, carryingRatePerYear: 0.25 };

describe("computeWorkingCapital (§6)", () => {
  // Hand computation for an 80/20 split:
  //   c̄ = 0.8·500 + 0.2·600 = 520 cents; L̄ = 0.8·30 + 0.2·10 = 26 days;
  //   Var_L = 0.8·30² + 0.2·10² − 26² = 64 → sd_L = 8; T = 33, sigma = √(100·64) = 80, SS = 1.6449·80
  //   cycle = max(0.8·10·7, 0)/2 + max(0.2·10·7, MOQ 100)/2 = 28 + 50 = 78 units
  //   pipeline P = 500·10·0.8·(0.3·30 + 0.7·max(0, 0 − 30)) = 36,000; B = 600·10·0.2·(0.5·10 + 0.5·max(0, 5 − 0)) = 9,000
  const r = computeWorkingCapital({ ...base, suppliers: [P, B] });
  const ss = 1.6448536269514727 * 80;

  it.each([
    ["blended unit cost (cents)", r.blendedUnitCostCents, 520],
    ["mixture lead time (days)", r.leadTimeDays, 26],
    ["mixture lead-time sd (days)", r.leadTimeSdDays, 8],
    ["safety stock (units)", r.safetyStockUnits, ss],
    ["cycle stock (units)", r.cycleStockUnits, 78],
    ["stock on hand (cents)", r.stockOnHandCents, 200 * 520],
    ["safety stock (cents)", r.safetyStockCents, ss * 520],
    ["paid pipeline (cents)", r.pipelineCents, 45_000],
    ["average inventory (cents)", r.averageInventoryCents, (78 + ss) * 520],
    ["carrying cost (cents/yr)", r.carryingCostPerYearCents, 0.25 * ((78 + ss) * 520 + 45_000)],
  ])("%s", (_name, actual, expected) => {
    expectRelClose(actual, expected, 1e-9);
  });

  it("reports the pipeline per supplier and days of inventory", () => {
    expect(r.pipelineBySupplier).toEqual([
      { supplierId: "P", cents: 36_000 },
      { supplierId: "B", cents: 9_000 },
    ]);
    expect(r.daysOfInventory).toBe(20);
  });

  it.each([
    ["zero demand", { unitsPerDay: 0 }],
    ["missing costs", {}],
    ["no suppliers", {}],
  ])("stays finite with %s", (name, override) => {
    const suppliers = name === "no suppliers" ? [] : name === "missing costs" ? [{ ...P, unitCostCents: Number.NaN }] : [P, B];
    const result = computeWorkingCapital({ ...base, ...override, suppliers });
    expect(collectNumbers(result).some((x) => !Number.isFinite(x))).toBe(false);
  });
});

describe("compareWorkingCapital", () => {
  const shares = (p: number, b: number) => new Map([["P", p], ["B", b]]);

  it("shows what a split and a faster cadence change", () => {
    const c = compareWorkingCapital(base, [P, B], shares(1, 0), shares(0.8, 0.2));
    expect(c.current.pipelineCents).toBeCloseTo(500 * 10 * 9, 6);
    expect(c.recommended.cycleStockUnits).toBe(78);
    expect(c.recommendedFasterCadence.reviewPeriodDays).toBe(4); // R 7 → round(3.5) = 4
    expectRelClose(c.splitChangeCarryingCostPerYearCents, c.recommended.carryingCostPerYearCents - c.current.carryingCostPerYearCents, 1e-12);
    // Half the cadence halves P's cycle stock but not the backup's MOQ-bound one.
    expect(c.recommendedFasterCadence.cycleStockUnits).toBeCloseTo(0.8 * 10 * 4 / 2 + 50, 9);
  });

  it("reuses the current figures when the recommendation keeps the split", () => {
    const c = compareWorkingCapital(base, [P, B], shares(0.8, 0.2), shares(0.8, 0.2));
    expect(c.recommended).toBe(c.current);
    expect(c.splitChangeCarryingCostPerYearCents).toBe(0);
  });
});
