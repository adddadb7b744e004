/**
 * Entry points for callers (the SkuMetrics materialiser, the SKU page): `planSku` runs every
 * per-SKU computation, `planShop` adds the cross-SKU parts (store seasonality, Pareto/ABC, rank,
 * priority tiers), `rankShop` redoes only the cross-SKU parts from stored per-SKU figures, and
 * `optimiseSkuSplit` runs the simulation optimiser for one SKU on demand.
 * Pure: no I/O, no clock; `asOf` is the shop-local day the plan is for.
 */
import { dayNumber, isoWeekday } from "./days";
import { compareDisruption, type DisruptionComparison, type DisruptionInput } from "./disruption";
import { formatMoney, formatShare } from "./explain";
import { computePriority, type PriorityResult } from "./priority";
import { rankReliance, summariseRevenue, type RelianceInput, type RelianceRank, type RevenueSummary } from "./reliance";
import { DEFAULT_COLD_START_EXTRA_DAYS, optimiseSplit, type OptimiserOptions, type OptimiserResult, type ShareCost, type SimSupplier } from "./split-optimizer";
import { recommendRuleSplit, type RuleSplitResult, type SplitAllocation, type SplitSupplier } from "./split-rules";
import { computeStockoutRisk, type StockoutRiskResult } from "./stockout-risk";
import { computeSupplierPerformance, effectiveCostPerGoodUnit, type SupplierPerformance } from "./supplier-performance";
import {
  DEFAULT_PLANNING_SETTINGS,
  type IsoDay,
  type PlanningSettings,
  type Reason,
  type SkuPlanningInput,
  type SupplierTerms,
} from "./types";
import { computeVelocity, createWeekdayTally, NO_SEASONALITY, seasonalityFromTally, type VelocityResult, type WeekdayTally, type WeeklySeasonality } from "./velocity";
import { compareScenarios, type CapitalSupplier, type WorkingCapitalComparison } from "./working-capital";

/** Lead time assumed when a SKU has no supplier on file, days (flagged as assumed). */
export const ASSUMED_LEAD_TIME_DAYS = 30;
/** Disruption defaults for suppliers without their own figures. */
export const DEFAULT_DISRUPTION_PER_YEAR = 0.05;
export const DEFAULT_OUTAGE_DAYS = 30;
export const DEFAULT_RAMP_UP_DAYS = 14;

export interface PlanContext {
  seasonality?: WeeklySeasonality;
  currencyCode?: string;
}

export interface SkuSupplierPlan {
  supplierId: string;
  name: string;
  role: "primary" | "backup";
  stage: SupplierTerms["stage"];
  currentPct: number;
  effectiveCostCents: number | null;
  performance: SupplierPerformance;
}

export interface SkuPlan {
  variantId: string;
  asOf: IsoDay;
  velocity: VelocityResult;
  revenue: RevenueSummary;
  /** Lead time of the current sourcing (allocation-weighted mixture), days; null if assumed. */
  leadTimeDays: number | null;
  leadTimeSdDays: number;
  leadTimeAssumed: boolean;
  risk: StockoutRiskResult;
  /** Forward days of cover on the seasonal forecast (null when no demand). */
  forwardDaysOfCover: number | null;
  suppliers: SkuSupplierPlan[];
  hasQualifiedBackup: boolean;
  split: RuleSplitResult;
  workingCapital: WorkingCapitalComparison;
  disruption: DisruptionComparison | null;
  reasons: Reason[];
}

/** Merge partial settings over the defaults and check them; throws a RangeError naming each bad field. */
export function resolveSettings(settings: Partial<PlanningSettings>): Required<PlanningSettings> {
  const merged: Required<PlanningSettings> = { ...DEFAULT_PLANNING_SETTINGS, ...stripUndefined(settings) };
  const bad: string[] = [];
  for (const [name, lo, hi] of SETTING_RANGES) {
    const v = merged[name];
    if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) bad.push(`${name} = ${String(v)} (expected ${lo}–${hi})`);
  }
  if (bad.length > 0) throw new RangeError(`Invalid planning settings: ${bad.join("; ")}`);
  return merged;
}

