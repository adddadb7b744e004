/**
 * Calendar days and hours in a shop's IANA timezone, DST included. Sales days are the shop's days,
 * never the server's: an order at 00:30 in Adelaide belongs to that Adelaide day.
 *
 * Intl.DateTimeFormat gives the wall-clock reading of an instant but costs microseconds, and a
 * backfill asks millions of times. Every zone in use changes its UTC offset only at instants that
 * are whole multiples of 15 minutes (offsets are multiples of 15 minutes and transitions happen at
 * local wall times on such boundaries), so offsets are memoised per 15-minute UTC bucket, and per
 * UTC day when the day starts and ends on the same offset (zones change at most once a day), which
 * is every day but a handful a year.
 */
const BUCKET_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface ShopCalendar {
  readonly timeZone: string;
  /** Shop-local calendar day of an instant, "YYYY-MM-DD". */
  dayOf(epochMs: number): string;
  /** Shop-local hour (0–23) of an instant. */
  hourOf(epochMs: number): number;
  /** The first instant of a shop-local day (local midnight, or the end of a DST gap over it). */
  startOfDay(day: string): number;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Adds whole calendar days to "YYYY-MM-DD" (pure date arithmetic, no zone involved). */
export function addDays(day: string, days: number): string {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`"${day}" is not a YYYY-MM-DD day`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + days * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

export function createShopCalendar(timeZone: string): ShopCalendar {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`"${timeZone}" is not a valid IANA time zone`);
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  /** Per 15-minute UTC bucket: local wall time minus UTC, in ms. */
  const bucketOffsets = new Map<number, number>();
  const dayText = new Map<number, string>();
  /** Per UTC day number: its offset when constant all day, else null (ask the buckets). */
  const dayOffsets = new Map<number, number | null>();

  function offsetAt(epochMs: number): number {
    const utcDay = Math.floor(epochMs / DAY_MS);
    let offset = dayOffsets.get(utcDay);
    if (offset === undefined) {
      const first = bucketOffset(utcDay * DAY_MS);
      const last = bucketOffset((utcDay + 1) * DAY_MS - BUCKET_MS);
      offset = first === last ? first : null;
      dayOffsets.set(utcDay, offset);
    }
    return offset ?? bucketOffset(epochMs);
  }

  function bucketOffset(epochMs: number): number {
    const bucket = Math.floor(epochMs / BUCKET_MS);
    let offset = bucketOffsets.get(bucket);
    if (offset === undefined) {
      const start = bucket * BUCKET_MS;
      let year = 0;
      let month = 0;
      let day = 0;
      let hour = 0;
      let minute = 0;
      for (const part of format.formatToParts(new Date(start))) {
        if (part.type === "year") year = Number(part.value);
        else if (part.type === "month") month = Number(part.value);
        else if (part.type === "day") day = Number(part.value);
        else if (part.type === "hour") hour = Number(part.value);
        else if (part.type === "minute") minute = Number(part.value);
      }
      offset = Date.UTC(year, month - 1, day, hour, minute) - start;
      bucketOffsets.set(bucket, offset);
    }
    return offset;
  }

  function dayOf(epochMs: number): string {
    const offsetMs = offsetAt(epochMs);
    const localDayNumber = Math.floor((epochMs + offsetMs) / DAY_MS);
    let text = dayText.get(localDayNumber);
    if (text === undefined) {
      text = new Date(localDayNumber * DAY_MS).toISOString().slice(0, 10);
      dayText.set(localDayNumber, text);
    }
    return text;
  }

  function hourOf(epochMs: number): number {
    const offsetMs = offsetAt(epochMs);
    return Math.floor((((epochMs + offsetMs) % DAY_MS) + DAY_MS) % DAY_MS / 3_600_000);
  }

  function startOfDay(day: string): number {
    const match = DAY_PATTERN.exec(day);
    if (!match) throw new RangeError(`"${day}" is not a YYYY-MM-DD day`);
    const wallMidnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    // Offsets lie within ±14 h: start a little before the earliest candidate and walk forward in
    // 15-minute steps (the day can only begin on a bucket boundary) to the first instant of `day`.
    let instant = Math.floor((wallMidnight - 15 * 3_600_000) / BUCKET_MS) * BUCKET_MS;
    const limit = wallMidnight + 15 * 3_600_000;
    while (instant <= limit) {
      if (dayOf(instant) >= day) return instant;
      instant += BUCKET_MS;
    }
    throw new RangeError(`Could not find the start of ${day} in ${timeZone}`);
  }

  return { timeZone, dayOf, hourOf, startOfDay };
}
