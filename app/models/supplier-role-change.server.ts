import db from "~/db.server";
import type { BulkSelection } from "./assignment.schema";
import { loadAssignmentStates, recordUndo, replaceVariantAssignments } from "./assignment.server";
import type { AssignmentState, VariantEditOutcome } from "./bulk-edit-plan";
import { applyBulkEdit, previewBulkEdit, resolveEdit, summarise, type BulkEditResult, type ResolvedEdit } from "./bulk-edit.server";
import { describeRoleChange, planRoleChange, type SupplierRoleChange } from "./supplier-role-change";

/**
 * Preview and apply of the admin bulk action's change (a supplier role, optionally followed by a
 * split) on many SKUs. Without a split it *is* the in-app bulk edit (previewBulkEdit /
 * applyBulkEdit). With one, both steps are planned per SKU by planRoleChange and written the
 * way applyBulkEdit writes: re-planned inside one transaction from the rows as they are then,
 * every change or none, the replaced rows kept as the shop's one undo.
 */

function planOutcomes(resolved: ResolvedEdit, change: SupplierRoleChange, byVariant: Map<string, AssignmentState[]>): Map<string, VariantEditOutcome> {
  return new Map(
    resolved.variantIds.map((variantId) => [variantId, planRoleChange(byVariant.get(variantId) ?? [], change, resolved.supplier, resolved.nameOf)]),
  );
}

function summariseChange(resolved: ResolvedEdit, change: SupplierRoleChange, outcomes: Map<string, VariantEditOutcome>) {
  const supplierName = resolved.supplier?.name ?? null;
  const summary = summarise(change.roleEdit, supplierName, resolved.variantIds, resolved.labels, outcomes);
  return { ...summary, description: describeRoleChange(change, supplierName, summary.changeCount) };
}

/** What the change would do to the selected SKUs; writes nothing. */
export async function previewSupplierRoleChange(shop: string, selection: BulkSelection, change: SupplierRoleChange): Promise<BulkEditResult> {
  if (!change.splitEdit) return previewBulkEdit(shop, selection, change.roleEdit);
  const resolved = await resolveEdit(shop, selection, change.roleEdit);
  if ("error" in resolved) return { ok: false, fieldErrors: resolved.error };
  const states = await loadAssignmentStates(db, shop, resolved.variantIds);
  return { ok: true, summary: summariseChange(resolved, change, planOutcomes(resolved, change, states.byVariant)), changedVariantIds: [] };
}

/** Applies the change in one transaction and records its undo; the caller replans the changed SKUs. */
export async function applySupplierRoleChange(shop: string, selection: BulkSelection, change: SupplierRoleChange): Promise<BulkEditResult> {
  if (!change.splitEdit) return applyBulkEdit(shop, selection, change.roleEdit);
  const resolved = await resolveEdit(shop, selection, change.roleEdit);
  if ("error" in resolved) return { ok: false, fieldErrors: resolved.error };
  return db.$transaction(
    async (tx) => {
      const states = await loadAssignmentStates(tx, shop, resolved.variantIds);
      const outcomes = planOutcomes(resolved, change, states.byVariant);
      const summary = summariseChange(resolved, change, outcomes);
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