/** Allowed range of each setting (inclusive). */
const SETTING_RANGES: readonly (readonly [keyof PlanningSettings, number, number])[] = [
  ["serviceLevelPct", 0, 100],
  ["baselinePrimaryPct", 0, 100],
  ["unhealthyPrimaryPct", 0, 100],
  ["lateStreakPos", 1, 100],
  ["shiftStepPct", 0, 100],
  ["maxShiftPct", 0, 100],
  ["minBackupPct", 0, 100],
  ["lateGraceDays", 0, 365],
  ["defectThresholdPct", 0, 100],
  ["costImprovementPct", 0, 100],
  ["workingCapitalRatePct", 0, 1000],
  ["depositPct", 0, 100],
  ["paymentTermsDays", 0, 3650],
  ["reviewPeriodDays", 0, 365],
  ["velocityWindowDays", 1, 3650],
  ["moqToleranceCents", 0, Number.MAX_SAFE_INTEGER],
  ["goodwillCentsPerUnitShort", 0, Number.MAX_SAFE_INTEGER],
  ["disruptionWhatIfDays", 0, 3650],
];

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Checks one SKU's input; throws a RangeError listing every problem (nothing is computed). */
export function validateSkuInput(input: SkuPlanningInput): void {
  const bad: string[] = [];
  const h = input.history;
  try {
    dayNumber(h.startDay);
  } catch (error) {
    bad.push(`history.startDay: ${(error as Error).message}`);
  }
  const n = h.units.length;
  if (h.revenueCents.length !== n) bad.push(`history.revenueCents has ${h.revenueCents.length} days, units has ${n}`);
  if (h.repeatUnits && h.repeatUnits.length !== n) bad.push(`history.repeatUnits has ${h.repeatUnits.length} days, units has ${n}`);
  if (h.availableAtStart && h.availableAtStart.length !== n) bad.push(`history.availableAtStart has ${h.availableAtStart.length} days, units has ${n}`);
  if (!Number.isFinite(input.priceCents) || input.priceCents < 0) bad.push(`priceCents = ${input.priceCents}`);
  if (input.unitCostCents !== null && (!Number.isFinite(input.unitCostCents) || input.unitCostCents < 0)) bad.push(`unitCostCents = ${input.unitCostCents}`);
  if (!Number.isFinite(input.availableUnits)) bad.push(`availableUnits = ${input.availableUnits}`);
  // A SKU has a handful of suppliers at most: scanning the list beats building a Set for every SKU.
  for (let k = 0; k < input.suppliers.length; k += 1) {
    const s = input.suppliers[k];
    if (supplierIndex(input.suppliers, s.supplierId) < k) bad.push(`supplier ${s.supplierId} listed twice`);
    if (!Number.isFinite(s.leadTimeDays) || s.leadTimeDays < 0) bad.push(`supplier ${s.name}: leadTimeDays = ${s.leadTimeDays}`);
    if (s.leadTimeSdDays !== null && (!Number.isFinite(s.leadTimeSdDays) || s.leadTimeSdDays < 0)) bad.push(`supplier ${s.name}: leadTimeSdDays = ${s.leadTimeSdDays}`);
    if (!Number.isFinite(s.moqUnits) || s.moqUnits < 0) bad.push(`supplier ${s.name}: moqUnits = ${s.moqUnits}`);
    if (s.landedCostCents !== null && (!Number.isFinite(s.landedCostCents) || s.landedCostCents < 0)) bad.push(`supplier ${s.name}: landedCostCents = ${s.landedCostCents}`);
    if (s.capacityUnitsPerMonth !== null && (!Number.isFinite(s.capacityUnitsPerMonth) || s.capacityUnitsPerMonth < 0)) bad.push(`supplier ${s.name}: capacityUnitsPerMonth = ${s.capacityUnitsPerMonth}`);
    if (!Number.isFinite(s.allocationPct) || s.allocationPct < 0 || s.allocationPct > 100) bad.push(`supplier ${s.name}: allocationPct = ${s.allocationPct}`);
  }
  for (let k = 0; k < input.purchaseOrders.length; k += 1) {
    const po = input.purchaseOrders[k];
    if (supplierIndex(input.suppliers, po.supplierId) < 0) bad.push(`PO ${po.id}: unknown supplier ${po.supplierId}`);
    checkDay(bad, po.id, "placedOn", po.placedOn);
    checkDay(bad, po.id, "promisedOn", po.promisedOn);
    if (po.receivedOn !== null) checkDay(bad, po.id, "receivedOn", po.receivedOn);
    if (!(po.orderedUnits >= 0)) bad.push(`PO ${po.id}: orderedUnits = ${po.orderedUnits}`);
  }
  if (bad.length > 0) throw new RangeError(`Invalid planning input for variant ${input.variantId}: ${bad.join("; ")}`);
}

function checkDay(bad: string[], poId: string, field: string, day: string): void {
  try {
    dayNumber(day);
  } catch (error) {
    bad.push(`PO ${poId}: ${field}: ${(error as Error).message}`);
  }
}

/**
 * Everything per SKU: velocity (§1), revenue figures, supplier performance per supplier × SKU
 * (§8.3), stockout risk over R + L of the current sourcing (§2–§6), the rule split (§7A), working
 * capital now vs recommended vs a faster cadence (§6) and the "primary unavailable for N days"
 * what-if. Throws a RangeError for invalid input.
 */
export function planSku(input: SkuPlanningInput, settings: Partial<PlanningSettings>, asOf: IsoDay, context: PlanContext = {}): SkuPlan {
  const s = resolveSettings(settings);
  dayNumber(asOf);
  return planResolvedSku(input, s, asOf, context);
}

/**
 * planSku with settings already resolved (planShop resolves them once for the whole shop).
 * The shop pass runs this 50,000 times, so the glue between the modules keeps to loops over the
 * SKU's one or two suppliers and share arrays aligned with them (no maps, closures or copies per
 * SKU); every figure is computed exactly as the modules define it.
 */
