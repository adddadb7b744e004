/**
 * Supplier performance from purchase orders (planning-math §8.3), per supplier or per
 * supplier × SKU (pass that SKU's POs): lead time promised vs actual, on-time rate, late streak,
 * defect rate, landed cost per good unit and their trends. Open POs past their promised date are
 * right-censored lead times (kept at their current age, and counted late). Until 5 POs have an
 * outcome, lead time and on-time rate lean on a prior. Pilot POs count as qualification evidence
 * (lead time, on-time, defects) but not as volume or price.
 */
import { dayNumber } from "./days";
import { clamp, safeDivide } from "./stats";
import type { IsoDay, PurchaseOrderRecord } from "./types";

/** Receipts needed before observed lead times and on-time rate stand on their own (§8.3). */
export const MIN_RECEIPTS_FOR_OBSERVED = 5;
/** Prior lead-time sd as a share of the quoted lead time when none is quoted (§8.3: 25% of L). */
export const PRIOR_LEAD_TIME_SD_SHARE = 0.25;
/** Prior on-time rate blended in until 5 outcomes exist. */
export const PRIOR_ON_TIME_RATE = 0.9;

export type PoOutcome = "on_time" | "late";

export interface SupplierPerformance {
  supplierId: string;
  /** All POs given (any state). */
  poCount: number;
  receivedCount: number;
  pilotCount: number;
  openCount: number;
  openPastDueCount: number;
  /** Received POs (pilots included) that count toward qualification. */
  qualificationReceipts: number;
  /** Mean promised lead time (promised − placed), days; null without POs. */
  promisedLeadTimeDays: number | null;
  /** Observed mean lead time incl. censored open POs at their age (a lower bound), days. */
  observedLeadTimeDays: number | null;
  /** Lead time used for planning: observed, shrunk to the prior below 5 outcomes, days. */
  leadTimeDays: number;
  /** sd of lead time used for planning, days. */
  leadTimeSdDays: number;
  /** True while fewer than 5 outcomes exist and the prior is blended in. */
  usesPrior: boolean;
  /** OLS slope of actual lead time on PO sequence (received POs), days per PO. */
  leadTimeTrendDaysPerPo: number;
  /** On-time share of POs with an outcome, prior-blended below 5 outcomes, 0–1. */
  onTimeRate: number;
  observedOnTimeRate: number | null;
  /** Consecutive late POs ending with the most recent outcome. */
  lateStreak: number;
  /** Mean days late over that streak. */
  lateStreakAvgDaysLate: number;
  /** Consecutive on-time POs ending with the most recent outcome. */
  onTimeStreak: number;
  /** Mean days late among late POs (lateness given late), days. */
  meanDaysLateWhenLate: number;
  /** Outcomes oldest → newest (by promised date): "O" on time, "L" late (open past-due POs count late). */
  outcomeSequence: string;
  /** Defective ÷ received units over all received POs (pilots included), 0–1; null if none received. */
  defectRate: number | null;
  /** Units received on non-pilot POs (volume). */
  volumeUnitsReceived: number;
  /** Σ(landed × received) ÷ Σ good units over non-pilot POs, cents; null without cost data. */
  landedCostPerGoodUnitCents: number | null;
  /** OLS slope of per-PO cost per good unit on PO sequence, cents per PO. */
  costPerGoodUnitTrendCentsPerPo: number;
}

export interface PerformancePrior {
  /** Quoted lead time, days. */
  leadTimeDays: number;
  /** Quoted sd, days (null → 25% of the lead time). */
  leadTimeSdDays: number | null;
  /** Quoted landed cost per unit, cents (fallback for POs without one). */
  landedCostCents: number | null;
}

/**
 * Summarise a supplier's POs as of `asOf`. Lead time = receivedOn − placedOn (days); late when
 * received more than `lateGraceDays` after promisedOn, or still open past promisedOn + grace.
 * Below 5 outcomes n: L = (n·L_obs + (5−n)·L_prior)/5, sd² = (n·s²_obs + (5−n)·sd²_prior)/5 and
 * on-time = (on-time count + (5−n)·0.9)/5. Defect rate = Σ defective ÷ Σ received units.
 * Cost per good unit = Σ landed·received ÷ Σ(received − defective) over non-pilot POs, cents.
 */
