/**
 * Seeded SKU generator for the planning benchmarks (self-contained on purpose: the store
 * generator in tests/fixtures is built separately). Popularity is lognormal (σ = 1.7, so about a
 * fifth of SKUs make ~80% of revenue), daily demand is negative binomial around a store-wide
 * weekday pattern, stock is replenished by a simple (R, S) policy so some days run out (censored),
 * and each SKU has one or two suppliers with a PO history.
 */
import { addDays, dayLabel, dayNumber } from "~/planning/days";
import { Rng, deriveSeed } from "~/planning/stats";
import type { PurchaseOrderRecord, SkuPlanningInput, SupplierTerms } from "~/planning/types";

export const WEEKDAY_PATTERN = [0.9, 0.85, 0.9, 0.95, 1.1, 1.2, 1.1];

/** Poisson draw (inversion for small means, normal approximation above 60). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextNormal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.nextFloat();
  while (p > limit) {
    p *= rng.nextFloat();
    k += 1;
  }
  return k;
}

/** Gamma(shape, 1) draw (Marsaglia–Tsang). */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng.nextOpenFloat(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.nextNormal();
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.nextOpenFloat();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Negative binomial draw as a gamma–Poisson mixture with mean m and dispersion size r. */
export function negBin(rng: Rng, mean: number, size: number): number {
  if (mean <= 0) return 0;
  return poisson(rng, (mean * gamma(rng, size)) / size);
}

export interface BenchSku {
  input: SkuPlanningInput;
  baseUnitsPerDay: number;
}

export interface GenerateOptions {
  skuCount: number;
  days: number;
  asOf: string;
  seed: number;
  /** Share of SKUs that get a qualified backup (default 0.3). */
  backupShare?: number;
}

/** Builds `skuCount` SKUs with `days` days of history ending the day before `asOf`. */
export function generateBenchSkus(options: GenerateOptions): BenchSku[] {
  const { skuCount, days, asOf, seed } = options;
  const startNum = dayNumber(asOf) - days;
  const startDay = dayLabel(startNum);
  const skus: BenchSku[] = [];
  for (let i = 0; i < skuCount; i += 1) {
    const rng = new Rng(deriveSeed(seed, i));
    const rate = 0.25 * Math.exp(1.7 * rng.nextNormal());
    const priceCents = Math.round(1500 + 6000 * rng.nextFloat());
    const unitCostCents = Math.round(priceCents * (0.25 + 0.2 * rng.nextFloat()));
    const size = 0.8 + 3 * rng.nextFloat();
    const units = new Int32Array(days);
    const revenue = new Int32Array(days);
    const repeat = new Int32Array(days);
    const available = new Float32Array(days);
    const review = 7;
    const lead = 20 + Math.floor(25 * rng.nextFloat());
    const orderUpTo = Math.ceil(rate * (review + lead) * (1.1 + 0.4 * rng.nextFloat()) + 3);
    let onHand = orderUpTo;
    const arrivals = new Float64Array(days + lead + 1);
    let pipeline = 0;
    const repeatShare = 0.1 + 0.4 * rng.nextFloat();
    const weekday0 = ((startNum + 3) % 7 + 7) % 7;
    for (let t = 0; t < days; t += 1) {
      onHand += arrivals[t];
      pipeline -= arrivals[t];
      if (t % review === 0) {
        const q = Math.max(0, orderUpTo - onHand - pipeline);
        if (q > 0) {
          const at = t + Math.max(1, Math.round(lead + 4 * rng.nextNormal()));
          if (at < arrivals.length) arrivals[at] += q;
          pipeline += q;
        }
      }
      available[t] = onHand;
      const demand = negBin(rng, rate * WEEKDAY_PATTERN[(weekday0 + t) % 7], size);
      const sold = Math.min(demand, onHand);
      onHand -= sold;
      units[t] = sold;
      revenue[t] = sold * priceCents;
      let r = 0;
      for (let k = 0; k < sold; k += 1) if (rng.nextFloat() < repeatShare) r += 1;
      repeat[t] = r;
    }
    const suppliers: SupplierTerms[] = [
      {
        supplierId: `P${i % 40}`,
        name: `Primary ${i % 40}`,
        role: "primary",
        stage: "active",
        allocationPct: 100,
        leadTimeDays: lead,
        leadTimeSdDays: null,
        moqUnits: Math.ceil(rate * 7),
        landedCostCents: unitCostCents,
        capacityUnitsPerMonth: null,
        disruptionProbabilityPerYear: 0.05 + 0.25 * rng.nextFloat(),
        meanOutageDays: 30,
      },
    ];
    if (rng.nextFloat() < (options.backupShare ?? 0.3)) {
      suppliers[0].allocationPct = 80;
      suppliers.push({
        supplierId: `B${i % 25}`,
        name: `Backup ${i % 25}`,
        role: "backup",
        stage: "qualified",
        allocationPct: 20,
        leadTimeDays: Math.max(5, Math.round(lead * 0.5)),
        leadTimeSdDays: 2,
        moqUnits: Math.ceil(rate * 3),
        landedCostCents: Math.round(unitCostCents * 1.12),
        capacityUnitsPerMonth: Math.ceil(rate * 30),
        rampUpDays: 14,
      });
    }
    const orders: PurchaseOrderRecord[] = [];
    const poCount = 3 + Math.floor(6 * rng.nextFloat());
    const onTime = 0.6 + 0.4 * rng.nextFloat();
    for (let k = 0; k < poCount; k += 1) {
      const placed = addDays(asOf, -days + 10 + k * Math.floor((days - 60) / poCount));
      const late = rng.nextFloat() > onTime ? Math.round(3 + 10 * rng.nextFloat()) : 0;
      const ordered = Math.max(1, Math.round(rate * 30));
      const received = Math.max(1, ordered);
      orders.push({
        id: `po-${i}-${k}`,
        supplierId: suppliers[0].supplierId,
        isPilot: false,
        orderedUnits: ordered,
        placedOn: placed,
        promisedOn: addDays(placed, lead),
        receivedOn: addDays(placed, lead + late),
        receivedUnits: received,
        defectiveUnits: Math.floor(received * 0.03 * rng.nextFloat()),
        landedCostCents: unitCostCents,
      });
    }
    skus.push({
      baseUnitsPerDay: rate,
      input: {
        variantId: `v${String(i).padStart(6, "0")}`,
        priceCents,
        unitCostCents,
        availableUnits: onHand,
        history: { startDay, units, revenueCents: revenue, repeatUnits: repeat, availableAtStart: available },
        suppliers,
        purchaseOrders: orders,
        riskProfile: {
          singleRegion: rng.nextFloat() < 0.3,
          capacityConstrained: rng.nextFloat() < 0.2,
          complexMaterials: rng.nextFloat() < 0.2,
          heavyManualSteps: rng.nextFloat() < 0.2,
          switchingFriction: rng.nextFloat() < 0.3 ? "high" : "medium",
        },
      },
    });
  }
  return skus;
}
