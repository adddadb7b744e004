/**
 * Calendar-day arithmetic on shop-local "YYYY-MM-DD" strings. Pure: a day is a label, never an
 * instant, so nothing here depends on the server's clock or time zone.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Day number = whole days since 1970-01-01 for a "YYYY-MM-DD" label (proleptic Gregorian).
 * Throws a RangeError naming the value when it is not a real calendar day.
 */
export function dayNumber(day: string): number {
  const cached = dayCache.get(day);
  if (cached !== undefined) return cached;
  const value = parseDay(day);
  if (dayCache.size >= 20_000) dayCache.clear();
  dayCache.set(day, value);
  return value;
}

// Memo of parsed labels: planning a shop parses the same few hundred days millions of times.
// A pure cache (same input → same output), bounded so it never grows without limit.
const dayCache = new Map<string, number>();

function parseDay(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`Expected a day as "YYYY-MM-DD", got ${JSON.stringify(day)}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const date = Number(match[3]);
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    throw new RangeError(`${day} is not a calendar day`);
  }
  return Math.round(ms / MS_PER_DAY);
}

/** Inverse of {@link dayNumber}: day number (days since 1970-01-01) → "YYYY-MM-DD". */
export function dayLabel(dayNum: number): string {
  const cached = labelCache.get(dayNum);
  if (cached !== undefined) return cached;
  const label = new Date(dayNum * MS_PER_DAY).toISOString().slice(0, 10);
  if (labelCache.size >= 20_000) labelCache.clear();
  labelCache.set(dayNum, label);
  return label;
}

const labelCache = new Map<number, string>();

/** Signed whole days from `from` to `to` (to − from), both "YYYY-MM-DD". */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Day of week of a day number: 0 = Monday … 6 = Sunday (ISO order). 1970-01-01 was a Thursday. */
export function isoWeekday(dayNum: number): number {
  return (((dayNum + 3) % 7) + 7) % 7;
}

/** "YYYY-MM-DD" shifted by a whole number of days. */
export function addDays(day: string, days: number): string {
  return dayLabel(dayNumber(day) + days);
}
