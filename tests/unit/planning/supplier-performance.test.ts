import { describe, expect, it } from "vitest";
import { computeSupplierPerformance, effectiveCostPerGoodUnit, latenessVariance } from "~/planning/supplier-performance";
import type { PurchaseOrderRecord } from "~/planning/types";
import { expectRelClose } from "./helpers";

let seq = 0;
function po(over: Partial<PurchaseOrderRecord> & { placedOn: string; promisedOn: string }): PurchaseOrderRecord {
  seq += 1;
  return {
    id: `po-${String(seq).padStart(3, "0")}`,
    supplierId: "S",
    isPilot: false,
    orderedUnits: 100,
    receivedOn: null,
    receivedUnits: null,
    defectiveUnits: null,
    landedCostCents: 500,
    ...over,
  };
}

const prior = { leadTimeDays: 30, leadTimeSdDays: null, landedCostCents: 500 };
const AS_OF = "2026-06-01";

/** Five received POs placed monthly, promised in 30 days, received after `delays` extra days. */
function history(delays: number[], over: Partial<PurchaseOrderRecord> = {}): PurchaseOrderRecord[] {
  return delays.map((delay, i) => {
    const month = String(i + 1).padStart(2, "0");
    const placed = `2026-${month}-01`;
    const promisedDay = new Date(`${placed}T00:00:00Z`);
    promisedDay.setUTCDate(promisedDay.getUTCDate() + 30);
    const received = new Date(promisedDay);
    received.setUTCDate(received.getUTCDate() + delay);
    return po({ placedOn: placed, promisedOn: promisedDay.toISOString().slice(0, 10), receivedOn: received.toISOString().slice(0, 10), receivedUnits: 100, defectiveUnits: 0, ...over });
  });
}

