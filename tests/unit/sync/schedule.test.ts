import { describe, expect, it } from "vitest";
import { backfillStartMs, monthsBefore } from "~/sync/run-machine.server";
import { currentSlotDay, isSlotDue } from "~/sync/schedule";
import { createShopCalendar } from "~/sync/shop-calendar";

describe("currentSlotDay", () => {
  const newYork = createShopCalendar("America/New_York");

  it("is today once the local hour has come, yesterday before it", () => {
    expect(currentSlotDay(newYork, Date.parse("2026-11-20T07:59:00Z"), 3)).toBe("2026-11-19"); // 02:59 local
    expect(currentSlotDay(newYork, Date.parse("2026-11-20T08:00:00Z"), 3)).toBe("2026-11-20"); // 03:00 local
    expect(currentSlotDay(newYork, Date.parse("2026-11-21T04:30:00Z"), 0)).toBe("2026-11-20"); // 23:30 local
  });

  it("rejects an hour outside 0–23", () => {
    expect(() => currentSlotDay(newYork, 0, 24)).toThrow(/0–23/);
  });
});

describe("isSlotDue", () => {
  it.each([
    [null, "2026-11-20", true],
    ["2026-11-19", "2026-11-20", true],
    ["2026-11-20", "2026-11-20", false],
    ["2026-11-17", "2026-11-20", true], // days missed: one catch-up, not three
  ])("last claimed %s, current slot %s → due %s", (last, slot, due) => {
    expect(isSlotDue(last, slot)).toBe(due);
  });
});

describe("the backfill window", () => {
  it.each([
    ["2026-11-20", 18, "2025-05-20"],
    ["2026-08-31", 6, "2026-02-28"],
    ["2028-03-31", 1, "2028-02-29"],
  ])("%s minus %i months is %s", (day, months, expected) => {
    expect(monthsBefore(day, months)).toBe(expected);
  });

  it("starts at a shop-local midnight: 18 months back, or 60 whole days without read_all_orders", () => {
    const adelaide = createShopCalendar("Australia/Adelaide");
    const now = Date.parse("2026-11-20T12:00:00Z"); // 22:30 local
    expect(new Date(backfillStartMs(adelaide, now, 18, true)).toISOString()).toBe("2025-05-19T14:30:00.000Z");
    const limited = backfillStartMs(adelaide, now, 18, false);
    expect(adelaide.dayOf(limited)).toBe("2026-09-22");
    expect(adelaide.dayOf(limited - 1)).toBe("2026-09-21");
    expect(now - limited).toBeLessThan(60 * 24 * 3600 * 1000);
  });
});
