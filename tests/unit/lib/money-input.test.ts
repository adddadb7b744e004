import { describe, expect, it } from "vitest";
import { minorUnitDigits, minorUnitsToDecimal, parseMoneyToMinorUnits } from "~/lib/money-input";

describe("money typed by a merchant", () => {
  it.each([
    ["4.20", "USD", 420],
    ["4.2", "USD", 420],
    ["$1,250", "USD", 125_000],
    [" 3 ", "EUR", 300],
    ["1500", "JPY", 1500],
    ["1.234", "KWD", 1234],
  ])("reads %j in %s as %d minor units", (text, currency, expected) => {
    expect(parseMoneyToMinorUnits(text, currency)).toBe(expected);
  });

  it.each([
    ["4.205", "USD"],
    ["12.5", "JPY"],
    ["-3", "USD"],
    ["abc", "USD"],
    ["4.2.0", "USD"],
    ["", "USD"],
  ])("rejects %j in %s", (text, currency) => {
    expect(parseMoneyToMinorUnits(text, currency)).toBeNull();
  });

  it("writes minor units back with the currency's decimals", () => {
    expect(minorUnitDigits("USD")).toBe(2);
    expect(minorUnitsToDecimal(420, "USD")).toBe("4.20");
    expect(minorUnitsToDecimal(1500, "JPY")).toBe("1500");
  });
});
