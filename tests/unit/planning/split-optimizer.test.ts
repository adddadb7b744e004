import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { optimiseSplit, orderUpToLevel, type OptimiserInput, type SimSupplier } from "~/planning/split-optimizer";
import { collectNumbers } from "./helpers";

const reliable: SimSupplier = {
  unitCostCents: 500,
  defectRate: 0.01,
  leadTimeDays: 30,
  leadTimeSdDays: 0,
  onTimeRate: 1,
  meanDaysLateWhenLate: 0,
  moqUnits: 0,
  capacityUnitsPerMonth: null,
  disruptionProbabilityPerYear: 0,
  meanOutageDays: 30,
  rampUpDays: 14,
  depositShare: 0.3,
  paymentTermsDays: 30,
  transitDays: 0,
};

const prototype: OptimiserInput = {
  unitsPerDay: 10,
  unitsPerDaySd: 4,
  reviewPeriodDays: 7,
  serviceLevel: 0.95,
  carryingRatePerYear: 0.25,
  shortagePenaltyCentsPerUnit: 1500,
  moqToleranceCents: 10_000,
  // planning-math §7B prototype: P $5, L 30±5, on-time 90%, 30%/yr outages of ~45 days; B $6, L 7±1.
  primary: { ...reliable, leadTimeSdDays: 5, onTimeRate: 0.9, meanDaysLateWhenLate: 7, disruptionProbabilityPerYear: 0.3, meanOutageDays: 45 },
  backup: { ...reliable, unitCostCents: 600, leadTimeDays: 7, leadTimeSdDays: 1, disruptionProbabilityPerYear: 0.05, meanOutageDays: 20 },
  reroute: false,
};

const FAST = { maxReplications: 60, batchReplications: 20 };

