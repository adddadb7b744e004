import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integerText } from "~/lib/integer-text";

describe("integerText", () => {
  it("equals String() for every safe integer", () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (value) => {
        expect(integerText(value)).toBe(String(value));
      }),
      { numRuns: 20_000 },
    );
  });

  it("equals String() at group boundaries and near 2^53, where value / 1000 is rounded", () => {
    const edges: number[] = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 999_999, 1_000_000, 20_667_300_011_704];
    for (let power = 3; power <= 15; power++) {
      const p = 10 ** power;
      edges.push(p - 1, p, p + 1, 2 * p - 1, 9 * p + 999);
    }
    // k·1000 − 1 for k near 9·10^12: (k·1000 − 1) / 1000 = k − 0.001 is closest to rounding up here.
    for (let k = 9_007_199_254_740; k > 9_007_199_254_700; k--) edges.push(k * 1000 - 1, k * 1000, k * 1000 + 1);
    edges.push(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 2 ** 52, 2 ** 52 - 1, 2 ** 52 + 1);
    for (const value of edges.filter(Number.isSafeInteger)) {
      expect(integerText(value)).toBe(String(value));
      expect(integerText(-value)).toBe(String(-value));
    }
  });

  it("leaves everything else to String(): fractions, -0, unsafe integers, NaN and infinities", () => {
    for (const value of [0.5, -0.5, 1.25e3, -0, 2 ** 53, 2 ** 53 + 2, -(2 ** 60), 1e21, Number.NaN, Infinity, -Infinity]) {
      expect(integerText(value)).toBe(String(value));
    }
  });
});
