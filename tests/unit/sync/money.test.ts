import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencyFractionDigits, decimalToMinorUnits, netLineRevenueMinor } from "~/sync/money";

describe("decimalToMinorUnits", () => {
  it.each([
    ["29.99", 2, 2999],
    ["10.0", 2, 1000],
    ["10", 2, 1000],
    ["0.5", 2, 50],
    ["1500.0", 0, 1500],
    ["12.345", 3, 12345],
    ["-4.20", 2, -420],
    ["0.005", 2, 1],
    ["0.004", 2, 0],
    ["-0.005", 2, -1],
  ])("reads %s with %i digits as %i", (amount, digits, minor) => {
    expect(decimalToMinorUnits(amount, digits)).toBe(minor);
  });

  it("refuses text that is not a decimal", () => {
    expect(() => decimalToMinorUnits("12,50", 2)).toThrow(/"12,50" is not a decimal/);
    expect(() => decimalToMinorUnits("1e3", 2)).toThrow();
  });

  it("is exact where floats are not (0.1 + 0.2 style amounts)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
        expect(decimalToMinorUnits(text, 2)).toBe(cents);
      }),
    );
  });
});

describe("decimalToMinorUnits against exact integer arithmetic", () => {
  /** The rule spelled out with BigInt: keep `digits` fraction digits, the next one rounds half away from zero. */
  function reference(amount: string, digits: number): number {
    const [, sign, whole, fraction = ""] = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount) ?? [];
    const kept = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.slice(0, digits).padEnd(digits, "0") || "0");
    const minor = kept + (fraction.charCodeAt(digits) >= 53 ? 1n : 0n);
    return Number(sign === "-" ? -minor : minor) + 0;
  }

  it("reads any plain decimal text exactly, for 0 to 3 currency digits", () => {
    const digitText = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(""));
    fc.assert(
      fc.property(fc.boolean(), digitText(1, 12), fc.option(digitText(1, 6)), fc.integer({ min: 0, max: 3 }), (negative, whole, fraction, digits) => {
        const amount = `${negative ? "-" : ""}${whole}${fraction === null ? "" : `.${fraction}`}`;
        expect(decimalToMinorUnits(amount, digits)).toBe(reference(amount, digits));
      }),
    );
  });

  it("refuses what is not a plain decimal, and amounts too large to count exactly", () => {
    for (const text of ["", "-", "1.", ".5", "+1", "1.2.3", "1-2", "١٢"]) {
      expect(() => decimalToMinorUnits(text, 2), text).toThrow(/is not a decimal amount/);
    }
    expect(() => decimalToMinorUnits("99999999999999999.99", 2)).toThrow(/too large/);
    expect(decimalToMinorUnits(" 12.50 ", 2)).toBe(1250);
  });
});

describe("currencyFractionDigits", () => {
  it("knows zero- and three-decimal currencies", () => {
    expect(currencyFractionDigits("USD")).toBe(2);
    expect(currencyFractionDigits("JPY")).toBe(0);
    expect(currencyFractionDigits("KWD")).toBe(3);
  });

  it("names an unknown code", () => {
    expect(() => currencyFractionDigits("usd1")).toThrow(/usd1/);
  });
});

describe("netLineRevenueMinor", () => {
  it.each([
    [1000, 2, 3, 667], // 666.67 → 667
    [1000, 1, 2, 500],
    [999, 1, 2, 500], // 499.5 → 500 (half away from zero)
    [-999, 1, 2, -500],
    [1000, 0, 3, 0],
    [1000, 3, 0, 0],
  ])("total %i × %i / %i = %i", (total, current, quantity, expected) => {
    expect(netLineRevenueMinor(total, current, quantity)).toBe(expected);
  });

  it("matches exact rational rounding for any line", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 500 }), (total, quantity, currentRaw) => {
        const current = Math.min(currentRaw, quantity);
        const n = BigInt(total) * BigInt(current);
        const q = BigInt(quantity);
        const abs = n < 0n ? -n : n;
        const rounded = (2n * abs + q) / (2n * q);
        expect(netLineRevenueMinor(total, current, quantity)).toBe(Number(n < 0n ? -rounded : rounded));
      }),
    );
  });
});
