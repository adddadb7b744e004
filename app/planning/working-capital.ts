/**
 * Working capital (planning-math §6): cash tied in stock on hand, cycle stock, safety stock and the
 * paid pipeline per supplier, days of inventory, and how a split or a smaller, more frequent
 * order cadence changes them.
 */
import { chooseDemandDistribution, leadTimeDemandMoments } from "./lead-time-demand";
import { safetyStockAndReorderPoint } from "./stockout-risk";

export interface CapitalSupplier {
  supplierId: string;
  /** Share of volume, 0–1 (shares are normalised to sum to 1). */
  share: number;
  /** Landed cost per good unit, cents. */
  unitCostCents: number;
  leadTimeDays: number;
  leadTimeSdDays: number;
  moqUnits: number;
  /** Deposit paid at placement, 0–1. */
  depositShare: number;
  /** Balance due this many days after shipment. */
  paymentTermsDays: number;
  /** Days in transit after shipment (default 0: shipment = arrival). */
  transitDays: number;
}

export interface WorkingCapitalInput {
  unitsPerDay: number;
  unitsPerDaySd: number;
  onHandUnits: number;
  /** Cycle service level, 0–1. */
  serviceLevel: number;
  /** Order cadence R, days. */
  reviewPeriodDays: number;
  /** Annual carrying rate r, 0–1 (e.g. 0.25). */
  carryingRatePerYear: number;
  suppliers: readonly CapitalSupplier[];
}

export interface WorkingCapitalResult {
  reviewPeriodDays: number;
  /** Σ share_i·c_i, cents per unit. */
  blendedUnitCostCents: number;
  /** Mixture lead time L̄ = Σ f_i L_i, days. */
  leadTimeDays: number;
  /** Mixture sd √(Σ f_i(sd_i² + L_i²) − L̄²), days. */
  leadTimeSdDays: number;
  safetyStockUnits: number;
  /** Average cycle stock Σ q_i/2 with q_i = max(f_i·d·R, MOQ_i) for used suppliers, units. */
  cycleStockUnits: number;
  stockOnHandCents: number;
  safetyStockCents: number;
  cycleStockCents: number;
  /** Paid pipeline Σ c_i·d·f_i·(φ_i·L_i + (1 − φ_i)·max(0, transit_i − terms_i)), cents. */
  pipelineCents: number;
  pipelineBySupplier: { supplierId: string; cents: number }[];
  /** Average investment c̄·(Q/2 + SS), cents. */
  averageInventoryCents: number;
  /** On hand ÷ d, days (null when d = 0). */
  daysOfInventory: number | null;
  /** r·(cycle + safety + pipeline), cents per year. */
  carryingCostPerYearCents: number;
}

/**
 * Working capital for one sourcing scenario. Shares are normalised; a supplier with share 0 adds
 * nothing. Safety stock uses the §2/§4 rule on the mixture lead time over R + L̄ (callers that
 * already computed it for the same inputs, like the stockout risk, can pass it in).
 */
export function computeWorkingCapital(input: WorkingCapitalInput, knownSafetyStockUnits?: number): WorkingCapitalResult {
  return workingCapitalOf(input, input.suppliers, input.reviewPeriodDays, knownSafetyStockUnits);
}

/**
 * computeWorkingCapital with the scenario's suppliers and review period passed beside the shared
 * figures, so comparing three scenarios needs no copy of the input per scenario.
 */
