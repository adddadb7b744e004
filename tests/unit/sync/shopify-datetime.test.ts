import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDateTimeMs } from "~/sync/shopify-datetime";

const sameAsDateParse = (text: string) => expect(Object.is(parseDateTimeMs(text), Date.parse(text)), text).toBe(true);

describe("parseDateTimeMs", () => {
  it("reads Shopify's DateTimes, with and without milliseconds, exactly as Date.parse", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }), (date) => {
        const withMillis = date.toISOString();
        expect(parseDateTimeMs(withMillis)).toBe(date.getTime());
        sameAsDateParse(withMillis);
        sameAsDateParse(`${withMillis.slice(0, 19)}Z`);
      }),
      { numRuns: 5_000 },
    );
  });

  it("handles leap days, month ends and the epoch", () => {
    for (const text of [
      "1970-01-01T00:00:00Z",
      "1969-12-31T23:59:59.999Z",
      "2000-02-29T12:00:00Z",
      "2024-02-29T23:59:59Z",
      "2100-02-28T00:00:00Z",
      "2026-03-29T01:00:00Z",
      "2026-10-25T00:59:59.500Z",
      "2026-12-31T23:59:59Z",
    ]) {
      sameAsDateParse(text);
      expect(Number.isFinite(parseDateTimeMs(text))).toBe(true);
    }
  });

  it("leaves anything else to Date.parse, invalid dates included", () => {
    for (const text of [
      "2025-02-29T00:00:00Z",
      "2100-02-29T00:00:00Z",
      "2026-04-31T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-00-10T00:00:00Z",
      "2026-10-02T24:00:00Z",
      "2026-10-02T23:60:00Z",
      "2026-10-02T23:59:60Z",
      "2026-10-02T10:00:00+02:00",
      "2026-10-02T10:00:00.5Z",
      "2026-10-02 10:00:00Z",
      "2026-1a-02T10:00:00Z",
      "2026-10-02T10:00:00.12xZ",
      "2026-10-02T10:00:00z",
      "",
      "not a date",
    ]) {
      sameAsDateParse(text);
    }
  });
});
