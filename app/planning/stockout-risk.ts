/**
 * Stockout risk for one SKU (planning-math §3–§6): days of cover, probability of running out
 * before an order placed now can arrive, expected units short and revenue lost, safety stock and
 * reorder point for the shop's service level, and a risk level.
 */
import {
  chooseDemandDistribution,
  demandLoss,
  demandQuantile,
  demandSf,
  leadTimeDemandMoments,
  type DemandDistribution,
} from "./lead-time-demand";
import { clamp, normalQuantile } from "./stats";
import type { Reason } from "./types";

/** CSL is clamped to [0.5, 0.9999]: Φ⁻¹(1) = ∞ and CSL < 0.5 would mean negative safety stock (§4). */
export const MIN_SERVICE_LEVEL = 0.5;
export const MAX_SERVICE_LEVEL = 0.9999;

/** Risk-level thresholds on the stockout probability over the protection interval. */
export const RISK_THRESHOLDS = Object.freeze({ critical: 0.5, high: 0.2, medium: 0.05 });

export type RiskLevel = "critical" | "high" | "medium" | "low";

/** Clamp a cycle service level (0–1) to [0.5, 0.9999]; NaN → 0.5. */
export function clampServiceLevel(csl: number): number {
  return clamp(csl, MIN_SERVICE_LEVEL, MAX_SERVICE_LEVEL);
}

/**
 * Days of cover = available units ÷ d (units/day) (§6). Null when d = 0 (no demand, no date);
 * 0 when nothing is available.
 */
export function daysOfCover(availableUnits: number, unitsPerDay: number): number | null {
  if (!(unitsPerDay > 0)) return null;
  return Math.max(0, availableUnits) / unitsPerDay;
}

/**
 * Forward days of cover (§6): the smallest n with Σ_{t=1..n} level·index[weekday_t] > available,
 * i.e. the day the stock runs out under the seasonal forecast. `firstWeekday` is the weekday of
 * day 1 (0 = Monday). Null when the forecast is 0 or cover exceeds `maxDays`.
 */
export function forwardDaysOfCover(
  availableUnits: number,
  levelUnitsPerDay: number,
  weekdayIndices: readonly number[],
  firstWeekday: number,
  maxDays = 3650,
): number | null {
  if (!(levelUnitsPerDay > 0)) return null;
  if (availableUnits <= 0) return 0;
  // Whole weeks first (indices average 1), then day by day.
  const weekly = weekdayIndices.reduce((a, b) => a + b, 0) * levelUnitsPerDay;
  const weeks = weekly > 0 ? Math.max(0, Math.floor(availableUnits / weekly) - 1) : 0;
  if (weeks * 7 > maxDays) return null;
  let cumulative = weeks * weekly;
  let day = weeks * 7;
  let weekday = (((firstWeekday % 7) + 7) % 7);
  while (day < maxDays) {
    day += 1;
    cumulative += levelUnitsPerDay * weekdayIndices[weekday];
    if (cumulative > availableUnits) return day;
    weekday = weekday === 6 ? 0 : weekday + 1;
  }
  return null;
}

export interface SafetyStockResult {
  /** Clamped cycle service level used, 0–1. */
  serviceLevel: number;
  /** Safety factor k = Φ⁻¹(CSL) (normal); for discrete laws the implied (ROP − mu)/sigma. */
  safetyFactor: number;
  /** SS = k·sigma (normal) or ROP − mu (discrete), units (may be fractional). */
  safetyStockUnits: number;
  /** ROP = ⌈mu + SS⌉ (normal) or the smallest s with F(s) ≥ CSL (discrete), whole units. */
  reorderPointUnits: number;
}

/**
 * Safety stock and reorder point for a cycle service level (§4): k = Φ⁻¹(CSL), SS = k·sigma,
 * ROP = ⌈mu + SS⌉; discrete laws use the exact quantile. CSL clamped to [0.5, 0.9999].
 */
export function safetyStockAndReorderPoint(dist: DemandDistribution, serviceLevel: number): SafetyStockResult {
  const csl = clampServiceLevel(serviceLevel);
  if (dist.kind === "point") {
    return { serviceLevel: csl, safetyFactor: 0, safetyStockUnits: 0, reorderPointUnits: Math.ceil(dist.mean - 1e-9) };
  }
  if (dist.kind === "normal") {
    const k = normalQuantile(csl);
    const ss = k * dist.sd;
    return { serviceLevel: csl, safetyFactor: k, safetyStockUnits: ss, reorderPointUnits: Math.ceil(dist.mean + ss - 1e-9) };
  }
  const rop = demandQuantile(dist, csl);
  const ss = rop - dist.mean;
  return { serviceLevel: csl, safetyFactor: dist.sd > 0 ? ss / dist.sd : 0, safetyStockUnits: ss, reorderPointUnits: rop };
}

export interface StockoutRiskInput {
  /** Mean daily demand d over in-stock days (units/day), for days of cover. */
  unitsPerDay: number;
  /** Forecast level (SES/SBA), units/day; used for mu only when d is 0. */
  forecastUnitsPerDay: number;
  /** sd_d, units/day. */
  unitsPerDaySd: number;
  /** Mean lead time L of the current sourcing (blended over suppliers), days. */
  leadTimeDays: number;
  /** sd_L, days. */
  leadTimeSdDays: number;
  /** Review period R, days (0 = continuous review). */
  reviewPeriodDays: number;
  /** Available units now (may be negative with backorders). */
  availableUnits: number;
  /** Good units on open POs expected within the protection interval. */
  openPoUnitsDue: number;
  /** Cycle service level target, 0–1. */
  serviceLevel: number;
  /** Net price per unit, cents, for revenue lost. */
  netPriceCents: number;
}

