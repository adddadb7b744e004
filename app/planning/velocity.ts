/**
 * Velocity: how many units a SKU sells per day, how variable that is, what kind of demand it is,
 * and a forecast matched to that kind (planning-math §1).
 *
 * Censoring rule (§1.1): a day counts only when stock was available all day. A day that started
 * with nothing available, or sold out (the next morning's snapshot is ≤ 0, or units sold reached
 * the morning's stock), is missing data, not zero demand. In-stock days with no sales are real
 * zeros and stay in.
 */
import { dayNumber, isoWeekday } from "./days";
import type { DailyHistory, DailyValues, IsoDay, Reason } from "./types";

/** Syntetos–Boylan–Croston demand classes (ADI cut-off 1.32, CV² cut-off 0.49); "none" = no sales. */
export type DemandClass = "none" | "smooth" | "erratic" | "intermittent" | "lumpy";
export type VelocityConfidence = "high" | "medium" | "low";

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;
/** Croston/SBA smoothing constant, fixed as in statsforecast's `_croston_classic`/`_croston_sba`. */
export const CROSTON_ALPHA = 0.1;
/** SES smoothing constants tried; the one with the smallest one-step SSE wins (§1.3). */
export const SES_ALPHAS: readonly number[] = [0.1, 0.15, 0.2, 0.25, 0.3];
/** More than this share of censored days marks velocity as low-confidence (§1.1). */
export const CENSORED_SHARE_LOW = 0.3;

export interface VelocityResult {
  windowDays: number;
  /** Days of the window covered by the history arrays. */
  observedDays: number;
  /** Days kept for velocity (stock available all day). */
  inStockDays: number;
  /** Days dropped because stock was out or sold out (demand unobserved). */
  censoredDays: number;
  /** Days without a stock snapshot (kept as in stock: no evidence of a stockout). */
  unknownStockDays: number;
  /** Units sold over all observed days of the window (censored days included). */
  unitsSold: number;
  /** Net revenue over all observed days of the window, cents. */
  revenueCents: number;
  /** Units bought by returning customers over the window (null when not supplied). */
  repeatUnits: number | null;
  /** d = Σ sales on in-stock days ÷ #in-stock days, units/day. */
  unitsPerDay: number;
  /** sd_d = sample sd (ddof 1) of daily units over in-stock days, units/day. */
  unitsPerDaySd: number;
  /** In-stock days with a sale. */
  nonZeroDays: number;
  /** Average inter-demand interval = in-stock days ÷ days with a sale, days. */
  adi: number;
  /** Squared coefficient of variation of non-zero daily sizes (sample sd). */
  cv2: number;
  demandClass: DemandClass;
  forecastMethod: "none" | "ses" | "sba";
  /** Forecast level (SES or SBA), units/day; multiply by a weekday index for a given day. */
  forecastUnitsPerDay: number;
  /** Smoothing constant used by the forecast (0 when none). */
  forecastAlpha: number;
  confidence: VelocityConfidence;
  reasons: Reason[];
}

/**
 * Simple exponential smoothing level after the whole series (§1.3; NIST 6.4.3.1, statsforecast
 * `ses_forecast`): l₁ = y₁, l_t = l_{t−1} + α(y_t − l_{t−1}); the forecast for every future day is
 * l_n (same units as y). Empty series → 0.
 */
export function sesLevel(values: ArrayLike<number>, alpha: number, length = values.length): number {
  if (length === 0) return 0;
  let level = values[0];
  for (let t = 1; t < length; t += 1) level += alpha * (values[t] - level);
  return level;
}

/** One-step-ahead SSE of SES: Σ_{t≥2} (y_t − l_{t−1})², in squared units of y. */
export function sesOneStepSse(values: ArrayLike<number>, alpha: number, length = values.length): number {
  if (length < 2) return 0;
  let level = values[0];
  let sse = 0;
  for (let t = 1; t < length; t += 1) {
    const error = values[t] - level;
    sse += error * error;
    level += alpha * error;
  }
  return sse;
}

/**
 * SES with α picked from {0.1, 0.15, …, 0.3} by the smallest one-step SSE (first wins ties).
 * All five candidates run in one pass over the series (same result as five sesOneStepSse calls).
 */