describe("computeSupplierPerformance", () => {
  it("uses the prior (quoted lead time, sd 25% of it, on-time 90%) when there are no POs", () => {
    const p = computeSupplierPerformance("S", [], AS_OF, prior, 2);
    expect(p.usesPrior).toBe(true);
    expect(p.leadTimeDays).toBe(30);
    expect(p.leadTimeSdDays).toBe(7.5);
    expect(p.onTimeRate).toBe(0.9);
    expect(p.defectRate).toBeNull();
    expect(p.landedCostPerGoodUnitCents).toBeNull();
  });

  it("blends observed and prior below 5 receipts: L = (n·L_obs + (5−n)·L_prior)/5", () => {
    const p = computeSupplierPerformance("S", history([10, 10]), AS_OF, prior, 2);
    // two receipts of 40 days: L = (2·40 + 3·30)/5 = 34; on-time = (0 + 3·0.9)/5 = 0.54
    expectRelClose(p.leadTimeDays, 34, 1e-12);
    expectRelClose(p.onTimeRate, 0.54, 1e-12);
    // sd² = (2·0 + 3·7.5²)/5
    expectRelClose(p.leadTimeSdDays, Math.sqrt((3 * 56.25) / 5), 1e-12);
  });

  it("stands on observations from 5 receipts", () => {
    const p = computeSupplierPerformance("S", history([0, 0, 4, 0, 0]), AS_OF, prior, 2);
    expect(p.usesPrior).toBe(false);
    expectRelClose(p.leadTimeDays, 30.8, 1e-12);
    expect(p.onTimeRate).toBe(0.8); // 4 days late > 2-day grace
    expect(p.meanDaysLateWhenLate).toBe(4);
    expect(p.outcomeSequence).toBe("OOLOO");
  });

  it.each([
    [[0, 0, 5, 9, 13], 3, 9, 0],
    [[5, 9, 0, 0, 1], 0, 0, 3], // 1 day late is within the 2-day grace
    [[0, 0, 0, 0, 0], 0, 0, 5],
  ])("delays %j → late streak %s (avg %s days), on-time streak %s", (delays, lateStreak, avg, onTimeStreak) => {
    const p = computeSupplierPerformance("S", history(delays), AS_OF, prior, 2);
    expect(p.lateStreak).toBe(lateStreak);
    expect(p.lateStreakAvgDaysLate).toBe(avg);
    expect(p.onTimeStreak).toBe(onTimeStreak);
  });

  it("counts an open PO past its promised date as late and as a censored lead time", () => {
    const orders = [...history([0, 0, 0, 0]), po({ placedOn: "2026-04-01", promisedOn: "2026-05-01" })];
    const p = computeSupplierPerformance("S", orders, AS_OF, prior, 2);
    expect(p.openPastDueCount).toBe(1);
    expect(p.lateStreak).toBe(1);
    expect(p.lateStreakAvgDaysLate).toBe(31); // May 1 → June 1
    expect(p.observedLeadTimeDays).toBeCloseTo((4 * 30 + 61) / 5, 10); // 61 days so far (at least)
  });

  it("ignores open POs not yet due and POs of other suppliers", () => {
    const orders = [...history([0, 0, 0, 0, 0]), po({ placedOn: "2026-05-20", promisedOn: "2026-06-20" }), po({ supplierId: "other", placedOn: "2026-01-01", promisedOn: "2026-01-02", receivedOn: "2026-03-01" })];
    const p = computeSupplierPerformance("S", orders, AS_OF, prior, 2);
    expect(p.poCount).toBe(6);
    expect(p.openCount).toBe(1);
    expect(p.openPastDueCount).toBe(0);
    expect(p.onTimeRate).toBe(1);
  });

  it("computes defects over received units and cost per good unit over non-pilot POs", () => {
    const orders = [
      po({ placedOn: "2026-01-01", promisedOn: "2026-01-31", receivedOn: "2026-01-31", receivedUnits: 100, defectiveUnits: 10, landedCostCents: 600 }),
      po({ placedOn: "2026-02-01", promisedOn: "2026-03-03", receivedOn: "2026-03-03", receivedUnits: 100, defectiveUnits: 0, landedCostCents: 500 }),
      po({ placedOn: "2026-03-01", promisedOn: "2026-03-20", receivedOn: "2026-03-25", receivedUnits: 20, defectiveUnits: 10, landedCostCents: 2000, isPilot: true }),
    ];
    const p = computeSupplierPerformance("S", orders, AS_OF, prior, 2);
    expectRelClose(p.defectRate ?? 0, 20 / 220, 1e-12); // pilots count as qualification evidence
    expect(p.volumeUnitsReceived).toBe(200); // but not as volume
    expect(p.pilotCount).toBe(1);
    expect(p.qualificationReceipts).toBe(3);
    expectRelClose(p.landedCostPerGoodUnitCents ?? 0, (600 * 100 + 500 * 100) / 190, 1e-12);
    // per-PO cost per good unit 666.67 → 500: slope −166.67 cents per PO
    expectRelClose(p.costPerGoodUnitTrendCentsPerPo, 500 - 60000 / 90, 1e-12);
  });

  it("reports a lead-time trend in days per PO", () => {
    const p = computeSupplierPerformance("S", history([0, 2, 4, 6, 8]), AS_OF, prior, 2);
    expectRelClose(p.leadTimeTrendDaysPerPo, 2, 1e-12);
  });
});

describe("effectiveCostPerGoodUnit (c̃ = landed ÷ (1 − defect rate))", () => {
  it.each([
    [500, null, 500],
    [500, 0.2, 625],
    [null, 0.1, null],
    [500, 1, null],
  ])("landed %s, defect rate %s → %s", (landed, defect, expected) => {
    const perf = defect === null ? null : ({ landedCostPerGoodUnitCents: null, defectRate: defect } as unknown as Parameters<typeof effectiveCostPerGoodUnit>[1]);
    expect(effectiveCostPerGoodUnit(landed, perf)).toBe(expected);
  });
});

describe("latenessVariance (§8.3: (1−o)(s² + m²) − ((1−o)m)²)", () => {
  it.each([
    [1, 10, 3, 0],
    [0.8, 10, 0, 0.2 * 100 - 4],
    [0.5, 4, 2, 0.5 * 20 - 4],
  ])("on-time %s, mean late %s, sd %s → %s days²", (o, m, s, expected) => {
    expect(latenessVariance(o, m, s)).toBeCloseTo(expected, 12);
  });
});