export interface StockoutRiskResult {
  protectionDays: number;
  /** Demand rate used for mu, units/day. */
  demandRateUnitsPerDay: number;
  meanDemandUnits: number;
  sdDemandUnits: number;
  distribution: DemandDistribution["kind"];
  /** x = available + open POs due within the interval, units. */
  stockPositionUnits: number;
  /** P(D > x) over the protection interval. */
  stockoutProbability: number;
  /** E[(D − x)^+], units. */
  expectedUnitsShort: number;
  /** Expected units short × net price, cents. */
  expectedRevenueLostCents: number;
  serviceLevel: number;
  safetyFactor: number;
  safetyStockUnits: number;
  reorderPointUnits: number;
  /** Units to order now to bring the position up to the reorder point (0 when above). */
  orderNowUnits: number;
  daysOfCover: number | null;
  riskLevel: RiskLevel;
  reasons: Reason[];
}

/**
 * Risk level from the stockout probability p over the protection interval: critical when already
 * out of stock with demand or p ≥ 0.5; high p ≥ 0.2; medium p ≥ 0.05; low otherwise.
 */
export function riskLevelFor(stockoutProbability: number, availableUnits: number, demandRate: number): RiskLevel {
  if (demandRate > 0 && availableUnits <= 0) return "critical";
  if (stockoutProbability >= RISK_THRESHOLDS.critical) return "critical";
  if (stockoutProbability >= RISK_THRESHOLDS.high) return "high";
  if (stockoutProbability >= RISK_THRESHOLDS.medium) return "medium";
  return "low";
}

/**
 * Stockout risk over the protection interval T = R + L (§3–§5): mu and sigma from §2 with the
 * in-stock mean d (the forecast level only when d = 0), P(stockout) = P(D_T > x), ESC = E[(D_T − x)^+], revenue lost = ESC × net price,
 * SS/ROP for the clamped CSL, days of cover = available ÷ d, and the risk level.
 */
export function computeStockoutRisk(input: StockoutRiskInput): StockoutRiskResult {
  // planning-math §0/§2: mu_L = d·T with d the in-stock mean. The SES/SBA level is steadier for
  // intermittent series but noisier on daily data; it is used only when d is 0 (no in-stock day).
  const rate = input.unitsPerDay > 0 ? input.unitsPerDay : Math.max(0, input.forecastUnitsPerDay);
  const moments = leadTimeDemandMoments(rate, input.unitsPerDaySd, input.leadTimeDays, input.leadTimeSdDays, input.reviewPeriodDays);
  const dist = chooseDemandDistribution(moments);
  const x = (Number.isFinite(input.availableUnits) ? input.availableUnits : 0) + Math.max(0, input.openPoUnitsDue || 0);
  const probability = clamp(demandSf(dist, x), 0, 1);
  const short = Math.max(0, demandLoss(dist, x));
  const policy = safetyStockAndReorderPoint(dist, input.serviceLevel);
  const cover = daysOfCover(input.availableUnits, input.unitsPerDay);
  const level = riskLevelFor(probability, input.availableUnits, rate);
  const reasons: Reason[] = [];
  const days = Math.round(moments.protectionDays);
  if (rate === 0) {
    reasons.push({ code: "NO_DEMAND", text: "No recent demand, so no stockout risk is computed." });
  } else if (input.availableUnits <= 0) {
    reasons.push({ code: "OUT_OF_STOCK", text: `Out of stock now while selling ${fmt(rate)} units/day.` });
  } else if (probability >= RISK_THRESHOLDS.medium) {
    reasons.push({
      code: "STOCKOUT_LIKELY",
      text: `${Math.round(probability * 100)}% chance of running out within ${days} days with ${Math.round(x)} units available or due.`,
    });
  }
  if (cover !== null && input.availableUnits > 0 && cover < input.leadTimeDays) {
    reasons.push({
      code: "COVER_BELOW_LEAD_TIME",
      text: `${fmt(cover)} days of cover is less than the ${fmt(input.leadTimeDays)}-day lead time.`,
    });
  }
  return {
    protectionDays: moments.protectionDays,
    demandRateUnitsPerDay: rate,
    meanDemandUnits: moments.mean,
    sdDemandUnits: dist.sd,
    distribution: dist.kind,
    stockPositionUnits: x,
    stockoutProbability: probability,
    expectedUnitsShort: short,
    expectedRevenueLostCents: short * Math.max(0, input.netPriceCents || 0),
    serviceLevel: policy.serviceLevel,
    safetyFactor: policy.safetyFactor,
    safetyStockUnits: policy.safetyStockUnits,
    reorderPointUnits: policy.reorderPointUnits,
    orderNowUnits: Math.max(0, Math.ceil(policy.reorderPointUnits - x)),
    daysOfCover: cover,
    riskLevel: level,
    reasons,
  };
}

function fmt(x: number): string {
  return x >= 10 ? String(Math.round(x)) : String(Math.round(x * 10) / 10);
}
