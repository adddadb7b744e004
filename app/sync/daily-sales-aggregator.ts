import { integerText } from "~/lib/integer-text";
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

const DAY_SLOTS = 8_192; // ~22 years of days (a day index fits 16 bits)
const CHUNK_ROWS = 1 << 16;
/** Finished rows at which rows of equal keys are first merged (see compact). */
const FIRST_COMPACTION_ROWS = 1 << 21;

/** Finished rows, column by column, in fixed-size chunks (growing never copies what is there). */
class RowChunk {
  readonly variant = new Int32Array(CHUNK_ROWS);
  readonly day = new Uint16Array(CHUNK_ROWS);
  readonly units = new Int32Array(CHUNK_ROWS);
  readonly orders = new Int32Array(CHUNK_ROWS);
  readonly repeat = new Int32Array(CHUNK_ROWS);
  // Revenue in cents may pass 2^31 for a variant-day; a double holds it exactly.
  readonly revenue = new Float64Array(CHUNK_ROWS);
}

/**
 * Sums counted orders' lines into per-variant per-day totals. Pure and order-independent: feed it
 * the counted orders (each once, complete) in any order and it gives the same rows.
 *
 * Memory grows with the number of (variant, day) rows, at 26 bytes each and no object per row,
 * because a backfill has ~10⁶ of them. Only one day is open at a time: its totals live in arrays
 * indexed by variant; when an order of another day arrives, the open day's variants become
 * finished rows. Orders nearly always come in day order (an export sorted by processedAt, stored
 * orders read back in the order they were written), so each (variant, day) is usually one row;
 * when a day comes back, its rows are added together when rows() sorts them (each order is in
 * exactly one of them, so the sums and order counts stay exact).
 */
export class DailySalesAggregator {
  private readonly variantIndex = new Map<number, number>();
  private readonly variantIds: number[] = [];
  private readonly dayIndex = new Map<string, number>();
  private readonly days: string[] = [];
  // The open day: one slot per variant, valid where openMark equals the open day's session.
  private openDay = -1;
  private session = 0;
  private openMark = new Int32Array(256);
  private openUnits = new Int32Array(256);
  private openOrders = new Int32Array(256);
  private openRepeat = new Int32Array(256);
  private openRevenue = new Float64Array(256);
  private openLastOrder = new Float64Array(256);
  private touched = new Int32Array(256);
  private touchedCount = 0;
  private chunks: RowChunk[] = [];
  private rowCount = 0;
  /** Finished rows at which rows of equal keys are merged (see compact). */
  private compactAt: number;

  /**
   * @param wanted when given, only these "variantId|day" keys are summed (recomputing stale keys).
   * @param options.firstCompactionRows finished rows before the first merge of equal keys.
   */
  constructor(
    private readonly wanted?: ReadonlySet<string>,
    options: { firstCompactionRows?: number } = {},
  ) {
    this.compactAt = Math.max(1, options.firstCompactionRows ?? FIRST_COMPACTION_ROWS);
  }

  addOrder(orderId: number, day: string, isRepeat: boolean, lines: readonly SalesLine[]): void {
    if (lines.length === 0) return;
    this.openDayOf(day);
    for (const line of lines) this.addLine(orderId, day, isRepeat, line.variantId, line.units, line.revenueCents);
  }

  /** The same for lines still packed as stored (no objects allocated per line). */
  addPackedOrder(orderId: number, day: string, isRepeat: boolean, lines: readonly PackedLine[]): void {
    if (lines.length === 0) return;
    this.openDayOf(day);
    for (const line of lines) this.addLine(orderId, day, isRepeat, line[1], line[2], line[3]);
  }

  /** Makes `day` the open day (an order's lines all belong to its day). */
  private openDayOf(day: string): void {
    const d = this.dayNumber(day);
    if (d !== this.openDay) this.openNewDay(d);
  }

  private addLine(orderId: number, day: string, isRepeat: boolean, variantId: number | null, units: number, revenueCents: number): void {
    if (variantId === null || units <= 0) return;
    if (this.wanted && !this.wanted.has(`${variantId}|${day}`)) return;
    const v = this.variantNumber(variantId);
    if (this.openMark[v] !== this.session) {
      this.openMark[v] = this.session;
      this.openUnits[v] = 0;
      this.openOrders[v] = 0;
      this.openRepeat[v] = 0;
      this.openRevenue[v] = 0;
      this.openLastOrder[v] = -1;
      this.touched[this.touchedCount++] = v;
    }
    this.openUnits[v] += units;
    this.openRevenue[v] += revenueCents;
    if (isRepeat) this.openRepeat[v] += units;
    // Two lines of one variant in one order are still one order.
    if (this.openLastOrder[v] !== orderId) {
      this.openOrders[v] += 1;
      this.openLastOrder[v] = orderId;
    }
  }

  private dayNumber(day: string): number {
    let d = this.dayIndex.get(day);
    if (d === undefined) {
      d = this.days.length;
      if (d >= DAY_SLOTS) throw new RangeError("More distinct days than the aggregator can hold");
      this.days.push(day);
      this.dayIndex.set(day, d);
    }
    return d;
  }

  private variantNumber(variantId: number): number {
    let v = this.variantIndex.get(variantId);
    if (v === undefined) {
      v = this.variantIds.length;
      this.variantIds.push(variantId);
      this.variantIndex.set(variantId, v);
      if (v >= this.openMark.length) this.growOpenDay();
    }
    return v;
  }

