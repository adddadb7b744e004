import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeSupplierPerformance } from "~/planning/supplier-performance";
import {
  applyOrderLimits,
  capacityPerOrderUnits,
  recommendRuleSplit,
  replayLateShift,
  type SplitSupplier,
} from "~/planning/split-rules";
import { DEFAULT_PLANNING_SETTINGS, type PurchaseOrderRecord, type SupplierTerms } from "~/planning/types";

const settings = { ...DEFAULT_PLANNING_SETTINGS };
const AS_OF = "2026-06-01";

function terms(over: Partial<SupplierTerms> & { supplierId: string; name: string }): SupplierTerms {
  return {
    role: "backup",
    stage: "active",
    allocationPct: 0,
    leadTimeDays: 30,
    leadTimeSdDays: 3,
    moqUnits: 0,
    landedCostCents: 500,
    capacityUnitsPerMonth: null,
    ...over,
  };
}

/** POs for a supplier: one per outcome, "O" on time, "L" late by `lateDays`, oldest first. */
function orders(supplierId: string, outcomes: string, lateDays = 9, defective = 0): PurchaseOrderRecord[] {
  return Array.from(outcomes, (o, i) => {
    const placed = new Date(Date.UTC(2025, 0, 1 + i * 20));
    const promised = new Date(placed.getTime() + 30 * 86_400_000);
    const received = new Date(promised.getTime() + (o === "L" ? lateDays : 0) * 86_400_000);
    return {
      id: `${supplierId}-${i}`,
      supplierId,
      isPilot: false,
      orderedUnits: 100,
      placedOn: placed.toISOString().slice(0, 10),
      promisedOn: promised.toISOString().slice(0, 10),
      receivedOn: received.toISOString().slice(0, 10),
      receivedUnits: 100,
      defectiveUnits: defective,
      landedCostCents: null,
    };
  });
}

function supplier(t: SupplierTerms, pos: PurchaseOrderRecord[] = []): SplitSupplier {
  return {
    terms: t,
    performance: computeSupplierPerformance(t.supplierId, pos, AS_OF, { leadTimeDays: t.leadTimeDays, leadTimeSdDays: t.leadTimeSdDays, landedCostCents: t.landedCostCents }, settings.lateGraceDays),
  };
}

const shenzhen = terms({ supplierId: "P", name: "Shenzhen Works", role: "primary", allocationPct: 80 });
const dongguan = terms({ supplierId: "B", name: "Dongguan Backup", allocationPct: 20, landedCostCents: 560 });

describe("replayLateShift (N late → +step, N on time → −step, max total)", () => {
  it.each([
    ["", 0, null],
    ["LL", 0, null],
    ["LLL", 10, "shift"],
    ["LLLLLL", 20, "shift"],
    ["LLLLLLLLL", 20, "shift"], // capped at 20
    ["LLLOOO", 0, "recover"],
    ["LLLLLLOOO", 10, "recover"],
    ["LLLOLO", 10, "shift"],
  ])("%j → shift %s (last step %s)", (sequence, shift, last) => {
    const outcomes = Array.from(sequence, (c) => (c === "L" ? ("late" as const) : ("on_time" as const)));
    expect(replayLateShift(outcomes, 3, 10, 20)).toEqual({ shiftPct: shift, lastStep: last });
  });
});

describe("capacityPerOrderUnits (monthly capacity × R/30)", () => {
  it.each([
    [3000, 7, 700],
    [null, 7, Number.POSITIVE_INFINITY],
    [300, 0, 300],
  ])("%s/month with R %s → %s per order", (cap, review, expected) => {
    expect(capacityPerOrderUnits(cap, review)).toBe(expected);
  });
});