export function sesFit(values: ArrayLike<number>, length = values.length): { alpha: number; level: number } {
  if (length === 0) return { alpha: SES_ALPHAS[0], level: 0 };
  const first = values[0];
  let l0 = first;
  let l1 = first;
  let l2 = first;
  let l3 = first;
  let l4 = first;
  let e0 = 0;
  let e1 = 0;
  let e2 = 0;
  let e3 = 0;
  let e4 = 0;
  const [a0, a1, a2, a3, a4] = SES_ALPHAS;
  for (let t = 1; t < length; t += 1) {
    const y = values[t];
    const d0 = y - l0;
    const d1 = y - l1;
    const d2 = y - l2;
    const d3 = y - l3;
    const d4 = y - l4;
    e0 += d0 * d0;
    e1 += d1 * d1;
    e2 += d2 * d2;
    e3 += d3 * d3;
    e4 += d4 * d4;
    l0 += a0 * d0;
    l1 += a1 * d1;
    l2 += a2 * d2;
    l3 += a3 * d3;
    l4 += a4 * d4;
  }
  const sse = [e0, e1, e2, e3, e4];
  const levels = [l0, l1, l2, l3, l4];
  let best = 0;
  for (let i = 1; i < 5; i += 1) if (sse[i] < sse[best] - 1e-12) best = i;
  return { alpha: SES_ALPHAS[best], level: levels[best] };
}

export interface CrostonResult {
  /** Smoothed non-zero demand size z, units. */
  size: number;
  /** Smoothed interval p between non-zero days, days. */
  interval: number;
  /** Croston z/p, units/day. */
  croston: number;
  /** SBA (1 − α/2)·z/p, units/day (Syntetos & Boylan 2005). */
  sba: number;
  /** SBJ (1 − α/(2 − α))·z/p, units/day. */
  sbj: number;
  nonZero: number;
}

/**
 * Croston / SBA with the R `forecast::croston` and statsforecast initialisation (§1.4): over the
 * non-zero days t₁ < … < t_k (1-based positions), z = y[t₁], p = t₁, then for each later demand
 * z += α(y[t_j] − z), p += α((t_j − t_{j−1}) − p). Zero days never update; no demand → all 0;
 * one demand → z = y, p = its position. Units: z in units, p in days, rates in units/day.
 */
export function croston(values: ArrayLike<number>, alpha = CROSTON_ALPHA, length = values.length): CrostonResult {
  let size = 0;
  let interval = 0;
  let previous = 0;
  let nonZero = 0;
  for (let t = 0; t < length; t += 1) {
    const y = values[t];
    if (y <= 0) continue;
    const position = t + 1;
    if (nonZero === 0) {
      size = y;
      interval = position;
    } else {
      size += alpha * (y - size);
      interval += alpha * (position - previous - interval);
    }
    previous = position;
    nonZero += 1;
  }
  if (nonZero === 0) return { size: 0, interval: 0, croston: 0, sba: 0, sbj: 0, nonZero: 0 };
  const rate = size / interval;
  return { size, interval, croston: rate, sba: (1 - alpha / 2) * rate, sbj: (1 - alpha / (2 - alpha)) * rate, nonZero };
}

/**
 * Demand class by ADI (mean inter-demand interval, days) and CV² (squared CV of non-zero sizes):
 * smooth ADI < 1.32 & CV² < 0.49; erratic ADI < 1.32 & CV² ≥ 0.49; intermittent ADI ≥ 1.32 &
 * CV² < 0.49; lumpy both ≥ (Syntetos, Boylan & Croston 2005). No sales → "none".
 */
export function classifyDemand(adi: number, cv2: number, nonZero: number): DemandClass {
  if (nonZero === 0) return "none";
  if (adi < ADI_CUTOFF) return cv2 < CV2_CUTOFF ? "smooth" : "erratic";
  return cv2 < CV2_CUTOFF ? "intermittent" : "lumpy";
}

/** Store-level day-of-week indices (Monday first), mean 1; `applied` false means all ones. */
export interface WeeklySeasonality {
  indices: number[];
  applied: boolean;
  /** SKU-days (in stock) the indices rest on. */
  basisSkuDays: number;
}

export const NO_SEASONALITY: WeeklySeasonality = Object.freeze({ indices: [1, 1, 1, 1, 1, 1, 1], applied: false, basisSkuDays: 0 }) as WeeklySeasonality;

/**
 * Store-level weekday indices look at the last 12 whole weeks: recent enough to follow a shifting
 * pattern, and across a whole catalogue far more data than the 7 indices need.
 */
