import { describe, expect, it } from "vitest";
import { addDays, dayLabel, dayNumber, daysBetween, isoWeekday } from "~/planning/days";
import { REASON_CATALOGUE, formatMoney, formatNumber, formatShare, headline, plural } from "~/planning/explain";

describe("days", () => {
  it.each([
    ["1970-01-01", 0, 3],
    ["2026-06-01", 20605, 0],
    ["2024-02-29", 19782, 3],
  ])("%s is day %s, weekday %s (0 = Monday)", (label, num, weekday) => {
    expect(dayNumber(label)).toBe(num);
    expect(dayLabel(num)).toBe(label);
    expect(isoWeekday(num)).toBe(weekday);
  });

  it("adds and subtracts days across month and year ends", () => {
    expect(addDays("2025-12-30", 3)).toBe("2026-01-02");
    expect(daysBetween("2026-03-01", "2026-02-27")).toBe(-2);
  });

  it.each(["2026-02-30", "2026-6-1", "yesterday", ""])("rejects %j with a clear error", (bad) => {
    expect(() => dayNumber(bad)).toThrow(RangeError);
  });
});

describe("explain helpers", () => {
  it.each([
    [412_000, "USD", "$4,120"],
    [1999, "USD", "$19.99"],
    [-50_000, "EUR", "-€500"],
    [123_456_789, "JPY", "JPY 1,234,568"],
  ])("formatMoney(%s, %s) = %s", (cents, currency, text) => {
    expect(formatMoney(cents, currency)).toBe(text);
  });

  it.each([
    [0.3, "30%"],
    [0.085, "8.5%"],
    [0.08, "8%"],
    [0, "0%"],
  ])("formatShare(%s) = %s", (share, text) => {
    expect(formatShare(share)).toBe(text);
  });

  it("formats counts and plurals", () => {
    expect(formatNumber(9.04)).toBe("9");
    expect(formatNumber(2.46)).toBe("2.5");
    expect(plural(1, "PO")).toBe("1 PO");
    expect(plural(3, "PO")).toBe("3 POs");
  });

  it("picks the headline by priority order", () => {
    const reasons = [
      { code: "BASELINE_HEALTHY" as const, text: "base" },
      { code: "LATE_STREAK_SHIFT" as const, text: "late" },
    ];
    expect(headline(reasons, ["LATE_STREAK_SHIFT", "BASELINE_HEALTHY"])?.text).toBe("late");
    expect(headline([], ["LATE_STREAK_SHIFT"])).toBeNull();
  });

  it("documents every reason code in one sentence", () => {
    for (const meaning of Object.values(REASON_CATALOGUE)) expect(meaning).toMatch(/^[A-Z].*\.$/);
  });
});
