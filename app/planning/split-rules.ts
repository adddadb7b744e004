/**
 * The rule-based split (planning-math §7A): explainable heuristics from industry practice, not an
 * optimum. Skewed baseline from the shop's settings, shifts after late streaks, a pause on
 * defects, a test of a cheaper backup, a warm-backup floor, then MOQ and capacity per PO.
 */
import { formatMoney, formatNumber, formatShare, headline, plural } from "./explain";
import { effectiveCostPerGoodUnit, type PoOutcome, type SupplierPerformance } from "./supplier-performance";
import type { PlanningSettings, Reason, ReasonCode, SupplierTerms } from "./types";

/** Primary health (§7A.2): on-time ≥ 90%, defects ≤ 2%, disruption probability < 10%/yr. */
export const HEALTHY_ON_TIME_RATE = 0.9;
export const HEALTHY_MAX_DEFECT_RATE = 0.02;
export const HEALTHY_MAX_DISRUPTION_PER_YEAR = 0.1;
/** Backup share cap while the primary is available (§7A.3). */
export const MAX_BACKUP_PCT_WHILE_PRIMARY_UP = 50;
/** Pilot size: at least the candidate's MOQ and about two weeks of sales. */
export const PILOT_DAYS_OF_SALES = 14;

export interface SplitSupplier {
  terms: SupplierTerms;
  performance: SupplierPerformance | null;
}

export interface SplitAllocation {
  supplierId: string;
  name: string;
  role: "primary" | "backup";
  /** Share of this order, whole percent; the allocations sum to 100. */
  pct: number;
  units: number;
  /** c̃ = landed ÷ (1 − defect rate), cents per good unit; null when unknown. */
  effectiveCostCents: number | null;
}

export type MoqHandling = "none" | "rounded_up" | "carried_forward";

export interface RuleSplitResult {
  /** split = primary + backup; single = primary only; pilot = primary only + run a pilot; none = no qualified supplier. */
  action: "split" | "single" | "pilot" | "none";
  primarySupplierId: string | null;
  backupSupplierId: string | null;
  /** Backup share the rules aim for before MOQ/capacity, percent. */
  targetBackupPct: number;
  /** Final shares of this order, whole percent, summing to 100. */
  primaryPct: number;
  backupPct: number;
  allocations: SplitAllocation[];
  orderUnits: number;
  /** Units neither supplier can take (both capacity-bound). */
  unfilledUnits: number;
  /** Backup units owed to a later order because this one is below its MOQ. */
  carryForwardBackupUnits: number;
  moqHandling: MoqHandling;
  /** Percentage points shifted to the backup by the late-streak rule (after recoveries). */
  lateShiftPct: number;
  pilot: { supplierId: string | null; name: string | null; units: number } | null;
  reasons: Reason[];
  /** One plain sentence with numbers: the headline reason. */
  explanation: string;
}

export interface RuleSplitInput {
  suppliers: readonly SplitSupplier[];
  /** Units to order now (or the typical cycle order when no order is due). */
  orderUnits: number;
  unitsPerDay: number;
  /** Backup units carried from earlier orders below the backup's MOQ. */
  carriedBackupUnits?: number;
  currencyCode?: string;
}

const HEADLINE_ORDER: readonly ReasonCode[] = [
  "NO_QUALIFIED_SUPPLIER",
  "DEFECT_PAUSE",
  "PILOT_RECOMMENDED",
  "BOTH_CAPACITY_BOUND",
  "LATE_STREAK_SHIFT",
  "BACKUP_DEFECT_PAUSE",
  "CHEAPER_BACKUP_TEST",
  "ON_TIME_RECOVERY",
  "MOQ_CARRIED_FORWARD",
  "BASELINE_UNHEALTHY",
  "MOQ_ROUNDED_UP",
  "CAPACITY_OVERFLOW",
  "BACKUP_CAP_50",
  "KEEP_BACKUP_WARM",
  "BASELINE_HEALTHY",
];

/**
 * Replays the late-streak rule over a PO outcome sequence (oldest → newest): every N consecutive
 * late POs add `step` points (max `max`), every N consecutive on-time POs remove `step` (min 0);
 * the run counter restarts after each step. Returns the shift and the last step taken.
 */
