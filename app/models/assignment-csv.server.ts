import db from "~/db.server";
import { CsvSyntaxError, parseCsv, restoreNeutralised, toCsv } from "~/lib/csv";
import { minorUnitsToDecimal } from "~/lib/money-input";
import { ASSIGNMENT_CSV_COLUMNS, assignmentCsvRow, type AssignmentCsvRow, type AssignmentFilter } from "./assignment.schema";
import { listVariantsForExport, loadAssignmentStates, recordUndo, replaceVariantAssignments, variantLabel } from "./assignment.server";
import type { AssignmentState } from "./bulk-edit-plan";

/**
 * The assignments CSV: export of the current view, a template, and an all-or-nothing import.
 * Export and import share ASSIGNMENT_CSV_COLUMNS, so an exported file re-imports unchanged.
 */

const TEMPLATE_EXAMPLE = ["MUG-BLUE", "", "Blue mug", "Acme Ceramics", "primary", "active", "80", "35", "200", "4.20", "5000"];

/** The import template: the header and one example row to overwrite. */
export function assignmentCsvTemplate(): string {
  return toCsv([[...ASSIGNMENT_CSV_COLUMNS], TEMPLATE_EXAMPLE]);
}

/** Every assignment of the SKUs in the current view, one row per SKU × supplier (SKUs without a supplier get one empty row). */
export async function exportAssignmentsCsv(shop: string, filter: AssignmentFilter, currencyCode: string): Promise<string> {
  const { variants, assignments } = await listVariantsForExport(shop, filter);
  const byVariant = new Map<string, typeof assignments>();
  for (const a of assignments) byVariant.set(a.variantId, [...(byVariant.get(a.variantId) ?? []), a]);
  const rows: Array<Array<string | number | null>> = [[...ASSIGNMENT_CSV_COLUMNS]];
  for (const variant of variants) {
    const label = variantLabel({ ...variant, sku: null });
    const mine = byVariant.get(variant.id) ?? [];
    if (mine.length === 0) rows.push([variant.sku ?? "", variant.id, label, "", "", "", "", "", "", "", ""]);
    for (const a of mine) {
      rows.push([
        variant.sku ?? "",
        variant.id,
        label,
        a.supplier.name,
        a.role,
        a.stage,
        a.allocationPct,
        a.leadTimeDays,
        a.moqUnits,
        a.landedCostCents === null ? "" : minorUnitsToDecimal(a.landedCostCents, currencyCode),
        a.capacityUnitsPerMonth,
      ]);
    }
  }
  return toCsv(rows);
}

export interface CsvLineError {
  line: number;
  message: string;
}

export interface AssignmentImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  skuCount: number;
  changedVariantIds: string[];
}

export type AssignmentImportResult = { ok: true; summary: AssignmentImportSummary } | { ok: false; errors: CsvLineError[] };

interface ValidRow {
  line: number;
  variantId: string;
  supplierId: string;
  supplierName: string;
  row: AssignmentCsvRow;
}

/** Rows that only carry a SKU (what the export writes for a SKU without suppliers) are ignored. */
function isEmptyAssignmentRow(cells: Record<string, string>): boolean {
  return ["supplier", "role", "allocation_pct", "lead_time_days"].every((column) => (cells[column] ?? "").trim() === "");
}

/**
 * Validates every row of an assignments CSV and, only when all rows are valid, writes them in
 * one transaction (creating or updating the SKU × supplier assignments named; others are left
 * as they are) and records the undo. Errors carry the file's line numbers.
 */
