import type { BulkEdit } from "./assignment.schema";
import { describeBulkEdit, planVariantEdit, type AssignmentState, type SupplierRef, type VariantEditOutcome } from "./bulk-edit-plan";

/**
 * "Make this supplier the primary (or a backup), then set the split": the admin bulk action's
 * change, built from two in-app bulk edits and planned by the same rules (planVariantEdit), so
 * there is one implementation of what each step does. This module only decides how the two
 * outcomes combine for one SKU; supplier-role-change.server.ts writes them in one transaction
 * with one undo.
 */

export type RoleEdit = Extract<BulkEdit, { operation: "set-primary" | "add-backup" }>;
export type SplitEdit = Extract<BulkEdit, { operation: "set-split" }>;

export interface SupplierRoleChange {
  roleEdit: RoleEdit;
  /** Null keeps each SKU's current split. */
  splitEdit: SplitEdit | null;
}

const ROLE_OF: Record<RoleEdit["operation"], AssignmentState["role"]> = { "set-primary": "primary", "add-backup": "backup" };

/**
 * The combined outcome for one SKU. The role is the merchant's main intent, the split follows:
 * - role and split both change → one change with both summaries;
 * - the role changes but the split cannot be set (no backup to take the share, already that
 *   split) → the role change alone, saying why the split was left;
 * - the supplier already has that role → the split alone (if it changes anything);
 * - the role step is blocked for another reason (no primary to back up, …) → skipped, because
 *   a split without the supplier the merchant chose is not what they asked for.
 */
export function planRoleChange(
  current: readonly AssignmentState[],
  change: SupplierRoleChange,
  supplier: SupplierRef | null,
  nameOf: (supplierId: string) => string,
): VariantEditOutcome {
  const role = planVariantEdit(current, change.roleEdit, supplier, nameOf);
  if (!change.splitEdit) return role;
  const alreadyInRole = supplier !== null && current.some((a) => a.supplierId === supplier.id && a.role === ROLE_OF[change.roleEdit.operation]);
  if (role.kind === "skip" && !alreadyInRole) return role;

  const afterRole = role.kind === "change" ? role.next : current;
  const split = planVariantEdit(afterRole, change.splitEdit, supplier, nameOf);
  if (role.kind === "change") {
    return split.kind === "change"
      ? { kind: "change", next: split.next, summary: `${role.summary}; ${split.summary.charAt(0).toLowerCase()}${split.summary.slice(1)}` }
      : { kind: "change", next: role.next, summary: `${role.summary}; split left as is because ${split.reason}` };
  }
  // The supplier already has the role: only the split can change.
  return split.kind === "change" ? { kind: "change", next: split.next, summary: `${split.summary} (${role.reason})` } : role;
}

/** The undo banner's line: "Set Acme as primary on 12 SKUs with a 70/30 split". */
export function describeRoleChange(change: SupplierRoleChange, supplierName: string | null, skuCount: number): string {
  const base = describeBulkEdit(change.roleEdit, supplierName, skuCount);
  if (!change.splitEdit) return base;
  const primaryPct = change.splitEdit.primaryPct;
  return `${base} with a ${primaryPct}/${100 - primaryPct} split`;
}