describe("recommendRuleSplit", () => {
  it("gives the healthy 80/20 baseline", () => {
    const r = recommendRuleSplit({ suppliers: [supplier(shenzhen, orders("P", "OOOOO")), supplier(dongguan)], orderUnits: 500, unitsPerDay: 10 }, settings);
    expect(r.action).toBe("split");
    expect([r.primaryPct, r.backupPct]).toEqual([80, 20]);
    expect(r.allocations.map((a) => a.units)).toEqual([400, 100]);
    expect(r.reasons[0].code).toBe("BASELINE_HEALTHY");
  });

  it("shifts 10 points after 3 late POs and explains it with numbers", () => {
    const r = recommendRuleSplit({ suppliers: [supplier(shenzhen, orders("P", "OOLLL", 9)), supplier(dongguan)], orderUnits: 500, unitsPerDay: 10 }, settings);
    // on-time 40% → unhealthy 70/30, + 10 points for the streak → 60/40
    expect(r.targetBackupPct).toBe(40);
    expect(r.lateShiftPct).toBe(10);
    expect(r.explanation).toBe("Shenzhen Works was late on the last 3 POs by 9 days on average: 40% to Dongguan Backup.");
    expect(r.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(["BASELINE_UNHEALTHY", "LATE_STREAK_SHIFT"]));
  });

  it("steps back toward the baseline after 3 on-time POs", () => {
    const r = recommendRuleSplit({ suppliers: [supplier(shenzhen, orders("P", "OOOOOOOOOOLLLOOO")), supplier(dongguan)], orderUnits: 500, unitsPerDay: 10 }, settings);
    expect(r.lateShiftPct).toBe(0);
    expect(r.reasons.map((x) => x.code)).toContain("ON_TIME_RECOVERY");
  });

  it("pauses new primary volume when its defect rate crosses the threshold", () => {
    const r = recommendRuleSplit({ suppliers: [supplier(shenzhen, orders("P", "OOOOO", 0, 8)), supplier(dongguan)], orderUnits: 500, unitsPerDay: 10 }, settings);
    expect(r.backupPct).toBe(100);
    expect(r.explanation).toBe("Shenzhen Works's defect rate is 8%, above your 5% threshold: new volume paused, 100% to Dongguan Backup.");
  });

  it("tests a higher backup share when the backup is meaningfully cheaper per good unit", () => {
    const cheap = terms({ supplierId: "B", name: "Dongguan Backup", landedCostCents: 450 });
    const r = recommendRuleSplit({ suppliers: [supplier(shenzhen, orders("P", "OOOOO")), supplier(cheap)], orderUnits: 500, unitsPerDay: 10 }, settings);
    expect(r.backupPct).toBe(30);
    expect(r.reasons.map((x) => x.code)).toContain("CHEAPER_BACKUP_TEST");
  });

  it("caps the backup at 50% while the primary is available", () => {
    const cheap = terms({ supplierId: "B", name: "Dongguan Backup", landedCostCents: 400 });
    const r = recommendRuleSplit({ suppliers: [supplier(shenzhen, orders("P", "LLLLLL")), supplier(cheap)], orderUnits: 1000, unitsPerDay: 10 }, settings);
    expect(r.targetBackupPct).toBe(50);
    expect(r.reasons.map((x) => x.code)).toContain("BACKUP_CAP_50");
  });

  it("keeps the backup warm at its minimum share", () => {
    const r = recommendRuleSplit({ suppliers: [supplier(shenzhen, orders("P", "OOOOO")), supplier(dongguan)], orderUnits: 500, unitsPerDay: 10 }, { ...settings, baselinePrimaryPct: 95 });
    expect(r.backupPct).toBe(10);
    expect(r.reasons.map((x) => x.code)).toContain("KEEP_BACKUP_WARM");
  });

  it("carries a backup share below its MOQ to a later order and says so", () => {
    const moqBackup = terms({ supplierId: "B", name: "Dongguan Backup", landedCostCents: 560, moqUnits: 300 });
    const r = recommendRuleSplit({ suppliers: [supplier(shenzhen, orders("P", "OOOOO")), supplier(moqBackup)], orderUnits: 500, unitsPerDay: 10 }, { ...settings, moqToleranceCents: 1000 });
    // 100 units to B < MOQ 300; rounding up would cost 200 × $0.60 = $120 > $10 tolerance
    expect(r.moqHandling).toBe("carried_forward");
    expect(r.carryForwardBackupUnits).toBe(100);
    expect([r.primaryPct, r.backupPct]).toEqual([100, 0]);
    expect(r.reasons.find((x) => x.code === "MOQ_CARRIED_FORWARD")?.text).toBe(
      "Dongguan Backup's 100 units are below its MOQ of 300: all to Shenzhen Works now, carried to Dongguan Backup's next order.",
    );
  });

  it("rounds the backup up to its MOQ when the extra cost is within tolerance", () => {
    const moqBackup = terms({ supplierId: "B", name: "Dongguan Backup", landedCostCents: 510, moqUnits: 150 });
    const r = recommendRuleSplit({ suppliers: [supplier(shenzhen, orders("P", "OOOOO")), supplier(moqBackup)], orderUnits: 500, unitsPerDay: 10 }, settings);
    expect(r.moqHandling).toBe("rounded_up");
    expect(r.allocations.map((a) => a.units)).toEqual([350, 150]);
    expect([r.primaryPct, r.backupPct]).toEqual([70, 30]);
  });

  it("recommends a pilot run when no backup is qualified", () => {
    const candidate = terms({ supplierId: "C", name: "Ningbo Candidate", stage: "candidate", moqUnits: 50 });
    const r = recommendRuleSplit({ suppliers: [supplier(shenzhen), supplier(candidate)], orderUnits: 500, unitsPerDay: 10 }, settings);
    expect(r.action).toBe("pilot");
    expect([r.primaryPct, r.backupPct]).toEqual([100, 0]);
    expect(r.pilot).toEqual({ supplierId: "C", name: "Ningbo Candidate", units: 140 });
    expect(r.explanation).toBe("No qualified backup: run a pilot of 140 units with Ningbo Candidate before splitting volume.");
  });

  it("reports no qualified supplier at all", () => {
    const r = recommendRuleSplit({ suppliers: [], orderUnits: 10, unitsPerDay: 1 }, settings);
    expect(r.action).toBe("none");
    expect(r.reasons[0].code).toBe("NO_QUALIFIED_SUPPLIER");
  });

  it("picks the cheapest qualified supplier as primary when none is designated, and skips costs it does not know", () => {
    const a = terms({ supplierId: "A", name: "A", landedCostCents: 700 });
    const b = terms({ supplierId: "B", name: "B", landedCostCents: 650 });
    const c = terms({ supplierId: "C", name: "C", landedCostCents: null });
    const r = recommendRuleSplit({ suppliers: [supplier(a), supplier(b), supplier(c)], orderUnits: 100, unitsPerDay: 5 }, settings);
    expect(r.primarySupplierId).toBe("B");
    expect(r.backupSupplierId).toBe("A");
    expect(r.allocations.find((x) => x.supplierId === "C")?.units).toBe(0);
  });

  it("moves capacity overflow to the other supplier and reports both capacity-bound", () => {
    const small = terms({ supplierId: "B", name: "Dongguan Backup", capacityUnitsPerMonth: 300 }); // 70 per 7-day order
    const r1 = recommendRuleSplit({ suppliers: [supplier(shenzhen, orders("P", "OOOOO")), supplier(small)], orderUnits: 500, unitsPerDay: 10 }, settings);
    expect(r1.allocations.map((a) => a.units)).toEqual([430, 70]);
    expect(r1.reasons.map((x) => x.code)).toContain("CAPACITY_OVERFLOW");
    const capped = terms({ supplierId: "P", name: "Shenzhen Works", role: "primary", capacityUnitsPerMonth: 1200 }); // 280 per order
    const r2 = recommendRuleSplit({ suppliers: [supplier(capped, orders("P", "OOOOO")), supplier(small)], orderUnits: 500, unitsPerDay: 10 }, settings);
    expect(r2.unfilledUnits).toBe(150);
    expect(r2.reasons.map((x) => x.code)).toContain("BOTH_CAPACITY_BOUND");
  });
});