export const SEASONALITY_LOOKBACK_DAYS = 84;
/** Minimum history for store-level weekday indices: 4 full weeks and 200 units sold in total. */
export const SEASONALITY_MIN_DAYS = 28;
export const SEASONALITY_MIN_UNITS = 200;

/**
 * Running per-weekday totals behind the store seasonality (Monday first): units sold and in-stock
 * SKU-days over the lookback window, and the longest span any one history contributed. Filled by
 * computeStoreSeasonality, or by computeVelocity while it reads the same days (the shop pass reads
 * each history once instead of twice: on a large shop those reads are cache misses, not arithmetic).
 */
export interface WeekdayTally {
  readonly lookbackDays: number;
  readonly units: Float64Array;
  readonly days: Float64Array;
  maxSpan: number;
}

export function createWeekdayTally(lookbackDays = SEASONALITY_LOOKBACK_DAYS): WeekdayTally {
  return { lookbackDays, units: new Float64Array(7), days: new Float64Array(7), maxSpan: 0 };
}

/**
 * Store-level weekly seasonality (§1.5, top-down): for each weekday w, rate_w = Σ units on
 * in-stock SKU-days falling on w ÷ number of such SKU-days (units/day per SKU); index_w =
 * rate_w ÷ mean_w(rate_w). Uses up to `lookbackDays` (default 84, 12 whole weeks) before asOf.
 * Needs ≥ 28 days and ≥ 200 units; otherwise all indices are 1 (not applied).
 */
export function computeStoreSeasonality(
  histories: readonly DailyHistory[],
  asOf: IsoDay,
  options: { lookbackDays?: number; sellsWhenOutOfStock?: (index: number) => boolean } = {},
): WeeklySeasonality {
  const tally = createWeekdayTally(options.lookbackDays);
  const asOfNum = dayNumber(asOf);
  for (let h = 0; h < histories.length; h += 1) {
    const history = histories[h];
    const start = dayNumber(history.startDay);
    const from = Math.max(0, asOfNum - tally.lookbackDays - start);
    const to = Math.min(history.units.length, asOfNum - start); // exclusive
    if (to <= from) continue;
    tally.maxSpan = Math.max(tally.maxSpan, to - from);
    const backorders = options.sellsWhenOutOfStock?.(h) ?? false;
    tallyInStockDays(tally, history.units, backorders ? undefined : history.availableAtStart, from, to, isoWeekday(start + from));
  }
  return seasonalityFromTally(tally);
}

/** Adds days [from, to) of one history to the tally, in-stock days only (§1.1; no snapshots = all in stock). */
function tallyInStockDays(tally: WeekdayTally, sold: DailyValues, available: DailyValues | undefined, from: number, to: number, firstWeekday: number): void {
  const { units, days } = tally;
  let weekday = firstWeekday;
  const last = available === undefined ? 0 : available.length - 1;
  for (let i = from; i < to; i += 1) {
    let inStock = true;
    if (available !== undefined) {
      // Inlined dayIsInStock (this loop runs once per SKU-day of the whole shop).
      const morning = available[i];
      if (morning === morning) {
        if (morning <= 0 || sold[i] >= morning) inStock = false;
        else if (i < last) {
          const next = available[i + 1];
          if (next === next && next <= 0) inStock = false;
        }
      }
    }
    if (inStock) {
      units[weekday] += sold[i];
      days[weekday] += 1;
    }
    weekday = weekday === 6 ? 0 : weekday + 1;
  }
}

/** The §1.5 indices from a finished tally (all ones, not applied, below 28 days or 200 units). */
export function seasonalityFromTally(tally: WeekdayTally): WeeklySeasonality {
  const { units, days } = tally;
  let totalUnits = 0;
  let totalDays = 0;
  for (let w = 0; w < 7; w += 1) {
    totalUnits += units[w];
    totalDays += days[w];
  }
  const enough = tally.maxSpan >= SEASONALITY_MIN_DAYS && totalUnits >= SEASONALITY_MIN_UNITS && days.every((d) => d > 0);
  if (!enough) return { indices: [1, 1, 1, 1, 1, 1, 1], applied: false, basisSkuDays: totalDays };
  const rates = Array.from(units, (u, w) => u / days[w]);
  const meanRate = rates.reduce((a, b) => a + b, 0) / 7;
  return { indices: rates.map((r) => r / meanRate), applied: true, basisSkuDays: totalDays };
}