export function replayLateShift(
  outcomes: readonly PoOutcome[],
  streakPos: number,
  stepPct: number,
  maxShiftPct: number,
): { shiftPct: number; lastStep: "shift" | "recover" | null } {
  return replayLateShiftSequence(outcomes.map((o) => (o === "late" ? "L" : "O")).join(""), streakPos, stepPct, maxShiftPct);
}

/**
 * replayLateShift over an outcome sequence as SupplierPerformance stores it ("L" late, anything
 * else on time): the rule engine replays it for every SKU, so it reads the string directly
 * instead of building an array of outcomes first.
 */
export function replayLateShiftSequence(
  sequence: string,
  streakPos: number,
  stepPct: number,
  maxShiftPct: number,
): { shiftPct: number; lastStep: "shift" | "recover" | null } {
  const n = Math.max(1, Math.floor(streakPos));
  let shift = 0;
  let lateRun = 0;
  let onTimeRun = 0;
  let lastStep: "shift" | "recover" | null = null;
  for (let i = 0; i < sequence.length; i += 1) {
    if (sequence[i] === "L") {
      lateRun += 1;
      onTimeRun = 0;
      if (lateRun === n) {
        if (shift < maxShiftPct) lastStep = "shift";
        shift = Math.min(maxShiftPct, shift + stepPct);
        lateRun = 0;
      }
    } else {
      onTimeRun += 1;
      lateRun = 0;
      if (onTimeRun === n) {
        if (shift > 0) lastStep = "recover";
        shift = Math.max(0, shift - stepPct);
        onTimeRun = 0;
      }
    }
  }
  return { shiftPct: shift, lastStep };
}

/** Capacity per order = monthly capacity × R/30 (units), ∞ when unknown. R < 1 counts as 30 days. */
export function capacityPerOrderUnits(capacityUnitsPerMonth: number | null, reviewPeriodDays: number): number {
  if (capacityUnitsPerMonth === null || !Number.isFinite(capacityUnitsPerMonth)) return Number.POSITIVE_INFINITY;
  const days = reviewPeriodDays >= 1 ? reviewPeriodDays : 30;
  return Math.max(0, Math.floor((capacityUnitsPerMonth * days) / 30));
}

export interface OrderLimitsInput {
  orderUnits: number;
  /** Target backup share, 0–100. */
  backupPct: number;
  carriedBackupUnits: number;
  primary: { moqUnits: number; capacityUnits: number; costCents: number | null };
  backup: { moqUnits: number; capacityUnits: number; costCents: number | null };
  /** Extra cost accepted to round the backup up to its MOQ, cents. */
  moqToleranceCents: number;
}

export interface OrderLimitsResult {
  primaryUnits: number;
  backupUnits: number;
  unfilledUnits: number;
  carryForwardBackupUnits: number;
  moqHandling: MoqHandling;
  codes: ReasonCode[];
}

/**
 * Per-PO limits (§7A.4). Start from q_B = round(Q·f) + carried credit, q_P = Q − q_B. Capacity:
 * overflow moves to the other supplier; what neither can take is unfilled. MOQ: if 0 < q_B < MOQ_B,
 * round up to MOQ_B (taking units from P) when (MOQ_B − q_B)(c̃_B − c̃_P) ≤ tolerance and it fits,
 * else order nothing from B and carry q_B forward. If 0 < q_P < MOQ_P, q_P rises to MOQ_P (order
 * grows) when capacity allows, else those units move to B. Every final q_i is 0 or within
 * [MOQ_i, capacity_i].
 */