export function computeSupplierPerformance(
  supplierId: string,
  orders: readonly PurchaseOrderRecord[],
  asOf: IsoDay,
  prior: PerformancePrior,
  lateGraceDays: number,
): SupplierPerformance {
  const mine = ordersOf(supplierId, orders);
  const asOfNum = dayNumber(asOf);
  // Per-PO series go into reused buffers (see the note at the end of this file); n* are their lengths.
  const leadTimes = grow(0, mine.length);
  const receivedLeadTimes = grow(1, mine.length);
  const perPoCost = grow(2, mine.length);
  let nLeadTimes = 0;
  let nReceivedLeadTimes = 0;
  let nPerPoCost = 0;
  let sequence = "";
  let received = 0;
  let pilots = 0;
  let open = 0;
  let openPastDue = 0;
  let receivedUnits = 0;
  let defectiveUnits = 0;
  let volumeUnits = 0;
  let costWeighted = 0;
  let goodUnits = 0;
  let promisedSum = 0;
  let onTimeCount = 0;
  let lateCount = 0;
  let lateDaysSum = 0;
  // Streak bookkeeping, updated as outcomes arrive oldest → newest.
  let lateStreak = 0;
  let lateStreakDays = 0;
  let onTimeStreak = 0;
  for (let k = 0; k < mine.length; k += 1) {
    const po = mine[k];
    if (po.isPilot) pilots += 1;
    const placed = dayNumber(po.placedOn);
    const promised = dayNumber(po.promisedOn);
    promisedSum += promised - placed;
    let isLate = false;
    let daysLate = 0;
    let hasOutcome = false;
    if (po.receivedOn !== null) {
      received += 1;
      const receivedDay = dayNumber(po.receivedOn);
      const lead = Math.max(0, receivedDay - placed);
      leadTimes[nLeadTimes++] = lead;
      receivedLeadTimes[nReceivedLeadTimes++] = lead;
      daysLate = receivedDay - promised;
      isLate = daysLate > lateGraceDays;
      hasOutcome = true;
      const got = Math.max(0, po.receivedUnits ?? po.orderedUnits);
      const bad = clamp(po.defectiveUnits ?? 0, 0, got);
      receivedUnits += got;
      defectiveUnits += bad;
      if (!po.isPilot) {
        volumeUnits += got;
        const unitCost = po.landedCostCents ?? prior.landedCostCents;
        if (unitCost !== null && got - bad > 0) {
          costWeighted += unitCost * got;
          goodUnits += got - bad;
          perPoCost[nPerPoCost++] = (unitCost * got) / (got - bad);
        }
      }
    } else {
      open += 1;
      daysLate = asOfNum - promised;
      if (daysLate > lateGraceDays) {
        openPastDue += 1;
        leadTimes[nLeadTimes++] = Math.max(0, asOfNum - placed);
        isLate = true;
        hasOutcome = true;
      }
    }
    if (!hasOutcome) continue;
    if (isLate) {
      lateCount += 1;
      lateDaysSum += daysLate;
      lateStreak += 1;
      lateStreakDays += daysLate;
      onTimeStreak = 0;
      sequence += "L";
    } else {
      onTimeCount += 1;
      onTimeStreak += 1;
      lateStreak = 0;
      lateStreakDays = 0;
      sequence += "O";
    }
  }

  const n = onTimeCount + lateCount;
  const observed = meanAndSdOf(leadTimes, nLeadTimes);
  const priorMean = Math.max(0, prior.leadTimeDays);
  const priorSd = prior.leadTimeSdDays ?? PRIOR_LEAD_TIME_SD_SHARE * priorMean;
  const usesPrior = n < MIN_RECEIPTS_FOR_OBSERVED;
  const w = Math.min(n, MIN_RECEIPTS_FOR_OBSERVED) / MIN_RECEIPTS_FOR_OBSERVED;
  const leadTimeDays = nLeadTimes > 0 ? w * observed.mean + (1 - w) * priorMean : priorMean;
  const leadTimeSdDays = usesPrior ? Math.sqrt(w * observed.sd * observed.sd + (1 - w) * priorSd * priorSd) : observed.sd;
  const onTimeRate = usesPrior
    ? (onTimeCount + (MIN_RECEIPTS_FOR_OBSERVED - n) * PRIOR_ON_TIME_RATE) / MIN_RECEIPTS_FOR_OBSERVED
    : onTimeCount / n;

  return {
    supplierId,
    poCount: mine.length,
    receivedCount: received,
    pilotCount: pilots,
    openCount: open,
    openPastDueCount: openPastDue,
    qualificationReceipts: received,
    promisedLeadTimeDays: mine.length > 0 ? promisedSum / mine.length : null,
    observedLeadTimeDays: nLeadTimes > 0 ? observed.mean : null,
    leadTimeDays,
    leadTimeSdDays,
    usesPrior,
    leadTimeTrendDaysPerPo: slopeOnIndex(receivedLeadTimes, nReceivedLeadTimes),
    onTimeRate: clamp(onTimeRate, 0, 1),
    observedOnTimeRate: n > 0 ? onTimeCount / n : null,
    lateStreak,
    lateStreakAvgDaysLate: safeDivide(lateStreakDays, lateStreak),
    onTimeStreak,
    meanDaysLateWhenLate: safeDivide(lateDaysSum, lateCount),
    outcomeSequence: sequence,
    defectRate: receivedUnits > 0 ? defectiveUnits / receivedUnits : null,
    volumeUnitsReceived: volumeUnits,
    landedCostPerGoodUnitCents: goodUnits > 0 ? costWeighted / goodUnits : null,
    costPerGoodUnitTrendCentsPerPo: slopeOnIndex(perPoCost, nPerPoCost),
  };
}

