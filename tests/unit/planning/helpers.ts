import { expect } from "vitest";

/** |actual − expected| ≤ rel·|expected| (the 1e-5 relative tolerance by default). */
export function expectRelClose(actual: number, expected: number, rel = 1e-5): void {
  if (expected === 0) {
    expect(Math.abs(actual)).toBeLessThanOrEqual(1e-300);
    return;
  }
  const error = Math.abs(actual - expected) / Math.abs(expected);
  expect(error, `${actual} vs ${expected} (relative error ${error})`).toBeLessThanOrEqual(rel);
}

/** Recursively collects every number in a plain value, for "never NaN" checks. */
export function collectNumbers(value: unknown, out: number[] = []): number[] {
  if (typeof value === "number") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectNumbers(v, out);
  else if (ArrayBuffer.isView(value)) out.push(...Array.from(value as unknown as ArrayLike<number>));
  else if (value && typeof value === "object") for (const v of Object.values(value)) collectNumbers(v, out);
  return out;
}
