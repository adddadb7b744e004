/**
 * Shop-local calendar arithmetic on top of Intl.DateTimeFormat (DST-correct for any IANA zone).
 *
 * The UTC offset at an instant comes from Intl (formatToParts). That costs microseconds and a large
 * store has millions of timestamps, so offsets are memoised per 15-minute UTC bucket (every zone in
 * use today has offsets that are multiples of 15 minutes and changes them on 15-minute boundaries)
 * and, when a whole UTC day has one offset, per day. The local day is then the calendar day of
 * instant + offset.
 */

const BUCKET_MS = 15 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Throws a RangeError naming the zone when it is not a valid IANA time zone. */
export function assertValidTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new RangeError(`"${timeZone}" is not a valid IANA time zone`);
  }
}

export interface ShopClock {
  readonly timeZone: string;
  /** Shop-local calendar day of an instant, "yyyy-mm-dd". */
  dayOf(epochMs: number): string;
  /** Local wall-clock time minus UTC, in ms, at an instant. */
  offsetMsAt(epochMs: number): number;
  /**
   * The instant at which the shop's wall clock shows `wallMs` (a local date-time encoded as if it
   * were UTC, e.g. Date.UTC(2026, 2, 8, 2, 30)). In a DST gap the result lands just after the gap;
   * for an ambiguous (repeated) wall time it is one of the two instants.
   */
  instantOfWallTime(wallMs: number): number;
}

export function createShopClock(timeZone: string): ShopClock {
  assertValidTimeZone(timeZone);
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const offsetByBucket = new Map<number, number>();
  // Per UTC day: the day's offset when it is the same at its first and last bucket (no change
  // that day; zones change offset at most once a day), else null and buckets decide.
  const offsetByUtcDay = new Map<number, number | null>();
  const dayTextByLocalDay = new Map<number, string>();
  let lastUtcDay = Number.NaN;
  let lastUtcDayOffset: number | null = null;

  function bucketOffset(epochMs: number): number {
    const bucket = Math.floor(epochMs / BUCKET_MS);
    const cached = offsetByBucket.get(bucket);
    if (cached !== undefined) return cached;
    const start = bucket * BUCKET_MS;
    const p = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of format.formatToParts(new Date(start))) {
      if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
    }
    const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start;
    offsetByBucket.set(bucket, offset);
    return offset;
  }

  function offsetMsAt(epochMs: number): number {
    const utcDay = Math.floor(epochMs / DAY_MS);
    if (utcDay !== lastUtcDay) {
      let dayOffset = offsetByUtcDay.get(utcDay);
      if (dayOffset === undefined) {
        const first = bucketOffset(utcDay * DAY_MS);
        const last = bucketOffset((utcDay + 1) * DAY_MS - BUCKET_MS);
        dayOffset = first === last ? first : null;
        offsetByUtcDay.set(utcDay, dayOffset);
      }
      lastUtcDay = utcDay;
      lastUtcDayOffset = dayOffset;
    }
    return lastUtcDayOffset ?? bucketOffset(epochMs);
  }

  function dayOf(epochMs: number): string {
    const localDay = Math.floor((epochMs + offsetMsAt(epochMs)) / DAY_MS);
    let text = dayTextByLocalDay.get(localDay);
    if (text === undefined) {
      text = new Date(localDay * DAY_MS).toISOString().slice(0, 10);
      dayTextByLocalDay.set(localDay, text);
    }
    return text;
  }

  function instantOfWallTime(wallMs: number): number {
    const firstGuess = wallMs - offsetMsAt(wallMs);
    const offset = offsetMsAt(firstGuess);
    const instant = wallMs - offset;
    const check = offsetMsAt(instant);
    return check === offset ? instant : wallMs - check;
  }

  return { timeZone, dayOf, offsetMsAt, instantOfWallTime };
}

/** UTC-encoded wall midnight of a "yyyy-mm-dd" string. */
export function wallMsOfIsoDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}