/**
 * True when day i counts as in stock (§1.1): no snapshot (NaN) counts as in stock; otherwise the
 * morning's available > 0, sales did not reach it, and the next morning's available (if known) > 0.
 */
export function dayIsInStock(units: ArrayLike<number>, availableAtStart: ArrayLike<number>, i: number): boolean {
  const morning = availableAtStart[i];
  if (morning !== morning) return true; // NaN: unknown
  if (morning <= 0 || units[i] >= morning) return false;
  if (i + 1 < availableAtStart.length) {
    const next = availableAtStart[i + 1];
    if (next === next && next <= 0) return false;
  }
  return true;
}

export interface VelocityOptions {
  windowDays: number;
  /** Backorders allowed: every day is observed demand (no censoring). */
  sellsWhenOutOfStock?: boolean;
}

/**
 * Velocity over the `windowDays` days before `asOf` (asOf itself, a partial day, is excluded):
 * d = Σ units on in-stock days ÷ in-stock days (units/day), sd_d = sample sd over the same days,
 * ADI/CV² class, and the matching forecast: SES (α by SSE) for smooth/erratic, SBA (α = 0.1)
 * when ADI ≥ 1.32. Confidence is low with < 14 in-stock days, > 30% censored, or < 2 sale days;
 * medium with < half the window in stock, > 15% censored or < 5 sale days; high otherwise.
 * With a `tally`, the in-stock days inside its lookback window are added to the store seasonality
 * as a by-product (same days, same rule as computeStoreSeasonality).
 */