  private growOpenDay(): void {
    const size = this.openMark.length * 2;
    const int32 = (old: Int32Array) => {
      const next = new Int32Array(size);
      next.set(old);
      return next;
    };
    const float64 = (old: Float64Array) => {
      const next = new Float64Array(size);
      next.set(old);
      return next;
    };
    this.openMark = int32(this.openMark);
    this.openUnits = int32(this.openUnits);
    this.openOrders = int32(this.openOrders);
    this.openRepeat = int32(this.openRepeat);
    this.openRevenue = float64(this.openRevenue);
    this.openLastOrder = float64(this.openLastOrder);
    this.touched = int32(this.touched);
  }

  /** Turns the open day's variants into finished rows and opens day `d`. */
  private openNewDay(d: number): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const v = this.touched[i];
      this.appendRow(v, this.openDay, this.openUnits[v], this.openRevenue[v], this.openOrders[v], this.openRepeat[v]);
    }
    this.touchedCount = 0;
    this.session += 1;
    this.openDay = d;
    if (this.rowCount >= this.compactAt) this.compact();
  }

  private appendRow(variant: number, day: number, units: number, revenue: number, orders: number, repeat: number): void {
    const chunkIndex = Math.floor(this.rowCount / CHUNK_ROWS);
    if (chunkIndex === this.chunks.length) this.chunks.push(new RowChunk());
    const chunk = this.chunks[chunkIndex];
    const i = this.rowCount % CHUNK_ROWS;
    chunk.variant[i] = variant;
    chunk.day[i] = day;
    chunk.units[i] = units;
    chunk.revenue[i] = revenue;
    chunk.orders[i] = orders;
    chunk.repeat[i] = repeat;
    this.rowCount += 1;
  }

  /**
   * The order of the finished rows by key (variant id as text, the primary key's order, then day),
   * as a permutation: two stable counting sorts (by day, then by variant), no object per row.
   */
  private sortedRows(chunks: readonly RowChunk[], rowCount: number): Uint32Array {
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
    const rankOf = (rank: Int32Array, column: "day" | "variant") => (row: number) => rank[chunks[Math.floor(row / CHUNK_ROWS)][column][row % CHUNK_ROWS]];
    const byDay = countingSort(identity(rowCount), this.days.length, rankOf(dayRank, "day"));
    return countingSort(byDay, this.variantIds.length, rankOf(variantRank, "variant"));
  }

  /**
   * The finished rows in key order, rows of the same (variant, day) added together: one reused
   * object per step, so walking a million keys allocates nothing per key.
   */
  private *mergedRows(chunks: readonly RowChunk[], rowCount: number): Generator<MergedRow> {
    const order = this.sortedRows(chunks, rowCount);
    const out: MergedRow = { variant: 0, day: 0, units: 0, revenue: 0, orders: 0, repeat: 0 };
    let i = 0;
    while (i < order.length) {
      const first = order[i];
      out.variant = chunks[Math.floor(first / CHUNK_ROWS)].variant[first % CHUNK_ROWS];
      out.day = chunks[Math.floor(first / CHUNK_ROWS)].day[first % CHUNK_ROWS];
      out.units = 0;
      out.revenue = 0;
      out.orders = 0;
      out.repeat = 0;
      for (; i < order.length; i++) {
        const chunk = chunks[Math.floor(order[i] / CHUNK_ROWS)];
        const at = order[i] % CHUNK_ROWS;
        if (chunk.variant[at] !== out.variant || chunk.day[at] !== out.day) break;
        out.units += chunk.units[at];
        out.revenue += chunk.revenue[at];
        out.orders += chunk.orders[at];
        out.repeat += chunk.repeat[at];
      }
      yield out;
    }
  }

  /**
   * Merges the rows of equal keys (a day that came back after other days), so out-of-order input
   * costs memory per distinct key, not per visit.
   */
  private compact(): void {
    const before = this.rowCount;
    const rows = this.mergedRows(this.chunks, this.rowCount);
    this.chunks = [];
    this.rowCount = 0;
    for (const row of rows) this.appendRow(row.variant, row.day, row.units, row.revenue, row.orders, row.repeat);
    // Merge again once as many new rows have come as there are distinct keys now.
    this.compactAt = Math.max(before, this.rowCount * 2);
  }

  /**
   * Rows with sales, sorted by variant id (as text, the primary key's order) then day, produced
   * one at a time so a million rows never sit in memory as objects.
   */
  *rows(): Generator<DailySalesTotals> {
    this.openNewDay(-1);
    // Each variant's id as text once, not once per row (integerText: no old-generation garbage).
    const variantTexts = this.variantIds.map((id) => integerText(id));
    for (const row of this.mergedRows(this.chunks, this.rowCount)) {
      if (row.units <= 0) continue;
      yield {
        variantId: variantTexts[row.variant],
        day: this.days[row.day],
        units: row.units,
        revenueCents: row.revenue,
        orders: row.orders,
        repeatUnits: row.repeat,
      };
    }
  }
}

interface MergedRow {
  variant: number;
  day: number;
  units: number;
  revenue: number;
  orders: number;
  repeat: number;
}

function identity(length: number): Uint32Array {
  const out = new Uint32Array(length);
  for (let i = 0; i < length; i++) out[i] = i;
  return out;
}

/** `items` stably sorted by `keyOf(item)`, a whole number below `keys`. */
function countingSort(items: Uint32Array, keys: number, keyOf: (item: number) => number): Uint32Array {
  const start = new Uint32Array(keys + 1);
  for (let i = 0; i < items.length; i++) start[keyOf(items[i]) + 1] += 1;
  for (let k = 1; k <= keys; k++) start[k] += start[k - 1];
  const out = new Uint32Array(items.length);
  for (let i = 0; i < items.length; i++) out[start[keyOf(items[i])]++] = items[i];
  return out;
}
