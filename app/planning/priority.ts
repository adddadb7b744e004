/**
 * Where redundancy pays (the blog's step 1): a dual-sourcing priority per SKU that combines revenue
 * reliance with production risk and switching friction. On a typical Pareto catalogue (20% of SKUs
 * make 80% of revenue) that is single-sourced, the "high" tier is the A class: about a fifth.
 */
import { formatMoney, formatShare, plural } from "./explain";
import type { AbcClass } from "./reliance";
import type { Reason, RiskProfile, SwitchingFriction } from "./types";

/** Production-risk signal weights (summed, capped at 1). */
export const RISK_WEIGHTS = Object.freeze({
  singleSource: 0.35,
  singleRegion: 0.15,
  capacityConstrained: 0.15,
  complexMaterials: 0.1,
  heavyManualSteps: 0.1,
  volatileLeadTime: 0.15,
  lateHistory: 0.15,
  defectHistory: 0.15,
});
/** Lead time is "volatile" when sd_L/L exceeds this. */
export const VOLATILE_LEAD_TIME_CV = 0.3;
/** Repeat share from which a stockout is called out as a risk to returning customers. */
export const REPEAT_SHARE_NOTABLE = 0.3;
/** Friction multipliers: a hard-to-qualify SKU needs its backup before a crisis, so it ranks higher. */
export const FRICTION_MULTIPLIER: Readonly<Record<SwitchingFriction, number>> = Object.freeze({ low: 0.9, medium: 1, high: 1.15 });
/** Tier rule thresholds on the production-risk score. */
export const HIGH_TIER_MIN_RISK = 0.3;
export const MEDIUM_TIER_B_MIN_RISK = 0.5;

export type PriorityTier = "high" | "medium" | "low";

export interface PriorityInput {
  abcClass: AbcClass;
  revenueShare: number;
  cumulativeShareBefore: number;
  revenueAtRiskCents: number;
  repeatShare: number | null;
  hasQualifiedBackup: boolean;
  riskProfile?: RiskProfile;
  /** Primary's lead-time mean and sd, days (null when unknown). */
  leadTimeDays: number | null;
  leadTimeSdDays: number | null;
  /** Primary's observed on-time rate with its outcome count, late streak and defect rate. */
  observedOnTimeRate: number | null;
  outcomeCount: number;
  lateStreak: number;
  defectRate: number | null;
  defectThreshold: number;
  lateStreakPos: number;
  currencyCode?: string;
}

export interface PriorityResult {
  /** 0–100: 100 × reliance × (0.4 + 0.6 × production risk) × friction, capped. */
  score: number;
  tier: PriorityTier;
  /** 0.8 × (1 − cumulative share before) + 0.2 × repeat share; 0 without revenue. */
  relianceScore: number;
  /** Σ signal weights, capped at 1. */
  productionRiskScore: number;
  reasons: Reason[];
}

/**
 * Priority score and tier. Tier high = class A with production risk ≥ 0.3 (being single-sourced
 * alone reaches it); medium = class A below that, or class B with risk ≥ 0.5; low otherwise.
 */