export function applyOrderLimits(input: OrderLimitsInput): OrderLimitsResult {
  const codes: ReasonCode[] = [];
  const total = Math.max(0, Math.round(input.orderUnits));
  const capP = Math.max(0, input.primary.capacityUnits);
  const capB = Math.max(0, input.backup.capacityUnits);
  const moqP = Math.max(0, Math.ceil(input.primary.moqUnits));
  const moqB = Math.max(0, Math.ceil(input.backup.moqUnits));
  let qB = Math.min(total, Math.round((total * clampPct(input.backupPct)) / 100) + Math.max(0, Math.round(input.carriedBackupUnits)));
  let qP = total - qB;
  let unfilled = 0;
  let carry = 0;
  let handling: MoqHandling = "none";

  // Capacity: overflow to the other supplier, then unfilled.
  if (qB > capB) {
    const overflow = qB - capB;
    qB = capB;
    qP += overflow;
    codes.push("CAPACITY_OVERFLOW");
  }
  if (qP > capP) {
    const overflow = qP - capP;
    qP = capP;
    const room = Math.max(0, capB - qB);
    const moved = Math.min(room, overflow);
    qB += moved;
    unfilled += overflow - moved;
    if (!codes.includes("CAPACITY_OVERFLOW")) codes.push("CAPACITY_OVERFLOW");
  }

  // Backup MOQ: round up (taking from P) or carry forward.
  if (qB > 0 && qB < moqB) {
    const costP = input.primary.costCents;
    const costB = input.backup.costCents;
    const extraCost = costP !== null && costB !== null ? (moqB - qB) * (costB - costP) : Number.POSITIVE_INFINITY;
    const takeFromP = moqB - qB;
    if (extraCost <= input.moqToleranceCents && moqB <= capB && takeFromP <= qP) {
      qP -= takeFromP;
      qB = moqB;
      handling = "rounded_up";
      codes.push("MOQ_ROUNDED_UP");
    } else {
      carry = qB;
      const room = Math.max(0, capP - qP);
      const moved = Math.min(room, qB);
      qP += moved;
      unfilled += qB - moved;
      qB = 0;
      handling = "carried_forward";
      codes.push("MOQ_CARRIED_FORWARD");
    }
  }

  // Primary MOQ: grow the order to MOQ_P, or hand the units to B when P cannot take that many.
  if (qP > 0 && qP < moqP) {
    if (moqP <= capP) {
      qP = moqP;
      codes.push("PRIMARY_MOQ_ROUNDED_UP");
    } else {
      const room = Math.max(0, capB - qB);
      const moved = qB > 0 || qP >= moqB ? Math.min(room, qP) : 0;
      qB += moved;
      unfilled += qP - moved;
      qP = 0;
    }
  }
  if (qB > 0 && qB < moqB) {
    // Only reachable when P's MOQ handling moved a few units to B: keep B legal by carrying.
    carry += qB;
    unfilled += qB;
    qB = 0;
    handling = "carried_forward";
    if (!codes.includes("MOQ_CARRIED_FORWARD")) codes.push("MOQ_CARRIED_FORWARD");
  }
  if (unfilled > 0) codes.push("BOTH_CAPACITY_BOUND");
  return { primaryUnits: qP, backupUnits: qB, unfilledUnits: unfilled, carryForwardBackupUnits: carry, moqHandling: handling, codes };
}

/**
 * The rule engine (§7A): pick the primary (the designated one if qualified, else the lowest c̃)
 * and the cheapest qualified backup; baseline = settings' healthy/unhealthy primary share;
 * + late-streak shift (replayed from PO history); + one step when the backup's c̃ is at least
 * `costImprovementPct` below the primary's; backup ≤ 50% unless the primary is paused for
 * defects (then 100% to the backup); backup ≥ minBackupPct; then per-PO MOQ/capacity limits.
 * No qualified backup → 100/0 and a pilot recommendation.
 */