function planResolvedSku(
  input: SkuPlanningInput,
  s: Required<PlanningSettings>,
  asOf: IsoDay,
  context: PlanContext,
  known?: { velocity: VelocityResult; revenue: RevenueSummary },
): SkuPlan {
  if (!known) validateSkuInput(input);
  const currency = context.currencyCode ?? "USD";
  const seasonality = context.seasonality ?? NO_SEASONALITY;
  const velocity = known?.velocity ?? computeVelocity(input.history, asOf, { windowDays: s.velocityWindowDays, sellsWhenOutOfStock: input.sellsWhenOutOfStock });
  const revenue = known?.revenue ?? summariseRevenue(velocity, input.priceCents, input.unitCostCents);
  const terms = input.suppliers;
  const suppliers = supplierPlans(input, asOf, s.lateGraceDays);

  // Current sourcing lead time: mixture over the current allocation (§7B: Var = Σf(sd² + L²) − L̄²).
  const weights = currentShares(terms);
  let leadMean = 0;
  let leadSecond = 0;
  for (let i = 0; i < suppliers.length; i += 1) {
    const f = shareAt(weights, i);
    const performance = suppliers[i].performance;
    leadMean += f * performance.leadTimeDays;
    leadSecond += f * (performance.leadTimeSdDays ** 2 + performance.leadTimeDays ** 2);
  }
  const leadTimeAssumed = splitSize(weights) === 0;
  if (leadTimeAssumed) {
    leadMean = ASSUMED_LEAD_TIME_DAYS;
    leadSecond = ASSUMED_LEAD_TIME_DAYS ** 2 * (1 + 0.25 ** 2);
  }
  const leadSd = Math.sqrt(Math.max(0, leadSecond - leadMean * leadMean));

  // Open POs expected inside the protection interval (good units after the supplier's defect rate).
  const protection = s.reviewPeriodDays + leadMean;
  const asOfNum = dayNumber(asOf);
  const openPos = openPurchaseOrders(input, suppliers, asOfNum, s.lateGraceDays);
  let openDue = 0;
  for (let k = 0; k < openPos.length; k += 1) if (openPos[k].arrivalDay <= protection) openDue += openPos[k].units;

  const risk = computeStockoutRisk({
    unitsPerDay: velocity.unitsPerDay,
    forecastUnitsPerDay: velocity.forecastUnitsPerDay,
    unitsPerDaySd: velocity.unitsPerDaySd,
    leadTimeDays: leadMean,
    leadTimeSdDays: leadSd,
    reviewPeriodDays: s.reviewPeriodDays,
    availableUnits: input.availableUnits,
    openPoUnitsDue: openDue,
    serviceLevel: s.serviceLevelPct / 100,
    netPriceCents: revenue.netPriceCents,
  });
  const level = risk.demandRateUnitsPerDay;
  // Day-by-day projections (forward cover, the what-if) follow the SES/SBA level × weekday index.
  const forecastLevel = velocity.forecastUnitsPerDay > 0 ? velocity.forecastUnitsPerDay : level;
  const todayWeekday = isoWeekday(asOfNum);
  const forward = forwardCover(input.availableUnits, forecastLevel, seasonality, todayWeekday);

  const orderUnits = risk.orderNowUnits > 0 ? risk.orderNowUnits : Math.ceil(level * Math.max(1, s.reviewPeriodDays));
  const splitSuppliers = new Array<SplitSupplier>(terms.length);
  for (let i = 0; i < terms.length; i += 1) splitSuppliers[i] = { terms: terms[i], performance: suppliers[i].performance };
  const split = recommendRuleSplit(
    { suppliers: splitSuppliers, orderUnits, unitsPerDay: level, carriedBackupUnits: input.carriedBackupUnits, currencyCode: currency },
    s,
  );

  const recommended = recommendedShares(terms, split, weights);
  const capitalBase = {
    unitsPerDay: level,
    unitsPerDaySd: velocity.unitsPerDaySd,
    onHandUnits: input.availableUnits,
    serviceLevel: s.serviceLevelPct / 100,
    reviewPeriodDays: s.reviewPeriodDays,
    carryingRatePerYear: s.workingCapitalRatePct / 100,
  };
  const currentCapital = capitalSuppliers(input, suppliers, weights, s);
  const recommendedCapital = identicalSplitShares(weights, recommended) ? currentCapital : capitalSuppliers(input, suppliers, recommended, s);
  // The current split's safety stock is the one the risk figures already computed (same d, sd, L̄, R).
  const workingCapital = compareScenarios(
    capitalBase,
    currentCapital,
    recommendedCapital,
    sameSplitShares(weights, recommended),
    leadTimeAssumed ? undefined : risk.safetyStockUnits,
  );

  let disruption: DisruptionComparison | null = null;
  const primaryIndex = supplierIndex(terms, split.primarySupplierId);
  if (primaryIndex >= 0) {
    const primaryTerms = terms[primaryIndex];
    const backupIndex = supplierIndex(terms, split.backupSupplierId);
    const backupTerms = backupIndex >= 0 ? terms[backupIndex] : null;
    const perfP = suppliers[primaryIndex].performance;
    const perfB = backupIndex >= 0 ? suppliers[backupIndex].performance : undefined;
    disruption = compareDisruption(
      {
        asOf,
        outageDays: s.disruptionWhatIfDays,
        levelUnitsPerDay: forecastLevel,
        weekdayIndices: seasonality.indices,
        todayWeekday,
        availableUnits: input.availableUnits,
        openPos,
        primary: { supplierId: primaryTerms.supplierId, name: primaryTerms.name, leadTimeDays: perfP?.leadTimeDays ?? primaryTerms.leadTimeDays, capacityUnitsPerMonth: primaryTerms.capacityUnitsPerMonth },
        backup: backupTerms
          ? {
              supplierId: backupTerms.supplierId,
              name: backupTerms.name,
              leadTimeDays: perfB?.leadTimeDays ?? backupTerms.leadTimeDays,
              capacityUnitsPerMonth: backupTerms.capacityUnitsPerMonth,
              rampUpDays: backupTerms.rampUpDays ?? DEFAULT_RAMP_UP_DAYS,
              coldStartExtraDays: DEFAULT_COLD_START_EXTRA_DAYS,
            }
          : null,
        reviewPeriodDays: s.reviewPeriodDays,
        orderUpToUnits: risk.reorderPointUnits,
        netPriceCents: revenue.netPriceCents,
      },
      backupIndex >= 0 ? shareAt(weights, backupIndex) : 0,
      split.backupPct / 100,
    );
  }

  const reasons: Reason[] = [...velocity.reasons, ...risk.reasons];
  if (leadTimeAssumed && terms.length === 0) {
    reasons.push({ code: "NO_QUALIFIED_SUPPLIER", text: `No supplier on file: risk assumes a ${ASSUMED_LEAD_TIME_DAYS}-day lead time.` });
  }
  if (input.unitCostCents === null && suppliers.every((sp) => sp.effectiveCostCents === null)) {
    reasons.push({ code: "MISSING_COSTS", text: "No unit or landed cost is known, so margin and working capital are not computed." });
  }
  let qualifiedCount = 0;
  for (let i = 0; i < terms.length; i += 1) if (isLive(terms[i])) qualifiedCount += 1;
  return {
    variantId: input.variantId,
    asOf,
    velocity,
    revenue,
    leadTimeDays: leadTimeAssumed ? null : leadMean,
    leadTimeSdDays: leadSd,
    leadTimeAssumed,
    risk,
    forwardDaysOfCover: forward,
    suppliers,
    hasQualifiedBackup: qualifiedCount >= 2 && split.action === "split",
    split,
    workingCapital,
    disruption,
    reasons,
  };
}