/** OLS slope of y on its index 0, 1, 2, … (units of y per step) over ys[0…n−1]; 0 below two points. */
function slopeOnIndex(ys: Float64Array, n: number): number {
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  let my = 0;
  for (let i = 0; i < n; i += 1) my += ys[i];
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i += 1) {
    sxy += (i - mx) * (ys[i] - my);
    sxx += (i - mx) * (i - mx);
  }
  return sxy / sxx;
}

/** stats.meanAndSd over values[0…n−1] (same arithmetic, same order). */
function meanAndSdOf(values: Float64Array, n: number): { mean: number; sd: number } {
  if (n === 0) return { mean: 0, sd: 0 };
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += values[i];
  const mean = sum / n;
  if (n < 2) return { mean, sd: 0 };
  let ss = 0;
  for (let i = 0; i < n; i += 1) ss += (values[i] - mean) * (values[i] - mean);
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

const NO_ORDERS: readonly PurchaseOrderRecord[] = Object.freeze([]);

/**
 * The supplier's POs in outcome order (promised, placed, id). Usually the SKU's list already is
 * exactly that (one supplier with POs, stored in date order), and it is returned as is: the shop
 * pass calls this for every supplier of every SKU.
 */
function ordersOf(supplierId: string, orders: readonly PurchaseOrderRecord[]): readonly PurchaseOrderRecord[] {
  let count = 0;
  let inOrder = true;
  let previous: PurchaseOrderRecord | null = null;
  for (let k = 0; k < orders.length; k += 1) {
    const po = orders[k];
    if (po.supplierId !== supplierId) continue;
    if (previous !== null && comparePo(previous, po) > 0) inOrder = false;
    previous = po;
    count += 1;
  }
  if (count === 0) return NO_ORDERS;
  if (count === orders.length && inOrder) return orders;
  const mine: PurchaseOrderRecord[] = [];
  for (let k = 0; k < orders.length; k += 1) if (orders[k].supplierId === supplierId) mine.push(orders[k]);
  if (!inOrder) mine.sort(comparePo);
  return mine;
}

// Reused buffers for the per-PO series (lead times, received lead times, cost per good unit): the
// shop pass summarises every supplier of every SKU, and three arrays each time are pure garbage.
// Only numbers leave computeSupplierPerformance, and it never runs inside itself.
const buffers: Float64Array[] = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];

function grow(which: number, length: number): Float64Array {
  if (buffers[which].length < length) buffers[which] = new Float64Array(Math.max(length, buffers[which].length * 2));
  return buffers[which];
}

/** Order POs by promised date, then placed date, then id (the outcome sequence order). */
function comparePo(a: PurchaseOrderRecord, b: PurchaseOrderRecord): number {
  return cmp(a.promisedOn, b.promisedOn) || cmp(a.placedOn, b.placedOn) || cmp(a.id, b.id);
}

/**
 * Effective cost per good unit c̃ = landed ÷ (1 − defect rate) (§7A.1), cents. Prefers the
 * observed cost per good unit from POs; null when no cost is known or every unit is defective.
 */
export function effectiveCostPerGoodUnit(landedCostCents: number | null, performance: SupplierPerformance | null): number | null {
  if (performance?.landedCostPerGoodUnitCents != null) return performance.landedCostPerGoodUnitCents;
  if (landedCostCents === null || !Number.isFinite(landedCostCents)) return null;
  const defect = performance?.defectRate ?? 0;
  if (defect >= 1) return null;
  return landedCostCents / (1 - defect);
}

/**
 * Lead-time variance implied by lateness alone (§8.3): with on-time rate o and lateness given
 * late of mean m and sd s (days), Var = (1−o)(s² + m²) − ((1−o)m)², days².
 */
export function latenessVariance(onTimeRate: number, meanDaysLate: number, sdDaysLate: number): number {
  const lateShare = 1 - clamp(onTimeRate, 0, 1);
  return Math.max(0, lateShare * (sdDaysLate * sdDaysLate + meanDaysLate * meanDaysLate) - (lateShare * meanDaysLate) ** 2);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
