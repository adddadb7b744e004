/**
 * Generates a shop's order history: the number of orders per shop-local day follows a growth
 * trend, weekly and yearly seasonality (with Black Friday / Cyber Monday) and noise; each order
 * draws its variants from a Zipf-shaped popularity, so a few SKUs carry most of the revenue while
 * the tail sells intermittently. On top come the things real histories have: refunds, order edits,
 * cancellations, test orders, guest and returning customers, an import batch whose processedAt
 * predates createdAt, orders right around local midnight and right around DST changes.
 */
import type { VariantDemand } from "./catalog-generator";
import type { IdAllocator } from "./id-allocator";
import type { Rng } from "./rng";
import { AliasTable } from "./rng";
import type { ShopClock } from "./time-zone";
import { DAY_MS, wallMsOfIsoDay } from "./time-zone";
import type { StoreOrder, StoreOrderLine, StoreRefund, StoreVariant } from "./types";

/** Probabilities per order (or per line for discounts). */
export interface RealismRates {
  /** Share of orders with at least one refund. */
  refund: number;
  /** Share of orders cancelled shortly after they were placed. */
  cancel: number;
  /** Share of orders placed in test mode (Bogus Gateway). */
  test: number;
  /** Share of orders edited after placement to remove units. */
  edit: number;
  /** Share of lines with a line-level discount. */
  discountedLine: number;
  /** Share of orders checked out as guest (no customer). */
  guest: number;
  /** Share of non-guest orders placed by a returning customer. */
  repeatCustomer: number;
  /** Share of orders imported from another platform in one batch (processedAt < createdAt). */
  imported: number;
}

export const DEFAULT_RATES: RealismRates = {
  refund: 0.04,
  cancel: 0.012,
  test: 0.003,
  edit: 0.01,
  discountedLine: 0.07,
  guest: 0.05,
  repeatCustomer: 0.3,
  imported: 0.002,
};

/**
 * What a cancellation does to line quantities. Unverified on Shopify (see the facts note), so
 * both are offered: "restock" refunds and restocks every remaining unit (currentQuantity → 0,
 * with a CANCEL refund), "keep-quantities" only sets cancelledAt.
 */
export type CancellationStyle = "restock" | "keep-quantities";

export interface OrderGenerationOptions {
  orderCount: number;
  historyStartMs: number;
  historyEndMs: number;
  linesPerOrderMean: number;
  /** Year-over-year growth of the order rate, e.g. 0.6 = +60% a year. */
  annualGrowth: number;
  rates: RealismRates;
  cancellationStyle: CancellationStyle;
  /** Force at least one of each feature (refund, cancel, test, edit, import, midnight, DST). */
  guaranteeFeatures: boolean;
  /** Variant (index) deleted from the catalog: its lines carry variantId null and keep the SKU. */
  deletedVariantIndex: number | null;
}

export interface GeneratedOrders {
  orders: StoreOrder[];
  /** Counted units per variant index over the last 30 days (drives stock levels). */
  recentUnitsByVariant: Float64Array;
}

const HOUR_WEIGHTS: readonly number[] = [
  0.35, 0.2, 0.12, 0.08, 0.07, 0.1, 0.25, 0.5, 0.8, 1.0, 1.1, 1.2, 1.3, 1.25, 1.15, 1.1, 1.1, 1.15, 1.3, 1.5, 1.6, 1.45, 1.05, 0.6,
];
/** Sunday first (Date#getUTCDay order); DTC shops peak early in the week. */
const WEEKDAY_FACTORS: readonly number[] = [1.08, 1.12, 1.02, 0.98, 0.95, 0.88, 0.92];
const MONTH_FACTORS: readonly number[] = [0.8, 0.82, 0.92, 0.95, 1.0, 0.97, 0.93, 0.96, 0.98, 1.02, 1.2, 1.35];
const DISCOUNT_PCTS: readonly number[] = [10, 15, 20, 25, 30];
const MINUTES_PER_DAY = 1440;
const SECOND_MS = 1000;
const MAX_LINES_PER_ORDER = 10;

interface DayPlan {
  wallMs: number;
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  fromMinute: number;
  toMinute: number;
  weight: number;
  fractionOfHistory: number;
  count: number;
}

