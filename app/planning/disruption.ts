/**
 * Disruption what-if: "the primary is unavailable for N days from today". A deterministic
 * day-by-day projection on the seasonal forecast, under a given backup share: day of the first
 * stockout, units short and revenue lost. While the primary is down its shipments are held until
 * it is back, its share of new orders is queued until then, or rerouted to the backup once the
 * backup's ramp-up time has passed and only up to the backup's capacity.
 */
import { addDays } from "./days";
import type { IsoDay } from "./types";

export interface DisruptionSupplier {
  supplierId: string;
  name: string;
  leadTimeDays: number;
  /** Units per month the supplier can make; null = unlimited. */
  capacityUnitsPerMonth: number | null;
}

export interface DisruptionInput {
  asOf: IsoDay;
  /** N: days the primary is unavailable, counting today. */
  outageDays: number;
  /** Forecast level, units/day, and weekday indices (Monday first) with today's weekday. */
  levelUnitsPerDay: number;
  weekdayIndices: readonly number[];
  todayWeekday: number;
  availableUnits: number;
  /** Open POs: good units and expected arrival as days from today (0 = today). */
  openPos: readonly { supplierId: string; arrivalDay: number; units: number }[];
  primary: DisruptionSupplier;
  /** rampUpDays: days before extra volume; coldStartExtraDays: added when the backup's share is 0 (cold). */
  backup: (DisruptionSupplier & { rampUpDays: number; coldStartExtraDays?: number }) | null;
  reviewPeriodDays: number;
  /** Order-up-to level used at each review, units. */
  orderUpToUnits: number;
  netPriceCents: number;
  /** Projection length, days (default N + primary lead time + review period). */
  horizonDays?: number;
}

export interface DisruptionOutcome {
  backupShare: number;
  /** Days from today to the first day with unmet demand (0 = today); null = none in the horizon. */
  stockoutDay: number | null;
  stockoutDate: IsoDay | null;
  unitsShort: number;
  revenueLostCents: number;
  /** Units ordered from the backup inside the horizon (regular share + rerouted). */
  backupUnitsOrdered: number;
  reroutedUnits: number;
  horizonDays: number;
}

/**
 * Projects demand d_t = level × index(weekday_t) day by day for the horizon. Reviews every R days
 * order Q = max(0, S − (on hand + pipeline)); the backup takes share·Q (capacity R/30 × monthly),
 * the primary the rest. While the primary is down (days 0…N−1) its arrivals wait until day N; its
 * share of a new order goes to the backup once `rampUpDays` have passed (within the backup's
 * spare capacity) and otherwise waits for the primary to return (arrives at N + L_P); once the
 * backup has ramped up, units still waiting for the primary move to it too (within capacity).
 * Units short = Σ max(0, d_t − on hand); revenue lost = units short × net price (cents).
 */
