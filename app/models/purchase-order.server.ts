import db from "~/db.server";
import { CsvSyntaxError, parseCsv, restoreNeutralised } from "~/lib/csv";
import { z } from "zod";
import type { PurchaseOrder } from "@prisma/client";
import type { PurchaseOrderRecord } from "~/planning";
import type { CsvLineError } from "./assignment-csv.server";
import { dayField, intField, optionalIntField, optionalMoneyField } from "./form-fields";
import { PURCHASE_ORDER_CSV_COLUMNS, type PurchaseOrderInput, type ReceiveInput } from "./purchase-order.schema";

/**
 * Purchase orders per supplier: the log that feeds the supplier scorecard and the split rules
 * (late streaks, defect rate, cost per good unit). Every write names the variant it affects so
 * the caller can replan that SKU.
 */

/** A stored purchase order as the planning engine reads it (a plain, serialisable record). */
export function toPurchaseOrderRecord(po: PurchaseOrder): PurchaseOrderRecord {
  return {
    id: po.id,
    supplierId: po.supplierId,
    isPilot: po.isPilot,
    orderedUnits: po.orderedUnits,
    placedOn: po.placedOn,
    promisedOn: po.promisedOn,
    receivedOn: po.receivedOn,
    receivedUnits: po.receivedUnits,
    defectiveUnits: po.defectiveUnits,
    landedCostCents: po.landedCostCents,
  };
}

export type PurchaseOrderWriteResult =
  | { ok: true; id: string; variantId: string }
  | { ok: false; fieldErrors: Record<string, string> }
  | { ok: false; notFound: true };

export async function listPurchaseOrders(shop: string, supplierId: string) {
  return db.purchaseOrder.findMany({ where: { shop, supplierId }, orderBy: [{ placedOn: "desc" }, { createdAt: "desc" }] });
}

export async function getPurchaseOrder(shop: string, id: string) {
  return db.purchaseOrder.findFirst({ where: { shop, id } });
}

async function variantExists(shop: string, variantId: string): Promise<boolean> {
  return (await db.variant.findFirst({ where: { shop, id: variantId, deletedAt: null }, select: { id: true } })) !== null;
}

export async function createPurchaseOrder(shop: string, supplierId: string, input: PurchaseOrderInput): Promise<PurchaseOrderWriteResult> {
  const supplier = await db.supplier.findFirst({ where: { shop, id: supplierId }, select: { id: true } });
  if (!supplier) return { ok: false, notFound: true };
  if (!(await variantExists(shop, input.variantId))) return { ok: false, fieldErrors: { variantId: "Choose a SKU of this shop" } };
  const po = await db.purchaseOrder.create({
    data: { shop, supplierId, ...input, landedCostCents: input.landedCostCents ?? null },
    select: { id: true, variantId: true },
  });
  return { ok: true, ...po };
}

/** Edits the order details (not the receipt). Returns the variants affected (old and new SKU). */
export async function updatePurchaseOrder(shop: string, supplierId: string, id: string, input: PurchaseOrderInput): Promise<PurchaseOrderWriteResult & { previousVariantId?: string }> {
  const existing = await db.purchaseOrder.findFirst({ where: { shop, supplierId, id }, select: { variantId: true } });
  if (!existing) return { ok: false, notFound: true };
  if (!(await variantExists(shop, input.variantId))) return { ok: false, fieldErrors: { variantId: "Choose a SKU of this shop" } };
  await db.purchaseOrder.updateMany({ where: { shop, supplierId, id }, data: { ...input, landedCostCents: input.landedCostCents ?? null } });
  return { ok: true, id, variantId: input.variantId, previousVariantId: existing.variantId };
}

/** Records a delivery: when, how many units, how many defective. */
export async function receivePurchaseOrder(shop: string, supplierId: string, input: ReceiveInput): Promise<PurchaseOrderWriteResult> {
  const po = await db.purchaseOrder.findFirst({ where: { shop, supplierId, id: input.purchaseOrderId }, select: { id: true, variantId: true, placedOn: true } });
  if (!po) return { ok: false, notFound: true };
  if (input.receivedOn < po.placedOn) return { ok: false, fieldErrors: { receivedOn: `Received date cannot be before the order date (${po.placedOn})` } };
  await db.purchaseOrder.updateMany({
    where: { shop, supplierId, id: po.id },
    data: { receivedOn: input.receivedOn, receivedUnits: input.receivedUnits, defectiveUnits: input.defectiveUnits },
  });
  return { ok: true, id: po.id, variantId: po.variantId };
}