function workingCapitalOf(
  base: Omit<WorkingCapitalInput, "suppliers" | "reviewPeriodDays">,
  suppliers: readonly CapitalSupplier[],
  reviewPeriodDays: number,
  knownSafetyStockUnits: number | undefined,
): WorkingCapitalResult {
  const d = Math.max(0, base.unitsPerDay || 0);
  const review = Math.max(0, reviewPeriodDays || 0);
  let totalShare = 0;
  for (let i = 0; i < suppliers.length; i += 1) if (suppliers[i].share > 0) totalShare += suppliers[i].share;
  let blendedCost = 0;
  let meanLead = 0;
  let secondMoment = 0;
  let cycleUnits = 0;
  let pipeline = 0;
  // Created at its final length: pushing onto [] would reserve 17 slots for one or two suppliers.
  const pipelineBySupplier = new Array<{ supplierId: string; cents: number }>(suppliers.length);
  for (let i = 0; i < suppliers.length; i += 1) {
    const s = suppliers[i];
    const f = totalShare > 0 && s.share > 0 ? s.share / totalShare : 0;
    const cost = Math.max(0, s.unitCostCents || 0);
    const lead = Math.max(0, s.leadTimeDays || 0);
    const sd = Math.max(0, s.leadTimeSdDays || 0);
    blendedCost += f * cost;
    meanLead += f * lead;
    secondMoment += f * (sd * sd + lead * lead);
    if (f > 0 && d > 0) cycleUnits += Math.max(f * d * Math.max(review, 1), Math.max(0, s.moqUnits || 0)) / 2;
    const deposit = Math.min(1, Math.max(0, s.depositShare || 0));
    const paidDays = deposit * lead + (1 - deposit) * Math.max(0, (s.transitDays || 0) - (s.paymentTermsDays || 0));
    const cents = cost * d * f * paidDays;
    pipeline += cents;
    pipelineBySupplier[i] = { supplierId: s.supplierId, cents };
  }
  const leadSd = Math.sqrt(Math.max(0, secondMoment - meanLead * meanLead));
  let safety = 0;
  if (knownSafetyStockUnits !== undefined) safety = Math.max(0, knownSafetyStockUnits);
  else if (d > 0) {
    // Only computed when it is not known: the demand law's quantile is the costly part of this function.
    const moments = leadTimeDemandMoments(d, base.unitsPerDaySd, meanLead, leadSd, review);
    safety = Math.max(0, safetyStockAndReorderPoint(chooseDemandDistribution(moments), base.serviceLevel).safetyStockUnits);
  }
  const rate = Math.max(0, base.carryingRatePerYear || 0);
  const onHand = Math.max(0, base.onHandUnits || 0);
  const cycleCents = cycleUnits * blendedCost;
  const safetyCents = safety * blendedCost;
  return {
    reviewPeriodDays: review,
    blendedUnitCostCents: blendedCost,
    leadTimeDays: meanLead,
    leadTimeSdDays: leadSd,
    safetyStockUnits: safety,
    cycleStockUnits: cycleUnits,
    stockOnHandCents: onHand * blendedCost,
    safetyStockCents: safetyCents,
    cycleStockCents: cycleCents,
    pipelineCents: pipeline,
    pipelineBySupplier,
    averageInventoryCents: cycleCents + safetyCents,
    daysOfInventory: d > 0 ? onHand / d : null,
    carryingCostPerYearCents: rate * (cycleCents + safetyCents + pipeline),
  };
}

export interface WorkingCapitalComparison {
  current: WorkingCapitalResult;
  recommended: WorkingCapitalResult;
  /** The recommended split ordered twice as often (R/2, at least 1 day). */
  recommendedFasterCadence: WorkingCapitalResult;
  /** recommended − current, cents per year of carrying cost. */
  splitChangeCarryingCostPerYearCents: number;
  /** faster cadence − recommended, cents per year of carrying cost. */
  cadenceChangeCarryingCostPerYearCents: number;
}

/**
 * Current vs recommended shares vs the recommended shares at half the review period.
 * `currentShares`/`recommendedShares` map supplierId → share (0–1).
 */
export function compareWorkingCapital(
  base: Omit<WorkingCapitalInput, "suppliers">,
  suppliers: readonly CapitalSupplier[],
  currentShares: ReadonlyMap<string, number>,
  recommendedShares: ReadonlyMap<string, number>,
  currentSafetyStockUnits?: number,
): WorkingCapitalComparison {
  const currentSuppliers = withShares(suppliers, currentShares);
  // Most SKUs keep their split: the current supplier list serves the recommendation too when the
  // shares are exactly equal, and the current figures when they are equal within rounding.
  const recommendedSuppliers = identicalShares(currentShares, recommendedShares) ? currentSuppliers : withShares(suppliers, recommendedShares);
  return compareScenarios(base, currentSuppliers, recommendedSuppliers, sameShares(currentShares, recommendedShares), currentSafetyStockUnits);
}

/**
 * The comparison from two ready supplier lists (each carrying its scenario's shares), for callers
 * that hold shares per supplier rather than in maps (the shop pass). `sameSplit` = the shares are
 * equal within 1e-12, so the recommendation reuses the current figures.
 */
export function compareScenarios(
  base: Omit<WorkingCapitalInput, "suppliers">,
  currentSuppliers: readonly CapitalSupplier[],
  recommendedSuppliers: readonly CapitalSupplier[],
  sameSplit: boolean,
  currentSafetyStockUnits?: number,
): WorkingCapitalComparison {
  const current = workingCapitalOf(base, currentSuppliers, base.reviewPeriodDays, currentSafetyStockUnits);
  const recommended = sameSplit ? current : workingCapitalOf(base, recommendedSuppliers, base.reviewPeriodDays, undefined);
  const faster = workingCapitalOf(base, recommendedSuppliers, Math.max(1, Math.round((base.reviewPeriodDays || 0) / 2)), undefined);
  return {
    current,
    recommended,
    recommendedFasterCadence: faster,
    splitChangeCarryingCostPerYearCents: recommended.carryingCostPerYearCents - current.carryingCostPerYearCents,
    cadenceChangeCarryingCostPerYearCents: faster.carryingCostPerYearCents - recommended.carryingCostPerYearCents,
  };
}

function withShares(suppliers: readonly CapitalSupplier[], shares: ReadonlyMap<string, number>): CapitalSupplier[] {
  return suppliers.map((s) => ({ ...s, share: shares.get(s.supplierId) ?? 0 }));
}

function identicalShares(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [id, share] of a) if (b.get(id) !== share) return false;
  return true;
}

function sameShares(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, share] of a) if (Math.abs((b.get(id) ?? -1) - share) > 1e-12) return false;
  return true;
}