/** Each supplier's terms with its performance from this SKU's POs (§8.3) and cost per good unit. */
function supplierPlans(input: SkuPlanningInput, asOf: IsoDay, lateGraceDays: number): SkuSupplierPlan[] {
  // Arrays in this file are created at their final length (`new Array(n)`, then filled): pushing
  // onto [] reserves 17 slots for the usual one or two suppliers, 50,000 times per shop pass.
  const plans = new Array<SkuSupplierPlan>(input.suppliers.length);
  for (let i = 0; i < input.suppliers.length; i += 1) {
    const terms = input.suppliers[i];
    // The terms carry the quoted lead time, its sd and the landed cost: they are the prior.
    const performance = computeSupplierPerformance(terms.supplierId, input.purchaseOrders, asOf, terms, lateGraceDays);
    plans[i] = {
      supplierId: terms.supplierId,
      name: terms.name,
      role: terms.role,
      stage: terms.stage,
      currentPct: terms.allocationPct,
      effectiveCostCents: effectiveCostPerGoodUnit(terms.landedCostCents, performance),
      performance,
    };
  }
  return plans;
}

type OpenPo = DisruptionInput["openPos"][number];

/**
 * POs not yet received, with their expected arrival (days from today: the promised date, or the
 * supplier's usual lateness when already past it) and good units (after its defect rate).
 */
function openPurchaseOrders(input: SkuPlanningInput, suppliers: readonly SkuSupplierPlan[], asOfNum: number, lateGraceDays: number): OpenPo[] {
  const open: OpenPo[] = [];
  for (let k = 0; k < input.purchaseOrders.length; k += 1) {
    const po = input.purchaseOrders[k];
    if (po.receivedOn !== null) continue;
    const perf = suppliers[supplierIndex(input.suppliers, po.supplierId)]?.performance;
    const due = dayNumber(po.promisedOn) - asOfNum;
    const arrivalDay = due >= 0 ? due : Math.max(1, Math.round(perf?.meanDaysLateWhenLate || lateGraceDays || 1));
    const units = Math.max(0, po.orderedUnits) * (1 - (perf?.defectRate ?? 0));
    open.push({ supplierId: po.supplierId, arrivalDay, units });
  }
  return open;
}

/** Index of the first supplier with this id, −1 when absent (one or two suppliers: a scan beats a map). */
function supplierIndex(list: readonly { supplierId: string }[], supplierId: string | null): number {
  if (supplierId === null) return -1;
  for (let i = 0; i < list.length; i += 1) if (list[i].supplierId === supplierId) return i;
  return -1;
}

/** The first entry with this supplier id (like `find`, without a closure per call). */
function withSupplierId<T extends { supplierId: string }>(list: readonly T[], supplierId: string | null): T | undefined {
  const index = supplierIndex(list, supplierId);
  return index < 0 ? undefined : list[index];
}

function isLive(t: SupplierTerms): boolean {
  return t.stage === "qualified" || t.stage === "active";
}

// Shares per supplier are arrays aligned with the SKU's supplier list. A supplier outside the split
// holds NOT_IN_SPLIT (like a key missing from a map), which is distinct from a share of 0.
const NOT_IN_SPLIT = -1;

function shareAt(shares: readonly number[], index: number): number {
  const f = shares[index];
  return f === NOT_IN_SPLIT ? 0 : f;
}

