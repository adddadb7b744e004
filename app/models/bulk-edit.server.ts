import db from "~/db.server";
import type { BulkEdit, BulkSelection } from "./assignment.schema";
import {
  keepShopVariantIds,
  listMatchingVariantIds,
  loadAssignmentStates,
  recordUndo,
  replaceVariantAssignments,
  variantLabel,
} from "./assignment.server";
import { describeBulkEdit, planVariantEdit, type AssignmentState, type SupplierRef, type VariantEditOutcome } from "./bulk-edit-plan";

/**
 * Bulk changes to the assignments table: a preview that writes nothing ("48 SKUs will change;
 * 3 skipped because…"), and an apply that re-plans inside one transaction (so it acts on the
 * rows as they are at that moment), writes every change or none, and keeps the rows it
 * replaced for one undo.
 */

/** How many example rows a preview lists (the counts always cover every SKU). */
export const PREVIEW_SAMPLE_SIZE = 20;

export interface BulkEditSummary {
  description: string;
  selectedCount: number;
  changeCount: number;
  skippedCount: number;
  /** First changes, for the preview list. */
  changes: Array<{ variantId: string; label: string; summary: string }>;
  /** Skip reasons with how many SKUs each applies to and a few of them. */
  skipReasons: Array<{ reason: string; count: number; examples: string[] }>;
}

export type BulkEditResult =
  | { ok: true; summary: BulkEditSummary; changedVariantIds: string[] }
  | { ok: false; fieldErrors: Record<string, string> };

async function resolveSelection(shop: string, selection: BulkSelection): Promise<string[]> {
  return selection.selection === "ids" ? keepShopVariantIds(shop, selection.variantIds) : listMatchingVariantIds(shop, selection.filter);
}

async function resolveSupplier(shop: string, edit: BulkEdit): Promise<SupplierRef | null | "missing"> {
  if (!("supplierId" in edit)) return null;
  const supplier = await db.supplier.findFirst({
    where: { shop, id: edit.supplierId, archivedAt: null },
    select: { id: true, name: true, defaultLeadTimeDays: true },
  });
  return supplier ?? "missing";
}

export interface ResolvedEdit {
  supplier: SupplierRef | null;
  variantIds: string[];
  labels: Map<string, string>;
  nameOf: (supplierId: string) => string;
}

/** Everything about an edit except the assignment rows: read outside the write transaction. */
export async function resolveEdit(shop: string, selection: BulkSelection, edit: BulkEdit): Promise<ResolvedEdit | { error: Record<string, string> }> {
  const supplier = await resolveSupplier(shop, edit);
  if (supplier === "missing") return { error: { supplierId: "That supplier does not exist or is archived" } };
  const variantIds = await resolveSelection(shop, selection);
  if (variantIds.length === 0) return { error: { form: "None of the selected SKUs exist in this shop any more" } };
  const [variants, suppliers] = await Promise.all([
    db.variant.findMany({ where: { shop, id: { in: variantIds } }, select: { id: true, sku: true, productTitle: true, variantTitle: true } }),
    db.supplier.findMany({ where: { shop }, select: { id: true, name: true } }),
  ]);
  const supplierNames = new Map(suppliers.map((s) => [s.id, s.name]));
  return {
    supplier,
    variantIds,
    labels: new Map(variants.map((v) => [v.id, variantLabel(v)])),
    nameOf: (id: string) => supplierNames.get(id) ?? "a deleted supplier",
  };
}

function planOutcomes(resolved: ResolvedEdit, edit: BulkEdit, byVariant: Map<string, AssignmentState[]>): Map<string, VariantEditOutcome> {
  return new Map(
    resolved.variantIds.map((variantId) => [variantId, planVariantEdit(byVariant.get(variantId) ?? [], edit, resolved.supplier, resolved.nameOf)]),
  );
}

export function summarise(
  edit: BulkEdit,
  supplierName: string | null,
  variantIds: readonly string[],
  labels: Map<string, string>,
  outcomes: Map<string, VariantEditOutcome>,
): BulkEditSummary {
  const changes: BulkEditSummary["changes"] = [];
  const reasons = new Map<string, { count: number; examples: string[] }>();
  let changeCount = 0;
  for (const variantId of variantIds) {
    const outcome = outcomes.get(variantId);
    if (!outcome) continue;
    const label = labels.get(variantId) ?? variantId;
    if (outcome.kind === "change") {
      changeCount += 1;
      if (changes.length < PREVIEW_SAMPLE_SIZE) changes.push({ variantId, label, summary: outcome.summary });
    } else {
      const entry = reasons.get(outcome.reason) ?? { count: 0, examples: [] };
      entry.count += 1;
      if (entry.examples.length < 3) entry.examples.push(label);
      reasons.set(outcome.reason, entry);
    }
  }
  return {
    description: describeBulkEdit(edit, supplierName, changeCount),
    selectedCount: variantIds.length,
    changeCount,
    skippedCount: variantIds.length - changeCount,
    changes,
    skipReasons: [...reasons.entries()].map(([reason, entry]) => ({ reason, ...entry })).sort((a, b) => b.count - a.count),
  };
}

/** What `edit` would do to the selected SKUs; writes nothing. */
export async function previewBulkEdit(shop: string, selection: BulkSelection, edit: BulkEdit): Promise<BulkEditResult> {
  const resolved = await resolveEdit(shop, selection, edit);
  if ("error" in resolved) return { ok: false, fieldErrors: resolved.error };
  const states = await loadAssignmentStates(db, shop, resolved.variantIds);
  const outcomes = planOutcomes(resolved, edit, states.byVariant);
  return { ok: true, summary: summarise(edit, resolved.supplier?.name ?? null, resolved.variantIds, resolved.labels, outcomes), changedVariantIds: [] };
}

/**
 * Applies `edit` to the selected SKUs in one transaction and records the undo. The plan is
 * recomputed from the assignment rows read inside the transaction, so it acts on the rows as
 * they are then (a SKU the preview skipped is skipped again). The caller replans the changed
 * SKUs (replanAfterEdit) once this returns.
 */
export async function applyBulkEdit(shop: string, selection: BulkSelection, edit: BulkEdit): Promise<BulkEditResult> {
  const resolved = await resolveEdit(shop, selection, edit);
  if ("error" in resolved) return { ok: false, fieldErrors: resolved.error };
  return db.$transaction(
    async (tx) => {
      const states = await loadAssignmentStates(tx, shop, resolved.variantIds);
      const outcomes = planOutcomes(resolved, edit, states.byVariant);
      const summary = summarise(edit, resolved.supplier?.name ?? null, resolved.variantIds, resolved.labels, outcomes);
      const changedVariantIds: string[] = [];
      for (const variantId of resolved.variantIds) {
        const outcome = outcomes.get(variantId);
        if (outcome?.kind !== "change") continue;
        await replaceVariantAssignments(tx, shop, variantId, states.byVariant.get(variantId) ?? [], outcome.next);
        changedVariantIds.push(variantId);
      }
      if (changedVariantIds.length > 0) await recordUndo(tx, shop, summary.description, changedVariantIds, states.rows);
      return { ok: true as const, summary, changedVariantIds };
    },
    { timeout: 120_000 },
  );
}