export function generateOrders(
  rng: Rng,
  ids: IdAllocator,
  clock: ShopClock,
  variants: readonly StoreVariant[],
  demand: readonly VariantDemand[],
  productTitleByVariant: readonly string[],
  options: OrderGenerationOptions,
): GeneratedOrders {
  const { orderCount, rates, guaranteeFeatures } = options;
  const startMs = ceilSecond(options.historyStartMs);
  const endMs = floorSecond(options.historyEndMs);
  const minuteCdf = buildMinuteCdf();
  const days = planDays(rng, clock, startMs, endMs, options.annualGrowth, minuteCdf);
  const orders: StoreOrder[] = [];
  const recentUnitsByVariant = new Float64Array(variants.length);
  if (orderCount === 0 || days.length === 0) return { orders, recentUnitsByVariant };

  const importedCount = guaranteeFeatures ? Math.max(3, Math.min(500, Math.round(orderCount * rates.imported))) : Math.round(orderCount * rates.imported);
  const regularCount = orderCount - Math.min(importedCount, orderCount);
  allocateCounts(days, regularCount);
  const importDayIndex = Math.min(days.length - 1, Math.floor(days.length * 0.4));
  const importDay = days[importDayIndex];
  const importAtMs = clampToDay(clock.instantOfWallTime(importDay.wallMs + 10 * 3600 * SECOND_MS), importDay);
  const batchSize = orderCount - regularCount;

  // Feature guarantees land on fixed positions in the regular sequence (deterministic, spread out).
  const forced = {
    deletedVariantLine: guaranteeFeatures ? Math.floor(regularCount * 0.2) : -1,
    refund: guaranteeFeatures ? Math.floor(regularCount * 0.3) : -1,
    cancel: guaranteeFeatures ? Math.floor(regularCount * 0.45) : -1,
    test: guaranteeFeatures ? Math.floor(regularCount * 0.5) + 1 : -1,
    edit: guaranteeFeatures ? Math.floor(regularCount * 0.6) + 2 : -1,
  };
  // The variant that can stand in when a draw finds nothing on sale: the most popular one.
  let fallbackVariant = 0;
  for (let i = 1; i < demand.length; i += 1) if (demand[i].baseWeight > demand[fallbackVariant].baseWeight) fallbackVariant = i;

  const customers: number[] = [];
  const recentFromMs = endMs - 30 * DAY_MS;
  const lineCountP = 1 / options.linesPerOrderMean;
  const dailyWeights = new Float64Array(demand.length);
  let lastCreatedAt = 0;
  let regularIndex = 0;
  let batchDone = batchSize === 0;

  const pickCustomer = (): number | null => {
    if (rng.chance(rates.guest)) return null;
    if (customers.length > 0 && rng.chance(rates.repeatCustomer)) {
      // Squared uniform: early (loyal) customers come back more often than recent ones.
      const u = rng.next();
      return customers[Math.floor(customers.length * u * u)];
    }
    const id = ids.next();
    customers.push(id);
    return id;
  };

  const isOnSale = (variantIndex: number, atMs: number): boolean => {
    const d = demand[variantIndex];
    return d.activeFromMs <= atMs && atMs < d.activeUntilMs;
  };

  const makeLine = (variantIndex: number, quantity: number, discounted: boolean): StoreOrderLine => {
    const variant = variants[variantIndex];
    const grossCents = variant.priceCents * quantity;
    const discountCents = discounted ? Math.round((grossCents * rng.pick(DISCOUNT_PCTS)) / 100) : 0;
    return {
      id: ids.next(),
      variantId: variantIndex === options.deletedVariantIndex ? null : variant.id,
      sku: variant.sku,
      title: productTitleByVariant[variantIndex],
      quantity,
      currentQuantity: quantity,
      unitPriceCents: variant.priceCents,
      discountedTotalCents: grossCents - discountCents,
    };
  };

  const drawQuantity = (): number => {
    const u = rng.next();
    if (u < 0.84) return 1;
    if (u < 0.95) return 2;
    if (u < 0.98) return 3;
    if (u < 0.995) return rng.int(4, 6);
    return rng.int(8, 24); // the occasional wholesale-sized order
  };

  // Hot path (millions of lines): no per-order closures or temporary arrays. `chosen` holds the
  // variant indexes of the order being built, aligned with its lines.
  const chosen: number[] = [];

  const pushOrder = (order: StoreOrder): void => {
    orders.push(order);
    if (order.test || order.cancelledAt !== null || order.processedAt < recentFromMs) return;
    for (let i = 0; i < order.lines.length; i += 1) recentUnitsByVariant[chosen[i]] += order.lines[i].currentQuantity;
  };

  const buildLines = (discountRate: number): StoreOrderLine[] => {
    const lines: StoreOrderLine[] = [];
    for (let i = 0; i < chosen.length; i += 1) lines.push(makeLine(chosen[i], drawQuantity(), discountRate > 0 && rng.chance(discountRate)));
    return lines;
  };

  const emitImportBatch = (): void => {
    const earliest = startMs;
    const latest = Math.max(earliest, importAtMs - DAY_MS);
    for (let i = 0; i < batchSize; i += 1) {
      const createdAt = Math.max(importAtMs + i * SECOND_MS, lastCreatedAt);
      lastCreatedAt = createdAt;
      const processedAt = floorSecond(rng.range(earliest, latest));
      const orderId = ids.next();
      const customerId = pickCustomer();
      drawVariants(processedAt, fallbackVariant);
      const order = newOrder(orderId, orders.length, createdAt, processedAt, customerId, buildLines(0));
      pushOrder(order);
    }
    batchDone = true;
  };

  /** Fills `chosen` with distinct variants on sale at `atMs`. */
  const drawVariants = (atMs: number, fallback: number): void => {
    chosen.length = 0;
    const wanted = Math.min(MAX_LINES_PER_ORDER, 1 + rng.geometric(lineCountP));
    for (let attempt = 0; chosen.length < wanted && attempt < wanted + 6; attempt += 1) {
      const v = table.sample(rng);
      if (isOnSale(v, atMs) && !chosen.includes(v)) chosen.push(v);
    }
    if (chosen.length === 0) chosen.push(fallback);
  };

  let table = new AliasTable([1]);
  for (let d = 0; d < days.length; d += 1) {
    const day = days[d];
    table = buildDailyTable(day, demand, dailyWeights, fallbackVariant);
    const times = drawDayTimes(rng, clock, day, minuteCdf, guaranteeFeatures && d % 5 === 2);
    if (guaranteeFeatures) placeAroundDstChange(rng, clock, day, times);
    times.sort((a, b) => a - b);

    for (const t of times) {
      if (!batchDone && d === importDayIndex && t >= importAtMs) emitImportBatch();
      const createdAt = Math.max(t, lastCreatedAt);
      lastCreatedAt = createdAt;
      const orderId = ids.next();
      const customerId = pickCustomer();
      drawVariants(createdAt, fallbackVariant);
      if (regularIndex === forced.deletedVariantLine && options.deletedVariantIndex !== null) {
        const deleted = options.deletedVariantIndex;
        if (isOnSale(deleted, createdAt) && !chosen.includes(deleted)) chosen.push(deleted);
      }
      const order = newOrder(orderId, orders.length, createdAt, createdAt, customerId, buildLines(rates.discountedLine));
      const forcedEvents =
        (regularIndex === forced.refund ? FORCE_REFUND : 0) |
        (regularIndex === forced.cancel ? FORCE_CANCEL : 0) |
        (regularIndex === forced.test ? FORCE_TEST : 0) |
        (regularIndex === forced.edit ? FORCE_EDIT : 0);
      applyLifeEvents(rng, ids, order, endMs, rates, options.cancellationStyle, forcedEvents);
      pushOrder(order);
      regularIndex += 1;
    }
    if (!batchDone && d === importDayIndex) emitImportBatch();
  }
  return { orders, recentUnitsByVariant };
}

