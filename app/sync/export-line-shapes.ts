/**
 * The two kinds of line in Backstop's orders export, recognised in the exact form Shopify writes
 * them for our query (fields in selection order, no whitespace, `__parentId` last), so a backfill
 * reads the few fields it needs straight from the text. JSON.parse would build each line's whole
 * object tree (a line item has six nested objects), and those short-lived objects are most of a
 * million-order export's parsing and garbage-collection cost.
 *
 * A pattern accepts only text that is valid JSON with exactly these keys, integers in JSON's own
 * grammar and strings without escapes or control characters, so every value read here is exactly
 * what JSON.parse would give. Anything else (another field order, an escape, an extra field, an id
 * too large to be exact) is left to the full parser: the shapes make reading faster, never
 * different.
 */

/** A JSON string with no escapes or control characters: its text is its value. */
const PLAIN_STRING = String.raw`"[^"\\\u0000-\u001f]*"`;
const CAPTURED_STRING = String.raw`"([^"\\\u0000-\u001f]*)"`;
/** An integer as JSON writes it (no leading zeros, no exponent). */
const JSON_INTEGER = String.raw`(-?(?:0|[1-9]\d{0,15}))`;
const ID_DIGITS = String.raw`([1-9]\d{0,15})`;
const MONEY_BAG = (amount: string) => String.raw`\{"shopMoney":\{"amount":"${amount}","currencyCode":"[A-Z]{3}"\}\}`;
const DECIMAL = String.raw`-?\d+(?:\.\d+)?`;

// Captures: line id, quantity, current quantity, variant id, discounted total, parent order id.
const LINE_ITEM = new RegExp(
  [
    String.raw`^\{"id":"gid://shopify/LineItem/${ID_DIGITS}"`,
    String.raw`"sku":(?:null|${PLAIN_STRING})`,
    String.raw`"quantity":${JSON_INTEGER}`,
    String.raw`"currentQuantity":${JSON_INTEGER}`,
    String.raw`"variant":(?:null|\{"id":"gid://shopify/ProductVariant/${ID_DIGITS}"\})`,
    String.raw`"originalUnitPriceSet":${MONEY_BAG(DECIMAL)}`,
    String.raw`"discountedTotalSet":${MONEY_BAG(`(${DECIMAL})`)}`,
    String.raw`"__parentId":"gid://shopify/Order/${ID_DIGITS}"\}$`,
  ].join(","),
);
/** The SKU of a line the pattern above accepted (read only for lines without a variant). */
const SKU = new RegExp(String.raw`^\{"id":"[^"]*","sku":(?:null|${CAPTURED_STRING})`);

// Captures: id, processedAt, updatedAt, cancelledAt, test, customer gid.
const ORDER = new RegExp(
  [
    String.raw`^\{"id":"gid://shopify/Order/${ID_DIGITS}"`,
    String.raw`"createdAt":${PLAIN_STRING}`,
    String.raw`"processedAt":${CAPTURED_STRING}`,
    String.raw`"updatedAt":${CAPTURED_STRING}`,
    String.raw`"cancelledAt":(?:null|${CAPTURED_STRING})`,
    String.raw`"test":(true|false)(?:,"customer":(?:null|\{"id":${CAPTURED_STRING}\}))?\}$`,
  ].join(","),
);

/** A line item's fields; filled in place (one object per reader, not one per line). */
export interface LineItemFields {
  lineId: number;
  quantity: number;
  currentQuantity: number;
  /** Null when the line has no variant (deleted). */
  variantId: number | null;
  discountedTotalAmount: string;
  parentId: number;
}

/** An order's fields; filled in place. */
export interface OrderFields {
  id: number;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  test: boolean;
  /** Null for a guest order, and when the query does not select the customer. */
  customerGid: string | null;
}

export function emptyLineItemFields(): LineItemFields {
  return { lineId: 0, quantity: 0, currentQuantity: 0, variantId: null, discountedTotalAmount: "", parentId: 0 };
}

export function emptyOrderFields(): OrderFields {
  return { id: 0, processedAt: "", updatedAt: "", cancelledAt: null, test: false, customerGid: null };
}

const MINUS = 45;

/** The whole number written in `digits` (checked by the pattern). */
function digitsValue(digits: string, from = 0): number {
  let value = 0;
  for (let i = from; i < digits.length; i++) value = value * 10 + (digits.charCodeAt(i) - 48);
  return value;
}

/** A JSON integer's value (checked by the pattern). */
function integerValue(text: string): number {
  return text.charCodeAt(0) === MINUS ? -digitsValue(text, 1) : digitsValue(text);
}

/**
 * Fills `into` from a line item in the export's exact shape and returns true; returns false for
 * any other text (parse it in full). Ids and quantities too large to be exact also return false,
 * so the full parser reports them.
 */
export function readLineItem(text: string, into: LineItemFields): boolean {
  const m = LINE_ITEM.exec(text);
  if (m === null) return false;
  into.lineId = digitsValue(m[1]);
  into.quantity = integerValue(m[2]);
  into.currentQuantity = integerValue(m[3]);
  into.variantId = m[4] === undefined ? null : digitsValue(m[4]);
  into.discountedTotalAmount = m[5];
  into.parentId = digitsValue(m[6]);
  return (
    Number.isSafeInteger(into.lineId) &&
    Number.isSafeInteger(into.parentId) &&
    Number.isSafeInteger(into.quantity) &&
    Number.isSafeInteger(into.currentQuantity) &&
    (into.variantId === null || Number.isSafeInteger(into.variantId))
  );
}

/** The SKU of a line item readLineItem accepted (null when the line has none). */
export function skuOf(text: string): string | null {
  return SKU.exec(text)?.[1] ?? null;
}

/** The same for an order: fills `into` and returns true, or false for any other text. */
export function readOrder(text: string, into: OrderFields): boolean {
  const m = ORDER.exec(text);
  if (m === null) return false;
  into.id = digitsValue(m[1]);
  into.processedAt = m[2];
  into.updatedAt = m[3];
  into.cancelledAt = m[4] ?? null;
  into.test = m[5] === "true";
  into.customerGid = m[6] ?? null;
  return Number.isSafeInteger(into.id);
}