function purchaseOrderCsvRow(currencyCode: string) {
  const text = z.preprocess((value) => (typeof value === "string" ? value.trim() : ""), z.string());
  const optionalDay = (label: string) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), dayField(label).optional());
  return z
    .object({
      sku: text.refine((sku) => sku !== "", { error: "sku is empty" }),
      reference: text,
      is_pilot: z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : ""), z.enum(["", "yes", "no", "true", "false"], { error: "is_pilot must be yes or no" })),
      ordered_units: intField("ordered_units", 1, 10_000_000, "units"),
      placed_on: dayField("placed_on"),
      promised_on: dayField("promised_on"),
      landed_cost: optionalMoneyField("landed_cost", currencyCode),
      received_on: optionalDay("received_on"),
      received_units: optionalIntField("received_units", 0, 10_000_000, "units"),
      defective_units: optionalIntField("defective_units", 0, 10_000_000, "units"),
    })
    .refine((r) => r.promised_on >= r.placed_on, { error: "promised_on is before placed_on" })
    .refine((r) => r.received_on === undefined || r.received_on >= r.placed_on, { error: "received_on is before placed_on" })
    .refine((r) => (r.received_on === undefined) === (r.received_units === undefined), { error: "give received_on and received_units together" })
    .refine((r) => r.defective_units === undefined || (r.received_units !== undefined && r.defective_units <= r.received_units), {
      error: "defective_units must not exceed received_units",
    });
}

/** Imports a supplier's purchase orders from CSV: every row valid or nothing written. */
export async function importPurchaseOrdersCsv(
  shop: string,
  supplierId: string,
  text: string,
  currencyCode: string,
): Promise<{ ok: true; created: number; variantIds: string[] } | { ok: false; errors: CsvLineError[] } | { ok: false; notFound: true }> {
  const supplier = await db.supplier.findFirst({ where: { shop, id: supplierId }, select: { id: true } });
  if (!supplier) return { ok: false, notFound: true };
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false, errors: [{ line: error.line, message: error.message.replace(/^Line \d+: /, "") }] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, errors: [{ line: 1, message: "The file is empty" }] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const missing = ["sku", "ordered_units", "placed_on", "promised_on"].filter((column) => !columns.includes(column));
  if (missing.length > 0) return { ok: false, errors: [{ line: header.line, message: `Missing columns: ${missing.join(", ")} (expected ${PURCHASE_ORDER_CSV_COLUMNS.join(", ")})` }] };
  if (body.length === 0) return { ok: false, errors: [{ line: header.line, message: "The file has a header but no rows" }] };

  const variants = await db.variant.findMany({ where: { shop, deletedAt: null, sku: { not: null } }, select: { id: true, sku: true } });
  const bySku = new Map<string, string[]>();
  for (const v of variants) if (v.sku) bySku.set(v.sku, [...(bySku.get(v.sku) ?? []), v.id]);
  const schema = purchaseOrderCsvRow(currencyCode);
  const errors: CsvLineError[] = [];
  const rows: Array<{ variantId: string; row: z.infer<typeof schema> }> = [];
  for (const record of body) {
    const cells = Object.fromEntries(columns.map((column, i) => [column, restoreNeutralised(record.fields[i] ?? "")]));
    const parsed = schema.safeParse(cells);
    if (!parsed.success) {
      errors.push({ line: record.line, message: [...new Set(parsed.error.issues.map((issue) => issue.message))].join("; ") });
      continue;
    }
    const matches = bySku.get(parsed.data.sku) ?? [];
    if (matches.length !== 1) {
      errors.push({ line: record.line, message: matches.length === 0 ? `no SKU "${parsed.data.sku}" in this shop` : `SKU "${parsed.data.sku}" belongs to ${matches.length} variants` });
      continue;
    }
    rows.push({ variantId: matches[0], row: parsed.data });
  }
  if (errors.length > 0) return { ok: false, errors };
  await db.purchaseOrder.createMany({
    data: rows.map(({ variantId, row }) => ({
      shop,
      supplierId,
      variantId,
      reference: row.reference,
      isPilot: row.is_pilot === "yes" || row.is_pilot === "true",
      orderedUnits: row.ordered_units,
      placedOn: row.placed_on,
      promisedOn: row.promised_on,
      landedCostCents: row.landed_cost ?? null,
      receivedOn: row.received_on ?? null,
      receivedUnits: row.received_units ?? null,
      defectiveUnits: row.defective_units ?? null,
    })),
  });
  return { ok: true, created: rows.length, variantIds: [...new Set(rows.map((r) => r.variantId))] };
}
