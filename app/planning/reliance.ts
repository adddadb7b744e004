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
  // Each step is its own function: every loop then gets code optimised for it (this runs once per
  // shop pass, so one long function would be optimised mid-loop and fall back at the next loop).
  const keys = sortKeysOf(items);
  const result = paretoOf(items, sortedIndicesDesc(keys.revenue, null, keys.ids), keys.total);
  const byRisk = sortedIndicesDesc(keys.risk, keys.net, keys.ids);
  for (let position = 0; position < byRisk.length; position += 1) result[byRisk[position]].rank = position + 1;
  return result;
}

/**
 * Sort keys copied into flat arrays once: the comparisons run ~n·log n times (800k for a 50k-SKU
 * shop), and reading a typed array is much cheaper there than reaching into each item.
 */
function sortKeysOf(items: readonly RelianceInput[]): { revenue: Float64Array; risk: Float64Array; net: Float64Array; ids: string[]; total: number } {
  const n = items.length;
  const revenue = new Float64Array(n);
  const risk = new Float64Array(n);
  const net = new Float64Array(n);
  const ids: string[] = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const item = items[i];
    total += Math.max(0, item.netRevenueCents);
    revenue[i] = Math.max(0, item.netRevenueCents);
    risk[i] = item.revenueAtRiskCents;
    net[i] = item.netRevenueCents;
    ids[i] = item.variantId;
  }
  return { revenue, risk, net, ids, total };
}

/**
 * Revenue share, cumulative share and ABC class along the Pareto order (rank filled in later).
 * The figures are worked out in Pareto order, but the result objects are created in input order:
 * the shop pass then reads them one after the other from memory, not scattered across it.
 */
function paretoOf(items: readonly RelianceInput[], byRevenue: Int32Array, total: number): RelianceRank[] {
  const n = items.length;
  const shares = new Float64Array(n);
  const cumulativeAfter = new Float64Array(n);
  const cumulativeBefore = new Float64Array(n);
  let cumulative = 0;
  for (let k = 0; k < n; k += 1) {
    const i = byRevenue[k];
    const share = total > 0 ? Math.max(0, items[i].netRevenueCents) / total : 0;
    cumulativeBefore[i] = cumulative;
    cumulative += share;
    shares[i] = share;
    cumulativeAfter[i] = cumulative;
  }
  const result: RelianceRank[] = [];
  for (let i = 0; i < n; i += 1) {
    const share = shares[i];
    const before = cumulativeBefore[i];
    const abcClass: AbcClass = share <= 0 ? "C" : before < ABC_A_CUTOFF ? "A" : before < ABC_B_CUTOFF ? "B" : "C";
    result.push({ variantId: items[i].variantId, rank: 0, revenueShare: share, cumulativeShare: Math.min(1, cumulativeAfter[i]), cumulativeShareBefore: Math.min(1, before), abcClass });
  }
  return result;
}

/**
 * Indices 0…n−1 by `key` descending, then `secondKey` descending, then id ascending, stable: the
 * same order as Array.prototype.sort with that comparator. With finite keys the comparison is a
 * consistent order, so a merge sort that compares inline (no callback per comparison; 50k SKUs
 * make ~800k comparisons per sort) gives exactly the builtin's result. Keys with NaN or infinities
 * would make the comparator inconsistent, and then the builtin sort decides, as it always did.
 */
function sortedIndicesDesc(key: Float64Array, secondKey: Float64Array | null, ids: readonly string[]): Int32Array {
  const n = key.length;
  if (!allFinite(key) || (secondKey !== null && !allFinite(secondKey))) {
    const compare = (i: number, j: number): number => key[j] - key[i] || (secondKey === null ? 0 : secondKey[j] - secondKey[i]) || cmp(ids[i], ids[j]);
    return Int32Array.from(sortedIndices(n, compare));
  }
  let order = new Int32Array(n);
  let spare = new Int32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  // Runs of up to 16 by insertion sort, then bottom-up merges; both stable.
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) insertionSort(order, lo, Math.min(n, lo + RUN), key, secondKey, ids);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) merge(order, spare, lo, Math.min(n, lo + width), Math.min(n, lo + 2 * width), key, secondKey, ids);
    const swap = order;
    order = spare;
    spare = swap;
  }
  return order;
}

function insertionSort(order: Int32Array, lo: number, hi: number, key: Float64Array, secondKey: Float64Array | null, ids: readonly string[]): void {
  for (let k = lo + 1; k < hi; k += 1) {
    const item = order[k];
    let m = k - 1;
    while (m >= lo && precedes(item, order[m], key, secondKey, ids)) {
      order[m + 1] = order[m];
      m -= 1;
    }
    order[m + 1] = item;
  }
}

/** Merges the sorted runs from[lo, mid) and from[mid, hi) into to[lo, hi). */
function merge(from: Int32Array, to: Int32Array, lo: number, mid: number, hi: number, key: Float64Array, secondKey: Float64Array | null, ids: readonly string[]): void {
  let a = lo;
  let b = mid;
  let out = lo;
  // Take from the right run only when it strictly precedes: equal items keep their order.
  while (a < mid && b < hi) to[out++] = precedes(from[b], from[a], key, secondKey, ids) ? from[b++] : from[a++];
  while (a < mid) to[out++] = from[a++];
  while (b < hi) to[out++] = from[b++];
}

/** True when index i sorts strictly before j (larger key first, then larger second key, then smaller id). */
function precedes(i: number, j: number, key: Float64Array, secondKey: Float64Array | null, ids: readonly string[]): boolean {
  const a = key[i];
  const b = key[j];
  if (a !== b) return a > b;
  if (secondKey !== null) {
    const c = secondKey[i];
    const d = secondKey[j];
    if (c !== d) return c > d;
  }
  return ids[i] < ids[j];
}

function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i += 1) if (!Number.isFinite(values[i])) return false;
  return true;
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