describe("applyOrderLimits (property: shares sum to 100 and MOQ/capacity hold)", () => {
  it("every placed quantity is a whole number, 0 or within [MOQ, capacity]; nothing is lost: placed + unfilled ≥ the order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 800 }),
        fc.option(fc.integer({ min: 0, max: 4000 }), { nil: null }),
        fc.option(fc.integer({ min: 0, max: 4000 }), { nil: null }),
        fc.integer({ min: 300, max: 900 }),
        fc.integer({ min: 300, max: 900 }),
        fc.integer({ min: 0, max: 100_000 }),
        (orderUnits, backupPct, carried, moqP, moqB, capP, capB, costP, costB, tolerance) => {
          const r = applyOrderLimits({
            orderUnits,
            backupPct,
            carriedBackupUnits: carried,
            primary: { moqUnits: moqP, capacityUnits: capP ?? Number.POSITIVE_INFINITY, costCents: costP },
            backup: { moqUnits: moqB, capacityUnits: capB ?? Number.POSITIVE_INFINITY, costCents: costB },
            moqToleranceCents: tolerance,
          });
          for (const [q, moq, cap] of [[r.primaryUnits, moqP, capP], [r.backupUnits, moqB, capB]] as const) {
            expect(Number.isInteger(q)).toBe(true);
            expect(q === 0 || q >= moq).toBe(true);
            if (cap !== null) expect(q).toBeLessThanOrEqual(cap);
          }
          expect(r.primaryUnits + r.backupUnits + r.unfilledUnits).toBeGreaterThanOrEqual(orderUnits);
          if (r.unfilledUnits > 0) expect(r.codes).toContain("BOTH_CAPACITY_BOUND");
          if (r.moqHandling === "carried_forward") expect(r.carryForwardBackupUnits).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("the rule engine's allocations always sum to 100% and respect MOQ/capacity (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.option(fc.integer({ min: 30, max: 20_000 }), { nil: null }),
        fc.integer({ min: 300, max: 800 }),
        fc.constantFrom("OOOOO", "OOLLL", "LLLLLL", "", "OOOOO"),
        (orderUnits, moqP, moqB, capB, costB, outcomes) => {
          const p = terms({ supplierId: "P", name: "P", role: "primary", moqUnits: moqP });
          const b = terms({ supplierId: "B", name: "B", moqUnits: moqB, capacityUnitsPerMonth: capB, landedCostCents: costB });
          const r = recommendRuleSplit({ suppliers: [supplier(p, orders("P", outcomes)), supplier(b)], orderUnits, unitsPerDay: 10 }, settings);
          expect(r.allocations.reduce((sum, a) => sum + a.pct, 0)).toBe(100);
          for (const a of r.allocations) {
            const moq = a.supplierId === "P" ? moqP : moqB;
            expect(a.units === 0 || a.units >= moq).toBe(true);
          }
          const backupUnits = r.allocations.find((a) => a.supplierId === "B")?.units ?? 0;
          if (capB !== null) expect(backupUnits).toBeLessThanOrEqual(capacityPerOrderUnits(capB, settings.reviewPeriodDays));
        },
      ),
      { numRuns: 300 },
    );
  });
});
