import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createShopClock } from "../../shopify-emulator/store/time-zone";

/** Reference: format each instant directly with Intl, no caching, no offset arithmetic. */
function referenceDay(timeZone: string, epochMs: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(epochMs));
}

const ZONES = ["UTC", "America/New_York", "America/Los_Angeles", "Europe/Berlin", "Australia/Adelaide", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns"];

describe("createShopClock", () => {
  it("puts every instant on the same local day as Intl does, across DST changes and odd offsets", () => {
    const from = Date.parse("2024-01-01T00:00:00Z");
    const to = Date.parse("2028-01-01T00:00:00Z");
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(fc.integer({ min: from / 1000, max: to / 1000 }), { minLength: 1, maxLength: 40 }), (zone, seconds) => {
        const clock = createShopClock(zone);
        for (const s of seconds) expect(clock.dayOf(s * 1000)).toBe(referenceDay(zone, s * 1000));
      }),
      { numRuns: 200 },
    );
  });

  it("handles the instants right around New York's 2026 DST changes", () => {
    const clock = createShopClock("America/New_York");
    // Fall back on 2026-11-01 at 06:00 UTC (02:00 EDT → 01:00 EST).
    expect(clock.dayOf(Date.parse("2026-11-01T03:59:59Z"))).toBe("2026-10-31");
    expect(clock.dayOf(Date.parse("2026-11-01T04:00:00Z"))).toBe("2026-11-01");
    expect(clock.offsetMsAt(Date.parse("2026-11-01T05:59:59Z"))).toBe(-4 * 3600_000);
    expect(clock.offsetMsAt(Date.parse("2026-11-01T06:00:00Z"))).toBe(-5 * 3600_000);
    expect(clock.dayOf(Date.parse("2026-11-02T04:59:59Z"))).toBe("2026-11-01");
    expect(clock.dayOf(Date.parse("2026-11-02T05:00:00Z"))).toBe("2026-11-02");
    // Spring forward on 2026-03-08 at 07:00 UTC: 02:30 local does not exist and lands after the gap.
    expect(new Date(clock.instantOfWallTime(Date.UTC(2026, 2, 8, 2, 30))).toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(new Date(clock.instantOfWallTime(Date.UTC(2026, 2, 8, 23, 59, 59))).toISOString()).toBe("2026-03-09T03:59:59.000Z");
  });

  it("maps a wall-clock time back to an instant showing that time", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2024, 0, 1) / 60_000, max: Date.UTC(2028, 0, 1) / 60_000 }), (zone, wallMinute) => {
        const clock = createShopClock(zone);
        const wallMs = wallMinute * 60_000;
        const instant = clock.instantOfWallTime(wallMs);
        const shown = instant + clock.offsetMsAt(instant);
        // Equal, except inside a DST gap, where the time does not exist and is pushed forward.
        expect(shown - wallMs).toBeGreaterThanOrEqual(0);
        expect(shown - wallMs).toBeLessThanOrEqual(3600_000);
      }),
      { numRuns: 300 },
    );
  });

  it("rejects an unknown time zone by name", () => {
    expect(() => createShopClock("Mars/Olympus_Mons")).toThrow(/Mars\/Olympus_Mons/);
  });
});
