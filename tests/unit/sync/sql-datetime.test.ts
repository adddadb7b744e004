import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sqlDateTime } from "~/sync/sales-store.server";

const viaDate = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const YEAR_0 = -62_167_219_200_000;
const YEAR_10000 = 253_402_300_800_000;

describe("sqlDateTime", () => {
  it("writes what Date writes, with +00:00 for Z", () => {
    expect(sqlDateTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe("2026-01-02T03:04:05.678+00:00");
    expect(sqlDateTime(0)).toBe("1970-01-01T00:00:00.000+00:00");
    expect(sqlDateTime(-1)).toBe("1969-12-31T23:59:59.999+00:00");
  });

  it("equals Date's text for every millisecond of years 0–9999 (days cached or not)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: YEAR_0, max: YEAR_10000 - 1 }), { minLength: 1, maxLength: 50 }), (instants) => {
        for (const ms of instants) expect(sqlDateTime(ms)).toBe(viaDate(ms));
      }),
      { numRuns: 500 },
    );
    for (const ms of [YEAR_0, YEAR_0 - 1, YEAR_10000 - 1, YEAR_10000, 8.64e15, -8.64e15]) expect(sqlDateTime(ms)).toBe(viaDate(ms));
  });

  it("leaves what it does not cover to Date: fractions of a millisecond, and invalid instants throw alike", () => {
    expect(sqlDateTime(1_700_000_000_000.5)).toBe(viaDate(1_700_000_000_000.5));
    expect(() => sqlDateTime(Number.NaN)).toThrow(RangeError);
    expect(() => sqlDateTime(8.64e15 + 1)).toThrow(RangeError);
  });
});