export function computePriority(input: PriorityInput): PriorityResult {
  const currency = input.currencyCode ?? "USD";
  const reasons: Reason[] = [];
  const hasRevenue = input.revenueShare > 0;
  const repeat = input.repeatShare ?? 0;
  const relianceScore = hasRevenue ? Math.min(1, Math.max(0, 0.8 * (1 - input.cumulativeShareBefore) + 0.2 * repeat)) : 0;
  if (input.abcClass === "A") {
    reasons.push({
      code: "TOP_REVENUE",
      text: `Makes ${formatShare(input.revenueShare)} of revenue; a 30-day stockout puts ${formatMoney(input.revenueAtRiskCents, currency)} at risk.`,
    });
  } else if (input.abcClass === "C") {
    reasons.push({ code: "LOW_REVENUE", text: `Makes ${formatShare(input.revenueShare)} of revenue, so a backup costs more than it protects.` });
  }
  if (repeat >= REPEAT_SHARE_NOTABLE) {
    reasons.push({ code: "REPEAT_BUYERS", text: `${formatShare(repeat)} of units go to returning customers, so a stockout also risks repeat orders.` });
  }

  let risk = 0;
  if (!input.hasQualifiedBackup) risk += addReason(reasons, RISK_WEIGHTS.singleSource, { code: "SINGLE_SOURCE", text: "Only one qualified supplier makes this SKU." });
  const profile = input.riskProfile;
  if (profile?.singleRegion) risk += addReason(reasons, RISK_WEIGHTS.singleRegion, { code: "SINGLE_REGION", text: "Production sits in a single region." });
  if (profile?.capacityConstrained) risk += addReason(reasons, RISK_WEIGHTS.capacityConstrained, { code: "CAPACITY_CONSTRAINED", text: "The supplier's capacity is constrained." });
  if (profile?.complexMaterials) risk += addReason(reasons, RISK_WEIGHTS.complexMaterials, { code: "COMPLEX_MATERIALS", text: "The SKU uses complex materials." });
  if (profile?.heavyManualSteps) risk += addReason(reasons, RISK_WEIGHTS.heavyManualSteps, { code: "HEAVY_MANUAL_STEPS", text: "Production has heavy manual steps." });
  if (input.leadTimeDays !== null && input.leadTimeDays > 0 && input.leadTimeSdDays !== null && input.leadTimeSdDays / input.leadTimeDays > VOLATILE_LEAD_TIME_CV) {
    risk += addReason(reasons, RISK_WEIGHTS.volatileLeadTime, {
      code: "VOLATILE_LEAD_TIME",
      text: `Lead time swings by ±${Math.round(input.leadTimeSdDays)} days around ${Math.round(input.leadTimeDays)} days.`,
    });
  }
  const lateOften = input.observedOnTimeRate !== null && input.outcomeCount >= 3 && input.observedOnTimeRate < 0.9;
  if (lateOften || input.lateStreak >= input.lateStreakPos) {
    risk += addReason(reasons, RISK_WEIGHTS.lateHistory, {
      code: "LATE_HISTORY",
      text:
        input.lateStreak >= input.lateStreakPos
          ? `The last ${plural(input.lateStreak, "PO")} arrived late.`
          : `Only ${formatShare(input.observedOnTimeRate ?? 0)} of ${plural(input.outcomeCount, "PO")} arrived on time.`,
    });
  }
  if (input.defectRate !== null && input.defectRate > input.defectThreshold) {
    risk += addReason(reasons, RISK_WEIGHTS.defectHistory, { code: "DEFECT_HISTORY", text: `${formatShare(input.defectRate)} of received units were defective.` });
  }
  risk = Math.min(1, risk);
  const friction = profile?.switchingFriction ?? "medium";
  if (friction === "high") reasons.push({ code: "HIGH_SWITCHING_FRICTION", text: "Qualifying another factory is hard, so start before a crisis." });
  if (friction === "low") reasons.push({ code: "LOW_SWITCHING_FRICTION", text: "Another factory could be qualified quickly." });
  if (input.hasQualifiedBackup) reasons.push({ code: "BACKUP_IN_PLACE", text: "A qualified backup is in place; keep it warm." });

  const score = Math.min(100, Math.round(1000 * relianceScore * (0.4 + 0.6 * risk) * FRICTION_MULTIPLIER[friction]) / 10);
  let tier: PriorityTier = "low";
  if (hasRevenue && input.abcClass === "A") tier = risk >= HIGH_TIER_MIN_RISK ? "high" : "medium";
  else if (hasRevenue && input.abcClass === "B" && risk >= MEDIUM_TIER_B_MIN_RISK) tier = "medium";
  return { score, tier, relianceScore, productionRiskScore: risk, reasons };
}

/** Records a production-risk signal and returns its weight. */
function addReason(reasons: Reason[], weight: number, reason: Reason): number {
  reasons.push(reason);
  return weight;
}