describe("optimiseSplit (§7B(i) simulation with common random numbers)", () => {
  it("is deterministic for a seed and reports every grid share with a cost breakdown", () => {
    const a = optimiseSplit(prototype, { ...FAST, seed: 11 });
    const b = optimiseSplit(prototype, { ...FAST, seed: 11 });
    expect(a).toEqual(b);
    expect(a.candidates.map((c) => c.backupShare)).toEqual(Array.from({ length: 21 }, (_, i) => Math.round(i * 5) / 100));
    for (const c of a.candidates) {
      expect(c.totalCents.mean).toBeCloseTo(c.purchaseCents.mean + c.workingCapitalCents.mean + c.shortageCents.mean, 4);
      expect(c.totalCents.low).toBeLessThanOrEqual(c.totalCents.mean);
      expect(c.totalCents.high).toBeGreaterThanOrEqual(c.totalCents.mean);
    }
    expect(a.candidates.find((c) => c.backupShare === a.bestBackupShare)).toEqual(a.best);
  });

  it("reproduces the note's prototype without rerouting: a small warm backup share beats single sourcing", () => {
    const r = optimiseSplit(prototype, { seed: 5 });
    expect(r.bestBackupShare).toBeGreaterThan(0);
    expect(r.bestBackupShare).toBeLessThanOrEqual(0.3);
    const single = r.candidates[0];
    expect(single.shortageCents.mean).toBeGreaterThan(r.best.shortageCents.mean);
  });

  it("evaluates extra shares (the rule's) beside the grid", () => {
    const r = optimiseSplit(prototype, { ...FAST, extraShares: [0.27] });
    expect(r.candidates.some((c) => c.backupShare === 0.27)).toBe(true);
  });

  it("raises the order-up-to level with the mixture lead-time variance", () => {
    const input = { ...prototype, primary: reliable, backup: { ...reliable, leadTimeDays: 60 } };
    expect(orderUpToLevel(input, 0.5)).toBeGreaterThan(orderUpToLevel(input, 0));
  });

  it("rejects invalid input with a message naming the field", () => {
    expect(() => optimiseSplit({ ...prototype, backup: { ...prototype.backup, defectRate: 1 } })).toThrow(/backup\.defectRate = 1/);
  });

  it("gives a perfectly reliable cheaper primary everything when disruption is impossible (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          d: fc.double({ min: 0.5, max: 40, noNaN: true }),
          cv: fc.double({ min: 0.3, max: 1.5, noNaN: true }),
          lead: fc.integer({ min: 3, max: 60 }),
          cost: fc.integer({ min: 200, max: 3000 }),
          premium: fc.double({ min: 1.05, max: 1.5, noNaN: true }),
          backupDefect: fc.double({ min: 0.01, max: 0.1, noNaN: true }),
          moqB: fc.integer({ min: 0, max: 200 }),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        (a) => {
          const input: OptimiserInput = {
            ...prototype,
            unitsPerDay: a.d,
            unitsPerDaySd: a.cv * a.d,
            shortagePenaltyCentsPerUnit: a.cost,
            primary: { ...reliable, unitCostCents: a.cost, leadTimeDays: a.lead },
            backup: { ...reliable, unitCostCents: Math.round(a.cost * a.premium), defectRate: a.backupDefect, leadTimeDays: a.lead, moqUnits: a.moqB },
            reroute: true,
          };
          expect(optimiseSplit(input, { ...FAST, seed: a.seed }).bestBackupShare).toBe(0);
        },
      ),
      { numRuns: 8 },
    );
  });

  it("splits identical suppliers with independent disruptions about evenly (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          d: fc.double({ min: 3, max: 30, noNaN: true }),
          lead: fc.integer({ min: 10, max: 40 }),
          pi: fc.double({ min: 0.4, max: 0.9, noNaN: true }),
          outage: fc.integer({ min: 30, max: 60 }),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        (a) => {
          const same: SimSupplier = { ...reliable, leadTimeDays: a.lead, leadTimeSdDays: 2, disruptionProbabilityPerYear: a.pi, meanOutageDays: a.outage };
          const input: OptimiserInput = { ...prototype, unitsPerDay: a.d, unitsPerDaySd: Math.sqrt(a.d), shortagePenaltyCentsPerUnit: 3000, primary: same, backup: same, reroute: false };
          const r = optimiseSplit(input, { maxReplications: 120, seed: a.seed });
          expect(r.bestBackupShare).toBeGreaterThanOrEqual(0.3);
          expect(r.bestBackupShare).toBeLessThanOrEqual(0.7);
        },
      ),
      { numRuns: 6 },
    );
  });

  it("moves volume to the backup as the primary's disruption risk rises (check, not a theorem)", () => {
    const share = (pi: number) => optimiseSplit({ ...prototype, primary: { ...prototype.primary, disruptionProbabilityPerYear: pi } }, { seed: 3 }).bestBackupShare;
    expect(share(0.9)).toBeGreaterThan(share(0));
  });

  it("never returns NaN: zero demand, lead time 0, all-defect-free, huge penalties (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          d: fc.double({ min: 0, max: 50, noNaN: true }),
          sd: fc.double({ min: 0, max: 50, noNaN: true }),
          leadP: fc.integer({ min: 0, max: 60 }),
          leadB: fc.integer({ min: 0, max: 60 }),
          review: fc.integer({ min: 0, max: 30 }),
          pi: fc.double({ min: 0, max: 1, noNaN: true }),
          cap: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
          moq: fc.integer({ min: 0, max: 500 }),
          penalty: fc.integer({ min: 0, max: 1e6 }),
        }),
        (a) => {
          const r = optimiseSplit(
            {
              ...prototype,
              unitsPerDay: a.d,
              unitsPerDaySd: a.sd,
              reviewPeriodDays: a.review,
              shortagePenaltyCentsPerUnit: a.penalty,
              primary: { ...reliable, leadTimeDays: a.leadP, disruptionProbabilityPerYear: a.pi, capacityUnitsPerMonth: a.cap },
              backup: { ...reliable, leadTimeDays: a.leadB, moqUnits: a.moq },
            },
            { maxReplications: 10, batchReplications: 5, gridStep: 0.25 },
          );
          expect(collectNumbers(r).some(Number.isNaN)).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });
});