export function recommendRuleSplit(input: RuleSplitInput, settings: Required<PlanningSettings>): RuleSplitResult {
  const currency = input.currencyCode ?? "USD";
  const reasons: Reason[] = [];
  const qualified = input.suppliers.filter(isQualified);
  const orderUnits = Math.max(0, Math.round(input.orderUnits));

  if (qualified.length === 0) {
    const candidate = pickPilotCandidate(input.suppliers);
    const text = candidate
      ? `No qualified supplier for this SKU yet: run a pilot of ${plural(pilotUnitsFor(candidate, input.unitsPerDay), "unit")} with ${candidate.terms.name}.`
      : "No qualified supplier for this SKU: add one with its lead time and landed cost.";
    reasons.push({ code: "NO_QUALIFIED_SUPPLIER", text });
    return emptyResult("none", orderUnits, reasons, text, candidate ? pilotOf(candidate, pilotUnitsFor(candidate, input.unitsPerDay)) : null);
  }

  // Module-level comparators and loops instead of filter callbacks: this runs once per SKU of the shop.
  const sortedByCost = qualified.length > 1 ? [...qualified].sort(byCostThenId) : qualified;
  const designated = qualified.filter(isDesignatedPrimary);
  if (designated.length > 1) designated.sort(byAllocationThenId);
  let primary = designated[0];
  if (!primary) {
    primary = sortedByCost[0];
    reasons.push({ code: "PRIMARY_BY_COST", text: `${primary.terms.name} leads as the cheapest qualified supplier per good unit.` });
  }
  const threshold = settings.defectThresholdPct / 100;
  // The cheapest healthy backup; backups over the defect threshold are named and get nothing.
  let backup: SplitSupplier | null = null;
  for (let k = 0; k < sortedByCost.length; k += 1) {
    const s = sortedByCost[k];
    if (s === primary) continue;
    if ((s.performance?.defectRate ?? 0) <= threshold) {
      backup ??= s;
    } else {
      reasons.push({
        code: "BACKUP_DEFECT_PAUSE",
        text: `${s.terms.name}'s defect rate is ${formatShare(s.performance?.defectRate ?? 0)}, above the ${formatShare(threshold)} threshold, so it gets no new volume.`,
      });
    }
  }
  const costP = cost(primary);
  const costB = backup ? cost(backup) : null;
  if (costP === null || (backup !== null && costB === null)) {
    reasons.push({ code: "MISSING_COSTS", text: "A landed cost is missing, so cost comparisons were skipped." });
  }

  if (!backup) {
    const candidate = pickPilotCandidate(input.suppliers, primary);
    const units = pilotUnitsFor(candidate, input.unitsPerDay);
    reasons.push({ code: "NO_QUALIFIED_BACKUP", text: `No qualified backup: all ${plural(orderUnits, "unit")} go to ${primary.terms.name}.` });
    reasons.push({
      code: "PILOT_RECOMMENDED",
      text: candidate
        ? `No qualified backup: run a pilot of ${plural(units, "unit")} with ${candidate.terms.name} before splitting volume.`
        : `No backup supplier on file: add one and run a pilot of about ${plural(units, "unit")} (two weeks of sales).`,
    });
    const result = emptyResult("pilot", orderUnits, reasons, "", candidate ? pilotOf(candidate, units) : pilotOf(null, units));
    result.primarySupplierId = primary.terms.supplierId;
    result.primaryPct = 100;
    result.allocations = [allocation(primary, "primary", 100, orderUnits, costP)];
    result.explanation = headlineText(reasons);
    return result;
  }

  // Baseline by primary health.
  const perfP = primary.performance;
  const onTime = perfP?.onTimeRate ?? 1;
  const defectP = perfP?.defectRate ?? 0;
  const disruption = primary.terms.disruptionProbabilityPerYear ?? 0;
  const healthy = onTime >= HEALTHY_ON_TIME_RATE && defectP <= HEALTHY_MAX_DEFECT_RATE && disruption < HEALTHY_MAX_DISRUPTION_PER_YEAR;
  const basePrimaryPct = healthy ? settings.baselinePrimaryPct : settings.unhealthyPrimaryPct;
  let backupPct = 100 - basePrimaryPct;
  const pName = primary.terms.name;
  const bName = backup.terms.name;
  if (healthy) {
    reasons.push({ code: "BASELINE_HEALTHY", text: `${pName} is healthy (${formatShare(onTime)} on time): ${basePrimaryPct}/${100 - basePrimaryPct} baseline with ${bName}.` });
  } else {
    const why = onTime < HEALTHY_ON_TIME_RATE
      ? `${formatShare(onTime)} on time`
      : defectP > HEALTHY_MAX_DEFECT_RATE
        ? `${formatShare(defectP)} defects`
        : `a ${formatShare(disruption)} yearly disruption risk`;
    reasons.push({ code: "BASELINE_UNHEALTHY", text: `${pName} is not healthy (${why}): ${basePrimaryPct}/${100 - basePrimaryPct} baseline with ${bName}.` });
  }

  // Late-streak shift and recovery, replayed from the primary's PO outcomes.
  const replay = replayLateShiftSequence(perfP?.outcomeSequence ?? "", settings.lateStreakPos, settings.shiftStepPct, settings.maxShiftPct);
  backupPct += replay.shiftPct;
  const lateShiftPct = replay.shiftPct;

  // Cheaper backup test.
  const cheaper = costP !== null && costB !== null && costB <= costP * (1 - settings.costImprovementPct / 100);
  if (cheaper) backupPct += settings.shiftStepPct;

  const pausedForDefects = defectP > threshold;
  if (pausedForDefects) {
    backupPct = 100;
  } else if (backupPct > MAX_BACKUP_PCT_WHILE_PRIMARY_UP) {
    backupPct = MAX_BACKUP_PCT_WHILE_PRIMARY_UP;
    reasons.push({ code: "BACKUP_CAP_50", text: `${bName}'s share is capped at 50% while ${pName} can still deliver.` });
  }
  if (backupPct < settings.minBackupPct) {
    backupPct = settings.minBackupPct;
    reasons.push({ code: "KEEP_BACKUP_WARM", text: `${bName} keeps at least ${settings.minBackupPct}% so it stays warm.` });
  }
  const targetBackupPct = clampPct(backupPct);

  if (pausedForDefects) {
    reasons.push({
      code: "DEFECT_PAUSE",
      text: `${pName}'s defect rate is ${formatShare(defectP)}, above your ${formatShare(threshold)} threshold: new volume paused, ${targetBackupPct}% to ${bName}.`,
    });
  }
  if (lateShiftPct > 0 && (perfP?.lateStreak ?? 0) >= settings.lateStreakPos) {
    reasons.push({
      code: "LATE_STREAK_SHIFT",
      text: `${pName} was late on the last ${plural(perfP?.lateStreak ?? 0, "PO")} by ${formatNumber(perfP?.lateStreakAvgDaysLate ?? 0)} days on average: ${targetBackupPct}% to ${bName}.`,
    });
  } else if (lateShiftPct > 0) {
    reasons.push({
      code: "LATE_STREAK_SHIFT",
      text: `${pName} had a late streak: ${bName} still holds ${lateShiftPct} extra points (${targetBackupPct}%) until ${plural(settings.lateStreakPos, "on-time PO")} in a row.`,
    });
  }
  if (replay.lastStep === "recover") {
    reasons.push({
      code: "ON_TIME_RECOVERY",
      text: `${pName} delivered ${plural(settings.lateStreakPos, "PO")} on time in a row: ${settings.shiftStepPct} points back, ${100 - targetBackupPct}% to ${pName}.`,
    });
  }
  if (cheaper && costP !== null && costB !== null) {
    reasons.push({
      code: "CHEAPER_BACKUP_TEST",
      text: `${bName} costs ${formatMoney(costB, currency)} per good unit vs ${formatMoney(costP, currency)} at ${pName}: test ${targetBackupPct}% with ${bName}.`,
    });
  }

  const review = settings.reviewPeriodDays;
  const limits = applyOrderLimits({
    orderUnits,
    backupPct: targetBackupPct,
    carriedBackupUnits: input.carriedBackupUnits ?? 0,
    primary: {
      moqUnits: primary.terms.moqUnits,
      capacityUnits: pausedForDefects ? Number.POSITIVE_INFINITY : capacityPerOrderUnits(primary.terms.capacityUnitsPerMonth, review),
      costCents: costP,
    },
    backup: { moqUnits: backup.terms.moqUnits, capacityUnits: capacityPerOrderUnits(backup.terms.capacityUnitsPerMonth, review), costCents: costB },
    moqToleranceCents: settings.moqToleranceCents,
  });
  for (let k = 0; k < limits.codes.length; k += 1) reasons.push(limitReason(limits.codes[k], limits, pName, bName, backup.terms.moqUnits));

  const placed = limits.primaryUnits + limits.backupUnits;
  const finalBackupPct = placed > 0 ? Math.round((100 * limits.backupUnits) / placed) : targetBackupPct;
  const finalPrimaryPct = 100 - finalBackupPct;
  const allocations: SplitAllocation[] = [
    allocation(primary, "primary", finalPrimaryPct, limits.primaryUnits, costP),
    allocation(backup, "backup", finalBackupPct, limits.backupUnits, costB),
  ];
  for (let k = 0; k < input.suppliers.length; k += 1) {
    const s = input.suppliers[k];
    if (s !== primary && s !== backup) allocations.push(allocation(s, "backup", 0, 0, cost(s)));
  }
  return {
    action: "split",
    primarySupplierId: primary.terms.supplierId,
    backupSupplierId: backup.terms.supplierId,
    targetBackupPct,
    primaryPct: finalPrimaryPct,
    backupPct: finalBackupPct,
    allocations,
    orderUnits,
    unfilledUnits: limits.unfilledUnits,
    carryForwardBackupUnits: limits.carryForwardBackupUnits,
    moqHandling: limits.moqHandling,
    lateShiftPct,
    pilot: null,
    reasons,
    explanation: headlineText(reasons),
  };
}

