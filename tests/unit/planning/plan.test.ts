import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { optimiseSkuSplit, planShop, planShopStream, planSku, rankShop, rankingInputOf, resolveSettings, skuMetricsOf } from "~/planning/plan";
import type { PurchaseOrderRecord, SkuPlanningInput, SupplierTerms } from "~/planning/types";
import { collectNumbers } from "./helpers";

const AS_OF = "2026-06-01";

function daily(days: number, unitsFor: (i: number) => number, priceCents = 2500) {
  const units = Array.from({ length: days }, (_, i) => unitsFor(i));
  return { startDay: "2026-03-03", units, revenueCents: units.map((u) => u * priceCents), repeatUnits: units.map((u) => Math.floor(u / 3)), availableAtStart: units.map(() => 500) };
}

const primary: SupplierTerms = {
  supplierId: "P", name: "Shenzhen Works", role: "primary", stage: "active", allocationPct: 80, leadTimeDays: 30, leadTimeSdDays: 4,
  moqUnits: 50, landedCostCents: 900, capacityUnitsPerMonth: null, disruptionProbabilityPerYear: 0.2, meanOutageDays: 40,
};
const backup: SupplierTerms = {
  supplierId: "B", name: "Dongguan Backup", role: "backup", stage: "qualified", allocationPct: 20, leadTimeDays: 12, leadTimeSdDays: 2,
  moqUnits: 20, landedCostCents: 1000, capacityUnitsPerMonth: 600, rampUpDays: 10,
};

function pos(outcomes: string, lateDays = 9): PurchaseOrderRecord[] {
  return Array.from(outcomes, (o, i) => {
    const placed = new Date(Date.UTC(2025, 8, 1 + i * 25));
    const promised = new Date(placed.getTime() + 30 * 86_400_000);
    const received = new Date(promised.getTime() + (o === "L" ? lateDays : 0) * 86_400_000);
    return {
      id: `po-${i}`, supplierId: "P", isPilot: false, orderedUnits: 300, placedOn: placed.toISOString().slice(0, 10),
      promisedOn: promised.toISOString().slice(0, 10), receivedOn: received.toISOString().slice(0, 10), receivedUnits: 300, defectiveUnits: 3, landedCostCents: 900,
    };
  });
}

function sku(over: Partial<SkuPlanningInput> = {}): SkuPlanningInput {
  return {
    variantId: "v1", priceCents: 2500, unitCostCents: 900, availableUnits: 180,
    history: daily(90, (i) => 8 + (i % 5)), suppliers: [primary, backup], purchaseOrders: pos("OOOOOLLL"), ...over,
  };
}

describe("resolveSettings", () => {
  it("fills defaults and lists every bad field", () => {
    expect(resolveSettings({}).serviceLevelPct).toBe(95);
    expect(() => resolveSettings({ serviceLevelPct: 120, lateStreakPos: 0 })).toThrow(/serviceLevelPct = 120.*lateStreakPos = 0/);
  });
});