function newOrder(id: number, index: number, createdAt: number, processedAt: number, customerId: number | null, lines: StoreOrderLine[]): StoreOrder {
  // One object shape for every order keeps V8's hidden classes shared across a million orders.
  return {
    id,
    name: `#${1001 + index}`,
    createdAt,
    processedAt,
    updatedAt: createdAt,
    cancelledAt: null,
    test: false,
    customerId,
    lines,
    refunds: [],
  };
}

/** Bit flags: events that must happen to one order (feature guarantees). */
const FORCE_REFUND = 1;
const FORCE_CANCEL = 2;
const FORCE_TEST = 4;
const FORCE_EDIT = 8;

/** When an event `delayMs` after `startMs` happens: null if after the history's end, unless forced. */
function eventTime(startMs: number, delayMs: number, endMs: number, isForced: boolean): number | null {
  const when = startMs + delayMs;
  if (when <= endMs) return when;
  return isForced ? endMs : null;
}

/** What happens to an order after checkout; every event later than the history's end is left out. */
function applyLifeEvents(rng: Rng, ids: IdAllocator, order: StoreOrder, endMs: number, rates: RealismRates, style: CancellationStyle, forcedEvents: number): void {
  const t = order.createdAt;
  const forced = {
    refund: (forcedEvents & FORCE_REFUND) !== 0,
    cancel: (forcedEvents & FORCE_CANCEL) !== 0,
    test: (forcedEvents & FORCE_TEST) !== 0,
    edit: (forcedEvents & FORCE_EDIT) !== 0,
  };
  if (forced.test || rng.chance(rates.test)) order.test = true;

  const keepOpen = forced.edit || forced.refund || forced.test;
  if (forced.cancel || (!order.test && !keepOpen && rng.chance(rates.cancel))) {
    const cancelledAt = eventTime(t, rng.int(300, 48 * 3600) * SECOND_MS, endMs, forced.cancel);
    if (cancelledAt !== null) {
      order.cancelledAt = cancelledAt;
      order.updatedAt = cancelledAt;
      if (style === "restock") {
        const refund: StoreRefund = { id: ids.next(), createdAt: cancelledAt, lines: [] };
        for (const line of order.lines) {
          if (line.currentQuantity > 0) refund.lines.push({ lineItemId: line.id, quantity: line.currentQuantity, restockType: "CANCEL" });
          line.currentQuantity = 0;
        }
        order.refunds.push(refund);
      }
      return;
    }
  }

  if (forced.edit || rng.chance(rates.edit)) {
    const editedAt = eventTime(t, rng.int(600, 12 * 3600) * SECOND_MS, endMs, forced.edit);
    if (editedAt !== null) {
      if (forced.edit && order.lines.every((l) => l.quantity < 2)) growToTwoUnits(order.lines[0]);
      const multi = order.lines.filter((l) => l.quantity >= 2);
      if (multi.length > 0) {
        const line = rng.pick(multi);
        line.currentQuantity -= rng.int(1, line.quantity - 1);
      } else if (order.lines.length > 1) {
        rng.pick(order.lines).currentQuantity = 0; // the whole line was taken out
      }
      order.updatedAt = Math.max(order.updatedAt, editedAt);
    }
  }

  const fulfilledAt = t + rng.int(2 * 3600, 72 * 3600) * SECOND_MS;
  if (fulfilledAt <= endMs) order.updatedAt = Math.max(order.updatedAt, fulfilledAt);

  if (forced.refund || rng.chance(rates.refund)) {
    let refundAt = eventTime(t, rng.int(3 * 86_400, 40 * 86_400) * SECOND_MS, endMs, forced.refund);
    for (let round = 0; refundAt !== null && round < 2; round += 1) {
      const refundable = order.lines.filter((l) => l.currentQuantity > 0);
      if (refundable.length === 0) break;
      const line = rng.pick(refundable);
      const units = line.currentQuantity === 1 || rng.chance(0.6) ? line.currentQuantity : rng.int(1, line.currentQuantity);
      line.currentQuantity -= units;
      order.refunds.push({
        id: ids.next(),
        createdAt: refundAt,
        lines: [{ lineItemId: line.id, quantity: units, restockType: rng.chance(0.8) ? "RETURN" : "NO_RESTOCK" }],
      });
      order.updatedAt = Math.max(order.updatedAt, refundAt);
      // One refunded order in seven gets a second, later refund.
      if (!rng.chance(0.15)) break;
      const next = refundAt + rng.int(86_400, 20 * 86_400) * SECOND_MS;
      refundAt = next <= endMs ? next : null;
    }
  }
}