function limitReason(code: ReasonCode, limits: OrderLimitsResult, pName: string, bName: string, moqB: number): Reason {
  switch (code) {
    case "MOQ_ROUNDED_UP":
      return { code, text: `${bName}'s share was rounded up to its MOQ of ${plural(moqB, "unit")}: ${limits.backupUnits} to ${bName}, ${limits.primaryUnits} to ${pName}.` };
    case "MOQ_CARRIED_FORWARD":
      return {
        code,
        text: `${bName}'s ${plural(limits.carryForwardBackupUnits, "unit")} are below its MOQ of ${moqB}: all to ${pName} now, carried to ${bName}'s next order.`,
      };
    case "PRIMARY_MOQ_ROUNDED_UP":
      return { code, text: `${pName}'s order was rounded up to its MOQ: ${plural(limits.primaryUnits, "unit")}.` };
    case "CAPACITY_OVERFLOW":
      return { code, text: `Capacity limits moved units between suppliers: ${limits.primaryUnits} to ${pName}, ${limits.backupUnits} to ${bName}.` };
    default:
      return { code, text: `Both suppliers are at capacity: ${plural(limits.unfilledUnits, "unit")} of this order cannot be placed.` };
  }
}

function headlineText(reasons: readonly Reason[]): string {
  return headline(reasons, HEADLINE_ORDER)?.text ?? "";
}

