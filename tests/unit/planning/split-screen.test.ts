import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { screenCost, screenSplit, type ScreenInput, type ScreenSupplier } from "~/planning/split-screen";
import { standardNormalLoss } from "~/planning/stats";
import { expectRelClose } from "./helpers";

const primary: ScreenSupplier = { unitCostCents: 500, defectRate: 0.02, leadTimeDays: 30, disruptionProbabilityPerYear: 0.3, moqUnits: 0 };
const backup: ScreenSupplier = { unitCostCents: 600, defectRate: 0.02, leadTimeDays: 7, disruptionProbabilityPerYear: 0.05, moqUnits: 0 };
const base: ScreenInput = {
  unitsPerDay: 10,
  unitsPerDaySd: 4,
  reviewPeriodDays: 7,
  leadTimeSdDays: 5,
  startingUnits: 0,
  carryingRatePerYear: 0.25,
  shortagePenaltyCentsPerUnit: 1500,
  primary,
  backup,
};

describe("screenCost (§7B(ii) per-cycle scenario newsvendor)", () => {
  it("matches the formula written out by hand for one (q_P, q_B)", () => {
    const W = 37;
    const mu = 370;
    const sigma = Math.sqrt(W * 16 + 100 * 25);
    const piP = 1 - Math.pow(0.7, W / 365);
    const piB = 1 - Math.pow(0.95, W / 365);
    const h = (0.25 * 500 * W) / 365;
    const qP = 350;
    const qB = 80;
    let expected = 0;
    for (const [pUp, bUp] of [[1, 1], [1, 0], [0, 1], [0, 0]]) {
      const prob = (pUp ? 1 - piP : piP) * (bUp ? 1 - piB : piB);
      const y = (pUp ? 0.98 * qP : 0) + (bUp ? 0.98 * qB : 0);
      const short = sigma * standardNormalLoss((y - mu) / sigma);
      const paid = (pUp ? 500 * qP : 0) + (bUp ? 600 * qB : 0);
      expected += prob * (paid + h * (y - mu + short) + 1500 * short);
    }
    expected += (0.25 * (500 * qP * 30 + 600 * qB * 7)) / 365;
    expectRelClose(screenCost(base, qP, qB), expected, 1e-12);
  });
});

describe("screenSplit metamorphic oracles (planning-math §7B)", () => {
  it("gives nothing to a backup when the primary is reliable and cheaper after financing", () => {
    // π_P = 0, equal defects, c_P(1 + r·L_P/365) < c_B(1 + r·L_B/365) ⇒ q_B* = 0
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 900 }),
        fc.double({ min: 1.05, max: 1.6, noNaN: true }),
        fc.integer({ min: 5, max: 60 }),
        fc.integer({ min: 5, max: 60 }),
        (cost, premium, leadP, leadB) => {
          const input: ScreenInput = {
            ...base,
            primary: { ...primary, unitCostCents: cost, leadTimeDays: leadP, disruptionProbabilityPerYear: 0 },
            backup: { ...backup, unitCostCents: cost * premium, leadTimeDays: leadB, disruptionProbabilityPerYear: 0 },
          };
          fc.pre(cost * (1 + (0.25 * leadP) / 365) < cost * premium * (1 + (0.25 * leadB) / 365));
          expect(screenSplit(input, 40).backupUnits).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("splits identical suppliers with independent disruptions evenly (the cost is symmetric)", () => {
    for (const pi of [0.2, 0.5, 0.8]) {
      const same = { ...primary, disruptionProbabilityPerYear: pi };
      const input = { ...base, primary: same, backup: same };
      expectRelClose(screenCost(input, 300, 120), screenCost(input, 120, 300), 1e-12);
      // The grid optimum sits at most one grid step off the diagonal (the diagonal midpoint of two
      // grid points is not always on the grid); convexity guarantees the diagonal is optimal.
      const r = screenSplit(input, 40);
      expect(Math.abs(r.backupShare - 0.5)).toBeLessThanOrEqual(0.05);
    }
  });

  it("moves volume to the backup as the primary's disruption risk rises", () => {
    const shares = [0, 0.2, 0.5, 0.9].map((pi) => screenSplit({ ...base, primary: { ...primary, disruptionProbabilityPerYear: pi } }, 40).backupShare);
    for (let i = 1; i < shares.length; i += 1) expect(shares[i]).toBeGreaterThanOrEqual(shares[i - 1]);
    expect(shares[shares.length - 1]).toBeGreaterThan(shares[0]);
  });

  it("moves volume to the backup as the shortage penalty rises and away as the backup gets dearer", () => {
    const byPenalty = [200, 1500, 6000].map((p) => screenSplit({ ...base, shortagePenaltyCentsPerUnit: p }, 40).backupShare);
    expect(byPenalty[2]).toBeGreaterThanOrEqual(byPenalty[0]);
    const byCost = [520, 600, 900].map((c) => screenSplit({ ...base, backup: { ...backup, unitCostCents: c } }, 40).backupShare);
    expect(byCost[0]).toBeGreaterThanOrEqual(byCost[2]);
  });

  it("puts a backup below its MOQ at 0 or exactly the MOQ", () => {
    const risky = { ...base, shortagePenaltyCentsPerUnit: 6000, primary: { ...primary, disruptionProbabilityPerYear: 0.9 } };
    const unconstrained = screenSplit(risky, 40);
    expect(unconstrained.backupUnits).toBeGreaterThan(0);
    const moq = Math.ceil(unconstrained.backupUnits * 1.7);
    const constrained = screenSplit({ ...risky, backup: { ...backup, moqUnits: moq } }, 40);
    expect([0, moq]).toContain(constrained.backupUnits);
  });
});