export function projectDisruption(input: DisruptionInput, backupShare: number): DisruptionOutcome {
  const outage = Math.max(0, Math.floor(input.outageDays));
  const review = Math.max(1, Math.round(input.reviewPeriodDays || 1));
  const leadP = Math.max(0, Math.round(input.primary.leadTimeDays));
  const leadB = input.backup ? Math.max(0, Math.round(input.backup.leadTimeDays)) : 0;
  const horizon = Math.max(1, Math.floor(input.horizonDays ?? outage + leadP + review));
  const share = input.backup ? Math.min(1, Math.max(0, backupShare)) : 0;
  // `arrivals` is a reused buffer, zeroed up to `size`; `size` stands in for its length below.
  const size = horizon + leadP + leadB + outage + 2;
  const arrivals = scratchBuffer(size);
  let pipeline = 0;
  for (let k = 0; k < input.openPos.length; k += 1) {
    const po = input.openPos[k];
    let day = Math.max(0, Math.round(po.arrivalDay));
    if (po.supplierId === input.primary.supplierId && day < outage) day = outage;
    if (day < size && po.units > 0) {
      arrivals[day] += po.units;
      pipeline += po.units;
    }
  }
  const capB = input.backup?.capacityUnitsPerMonth ?? null;
  const capBPerOrder = capB === null ? Number.POSITIVE_INFINITY : (capB * review) / 30;
  let onHand = Math.max(0, input.availableUnits || 0);
  let short = 0;
  let stockoutDay: number | null = null;
  let backupOrdered = 0;
  let rerouted = 0;
  let queuedAtPrimary = 0;
  // A backup with no regular share is cold: it needs its extra ramp-up time first.
  const rampUp = input.backup ? input.backup.rampUpDays + (share === 0 ? (input.backup.coldStartExtraDays ?? 0) : 0) : 0;
  let weekday = ((input.todayWeekday % 7) + 7) % 7;
  // Demand depends only on the weekday: work out the 7 values once, not once per projected day.
  const level = Math.max(0, input.levelUnitsPerDay);
  const demandByWeekday = weekdayDemand;
  for (let w = 0; w < 7; w += 1) demandByWeekday[w] = level * (input.weekdayIndices[w] ?? 1);
  // Reviews fall on t = 0, R, 2R, …: a countdown instead of t % R (an integer division every day).
  let daysToReview = 0;
  for (let t = 0; t < horizon; t += 1) {
    onHand += arrivals[t];
    pipeline -= arrivals[t];
    const isReviewDay = daysToReview === 0;
    daysToReview = isReviewDay ? review - 1 : daysToReview - 1;
    if (isReviewDay) {
      let capLeft = capBPerOrder;
      if (t < outage && input.backup && t >= rampUp && queuedAtPrimary > 0) {
        // Contingent rerouting: units waiting for the primary move to the ramped-up backup.
        const moved = Math.min(queuedAtPrimary, capLeft);
        capLeft -= moved;
        queuedAtPrimary -= moved;
        arrivals[outage + leadP] -= moved;
        const day = t + leadB;
        if (day < size) arrivals[day] += moved;
        backupOrdered += moved;
        rerouted += moved;
      }
      const order = Math.max(0, input.orderUpToUnits - onHand - pipeline);
      if (order > 0) {
        let toBackup = Math.min(order * share, capLeft);
        let toPrimary = order - toBackup;
        if (t < outage && input.backup && t >= rampUp) {
          const extra = Math.min(toPrimary, Math.max(0, capLeft - toBackup));
          toBackup += extra;
          toPrimary -= extra;
          rerouted += extra;
        }
        if (toBackup > 0) {
          const day = t + leadB;
          if (day < size) arrivals[day] += toBackup;
          backupOrdered += toBackup;
        }
        if (toPrimary > 0) {
          const day = (t < outage ? outage : t) + leadP;
          if (day < size) arrivals[day] += toPrimary;
          if (t < outage) queuedAtPrimary += toPrimary;
        }
        pipeline += toBackup + toPrimary;
      }
    }
    const demand = demandByWeekday[weekday];
    if (demand > onHand + 1e-9) {
      short += demand - onHand;
      if (stockoutDay === null) stockoutDay = t;
      onHand = 0;
    } else {
      onHand -= demand;
    }
    weekday = weekday === 6 ? 0 : weekday + 1;
  }
  return {
    backupShare: share,
    stockoutDay,
    stockoutDate: stockoutDay === null ? null : addDays(input.asOf, stockoutDay),
    unitsShort: short,
    revenueLostCents: short * Math.max(0, input.netPriceCents || 0),
    backupUnitsOrdered: backupOrdered,
    reroutedUnits: rerouted,
    horizonDays: horizon,
  };
}

export interface DisruptionComparison {
  outageDays: number;
  current: DisruptionOutcome;
  recommended: DisruptionOutcome;
  /** current − recommended revenue lost, cents (positive = the recommendation protects more). */
  revenueProtectedCents: number;
}

/** The same outage under the current and the recommended backup share. */
export function compareDisruption(input: DisruptionInput, currentBackupShare: number, recommendedBackupShare: number): DisruptionComparison {
  const current = projectDisruption(input, currentBackupShare);
  const recommended = Math.abs(recommendedBackupShare - currentBackupShare) < 1e-12 ? current : projectDisruption(input, recommendedBackupShare);
  return {
    outageDays: Math.max(0, Math.floor(input.outageDays)),
    current,
    recommended,
    revenueProtectedCents: current.revenueLostCents - recommended.revenueLostCents,
  };
}

// One reused buffer of arrivals per projection and one of demand by weekday (no allocation per SKU
// in a shop pass). A projection never runs inside another, and nothing escapes from either buffer.
let scratch = new Float64Array(1024);
const weekdayDemand = new Float64Array(7);

/** The arrivals buffer, at least `length` long, zeroed over [0, length). */
function scratchBuffer(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, scratch.length * 2));
  scratch.fill(0, 0, length);
  return scratch;
}