function growToTwoUnits(line: StoreOrderLine): void {
  const discountCents = line.unitPriceCents * line.quantity - line.discountedTotalCents;
  const ratio = line.quantity > 0 ? discountCents / (line.unitPriceCents * line.quantity) : 0;
  line.quantity = 2;
  line.currentQuantity = 2;
  line.discountedTotalCents = 2 * line.unitPriceCents - Math.round(2 * line.unitPriceCents * ratio);
}

/** Per-minute cumulative weights of the local time of day (1441 entries, last = total). */
function buildMinuteCdf(): Float64Array {
  const cdf = new Float64Array(MINUTES_PER_DAY + 1);
  for (let m = 0; m < MINUTES_PER_DAY; m += 1) cdf[m + 1] = cdf[m] + HOUR_WEIGHTS[Math.floor(m / 60)];
  return cdf;
}

function planDays(rng: Rng, clock: ShopClock, startMs: number, endMs: number, annualGrowth: number, cdf: Float64Array): DayPlan[] {
  if (endMs < startMs) return [];
  const firstWall = wallMsOfIsoDay(clock.dayOf(startMs));
  const lastWall = wallMsOfIsoDay(clock.dayOf(endMs));
  const spanDays = Math.max(1, Math.round((lastWall - firstWall) / DAY_MS));
  const days: DayPlan[] = [];
  for (let wall = firstWall; wall <= lastWall; wall += DAY_MS) {
    const dayStart = clock.instantOfWallTime(wall);
    const dayEnd = clock.instantOfWallTime(wall + DAY_MS);
    const fromMs = Math.max(startMs, dayStart);
    const toMs = Math.min(endMs + SECOND_MS, dayEnd);
    if (toMs <= fromMs) continue;
    const fromMinute = fromMs === dayStart ? 0 : clampMinute((fromMs + clock.offsetMsAt(fromMs) - wall) / 60_000);
    const toMinute = toMs === dayEnd ? MINUTES_PER_DAY : clampMinute((toMs + clock.offsetMsAt(toMs) - wall) / 60_000);
    const diurnalShare = (cdfAt(cdf, toMinute) - cdfAt(cdf, fromMinute)) / cdf[MINUTES_PER_DAY];
    const date = new Date(wall);
    const years = (wall - firstWall) / (365 * DAY_MS);
    const weight =
      Math.pow(1 + annualGrowth, years) *
      WEEKDAY_FACTORS[date.getUTCDay()] *
      MONTH_FACTORS[date.getUTCMonth()] *
      holidayFactor(date) *
      rng.logNormal(0.12) *
      (rng.chance(0.01) ? 1.8 : 1) * // an occasional promotion
      diurnalShare;
    days.push({ wallMs: wall, fromMs, toMs, fromMinute, toMinute, weight, fractionOfHistory: (wall - firstWall) / (spanDays * DAY_MS), count: 0 });
  }
  return days;
}