describe("planSku", () => {
  const plan = planSku(sku(), {}, AS_OF);

  it("chains velocity, risk, supplier performance, the rule split, working capital and the what-if", () => {
    expect(plan.velocity.unitsPerDay).toBeCloseTo(10, 9);
    expect(plan.revenue.revenueAtRiskCents).toBe(Math.round(10 * 2500 * 30));
    expect(plan.suppliers.map((s) => s.performance.lateStreak)).toEqual([3, 0]);
    expect(plan.split.explanation).toBe("Shenzhen Works was late on the last 3 POs by 9 days on average: 40% to Dongguan Backup.");
    expect(plan.workingCapital.current.pipelineCents).toBeGreaterThan(0);
    expect(plan.disruption?.outageDays).toBe(30);
    expect(plan.disruption!.recommended.unitsShort).toBeLessThanOrEqual(plan.disruption!.current.unitsShort);
    expect(plan.leadTimeDays).toBeGreaterThan(12);
  });

  it.each([
    ["zero demand", { history: daily(90, () => 0) }],
    ["one sale ever", { history: daily(90, (i) => (i === 40 ? 1 : 0)) }],
    ["huge stock", { availableUnits: 1e9 }],
    ["lead time 0", { suppliers: [{ ...primary, leadTimeDays: 0, leadTimeSdDays: 0 }], purchaseOrders: [] }],
    ["missing costs", { unitCostCents: null, suppliers: [{ ...primary, landedCostCents: null }, { ...backup, landedCostCents: null }], purchaseOrders: [] }],
    ["no suppliers", { suppliers: [], purchaseOrders: [] }],
    ["no stock snapshots", { history: { ...daily(90, (i) => i % 3), availableAtStart: undefined } }],
    ["out of stock all window", { history: { ...daily(90, () => 0), availableAtStart: Array.from({ length: 90 }, () => 0) }, availableUnits: 0 }],
  ])("never returns NaN with %s", (_name, override) => {
    const p = planSku(sku(override), {}, AS_OF);
    expect(collectNumbers(p).some(Number.isNaN)).toBe(false);
  });

  it("rejects bad input with a specific message and computes nothing", () => {
    expect(() => planSku(sku({ priceCents: -1 }), {}, AS_OF)).toThrow(/variant v1: priceCents = -1/);
    expect(() => planSku(sku({ history: { ...daily(5, () => 1), revenueCents: [1, 2] } }), {}, AS_OF)).toThrow(/revenueCents has 2 days, units has 5/);
    expect(() => planSku(sku({ purchaseOrders: [{ ...pos("O")[0], supplierId: "X" }] }), {}, AS_OF)).toThrow(/unknown supplier X/);
    expect(() => planSku(sku(), {}, "2026-13-01")).toThrow(RangeError);
  });

  it("recommends a pilot when the SKU has no qualified backup", () => {
    const p = planSku(sku({ suppliers: [primary, { ...backup, stage: "candidate" }] }), {}, AS_OF);
    expect(p.split.action).toBe("pilot");
    expect(p.hasQualifiedBackup).toBe(false);
    expect(p.split.pilot?.name).toBe("Dongguan Backup");
  });

  it("never returns NaN on arbitrary daily series and stock (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 40 }), { minLength: 0, maxLength: 120 }),
        fc.array(fc.integer({ min: -5, max: 200 }), { minLength: 0, maxLength: 120 }),
        fc.integer({ min: -10, max: 100_000 }),
        fc.constantFrom("", "O", "LLL", "OLOLO", "OOOOOOLLL"),
        (units, stock, available, outcomes) => {
          const n = units.length;
          const availableAtStart = Array.from({ length: n }, (_, i) => stock[i] ?? Number.NaN);
          const input = sku({ history: { startDay: "2026-02-01", units, revenueCents: units.map((u) => u * 1999), availableAtStart }, availableUnits: available, purchaseOrders: pos(outcomes) });
          expect(collectNumbers(planSku(input, {}, AS_OF)).some(Number.isNaN)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("planShop / planShopStream / rankShop", () => {
  const inputs = [
    sku({ variantId: "big", history: daily(90, () => 30) }),
    sku({ variantId: "mid", history: daily(90, () => 5) }),
    sku({ variantId: "small", history: daily(90, (i) => (i % 10 === 0 ? 1 : 0)), suppliers: [primary], purchaseOrders: [] }),
  ];

  it("ranks by revenue at risk and adds Pareto, ABC and priority", () => {
    const shop = planShop(inputs, {}, AS_OF);
    expect(shop.skus.map((s) => s.variantId)).toEqual(["big", "mid", "small"]);
    expect(shop.skus.map((s) => s.reliance.rank)).toEqual([1, 2, 3]);
    expect(shop.skus[0].reliance.abcClass).toBe("A");
    expect(shop.summary.skuCount).toBe(3);
    const metrics = skuMetricsOf(shop.skus[0]);
    expect(metrics).toMatchObject({ variantId: "big", rank: 1, abcClass: "A", hasBackup: true, currentPrimaryPct: 80 });
  });

  it("streams the same plans it keeps in memory", () => {
    const seen: string[] = [];
    const summary = planShopStream(inputs, {}, AS_OF, (s) => seen.push(`${s.variantId}:${s.reliance.rank}:${s.priority.tier}`));
    const shop = planShop(inputs, {}, AS_OF);
    expect(seen.sort()).toEqual(shop.skus.map((s) => `${s.variantId}:${s.reliance.rank}:${s.priority.tier}`).sort());
    expect(summary.highPriorityCount).toBe(shop.summary.highPriorityCount);
  });

  it("re-ranks from stored per-SKU figures without replanning", () => {
    const shop = planShop(inputs, {}, AS_OF);
    const reranked = rankShop(shop.skus.map((s, i) => rankingInputOf(s, inputs[i].riskProfile)), {});
    expect(reranked.map((r) => r.reliance.rank)).toEqual(shop.skus.map((s) => s.reliance.rank));
  });
});

describe("optimiseSkuSplit", () => {
  it("reports the optimiser beside the rule with a cost breakdown and a plain sentence", () => {
    const input = sku();
    const plan = planSku(input, {}, AS_OF);
    const result = optimiseSkuSplit(input, plan, {}, { maxReplications: 40, seed: 9 });
    expect(result).not.toBeNull();
    expect(result!.ruleBackupShare).toBe(0.4);
    expect(result!.ruleCost.backupShare).toBe(0.4);
    expect(result!.savingVsRuleCents).toBeGreaterThanOrEqual(-1e-6);
    expect(result!.explanation).toMatch(/^Simulating \d+ years, \d+% to Dongguan Backup costs \$[\d,]+\/yr \(±\$[\d,.]+\), /);
  });

  it("returns null when there is no backup to split with", () => {
    const input = sku({ suppliers: [primary] });
    expect(optimiseSkuSplit(input, planSku(input, {}, AS_OF), {})).toBeNull();
  });
});