function cost(s: SplitSupplier): number | null {
  return effectiveCostPerGoodUnit(s.terms.landedCostCents, s.performance);
}

function pilotUnitsFor(s: SplitSupplier | null, unitsPerDay: number): number {
  return Math.max(s?.terms.moqUnits ?? 0, Math.ceil(PILOT_DAYS_OF_SALES * Math.max(0, unitsPerDay)), 1);
}

/** The supplier to pilot (pilot stage first, then the cheapest, then by id), leaving out `except`. */
function pickPilotCandidate(suppliers: readonly SplitSupplier[], except: SplitSupplier | null = null): SplitSupplier | null {
  let best: SplitSupplier | null = null;
  for (let k = 0; k < suppliers.length; k += 1) {
    const s = suppliers[k];
    if (s === except || !(s.terms.stage === "candidate" || s.terms.stage === "pilot")) continue;
    // Strictly better only: among equals the earlier one stays, as a stable sort would keep it.
    if (best === null || byPilotPreference(s, best) < 0) best = s;
  }
  return best;
}

function isQualified(s: SplitSupplier): boolean {
  return s.terms.stage === "qualified" || s.terms.stage === "active";
}

function isDesignatedPrimary(s: SplitSupplier): boolean {
  return s.terms.role === "primary";
}

function byCostThenId(a: SplitSupplier, b: SplitSupplier): number {
  return compareCost(cost(a), cost(b)) || cmp(a.terms.supplierId, b.terms.supplierId);
}

function byAllocationThenId(a: SplitSupplier, b: SplitSupplier): number {
  return b.terms.allocationPct - a.terms.allocationPct || cmp(a.terms.supplierId, b.terms.supplierId);
}

function byPilotPreference(a: SplitSupplier, b: SplitSupplier): number {
  return (a.terms.stage === b.terms.stage ? 0 : a.terms.stage === "pilot" ? -1 : 1) || compareCost(cost(a), cost(b)) || cmp(a.terms.supplierId, b.terms.supplierId);
}

function pilotOf(s: SplitSupplier | null, units: number): RuleSplitResult["pilot"] {
  return { supplierId: s?.terms.supplierId ?? null, name: s?.terms.name ?? null, units };
}

function allocation(s: SplitSupplier, role: "primary" | "backup", pct: number, units: number, cost: number | null): SplitAllocation {
  return { supplierId: s.terms.supplierId, name: s.terms.name, role, pct, units, effectiveCostCents: cost };
}

function emptyResult(action: RuleSplitResult["action"], orderUnits: number, reasons: Reason[], explanation: string, pilot: RuleSplitResult["pilot"]): RuleSplitResult {
  return {
    action,
    primarySupplierId: null,
    backupSupplierId: null,
    targetBackupPct: 0,
    primaryPct: 100,
    backupPct: 0,
    allocations: [],
    orderUnits,
    unfilledUnits: 0,
    carryForwardBackupUnits: 0,
    moqHandling: "none",
    lateShiftPct: 0,
    pilot,
    reasons,
    explanation,
  };
}

function compareCost(a: number | null, b: number | null): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function clampPct(x: number): number {
  return Number.isFinite(x) ? Math.min(100, Math.max(0, x)) : 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
