/**
 * Shopify sends money as decimal strings ("29.99", "10.0", "1500.0" for JPY). Backstop stores
 * integer minor units of the shop's currency; parsing the text directly (no floats) keeps every
 * cent exact.
 */
const fractionDigitsCache = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency (USD 2, JPY 0, KWD 3). */
export function currencyFractionDigits(currencyCode: string): number {
  let digits = fractionDigitsCache.get(currencyCode);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      throw new RangeError(`"${currencyCode}" is not an ISO 4217 currency code`);
    }
    fractionDigitsCache.set(currencyCode, digits);
  }
  return digits;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * "29.99" with 2 digits → 2999. Extra fraction digits beyond the currency's are rounded half away
 * from zero (Shopify does not send them for shop money, but a Decimal may carry them).
 */
export function decimalToMinorUnits(amount: string, fractionDigits: number): number {
  const minor = plainDecimalToMinorUnits(amount, fractionDigits);
  return Number.isNaN(minor) ? decimalToMinorUnitsByPattern(amount, fractionDigits) : minor;
}

/**
 * The same for text in the plain form Shopify writes ("-?digits[.digits]", nothing around it),
 * read character by character; NaN for anything else (then the pattern reads it, and reports what
 * is wrong). A backfill reads three million amounts: the pattern's match and the strings cut from
 * it were ~1 s of its main thread and garbage for the collector.
 */
function plainDecimalToMinorUnits(amount: string, fractionDigits: number): number {
  const length = amount.length;
  let i = amount.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const wholeFrom = i;
  let whole = 0;
  for (; i < length; i++) {
    const digit = amount.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
  }
  if (i === wholeFrom) return Number.NaN;
  let kept = 0;
  let roundUp = false;
  if (i < length) {
    if (amount.charCodeAt(i) !== 46 /* . */ || i === length - 1) return Number.NaN;
    for (let f = 0, j = i + 1; j < length; f++, j++) {
      const digit = amount.charCodeAt(j) - 48;
      if (digit < 0 || digit > 9) return Number.NaN;
      if (f < fractionDigits) kept = kept * 10 + digit;
      else if (f === fractionDigits) roundUp = digit >= 5;
    }
  }
  // Fewer fraction digits than the currency's: "10.5" is 10.50.
  const fractionCount = i < length ? length - i - 1 : 0;
  for (let f = fractionCount; f < fractionDigits; f++) kept *= 10;
  const minor = whole * 10 ** fractionDigits + kept + (roundUp ? 1 : 0);
  // Too large to be exact: the pattern path gives the error.
  if (!Number.isSafeInteger(minor) || !Number.isSafeInteger(whole)) return Number.NaN;
  return (wholeFrom === 1 ? -minor : minor) + 0;
}

function decimalToMinorUnitsByPattern(amount: string, fractionDigits: number): number {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`"${amount}" is not a decimal amount`);
  const [, sign, whole, fraction = ""] = match;
  const kept = fraction.slice(0, fractionDigits).padEnd(fractionDigits, "0");
  let minor = Number(whole) * 10 ** fractionDigits + (kept === "" ? 0 : Number(kept));
  const next = fraction.charCodeAt(fractionDigits);
  if (next >= 53 /* "5" */ && next <= 57) minor += 1;
  if (!Number.isSafeInteger(minor)) throw new RangeError(`"${amount}" is too large to count in minor units exactly`);
  return (sign === "-" ? -minor : minor) + 0;
}

/**
 * A line's net revenue in minor units: round(discountedTotal × currentQuantity / quantity), half
 * away from zero, in integers: floor((2|n| + q) / 2q) is |n|/q rounded half up. 0 when quantity is 0.
 */
export function netLineRevenueMinor(discountedTotalMinor: number, currentQuantity: number, quantity: number): number {
  if (quantity <= 0) return 0;
  const numerator = discountedTotalMinor * currentQuantity;
  const rounded = Math.floor((2 * Math.abs(numerator) + quantity) / (2 * quantity));
  // + 0 turns -0 into 0: a refunded-to-zero line is worth nothing, not "minus nothing".
  return (numerator < 0 ? -rounded : rounded) + 0;
}
