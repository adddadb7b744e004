import { IntIntMap } from "./compact-collections";
import type { SalesLine } from "./sales-order";

/** One DailySales row: a variant's sales on one shop-local day. */
export interface DailySalesTotals {
  variantId: string;
  day: string;
  units: number;
  revenueCents: number;
  /** Distinct counted orders with at least one unit of the variant that day. */
  orders: number;
  /** Units bought by customers who had an earlier counted order. */
  repeatUnits: number;
}

/** A stored line as packed in SalesOrder.linesJson: [lineId, variantId|null, units, revenueCents, sku|null]. */
export type PackedLine = [number, number | null, number, number, string | null];

// key = variantIndex × DAY_SLOTS + dayIndex stays below 2^30 (IntIntMap takes 31-bit keys), and
// rows() packs (sort rank, slot) into one exact double: 2^30 × SLOT_LIMIT must stay ≤ 2^53.
const DAY_SLOTS = 8_192; // ~22 years of days
const MAX_VARIANTS = 131_071;
const SLOT_LIMIT = 2 ** 23; // 8.4 million variant-days

/**
 * Sums counted orders' lines into per-variant per-day totals. Pure and order-independent: feed it
 * the counted orders (each once, complete) in any order and it gives the same rows. Memory grows
 * with the number of (variant, day) keys, not with orders: totals live in typed arrays indexed
 * through one numeric-key map, because a backfill has ~10⁶ keys.
 */
export class DailySalesAggregator {
  private readonly variantIndex = new Map<number, number>();
  private readonly variantIds: number[] = [];
  private readonly dayIndex = new Map<string, number>();
  private readonly days: string[] = [];
  private readonly slots = new IntIntMap();
  private capacity = 4_096;
  private size = 0;
  // Units and order counts per variant-day fit 32 bits; revenue (cents) and order ids may not.
  private units = new Int32Array(this.capacity);
  private orders = new Int32Array(this.capacity);
  private repeat = new Int32Array(this.capacity);
  private revenue = new Float64Array(this.capacity);
  private lastOrder = new Float64Array(this.capacity);

  /**
   * @param wanted when given, only these "variantId|day" keys are summed (recomputing stale keys).
   */
  constructor(private readonly wanted?: ReadonlySet<string>) {}

  addOrder(orderId: number, day: string, isRepeat: boolean, lines: readonly SalesLine[]): void {
    for (const line of lines) this.addLine(orderId, day, isRepeat, line.variantId, line.units, line.revenueCents);
  }

  /** The same for lines still packed as stored (no objects allocated per line). */
  addPackedOrder(orderId: number, day: string, isRepeat: boolean, lines: readonly PackedLine[]): void {
    for (const line of lines) this.addLine(orderId, day, isRepeat, line[1], line[2], line[3]);
  }

  private addLine(orderId: number, day: string, isRepeat: boolean, variantId: number | null, units: number, revenueCents: number): void {
    if (variantId === null || units <= 0) return;
    if (this.wanted && !this.wanted.has(`${variantId}|${day}`)) return;
    let v = this.variantIndex.get(variantId);
    if (v === undefined) {
      v = this.variantIds.length;
      if (v >= MAX_VARIANTS) throw new RangeError("More distinct variants than the aggregator can hold");
      this.variantIds.push(variantId);
      this.variantIndex.set(variantId, v);
    }
    let d = this.dayIndex.get(day);
    if (d === undefined) {
      d = this.days.length;
      if (d >= DAY_SLOTS) throw new RangeError("More distinct days than the aggregator can hold");
      this.days.push(day);
      this.dayIndex.set(day, d);
    }
    const key = v * DAY_SLOTS + d;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.size++;
      if (slot >= SLOT_LIMIT) throw new RangeError("More variant-days than the aggregator can hold");
      if (slot >= this.capacity) this.grow();
      this.slots.set(key, slot);
      this.lastOrder[slot] = -1;
    }
    this.units[slot] += units;
    this.revenue[slot] += revenueCents;
    if (isRepeat) this.repeat[slot] += units;
    // Two lines of one variant in one order are still one order.
    if (this.lastOrder[slot] !== orderId) {
      this.orders[slot] += 1;
      this.lastOrder[slot] = orderId;
    }
  }

  private grow(): void {
    this.capacity *= 2;
    const int32 = (old: Int32Array) => {
      const next = new Int32Array(this.capacity);
      next.set(old);
      return next;
    };
    const float64 = (old: Float64Array) => {
      const next = new Float64Array(this.capacity);
      next.set(old);
      return next;
    };
    this.units = int32(this.units);
    this.orders = int32(this.orders);
    this.repeat = int32(this.repeat);
    this.revenue = float64(this.revenue);
    this.lastOrder = float64(this.lastOrder);
  }

  get keyCount(): number {
    return this.size;
  }

  /**
   * Rows with sales, sorted by variant id (as text, the primary key's order) then day, produced
   * one at a time so a million rows never sit in memory as objects.
   */
  *rows(): Generator<DailySalesTotals> {
    // Rank variants by id text and days by date once; then sort the filled slots by (rank, rank).
    const variantRank = new Int32Array(this.variantIds.length);
    this.variantIds
      .map((id, index) => ({ text: String(id), index }))
      .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
      .forEach((variant, rank) => (variantRank[variant.index] = rank));
    const dayRank = new Int32Array(this.days.length);
    this.days
      .map((day, index) => ({ day, index }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
      .forEach((day, rank) => (dayRank[day.index] = rank));
    // One exact double per filled slot: sort rank × SLOT_LIMIT + slot, so a numeric sort of a
    // typed array puts the rows in key order with no object per row.
    const order = new Float64Array(this.size);
    let filled = 0;
    this.slots.forEach((key, slot) => {
      const variantIndex = Math.floor(key / DAY_SLOTS);
      const dayIndex = key - variantIndex * DAY_SLOTS;
      order[filled++] = (variantRank[variantIndex] * DAY_SLOTS + dayRank[dayIndex]) * SLOT_LIMIT + slot;
    });
    order.sort();
    const variantByRank = new Int32Array(variantRank.length);
    variantRank.forEach((rank, index) => (variantByRank[rank] = index));
    const dayByRank = new Int32Array(dayRank.length);
    dayRank.forEach((rank, index) => (dayByRank[rank] = index));
    for (let i = 0; i < filled; i++) {
      const rankKey = Math.floor(order[i] / SLOT_LIMIT);
      const slot = order[i] - rankKey * SLOT_LIMIT;
      if (this.units[slot] <= 0) continue;
      const vRank = Math.floor(rankKey / DAY_SLOTS);
      yield {
        variantId: String(this.variantIds[variantByRank[vRank]]),
        day: this.days[dayByRank[rankKey - vRank * DAY_SLOTS]],
        units: this.units[slot],
        revenueCents: this.revenue[slot],
        orders: this.orders[slot],
        repeatUnits: this.repeat[slot],
      };
    }
  }
}
