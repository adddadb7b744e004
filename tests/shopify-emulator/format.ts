/**
 * How Shopify writes values on the wire. Every resolver returns values already in this form, so the
 * paged GraphQL path and the bulk JSONL path emit byte-identical values.
 */

export function gid(resource: string, id: number | string): string {
  return `gid://shopify/${resource}/${id}`;
}

const catalogGids = new Map<string, Map<number, string>>();

/**
 * gid() for catalog resources (variants, products, locations, inventory items): bounded sets that a
 * bulk export repeats millions of times (every line item's `variant { id }`), so they are memoised.
 */
export function catalogGid(resource: string, id: number): string {
  let byId = catalogGids.get(resource);
  if (!byId) {
    byId = new Map();
    catalogGids.set(resource, byId);
  }
  let text = byId.get(id);
  if (text === undefined) {
    if (byId.size > 200_000) byId.clear();
    text = gid(resource, id);
    byId.set(id, text);
  }
  return text;
}

const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z]+)\/([0-9]+)(\?.*)?$/;

export interface ParsedGid {
  resource: string;
  id: number;
  /** Query part, e.g. `inventory_item_id=5` for InventoryLevel ids. */
  params: URLSearchParams;
}

export function parseGid(value: string): ParsedGid | null {
  const match = GID_PATTERN.exec(value);
  if (!match) return null;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return null;
  return { resource: match[1], id, params: new URLSearchParams(match[3]?.slice(1) ?? "") };
}

/**
 * DateTime: ISO-8601 in UTC with whole seconds ("2026-10-02T10:00:00Z"). Shopify keeps
 * timestamps to the second, so milliseconds are dropped (and search comparisons use seconds too).
 * Hand-rolled because bulk exports format millions of timestamps: the date part is cached per day.
 */
export function dateTime(epochMs: number): string {
  const seconds = Math.floor(epochMs / 1000);
  const day = Math.floor(seconds / 86_400);
  let secondOfDay = seconds - day * 86_400;
  const hours = Math.floor(secondOfDay / 3600);
  secondOfDay -= hours * 3600;
  const minutes = Math.floor(secondOfDay / 60);
  return `${datePrefix(day)}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[secondOfDay - minutes * 60]}Z`;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const datePrefixes = new Map<number, string>();

/** "YYYY-MM-DDT" of a day number (days since 1970-01-01). */
function datePrefix(day: number): string {
  let prefix = datePrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    if (datePrefixes.size > 100_000) datePrefixes.clear();
    datePrefixes.set(day, prefix);
  }
  return prefix;
}

export function dateTimeOrNull(epochMs: number | null): string | null {
  return epochMs === null ? null : dateTime(epochMs);
}

/**
 * `Decimal` (MoneyV2.amount): shortest decimal with at least one fractional digit, as Shopify's
 * Ruby BigDecimal serialisation does ("10.0", "29.9", "29.99"). ⚠️ seen in practice.
 */
export function decimalFromCents(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  const fracText = frac === 0 ? "0" : frac % 10 === 0 ? String(frac / 10) : String(frac).padStart(2, "0");
  return `${negative ? "-" : ""}${whole}.${fracText}`;
}

/** `Money` (e.g. ProductVariant.price): two fractional digits ("10.00", "29.99"). ⚠️ seen in practice. */
export function moneyFromCents(cents: number): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  return `${negative ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** `UnsignedInt64` travels as a string of base-10 digits ✅ [S]. */
export function unsignedInt64(value: number): string {
  return String(value);
}

/**
 * ISO-8601 with the shop's UTC offset ("2026-07-01T12:17:28-04:00"), the form Shopify uses in
 * webhook payloads.
 */
export function dateTimeInZone(epochMs: number, ianaTimezone: string): string {
  const whole = Math.floor(epochMs / 1000) * 1000;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: ianaTimezone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(whole));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "00";
  const local = `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:${get("second")}`;
  const offsetMinutes = Math.round((Date.parse(`${local}Z`) - whole) / 60_000);
  if (offsetMinutes === 0 && ianaTimezone === "UTC") return `${local}Z`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
