/**
 * Revenue reliance: how much the shop leans on each SKU. Net revenue and margin over the velocity
 * window, revenue share and cumulative Pareto position, ABC class, revenue at risk in a 30-day
 * stockout, the repeat-purchase signal, and the deterministic ranking the merchant sees.
 */
import type { VelocityResult } from "./velocity";

/** ABC cut-offs on the cumulative revenue share before the SKU: A < 80%, B < 95%, C otherwise. */
export const ABC_A_CUTOFF = 0.8;
export const ABC_B_CUTOFF = 0.95;
/** Days in the "30-day stockout" revenue-at-risk figure. */
export const REVENUE_AT_RISK_DAYS = 30;

export type AbcClass = "A" | "B" | "C";

export interface RevenueSummary {
  /** Net revenue over the window, cents. */
  netRevenueCents: number;
  unitsSold: number;
  /** Net revenue ÷ units sold over the window (list price when nothing sold), cents per unit. */
  netPriceCents: number;
  /** Net revenue − units × unit cost, cents; null when the unit cost is unknown. */
  marginCents: number | null;
  /** Velocity d × net price × 30 days, whole cents. */
  revenueAtRiskCents: number;
  /** Units bought by returning customers ÷ units sold, 0–1; null without data or sales. */
  repeatShare: number | null;
}

/**
 * Revenue figures for one SKU from its velocity window: net price = revenue ÷ units (or the list
 * price), margin = revenue − units × unit cost, revenue at risk = d (units/day) × net price × 30.
 */
export function summariseRevenue(velocity: VelocityResult, priceCents: number, unitCostCents: number | null): RevenueSummary {
  const units = velocity.unitsSold;
  const revenue = velocity.revenueCents;
  const netPrice = units > 0 && revenue > 0 ? revenue / units : Math.max(0, priceCents || 0);
  return {
    netRevenueCents: revenue,
    unitsSold: units,
    netPriceCents: netPrice,
    marginCents: unitCostCents === null ? null : revenue - units * unitCostCents,
    revenueAtRiskCents: Math.round(Math.max(0, velocity.unitsPerDay) * netPrice * REVENUE_AT_RISK_DAYS),
    repeatShare: velocity.repeatUnits === null || units <= 0 ? null : Math.min(1, Math.max(0, velocity.repeatUnits / units)),
  };
}

export interface RelianceInput {
  variantId: string;
  netRevenueCents: number;
  revenueAtRiskCents: number;
}

export interface RelianceRank {
  variantId: string;
  /** 1-based position by revenue at risk (ties: net revenue, then variant id). */
  rank: number;
  /** Share of the shop's positive net revenue, 0–1. */
  revenueShare: number;
  /** Cumulative share through this SKU in the Pareto order (revenue desc, variant id), 0–1. */
  cumulativeShare: number;
  /** Cumulative share of the SKUs before it, 0–1. */
  cumulativeShareBefore: number;
  abcClass: AbcClass;
}

/**
 * Pareto position, ABC class and the merchant-facing rank for every SKU. Shares use
 * max(0, net revenue) so refunds never make a share negative. Returns ranks in input order.
 */
export function rankReliance(items: readonly RelianceInput[]): RelianceRank[] {
  const n = items.length;
  let total = 0;
  for (const item of items) total += Math.max(0, item.netRevenueCents);
  // Sort keys copied into flat arrays once: the comparators below run ~n·log n times (800k for a
  // 50k-SKU shop), and reading a typed array is much cheaper there than reaching into each item.
  const revenueKey = new Float64Array(n);
  const riskKey = new Float64Array(n);
  const netKey = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    revenueKey[i] = Math.max(0, items[i].netRevenueCents);
    riskKey[i] = items[i].revenueAtRiskCents;
    netKey[i] = items[i].netRevenueCents;
  }
  const byId = (i: number, j: number): number => cmp(items[i].variantId, items[j].variantId);
  const byRevenue = sortedIndices(n, (i, j) => revenueKey[j] - revenueKey[i] || byId(i, j));
  const result: RelianceRank[] = new Array(n);
  let cumulative = 0;
  for (const i of byRevenue) {
    const item = items[i];
    const share = total > 0 ? Math.max(0, item.netRevenueCents) / total : 0;
    const before = cumulative;
    cumulative += share;
    const abcClass: AbcClass = share <= 0 ? "C" : before < ABC_A_CUTOFF ? "A" : before < ABC_B_CUTOFF ? "B" : "C";
    result[i] = { variantId: item.variantId, rank: 0, revenueShare: share, cumulativeShare: Math.min(1, cumulative), cumulativeShareBefore: Math.min(1, before), abcClass };
  }
  const byRisk = sortedIndices(n, (i, j) => riskKey[j] - riskKey[i] || netKey[j] - netKey[i] || byId(i, j));
  for (let position = 0; position < n; position += 1) result[byRisk[position]].rank = position + 1;
  return result;
}

/** Indices 0…n−1 sorted by `compare` on indices (stable, like Array.prototype.sort). */
function sortedIndices(n: number, compare: (i: number, j: number) => number): number[] {
  const order: number[] = new Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  return order.sort(compare);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
