import { integerText } from "~/lib/integer-text";
import { netLineRevenueMinor } from "./money";

/**
 * One order's contribution to daily sales, as Backstop stores it (a SalesOrder row). The sales
 * rules live here and nowhere else:
 * - an order counts only when it is neither cancelled nor a test order;
 * - a line's units are its currentQuantity (refunded and edit-removed units are not sales);
 * - its revenue is round(discountedTotal × currentQuantity / quantity), half away from zero;
 * - the day is the shop-local calendar day of processedAt;
 * - a line without a variant (deleted before Backstop saw it) is kept by SKU but belongs to no
 *   variant's daily sales.
 */
export interface SalesLine {
  lineId: number;
  /** Null when Shopify no longer links the line to a variant (the variant was deleted). */
  variantId: number | null;
  units: number;
  revenueCents: number;
  /** Kept only for lines without a variant, to say what was sold. */
  sku: string | null;
}

export interface SalesOrderRecord {
  orderId: number;
  processedAtMs: number;
  /** Shop-local "YYYY-MM-DD" of processedAt. */
  day: string;
  shopifyUpdatedAtMs: number;
  isCounted: boolean;
  customerHash: string | null;
  /** Lines with at least one current unit. */
  lines: SalesLine[];
}

export function isCountedOrder(cancelledAt: string | null, test: boolean): boolean {
  return cancelledAt === null && !test;
}

/** A line's stored form, or null when it has no current units (it contributes nothing). */
export function toSalesLine(input: {
  lineId: number;
  variantId: number | null;
  sku: string | null;
  quantity: number;
  currentQuantity: number;
  discountedTotalCents: number;
}): SalesLine | null {
  if (input.currentQuantity <= 0) return null;
  return {
    lineId: input.lineId,
    variantId: input.variantId,
    units: input.currentQuantity,
    revenueCents: netLineRevenueMinor(input.discountedTotalCents, input.currentQuantity, input.quantity),
    sku: input.variantId === null ? input.sku : null,
  };
}

type PackedLine = [lineId: number, variantId: number | null, units: number, revenueCents: number, sku: string | null];

/** The linesJson column: compact arrays, one per line (built by hand: it runs once per order). */
export function encodeLines(lines: readonly SalesLine[]): string {
  let text = "[";
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (i > 0) text += ",";
    // Numbers through integerText, not the template: see its comment (old-generation garbage).
    text += `[${integerText(l.lineId)},${l.variantId === null ? "null" : integerText(l.variantId)},${integerText(l.units)},${integerText(l.revenueCents)},${l.sku === null ? "null" : JSON.stringify(l.sku)}]`;
  }
  return `${text}]`;
}

export function decodeLines(json: string): SalesLine[] {
  const packed = JSON.parse(json) as PackedLine[];
  return packed.map(([lineId, variantId, units, revenueCents, sku]) => ({ lineId, variantId, units, revenueCents, sku }));
}

/**
 * Lines of an order as re-read from Shopify, with variants kept from what Backstop already knew:
 * when a variant is deleted Shopify unlinks its order lines, but the sale happened to that
 * variant, so its history stays (matched by line id).
 */
export function keepKnownVariants(fresh: readonly SalesLine[], known: readonly SalesLine[]): SalesLine[] {
  if (!fresh.some((l) => l.variantId === null)) return [...fresh];
  const knownVariant = new Map(known.filter((l) => l.variantId !== null).map((l) => [l.lineId, l.variantId] as const));
  return fresh.map((line) => {
    if (line.variantId !== null) return line;
    const variantId = knownVariant.get(line.lineId);
    return variantId === undefined ? line : { ...line, variantId, sku: null };
  });
}

/** Merges lines that arrived late (after the order was written) into its stored lines, by line id. */
export function mergeLines(stored: readonly SalesLine[], late: readonly SalesLine[]): SalesLine[] {
  const byId = new Map(stored.map((l) => [l.lineId, l] as const));
  for (const line of late) byId.set(line.lineId, line);
  return [...byId.values()].sort((a, b) => a.lineId - b.lineId);
}
