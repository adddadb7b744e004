import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, createShopCalendar, isValidTimeZone } from "~/sync/shop-calendar";

/** Reference: the local date and hour by asking Intl directly (slow, obviously right). */
function intlReading(epochMs: number, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) };
}

const ZONES = ["UTC", "America/New_York", "Australia/Adelaide", "Europe/Berlin", "Asia/Kathmandu", "Pacific/Chatham", "America/Santiago", "Australia/Lord_Howe"];

describe("createShopCalendar", () => {
  it.each([
    // 00:30 in Adelaide (UTC+10:30 in summer) is still the previous day in UTC.
    ["Australia/Adelaide", "2026-01-14T14:00:00Z", "2026-01-15", 0],
    ["Australia/Adelaide", "2026-01-14T13:29:59Z", "2026-01-14", 23],
    // New York midnight around the spring-forward night.
    ["America/New_York", "2026-03-08T05:00:00Z", "2026-03-08", 0],
    ["America/New_York", "2026-03-08T04:59:59Z", "2026-03-07", 23],
    ["America/New_York", "2026-03-09T04:00:00Z", "2026-03-09", 0],
    // Berlin autumn: 00:00 local on the day clocks go back is 22:00 UTC the day before.
    ["Europe/Berlin", "2026-10-24T22:00:00Z", "2026-10-25", 0],
  ])("puts %s instant %s on %s (hour %i)", (zone, iso, day, hour) => {
    const calendar = createShopCalendar(zone);
    expect(calendar.dayOf(Date.parse(iso))).toBe(day);
    expect(calendar.hourOf(Date.parse(iso))).toBe(hour);
  });

  it("agrees with Intl for any instant in zones with DST, half-hour and 45-minute offsets", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.parse("2020-01-01T00:00:00Z"), max: Date.parse("2030-01-01T00:00:00Z") }), (zone, ms) => {
        const calendar = createShopCalendar(zone);
        const expected = intlReading(ms, zone);
        expect(calendar.dayOf(ms)).toBe(expected.day);
        expect(calendar.hourOf(ms)).toBe(expected.hour);
      }),
      { numRuns: 3000 },
    );
  });

  it("finds the first instant of a day, also when midnight falls in a DST gap", () => {
    const newYork = createShopCalendar("America/New_York");
    expect(new Date(newYork.startOfDay("2026-03-08")).toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(new Date(newYork.startOfDay("2026-11-02")).toISOString()).toBe("2026-11-02T05:00:00.000Z");
    // Santiago springs forward at 24:00 → 01:00: the day begins at 01:00 local (04:00 UTC).
    const santiago = createShopCalendar("America/Santiago");
    const start = santiago.startOfDay("2026-09-06");
    expect(santiago.dayOf(start)).toBe("2026-09-06");
    expect(santiago.dayOf(start - 1)).toBe("2026-09-05");
  });

  it("makes startOfDay the boundary between a day and the one before it, for every zone", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 3650 }), (zone, offset) => {
        const calendar = createShopCalendar(zone);
        const day = addDays("2020-01-01", offset);
        const start = calendar.startOfDay(day);
        expect(calendar.dayOf(start)).toBe(day);
        expect(calendar.dayOf(start - 1)).toBe(addDays(day, -1));
      }),
      { numRuns: 500 },
    );
  });

  it("rejects a zone that is not IANA, naming it", () => {
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(() => createShopCalendar("Mars/Olympus")).toThrow(/Mars\/Olympus/);
  });
});

describe("addDays", () => {
  it("crosses months, leap days and years", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("refuses text that is not a day", () => {
    expect(() => addDays("2026-3-1", 1)).toThrow(/YYYY-MM-DD/);
  });
});
