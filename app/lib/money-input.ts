/**
 * Reading money typed by a merchant ("4.20", "1,250", "$3.5") into integer minor units of the
 * shop's currency (cents for USD, yen for JPY). Browser-safe: forms and CSV import share it.
 */

/** Digits after the decimal point in the currency's minor unit (2 for USD, 0 for JPY, 3 for KWD). */
export function minorUnitDigits(currencyCode: string): number {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Parses a non-negative amount in major units into minor units, or returns null when the text
 * is not an amount or has more decimals than the currency allows. Currency symbols, spaces and
 * thousands commas are ignored.
 */
export function parseMoneyToMinorUnits(text: string, currencyCode: string): number | null {
  const compact = text.trim().replace(/[\s,]/g, "");
  // A minus anywhere is a negative amount, never a symbol to strip.
  if (compact.includes("-")) return null;
  const cleaned = compact.replace(/^[^\d.]+/, "");
  const digits = minorUnitDigits(currencyCode);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}

/** Minor units back to a plain decimal string for a form field or CSV cell ("420" USD → "4.20"). */
export function minorUnitsToDecimal(minorUnits: number, currencyCode: string): string {
  const digits = minorUnitDigits(currencyCode);
  return (minorUnits / 10 ** digits).toFixed(digits);
}