/** Thanksgiving week-end and Cyber Monday; the quiet days after Christmas. */
function holidayFactor(date: Date): number {
  const month = date.getUTCMonth();
  const dayOfMonth = date.getUTCDate();
  if (month === 11) return dayOfMonth >= 24 ? 0.55 : 1;
  if (month !== 10) return 1;
  const firstWeekday = new Date(Date.UTC(date.getUTCFullYear(), 10, 1)).getUTCDay();
  const thanksgiving = 1 + ((4 - firstWeekday + 7) % 7) + 21;
  const offset = dayOfMonth - thanksgiving;
  return [1.3, 3.2, 2.2, 2.0, 2.6][offset] ?? 1;
}

/** Whole orders per day summing exactly to `total` (largest remainder, ties by day order). */
function allocateCounts(days: DayPlan[], total: number): void {
  const weightSum = days.reduce((sum, d) => sum + d.weight, 0);
  const remainders: Array<{ index: number; fraction: number }> = [];
  let assigned = 0;
  for (let i = 0; i < days.length; i += 1) {
    const exact = weightSum > 0 ? (total * days[i].weight) / weightSum : total / days.length;
    days[i].count = Math.floor(exact);
    assigned += days[i].count;
    remainders.push({ index: i, fraction: exact - days[i].count });
  }
  remainders.sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (let k = 0; assigned < total; k = (k + 1) % remainders.length) {
    days[remainders[k].index].count += 1;
    assigned += 1;
  }
}