/** Number of suppliers in the split. */
function splitSize(shares: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < shares.length; i += 1) if (shares[i] !== NOT_IN_SPLIT) n += 1;
  return n;
}

/** Current shares: allocation % of qualified/active suppliers normalised to 1; else the designated primary (or first qualified) at 100%. */
function currentShares(terms: readonly SupplierTerms[]): number[] {
  const shares = new Array<number>(terms.length).fill(NOT_IN_SPLIT);
  let total = 0;
  for (let i = 0; i < terms.length; i += 1) if (isLive(terms[i])) total += Math.max(0, terms[i].allocationPct);
  if (total > 0) {
    for (let i = 0; i < terms.length; i += 1) if (isLive(terms[i]) && terms[i].allocationPct > 0) shares[i] = terms[i].allocationPct / total;
    return shares;
  }
  let lead = terms.findIndex((t) => isLive(t) && t.role === "primary");
  if (lead < 0) lead = terms.findIndex(isLive);
  if (lead < 0) lead = terms.findIndex((t) => t.role === "primary");
  if (lead < 0 && terms.length > 0) lead = 0;
  if (lead >= 0) shares[lead] = 1;
  return shares;
}

/** The rule split's shares (suppliers with a positive %); the primary at 100% if none; else the current shares. */
function recommendedShares(terms: readonly SupplierTerms[], split: RuleSplitResult, current: number[]): number[] {
  const shares = new Array<number>(terms.length).fill(NOT_IN_SPLIT);
  let size = 0;
  for (let k = 0; k < split.allocations.length; k += 1) {
    const a = split.allocations[k];
    const index = supplierIndex(terms, a.supplierId);
    if (a.pct > 0 && index >= 0) {
      shares[index] = a.pct / 100;
      size += 1;
    }
  }
  if (size === 0 && split.primarySupplierId) {
    const primary = supplierIndex(terms, split.primarySupplierId);
    if (primary >= 0) {
      shares[primary] = 1;
      size = 1;
    }
  }
  return size > 0 ? shares : current;
}

/** Exactly the same split (the recommendation can reuse the current supplier list). */
function identicalSplitShares(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** The same suppliers with shares equal within 1e-12 (the recommendation reuses the current figures). */
function sameSplitShares(a: readonly number[], b: readonly number[]): boolean {
  if (splitSize(a) !== splitSize(b)) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== NOT_IN_SPLIT && Math.abs(b[i] - a[i]) > 1e-12) return false;
  return true;
}

/** Working-capital view of each supplier under the given shares. */
function capitalSuppliers(input: SkuPlanningInput, suppliers: readonly SkuSupplierPlan[], shares: readonly number[], s: Required<PlanningSettings>): CapitalSupplier[] {
  const list = new Array<CapitalSupplier>(input.suppliers.length);
  for (let i = 0; i < input.suppliers.length; i += 1) {
    const terms = input.suppliers[i];
    list[i] = {
      supplierId: terms.supplierId,
      share: shareAt(shares, i),
      unitCostCents: suppliers[i].effectiveCostCents ?? input.unitCostCents ?? 0,
      leadTimeDays: suppliers[i].performance.leadTimeDays,
      leadTimeSdDays: suppliers[i].performance.leadTimeSdDays,
      moqUnits: terms.moqUnits,
      depositShare: (terms.depositPct ?? s.depositPct) / 100,
      paymentTermsDays: terms.paymentTermsDays ?? s.paymentTermsDays,
      transitDays: terms.transitDays ?? 0,
    };
  }
  return list;
}