export function computeVelocity(history: DailyHistory, asOf: IsoDay, options: VelocityOptions, tally?: WeekdayTally): VelocityResult {
  const windowDays = Math.max(1, Math.floor(options.windowDays));
  const start = dayNumber(history.startDay);
  const asOfNum = dayNumber(asOf);
  const length = history.units.length;
  const from = Math.max(0, asOfNum - windowDays - start);
  const to = Math.min(length, asOfNum - start); // exclusive
  const observedDays = Math.max(0, to - from);
  const kept = scratchBuffer(observedDays);
  const sold = history.units;
  const revenue = history.revenueCents;
  const repeat = history.repeatUnits;
  const available = options.sellsWhenOutOfStock ? undefined : history.availableAtStart;
  // Seasonality days inside the velocity window are tallied in the loop below; days before it
  // (a lookback longer than the window) are tallied first, so every weekday sums in day order.
  let tallyFrom = to;
  let weekdayUnits: Float64Array | null = null;
  let weekdayDays: Float64Array | null = null;
  if (tally !== undefined) {
    const seasonFrom = Math.max(0, asOfNum - tally.lookbackDays - start);
    if (to > seasonFrom) {
      tally.maxSpan = Math.max(tally.maxSpan, to - seasonFrom);
      const before = Math.min(from, to);
      if (seasonFrom < before) tallyInStockDays(tally, sold, available, seasonFrom, before, isoWeekday(start + seasonFrom));
      tallyFrom = Math.max(seasonFrom, from);
      weekdayUnits = tally.units;
      weekdayDays = tally.days;
    }
  }
  let weekday = isoWeekday(start + from);
  let inStock = 0;
  let censored = 0;
  let unknown = 0;
  let unitsSold = 0;
  let revenueCents = 0;
  let repeatUnits = 0;
  let sum = 0;
  let nonZero = 0;
  let nzSum = 0;
  let nzSumSq = 0;
  for (let i = from; i < to; i += 1) {
    const y = sold[i];
    unitsSold += y;
    revenueCents += revenue[i];
    if (repeat !== undefined) repeatUnits += repeat[i];
    let isInStock = true;
    if (available !== undefined) {
      // Inlined dayIsInStock (hot: once per SKU-day of the window).
      const morning = available[i];
      if (morning !== morning) unknown += 1;
      else {
        let out = morning <= 0 || y >= morning;
        if (!out && i + 1 < available.length) {
          const next = available[i + 1];
          out = next === next && next <= 0;
        }
        if (out) {
          censored += 1;
          isInStock = false;
        }
      }
    }
    if (isInStock) {
      kept[inStock] = y;
      inStock += 1;
      sum += y;
      if (y > 0) {
        nonZero += 1;
        nzSum += y;
        nzSumSq += y * y;
      }
      if (weekdayUnits !== null && weekdayDays !== null && i >= tallyFrom) {
        weekdayUnits[weekday] += y;
        weekdayDays[weekday] += 1;
      }
    }
    weekday = weekday === 6 ? 0 : weekday + 1;
  }
  const unitsPerDay = inStock > 0 ? sum / inStock : 0;
  let ss = 0;
  for (let i = 0; i < inStock; i += 1) {
    const e = kept[i] - unitsPerDay;
    ss += e * e;
  }
  const unitsPerDaySd = inStock > 1 ? Math.sqrt(ss / (inStock - 1)) : 0;
  // ADI = in-stock days ÷ days with a sale (periods per demand), so trailing zeros count.
  const adi = nonZero > 0 ? inStock / nonZero : 0;
  let cv2 = 0;
  if (nonZero > 1) {
    const nzMean = nzSum / nonZero;
    const nzVar = Math.max(0, (nzSumSq - nonZero * nzMean * nzMean) / (nonZero - 1));
    cv2 = nzMean > 0 ? nzVar / (nzMean * nzMean) : 0;
  }
  const demandClass = classifyDemand(adi, cv2, nonZero);
  let forecastMethod: VelocityResult["forecastMethod"] = "none";
  let forecastUnitsPerDay = 0;
  let forecastAlpha = 0;
  if (demandClass === "intermittent" || demandClass === "lumpy") {
    forecastMethod = "sba";
    forecastAlpha = CROSTON_ALPHA;
    forecastUnitsPerDay = croston(kept, CROSTON_ALPHA, inStock).sba;
  } else if (demandClass !== "none") {
    forecastMethod = "ses";
    const fit = sesFit(kept, inStock);
    forecastAlpha = fit.alpha;
    forecastUnitsPerDay = Math.max(0, fit.level);
  }

  const reasons: Reason[] = [];
  const censoredShare = observedDays > 0 ? censored / observedDays : 0;
  let confidence: VelocityConfidence = "high";
  if (inStock < 14) {
    confidence = lower(confidence, "low");
    reasons.push({ code: "SHORT_HISTORY", text: `Only ${inStock} in-stock days of sales history in the last ${windowDays} days.` });
  } else if (inStock < windowDays / 2) {
    confidence = lower(confidence, "medium");
    reasons.push({ code: "SHORT_HISTORY", text: `Velocity rests on ${inStock} in-stock days out of a ${windowDays}-day window.` });
  }
  if (censoredShare > CENSORED_SHARE_LOW) {
    confidence = lower(confidence, "low");
    reasons.push({ code: "HEAVILY_CENSORED", text: `Out of stock on ${censored} of ${observedDays} days (${pct(censoredShare)}), so true demand is uncertain.` });
  } else if (censoredShare > 0.15) {
    confidence = lower(confidence, "medium");
    reasons.push({ code: "HEAVILY_CENSORED", text: `Out of stock on ${censored} of ${observedDays} days (${pct(censoredShare)}); those days are left out.` });
  }
  if (nonZero === 0) {
    confidence = lower(confidence, "medium");
    reasons.push({ code: "NO_SALES_IN_WINDOW", text: `No sales on any in-stock day in the last ${windowDays} days.` });
  } else if (nonZero < 2) {
    confidence = lower(confidence, "low");
    reasons.push({ code: "FEW_SALES", text: `Only one day with sales in the last ${windowDays} days.` });
  } else if (nonZero < 5) {
    confidence = lower(confidence, "medium");
    reasons.push({ code: "FEW_SALES", text: `Only ${nonZero} days with sales in the last ${windowDays} days.` });
  }

  return {
    windowDays,
    observedDays,
    inStockDays: inStock,
    censoredDays: censored,
    unknownStockDays: unknown,
    unitsSold,
    revenueCents,
    repeatUnits: repeat === undefined ? null : repeatUnits,
    unitsPerDay,
    unitsPerDaySd,
    nonZeroDays: nonZero,
    adi,
    cv2,
    demandClass,
    forecastMethod,
    forecastUnitsPerDay,
    forecastAlpha,
    confidence,
    reasons,
  };
}

/** The lower of two confidence levels. */
function lower(current: VelocityConfidence, to: VelocityConfidence): VelocityConfidence {
  return to === "low" || current === "high" ? to : current;
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

// Reused buffer for the in-stock values of one SKU: planning a shop calls computeVelocity for every
// SKU, and a fresh array each time is pure garbage. Nothing escapes from it (results are numbers).
let scratch = new Float64Array(512);

function scratchBuffer(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, scratch.length * 2));
  return scratch;
}
