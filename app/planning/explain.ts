/**
 * Reason codes and plain-language helpers. Every recommendation carries machine-readable codes
 * (for filters, badges and tests) and one sentence with numbers and units (for the merchant).
 * This file is the catalogue of what each code means; modules build the sentences with the
 * formatters below so numbers always read the same way.
 */
import type { Reason, ReasonCode } from "./types";

/** What each reason code means (shown in docs and tooltips). */
export const REASON_CATALOGUE: Readonly<Record<ReasonCode, string>> = Object.freeze({
  SHORT_HISTORY: "Velocity rests on few in-stock days; treat it as a rough estimate.",
  HEAVILY_CENSORED: "Many days were out of stock, so observed sales understate demand.",
  NO_SALES_IN_WINDOW: "No sales on in-stock days in the velocity window.",
  FEW_SALES: "Fewer than five days with sales in the window.",
  TOP_REVENUE: "Among the SKUs that make the first 80% of revenue (ABC class A).",
  HIGH_REVENUE_AT_RISK: "A 30-day stockout would cost a large amount of revenue.",
  REPEAT_BUYERS: "A large share of units go to returning customers, so a stockout also risks repeat purchases.",
  SINGLE_SOURCE: "Only one qualified supplier makes this SKU.",
  SINGLE_REGION: "The merchant says production sits in a single region.",
  CAPACITY_CONSTRAINED: "The merchant says the supplier's capacity is constrained.",
  COMPLEX_MATERIALS: "The merchant says the SKU uses complex materials.",
  HEAVY_MANUAL_STEPS: "The merchant says production has heavy manual steps.",
  VOLATILE_LEAD_TIME: "The primary's lead time varies by more than 30% of its mean.",
  LATE_HISTORY: "The primary delivers late often (on-time under 90% or a late streak).",
  DEFECT_HISTORY: "The primary's defect rate is above the merchant's threshold.",
  HIGH_SWITCHING_FRICTION: "Qualifying another factory is hard, so it must start before a crisis.",
  LOW_SWITCHING_FRICTION: "Another factory could be qualified quickly when needed.",
  BACKUP_IN_PLACE: "A qualified backup already exists; keep it warm.",
  LOW_REVENUE: "The SKU contributes little revenue; redundancy costs more than it protects.",
  OUT_OF_STOCK: "Nothing is available while the SKU has demand.",
  STOCKOUT_LIKELY: "The chance of running out before a new order can arrive is at least 5%.",
  COVER_BELOW_LEAD_TIME: "Days of cover are shorter than the lead time.",
  NO_DEMAND: "No recent demand; no stockout risk computed.",
  BASELINE_HEALTHY: "Primary is healthy: skewed baseline split (default 80/20).",
  BASELINE_UNHEALTHY: "Primary is not healthy: wider baseline split (default 70/30).",
  LATE_STREAK_SHIFT: "Consecutive late POs from the primary moved volume to the backup.",
  ON_TIME_RECOVERY: "Consecutive on-time POs moved volume back toward the baseline.",
  DEFECT_PAUSE: "The primary's defect rate crossed the threshold: new primary volume paused.",
  BACKUP_DEFECT_PAUSE: "The backup's defect rate crossed the threshold: it gets no new volume.",
  CHEAPER_BACKUP_TEST: "The backup's cost per good unit is meaningfully lower: test a higher share.",
  KEEP_BACKUP_WARM: "The backup share was raised to its minimum so it stays warm.",
  BACKUP_CAP_50: "The backup share is capped at 50% while the primary is available.",
  MOQ_ROUNDED_UP: "The backup's order was rounded up to its MOQ (extra cost within tolerance).",
  MOQ_CARRIED_FORWARD: "The backup's share is below its MOQ and is carried to a later order.",
  PRIMARY_MOQ_ROUNDED_UP: "The primary's order was rounded up to its MOQ.",
  CAPACITY_OVERFLOW: "A supplier's capacity was exceeded; the overflow went to the other.",
  BOTH_CAPACITY_BOUND: "Both suppliers are at capacity; part of the order cannot be placed.",
  NO_QUALIFIED_BACKUP: "No qualified backup supplier: everything goes to the primary.",
  PILOT_RECOMMENDED: "Run a pilot order to qualify a backup before splitting volume.",
  NO_QUALIFIED_SUPPLIER: "No qualified supplier with known terms for this SKU.",
  MISSING_COSTS: "A landed cost is missing, so cost comparisons were skipped.",
  PRIMARY_BY_COST: "No primary was designated: the cheapest qualified supplier per good unit leads.",
  OPTIMISER_CHOICE: "The simulation found the backup share with the lowest expected annual cost.",
  OPTIMISER_TIE: "Several shares cost the same within noise; the one nearest the rule's was kept.",
});

/** "$1,234" style money from cents (whole units above $100, cents below). */
export function formatMoney(cents: number, currencyCode = "USD"): string {
  const value = Number.isFinite(cents) ? cents / 100 : 0;
  const digits = Math.abs(value) >= 100 ? 0 : 2;
  const symbol = currencyCode === "USD" ? "$" : currencyCode === "EUR" ? "€" : currencyCode === "GBP" ? "£" : `${currencyCode} `;
  const sign = value < 0 ? "-" : "";
  return `${sign}${symbol}${groupThousands(Math.abs(value).toFixed(digits))}`;
}

function groupThousands(fixed: string): string {
  const dot = fixed.indexOf(".");
  const whole = dot < 0 ? fixed : fixed.slice(0, dot);
  // Plain digits (every amount below 1e21) are grouped by counting; the regex handles the rest.
  // Money is formatted for thousands of SKUs per shop pass, and the regex is the slow part.
  const grouped = isDigits(whole) ? commaEveryThree(whole) : whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return dot < 0 ? grouped : `${grouped}${fixed.slice(dot)}`;
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** "1234567" → "1,234,567". */
function commaEveryThree(digits: string): string {
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

/** A share 0–1 as "37%" (one decimal below 10%). */
export function formatShare(share: number): string {
  const pct = (Number.isFinite(share) ? share : 0) * 100;
  return pct < 10 && pct > 0 && Math.round(pct) !== pct ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`;
}

/** A count of days or units with sensible rounding ("9", "2.5"). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return "0";
  return Math.abs(x) >= 10 ? String(Math.round(x)) : String(Math.round(x * 10) / 10);
}

/** "1 PO" / "3 POs". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * The headline: the first reason whose code comes earliest in `priority` (codes not listed rank
 * after listed ones, in their original order). Null when there is none.
 */
export function headline(reasons: readonly Reason[], priority: readonly ReasonCode[]): Reason | null {
  let best: Reason | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (let k = 0; k < reasons.length; k += 1) {
    const reason = reasons[k];
    const index = priority.indexOf(reason.code);
    const rank = index === -1 ? priority.length : index;
    if (rank < bestRank) {
      best = reason;
      bestRank = rank;
    }
  }
  return best;
}