function forwardCover(available: number, level: number, seasonality: WeeklySeasonality, todayWeekday: number): number | null {
  if (!(level > 0)) return null;
  if (available <= 0) return 0;
  let cumulative = 0;
  let weekday = todayWeekday;
  let weekIndexSum = 0;
  for (let w = 0; w < seasonality.indices.length; w += 1) weekIndexSum += seasonality.indices[w];
  const weekly = level * weekIndexSum;
  const skipWeeks = Math.max(0, Math.floor(available / weekly) - 1);
  if (skipWeeks * 7 > 3650) return null;
  cumulative = skipWeeks * weekly;
  for (let day = skipWeeks * 7 + 1; day <= 3650; day += 1) {
    cumulative += level * seasonality.indices[weekday];
    if (cumulative > available) return day;
    weekday = weekday === 6 ? 0 : weekday + 1;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Shop level

/** The per-SKU figures the cross-SKU pass needs (small; store them to re-rank without replanning). */
export interface SkuRankingInput {
  variantId: string;
  netRevenueCents: number;
  revenueAtRiskCents: number;
  repeatShare: number | null;
  hasQualifiedBackup: boolean;
  riskProfile?: SkuPlanningInput["riskProfile"];
  primaryLeadTimeDays: number | null;
  primaryLeadTimeSdDays: number | null;
  primaryObservedOnTimeRate: number | null;
  primaryOutcomeCount: number;
  primaryLateStreak: number;
  primaryDefectRate: number | null;
}

/** Extract the ranking figures from a SKU plan. */
export function rankingInputOf(plan: SkuPlan, riskProfile?: SkuPlanningInput["riskProfile"]): SkuRankingInput {
  const primary = withSupplierId(plan.suppliers, plan.split.primarySupplierId) ?? null;
  const perf = primary?.performance ?? null;
  return {
    variantId: plan.variantId,
    netRevenueCents: plan.revenue.netRevenueCents,
    revenueAtRiskCents: plan.revenue.revenueAtRiskCents,
    repeatShare: plan.revenue.repeatShare,
    hasQualifiedBackup: plan.hasQualifiedBackup,
    riskProfile,
    primaryLeadTimeDays: perf?.leadTimeDays ?? null,
    primaryLeadTimeSdDays: perf?.leadTimeSdDays ?? null,
    primaryObservedOnTimeRate: perf?.observedOnTimeRate ?? null,
    primaryOutcomeCount: perf?.outcomeSequence.length ?? 0,
    primaryLateStreak: perf?.lateStreak ?? 0,
    primaryDefectRate: perf?.defectRate ?? null,
  };
}

export interface ShopRanking {
  reliance: RelianceRank;
  priority: PriorityResult;
}

/**
 * The cross-SKU pass: Pareto/ABC/rank (reliance.ts) and priority tiers (priority.ts) for every SKU.
 * Returns results in input order.
 */
export function rankShop(items: readonly SkuRankingInput[], settings: Partial<PlanningSettings>, currencyCode = "USD"): ShopRanking[] {
  return rankResolved(items, resolveSettings(settings), currencyCode);
}

function rankResolved(items: readonly SkuRankingInput[], s: Required<PlanningSettings>, currencyCode: string): ShopRanking[] {
  const reliance = rankReliance(items);
  return items.map((item, i) => ({ reliance: reliance[i], priority: priorityOf(item, reliance[i], s, currencyCode) }));
}

function priorityOf(item: SkuRankingInput, reliance: RelianceRank, s: Required<PlanningSettings>, currencyCode: string): PriorityResult {
  return computePriority({
      abcClass: reliance.abcClass,
      revenueShare: reliance.revenueShare,
      cumulativeShareBefore: reliance.cumulativeShareBefore,
      revenueAtRiskCents: item.revenueAtRiskCents,
      repeatShare: item.repeatShare,
      hasQualifiedBackup: item.hasQualifiedBackup,
      riskProfile: item.riskProfile,
      leadTimeDays: item.primaryLeadTimeDays,
      leadTimeSdDays: item.primaryLeadTimeSdDays,
      observedOnTimeRate: item.primaryObservedOnTimeRate,
      outcomeCount: item.primaryOutcomeCount,
      lateStreak: item.primaryLateStreak,
      defectRate: item.primaryDefectRate,
      defectThreshold: s.defectThresholdPct / 100,
      lateStreakPos: s.lateStreakPos,
      currencyCode,
    });
}

export interface ShopSkuPlan extends SkuPlan, ShopRanking {}

export interface ShopPlan {
  asOf: IsoDay;
  seasonality: WeeklySeasonality;
  /** Sorted by rank (revenue at risk, ties broken deterministically). */
  skus: ShopSkuPlan[];
  summary: {
    skuCount: number;
    highPriorityCount: number;
    highPriorityShare: number;
    riskCounts: Record<StockoutRiskResult["riskLevel"], number>;
    revenueAtRiskCents: number;
  };
}

export type ShopSummary = ShopPlan["summary"] & { asOf: IsoDay; seasonality: WeeklySeasonality };

/**
 * The whole shop without holding every plan in memory (the path for large shops):
 * 1. store weekday seasonality; 2. velocity and revenue for every SKU, then Pareto/ABC/rank;
 * 3. for each SKU (input order) the full plan and its priority, handed to `onSku` and dropped.
 * Returns the shop summary. Throws a RangeError (before any callback) if any input is invalid.
 */
export function planShopStream(
  inputs: readonly SkuPlanningInput[],
  settings: Partial<PlanningSettings>,
  asOf: IsoDay,
  onSku: (sku: ShopSkuPlan) => void,
  options: { currencyCode?: string } = {},
): ShopSummary {
  const s = resolveSettings(settings);
  dayNumber(asOf);
  const currency = options.currencyCode ?? "USD";
  const tally = createWeekdayTally();
  const known = readHistories(inputs, s, asOf, tally);
  const seasonality = seasonalityFromTally(tally);
  const reliance = rankReliance(relianceInputsOf(inputs, known));
  return { asOf, seasonality, ...planEachSku(inputs, known, reliance, s, asOf, { seasonality, currencyCode: currency }, onSku) };
}

// The three passes of planShopStream are separate functions on purpose: each loop then runs in
// code the JIT optimised for that loop alone, instead of one long function that is optimised
// while its first loop runs and falls back to slower code when it reaches the next one.

type KnownFigures = { velocity: VelocityResult; revenue: RevenueSummary } | null;

/**
 * Pass 1: every SKU's input is checked (a RangeError before any plan is handed out), then its
 * history is read once: velocity, revenue, and the store seasonality tallied from the same
 * in-stock days (on a large shop a second read of 50k histories costs cache misses, not arithmetic).
 */
function readHistories(inputs: readonly SkuPlanningInput[], s: Required<PlanningSettings>, asOf: IsoDay, tally: WeekdayTally): KnownFigures[] {
  const known: KnownFigures[] = [];
  for (let i = 0; i < inputs.length; i += 1) {
    const input = inputs[i];
    validateSkuInput(input);
    const velocity = computeVelocity(input.history, asOf, { windowDays: s.velocityWindowDays, sellsWhenOutOfStock: input.sellsWhenOutOfStock }, tally);
    known.push({ velocity, revenue: summariseRevenue(velocity, input.priceCents, input.unitCostCents) });
  }
  return known;
}

/** Pass 2's input: the figures Pareto/ABC/rank need, per SKU. */
function relianceInputsOf(inputs: readonly SkuPlanningInput[], known: readonly KnownFigures[]): RelianceInput[] {
  const items: RelianceInput[] = [];
  for (let i = 0; i < inputs.length; i += 1) {
    const revenue = (known[i] as { revenue: RevenueSummary }).revenue;
    items.push({ variantId: inputs[i].variantId, netRevenueCents: revenue.netRevenueCents, revenueAtRiskCents: revenue.revenueAtRiskCents });
  }
  return items;
}

/** Pass 3: each SKU's full plan and priority, handed to `onSku` and dropped; returns the counts. */
function planEachSku(
  inputs: readonly SkuPlanningInput[],
  known: KnownFigures[],
  reliance: readonly RelianceRank[],
  s: Required<PlanningSettings>,
  asOf: IsoDay,
  context: PlanContext & { currencyCode: string },
  onSku: (sku: ShopSkuPlan) => void,
): ShopPlan["summary"] {
  const riskCounts = { critical: 0, high: 0, medium: 0, low: 0 };
  let high = 0;
  let atRisk = 0;
  for (let i = 0; i < inputs.length; i += 1) {
    const plan = planResolvedSku(inputs[i], s, asOf, context, known[i] ?? undefined);
    known[i] = null; // the plan now holds it; nothing else keeps it alive
    const priority = priorityOf(rankingInputOf(plan, inputs[i].riskProfile), reliance[i], s, context.currencyCode);
    riskCounts[plan.risk.riskLevel] += 1;
    if (priority.tier === "high") high += 1;
    atRisk += plan.revenue.revenueAtRiskCents;
    // The plan was built for this callback alone: extend it in place instead of copying its fields.
    const sku = plan as ShopSkuPlan;
    sku.reliance = reliance[i];
    sku.priority = priority;
    onSku(sku);
  }
  const n = inputs.length;
  return { skuCount: n, highPriorityCount: high, highPriorityShare: n > 0 ? high / n : 0, riskCounts, revenueAtRiskCents: atRisk };
}

/** The whole shop in memory: every SKU's plan with rank and priority, sorted by rank. */
export function planShop(inputs: readonly SkuPlanningInput[], settings: Partial<PlanningSettings>, asOf: IsoDay, options: { currencyCode?: string } = {}): ShopPlan {
  const skus: ShopSkuPlan[] = [];
  const summary = planShopStream(inputs, settings, asOf, (sku) => skus.push(sku), options);
  skus.sort((a, b) => a.reliance.rank - b.reliance.rank);
  const { asOf: day, seasonality, ...counts } = summary;
  return { asOf: day, seasonality, skus, summary: counts };
}

/** Flat SkuMetrics columns (without shop, computedAt and detailJson) for the materialiser. */
export function skuMetricsOf(sku: ShopSkuPlan) {
  let primary: SplitAllocation | undefined;
  for (let k = 0; k < sku.split.allocations.length && primary === undefined; k += 1) if (sku.split.allocations[k].role === "primary") primary = sku.split.allocations[k];
  const current = withSupplierId(sku.suppliers, sku.split.primarySupplierId);
  return {
    variantId: sku.variantId,
    rank: sku.reliance.rank,
    unitsPerDay: sku.velocity.unitsPerDay,
    unitsPerDaySd: sku.velocity.unitsPerDaySd,
    demandClass: sku.velocity.demandClass,
    velocityConfidence: sku.velocity.confidence,
    netRevenueCents: Math.round(sku.revenue.netRevenueCents),
    marginCents: sku.revenue.marginCents === null ? null : Math.round(sku.revenue.marginCents),
    revenueSharePct: sku.reliance.revenueShare * 100,
    cumulativeSharePct: sku.reliance.cumulativeShare * 100,
    abcClass: sku.reliance.abcClass,
    revenueAtRiskCents: sku.revenue.revenueAtRiskCents,
    repeatShare: sku.revenue.repeatShare ?? 0,
    priorityScore: sku.priority.score,
    priorityTier: sku.priority.tier,
    daysOfCover: sku.risk.daysOfCover,
    leadTimeDays: sku.leadTimeDays,
    stockoutProbability: sku.risk.stockoutProbability,
    riskLevel: sku.risk.riskLevel,
    safetyStockUnits: Math.max(0, Math.ceil(sku.risk.safetyStockUnits - 1e-9)),
    reorderPointUnits: sku.risk.reorderPointUnits,
    hasBackup: sku.hasQualifiedBackup,
    currentPrimaryPct: current ? current.currentPct : null,
    recommendedPrimaryPct: primary ? primary.pct : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Optimiser on demand

export interface SkuOptimisation {
  variantId: string;
  /** The rule engine's backup share, 0–1. */
  ruleBackupShare: number;
  result: OptimiserResult;
  /** Cost of the rule's share in the same simulation. */
  ruleCost: ShareCost;
  /** Rule cost − optimiser cost, cents per year (≥ 0 up to noise). */
  savingVsRuleCents: number;
  reasons: Reason[];
  explanation: string;
}

/**
 * Runs the §7B(i) optimiser for a SKU with a primary and a qualified backup (null otherwise):
 * daily demand from velocity, suppliers from their performance and terms, shortage penalty =
 * net price − primary cost per good unit + goodwill (lost sales), the rule's share evaluated
 * beside the grid with the same random numbers.
 */
export function optimiseSkuSplit(
  input: SkuPlanningInput,
  plan: SkuPlan,
  settings: Partial<PlanningSettings>,
  options: OptimiserOptions & { currencyCode?: string } = {},
): SkuOptimisation | null {
  const s = resolveSettings(settings);
  const currency = options.currencyCode ?? "USD";
  if (plan.split.action !== "split" || !plan.split.primarySupplierId || !plan.split.backupSupplierId) return null;
  const byId = new Map(input.suppliers.map((t) => [t.supplierId, t] as const));
  const planById = new Map(plan.suppliers.map((sp) => [sp.supplierId, sp] as const));
  const toSim = (id: string): SimSupplier => {
    const terms = byId.get(id) as SupplierTerms;
    const sp = planById.get(id) as SkuSupplierPlan;
    const perf = sp.performance;
    const landed = terms.landedCostCents ?? sp.effectiveCostCents ?? input.unitCostCents ?? 0;
    return {
      unitCostCents: landed,
      defectRate: Math.min(0.95, perf.defectRate ?? 0),
      leadTimeDays: perf.promisedLeadTimeDays ?? terms.leadTimeDays,
      leadTimeSdDays: perf.usesPrior ? (terms.leadTimeSdDays ?? 0.25 * terms.leadTimeDays) : Math.min(perf.leadTimeSdDays, terms.leadTimeSdDays ?? perf.leadTimeSdDays),
      onTimeRate: perf.onTimeRate,
      meanDaysLateWhenLate: perf.meanDaysLateWhenLate > 0 ? perf.meanDaysLateWhenLate : s.lateGraceDays + 5,
      moqUnits: terms.moqUnits,
      capacityUnitsPerMonth: terms.capacityUnitsPerMonth,
      disruptionProbabilityPerYear: terms.disruptionProbabilityPerYear ?? DEFAULT_DISRUPTION_PER_YEAR,
      meanOutageDays: terms.meanOutageDays ?? DEFAULT_OUTAGE_DAYS,
      rampUpDays: terms.rampUpDays ?? DEFAULT_RAMP_UP_DAYS,
      depositShare: (terms.depositPct ?? s.depositPct) / 100,
      paymentTermsDays: terms.paymentTermsDays ?? s.paymentTermsDays,
      transitDays: terms.transitDays ?? 0,
    };
  };
  const primary = toSim(plan.split.primarySupplierId);
  const backup = toSim(plan.split.backupSupplierId);
  const primaryGoodCost = primary.unitCostCents / (1 - primary.defectRate);
  const penalty = Math.max(0, plan.revenue.netPriceCents - primaryGoodCost) + s.goodwillCentsPerUnitShort;
  const ruleShare = plan.split.targetBackupPct / 100;
  const result = optimiseSplit(
    {
      unitsPerDay: plan.risk.demandRateUnitsPerDay,
      unitsPerDaySd: plan.velocity.unitsPerDaySd,
      reviewPeriodDays: s.reviewPeriodDays,
      serviceLevel: s.serviceLevelPct / 100,
      carryingRatePerYear: s.workingCapitalRatePct / 100,
      shortagePenaltyCentsPerUnit: penalty,
      moqToleranceCents: s.moqToleranceCents,
      primary,
      backup,
    },
    { ...options, extraShares: [...(options.extraShares ?? []), ruleShare] },
  );
  const ruleCost = result.candidates.find((c) => Math.abs(c.backupShare - ruleShare) < 1e-6) as ShareCost;
  const saving = ruleCost.totalCents.mean - result.best.totalCents.mean;
  const backupName = byId.get(plan.split.backupSupplierId)?.name ?? "the backup";
  const best = result.best;
  const halfWidth = (best.totalCents.high - best.totalCents.low) / 2;
  const reasons: Reason[] = [];
  const tie = result.indistinguishableShares.some((x) => Math.abs(x - ruleShare) < 1e-6);
  const text = tie
    ? `Simulating ${best.replications} years, ${formatShare(best.backupShare)} to ${backupName} costs ${formatMoney(best.totalCents.mean, currency)}/yr (±${formatMoney(halfWidth, currency)}), the same within noise as the rule's ${formatShare(ruleShare)}.`
    : `Simulating ${best.replications} years, ${formatShare(best.backupShare)} to ${backupName} costs ${formatMoney(best.totalCents.mean, currency)}/yr (±${formatMoney(halfWidth, currency)}), ${formatMoney(saving, currency)} less than the rule's ${formatShare(ruleShare)}.`;
  reasons.push({ code: tie ? "OPTIMISER_TIE" : "OPTIMISER_CHOICE", text });
  return { variantId: input.variantId, ruleBackupShare: ruleShare, result, ruleCost, savingVsRuleCents: saving, reasons, explanation: text };
}