function buildDailyTable(day: DayPlan, demand: readonly VariantDemand[], weights: Float64Array, fallback: number): AliasTable {
  let any = false;
  for (let i = 0; i < demand.length; i += 1) {
    const d = demand[i];
    const onSale = d.activeFromMs < day.toMs && d.activeUntilMs > day.fromMs;
    weights[i] = onSale ? d.baseWeight * Math.max(0.05, 1 + d.trendSlope * (day.fractionOfHistory - 0.5)) : 0;
    if (weights[i] > 0) any = true;
  }
  if (!any) weights[fallback] = 1;
  return new AliasTable(weights);
}

function drawDayTimes(rng: Rng, clock: ShopClock, day: DayPlan, cdf: Float64Array, forceMidnight: boolean): number[] {
  const times: number[] = [];
  const lo = cdfAt(cdf, day.fromMinute);
  const hi = cdfAt(cdf, day.toMinute);
  for (let i = 0; i < day.count; i += 1) {
    const minute = minuteForCdfValue(cdf, lo + rng.next() * (hi - lo));
    const wall = day.wallMs + Math.floor(minute) * 60_000 + rng.int(0, 59) * SECOND_MS;
    times.push(clampToDay(clock.instantOfWallTime(wall), day));
  }
  if (forceMidnight && times.length >= 3 && day.fromMinute === 0 && day.toMinute === MINUTES_PER_DAY) {
    // Orders in the first and last five minutes of the shop's day: where UTC bucketing goes wrong.
    times[0] = clampToDay(clock.instantOfWallTime(day.wallMs + rng.int(0, 299) * SECOND_MS), day);
    times[times.length - 1] = clampToDay(clock.instantOfWallTime(day.wallMs + DAY_MS - rng.int(1, 300) * SECOND_MS), day);
  }
  return times;
}

/** On a day whose UTC offset changes, moves two orders to just before and just after the change. */
function placeAroundDstChange(rng: Rng, clock: ShopClock, day: DayPlan, times: number[]): void {
  if (times.length < 4) return;
  const before = clock.offsetMsAt(day.fromMs);
  if (clock.offsetMsAt(day.toMs - SECOND_MS) === before) return;
  const step = 15 * 60_000;
  for (let t = day.fromMs - (day.fromMs % step) + step; t < day.toMs; t += step) {
    if (clock.offsetMsAt(t) !== before) {
      times[1] = clampToDay(t + rng.int(60, 1200) * SECOND_MS, day);
      times[2] = clampToDay(t - rng.int(60, 1200) * SECOND_MS, day);
      return;
    }
  }
}

function cdfAt(cdf: Float64Array, minute: number): number {
  const m = Math.floor(minute);
  if (m >= MINUTES_PER_DAY) return cdf[MINUTES_PER_DAY];
  return cdf[m] + (cdf[m + 1] - cdf[m]) * (minute - m);
}

function minuteForCdfValue(cdf: Float64Array, value: number): number {
  let lo = 0;
  let hi = MINUTES_PER_DAY;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] <= value) lo = mid;
    else hi = mid;
  }
  const width = cdf[lo + 1] - cdf[lo];
  return lo + (width > 0 ? Math.min(0.999, (value - cdf[lo]) / width) : 0);
}

function clampMinute(minute: number): number {
  return Math.max(0, Math.min(MINUTES_PER_DAY, minute));
}

function clampToDay(epochMs: number, day: DayPlan): number {
  return Math.min(floorSecond(day.toMs - 1), Math.max(ceilSecond(day.fromMs), floorSecond(epochMs)));
}

function floorSecond(epochMs: number): number {
  return Math.floor(epochMs / SECOND_MS) * SECOND_MS;
}

function ceilSecond(epochMs: number): number {
  return Math.ceil(epochMs / SECOND_MS) * SECOND_MS;
}