export async function importAssignmentsCsv(shop: string, text: string, currencyCode: string): Promise<AssignmentImportResult> {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false, errors: [{ line: error.line, message: error.message.replace(/^Line \d+: /, "") }] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, errors: [{ line: 1, message: "The file is empty; start from the template" }] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const required = ["supplier", "role", "allocation_pct", "lead_time_days"];
  const missing = required.filter((column) => !columns.includes(column));
  if (!columns.includes("sku") && !columns.includes("variant_id")) missing.unshift("sku or variant_id");
  if (missing.length > 0) return { ok: false, errors: [{ line: header.line, message: `Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}` }] };
  if (body.length === 0) return { ok: false, errors: [{ line: header.line, message: "The file has a header but no rows" }] };

  const [variants, suppliers] = await Promise.all([
    db.variant.findMany({ where: { shop, deletedAt: null }, select: { id: true, sku: true } }),
    db.supplier.findMany({ where: { shop }, select: { id: true, name: true, archivedAt: true } }),
  ]);
  const variantIds = new Set(variants.map((v) => v.id));
  const variantsBySku = new Map<string, string[]>();
  for (const v of variants) if (v.sku) variantsBySku.set(v.sku, [...(variantsBySku.get(v.sku) ?? []), v.id]);
  const suppliersByName = new Map(suppliers.map((s) => [s.name.trim().toLowerCase(), s]));

  const schema = assignmentCsvRow(currencyCode);
  const errors: CsvLineError[] = [];
  const valid: ValidRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of body) {
    if (record.fields.length > columns.length) {
      errors.push({ line: record.line, message: `has ${record.fields.length} cells but the header has ${columns.length}` });
      continue;
    }
    const cells = Object.fromEntries(columns.map((column, i) => [column, restoreNeutralised(record.fields[i] ?? "")]));
    if (isEmptyAssignmentRow(cells)) continue;
    const parsed = schema.safeParse(cells);
    if (!parsed.success) {
      errors.push({ line: record.line, message: [...new Set(parsed.error.issues.map((issue) => issue.message))].join("; ") });
      continue;
    }
    const row = parsed.data;
    let variantId: string | undefined;
    if (row.variant_id) {
      variantId = variantIds.has(row.variant_id) ? row.variant_id : undefined;
      if (!variantId) errors.push({ line: record.line, message: `no variant with id ${row.variant_id} in this shop` });
    } else {
      const matches = variantsBySku.get(row.sku) ?? [];
      if (matches.length === 1) variantId = matches[0];
      else if (matches.length === 0) errors.push({ line: record.line, message: `no SKU "${row.sku}" in this shop` });
      else errors.push({ line: record.line, message: `SKU "${row.sku}" belongs to ${matches.length} variants; give variant_id instead` });
    }
    const supplier = suppliersByName.get(row.supplier.toLowerCase());
    if (!supplier) errors.push({ line: record.line, message: `no supplier named "${row.supplier}"; create it on the Suppliers page first` });
    else if (supplier.archivedAt) errors.push({ line: record.line, message: `supplier "${supplier.name}" is archived` });
    if (!variantId || !supplier || supplier.archivedAt) continue;
    const key = `${variantId}\u0000${supplier.id}`;
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) {
      errors.push({ line: record.line, message: `repeats SKU ${row.sku || row.variant_id} with ${supplier.name} (already on line ${earlier})` });
      continue;
    }
    firstLineOf.set(key, record.line);
    valid.push({ line: record.line, variantId, supplierId: supplier.id, supplierName: supplier.name, row });
  }
  if (valid.length === 0 && errors.length === 0) return { ok: false, errors: [{ line: header.line, message: "No assignment rows to import" }] };

  // Whole-SKU checks on the state the file would leave: one primary, shares adding up to at most 100%.
  const touched = [...new Set(valid.map((v) => v.variantId))];
  const current = await loadAssignmentStates(db, shop, touched);
  const nextByVariant = new Map<string, AssignmentState[]>();
  for (const variantId of touched) nextByVariant.set(variantId, (current.byVariant.get(variantId) ?? []).map((a) => ({ ...a })));
  const lineOf = new Map<string, number>();
  for (const v of valid) {
    const next = nextByVariant.get(v.variantId) ?? [];
    const state: AssignmentState = {
      ...(next.find((a) => a.supplierId === v.supplierId) ?? { leadTimeSdDays: null }),
      supplierId: v.supplierId,
      role: v.row.role,
      stage: v.row.stage,
      allocationPct: v.row.allocation_pct,
      leadTimeDays: v.row.lead_time_days,
      moqUnits: v.row.moq_units ?? 0,
      landedCostCents: v.row.landed_cost ?? null,
      capacityUnitsPerMonth: v.row.capacity_units_per_month ?? null,
    };
    nextByVariant.set(v.variantId, [...next.filter((a) => a.supplierId !== v.supplierId), state]);
    lineOf.set(`${v.variantId}\u0000${v.supplierId}`, v.line);
  }
  const supplierName = new Map(suppliers.map((s) => [s.id, s.name]));
  for (const [variantId, next] of nextByVariant) {
    const lastLine = Math.max(...next.map((a) => lineOf.get(`${variantId}\u0000${a.supplierId}`) ?? 0));
    const primaries = next.filter((a) => a.role === "primary");
    if (primaries.length > 1) {
      const names = primaries.map((a) => {
        const line = lineOf.get(`${variantId}\u0000${a.supplierId}`);
        return `${supplierName.get(a.supplierId) ?? "?"} (${line ? `line ${line}` : "already saved"})`;
      });
      errors.push({ line: lastLine, message: `this SKU would have ${primaries.length} primary suppliers: ${names.join(", ")}; make all but one a backup` });
    }
    const totalPct = next.reduce((sum, a) => sum + a.allocationPct, 0);
    if (totalPct > 100) errors.push({ line: lastLine, message: `allocations for this SKU would add up to ${totalPct}%; they must not exceed 100%` });
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };

  const summary = await db.$transaction(
    async (tx) => {
      const fresh = await loadAssignmentStates(tx, shop, touched);
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      const changedVariantIds: string[] = [];
      for (const variantId of touched) {
        const before = fresh.byVariant.get(variantId) ?? [];
        const next = before.map((a) => ({ ...a }));
        let variantChanged = false;
        for (const v of valid.filter((row) => row.variantId === variantId)) {
          const existing = next.find((a) => a.supplierId === v.supplierId);
          const values = {
            role: v.row.role,
            stage: v.row.stage,
            allocationPct: v.row.allocation_pct,
            leadTimeDays: v.row.lead_time_days,
            moqUnits: v.row.moq_units ?? 0,
            landedCostCents: v.row.landed_cost ?? null,
            capacityUnitsPerMonth: v.row.capacity_units_per_month ?? null,
          };
          if (!existing) {
            next.push({ supplierId: v.supplierId, leadTimeSdDays: null, ...values });
            created += 1;
            variantChanged = true;
          } else if ((Object.keys(values) as Array<keyof typeof values>).some((key) => values[key] !== existing[key])) {
            Object.assign(existing, values);
            updated += 1;
            variantChanged = true;
          } else {
            unchanged += 1;
          }
        }
        if (variantChanged) {
          await replaceVariantAssignments(tx, shop, variantId, before, next);
          changedVariantIds.push(variantId);
        }
      }
      if (changedVariantIds.length > 0) {
        const description = `Imported assignments: ${created} added, ${updated} updated on ${changedVariantIds.length} SKU${changedVariantIds.length === 1 ? "" : "s"}`;
        await recordUndo(tx, shop, description, changedVariantIds, fresh.rows);
      }
      return { created, updated, unchanged, skuCount: changedVariantIds.length, changedVariantIds };
    },
    { timeout: 120_000 },
  );
  return { ok: true, summary };
}
