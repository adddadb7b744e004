import type { BulkEdit } from "./assignment.schema";

/**
 * What one bulk change does to one SKU's suppliers, decided without I/O so every rule can be
 * tested on its own: either the SKU's next set of assignments with a one-line summary, or a
 * reason it is skipped. bulk-edit.server.ts loads the rows, calls this per SKU and writes.
 */

/** The editable part of a SupplierAssignment row (id absent = to be created). */
export interface AssignmentState {
  id?: string;
  supplierId: string;
  role: "primary" | "backup";
  stage: string;
  allocationPct: number;
  leadTimeDays: number;
  leadTimeSdDays: number | null;
  moqUnits: number;
  landedCostCents: number | null;
  capacityUnitsPerMonth: number | null;
}

export interface SupplierRef {
  id: string;
  name: string;
  defaultLeadTimeDays: number;
}

export type VariantEditOutcome =
  | { kind: "change"; next: AssignmentState[]; summary: string }
  | { kind: "skip"; reason: string };

const skip = (reason: string): VariantEditOutcome => ({ kind: "skip", reason });

function newAssignment(supplier: SupplierRef, role: "primary" | "backup", stage: string, allocationPct: number): AssignmentState {
  return {
    supplierId: supplier.id,
    role,
    stage,
    allocationPct,
    leadTimeDays: supplier.defaultLeadTimeDays,
    leadTimeSdDays: null,
    moqUnits: 0,
    landedCostCents: null,
    capacityUnitsPerMonth: null,
  };
}

/** Splits `totalPct` over n backups: equal whole shares, the remainder to the first ones. */
function shareAmong(totalPct: number, n: number): number[] {
  const base = Math.floor(totalPct / n);
  return Array.from({ length: n }, (_, i) => base + (i < totalPct - base * n ? 1 : 0));
}

/**
 * Plans `edit` for one SKU. `current` is the SKU's assignments; `supplier` is the edit's
 * supplier (resolved and checked not archived by the caller), `nameOf` names any supplier.
 */
export function planVariantEdit(
  current: readonly AssignmentState[],
  edit: BulkEdit,
  supplier: SupplierRef | null,
  nameOf: (supplierId: string) => string,
): VariantEditOutcome {
  const primary = current.find((a) => a.role === "primary");
  const backups = current.filter((a) => a.role === "backup");
  const mine = supplier ? current.find((a) => a.supplierId === supplier.id) : undefined;

  switch (edit.operation) {
    case "set-primary": {
      if (!supplier) return skip("the supplier no longer exists");
      if (mine?.role === "primary") return skip(`${supplier.name} is already the primary`);
      const next = current.map((a) => ({ ...a }));
      const oldPrimary = next.find((a) => a.role === "primary");
      const target = next.find((a) => a.supplierId === supplier.id);
      if (target) {
        // A backup promoted: the two suppliers swap roles and shares.
        const targetPct = target.allocationPct;
        target.role = "primary";
        target.stage = "active";
        if (oldPrimary) {
          target.allocationPct = oldPrimary.allocationPct;
          oldPrimary.role = "backup";
          oldPrimary.allocationPct = targetPct;
        }
      } else {
        const othersPct = next.filter((a) => a !== oldPrimary).reduce((sum, a) => sum + a.allocationPct, 0);
        const pct = oldPrimary ? oldPrimary.allocationPct : Math.max(0, 100 - othersPct);
        if (oldPrimary) {
          oldPrimary.role = "backup";
          oldPrimary.allocationPct = 0;
        }
        next.push(newAssignment(supplier, "primary", "active", pct));
      }
      const demoted = oldPrimary ? `; ${nameOf(oldPrimary.supplierId)} becomes a backup (${oldPrimary.allocationPct}%)` : "";
      const pct = next.find((a) => a.supplierId === supplier.id)?.allocationPct ?? 0;
      return { kind: "change", next, summary: `${supplier.name} becomes the primary (${pct}%)${demoted}` };
    }
    case "add-backup": {
      if (!supplier) return skip("the supplier no longer exists");
      if (mine) return skip(`${supplier.name} already supplies it`);
      if (!primary) return skip("it has no primary supplier yet");
      return {
        kind: "change",
        next: [...current.map((a) => ({ ...a })), newAssignment(supplier, "backup", edit.stage, 0)],
        summary: `${supplier.name} added as a backup (${edit.stage}, 0% until the split is set)`,
      };
    }
    case "replace-backup": {
      if (!supplier) return skip("the supplier no longer exists");
      const targets = edit.replaceSupplierId ? backups.filter((a) => a.supplierId === edit.replaceSupplierId) : backups;
      if (targets.length === 0) {
        return skip(edit.replaceSupplierId ? `${nameOf(edit.replaceSupplierId)} is not one of its backups` : "it has no backup to replace");
      }
      if (mine) return skip(`${supplier.name} already supplies it`);
      const replacedPct = targets.reduce((sum, a) => sum + a.allocationPct, 0);
      const next = current.filter((a) => !targets.includes(a)).map((a) => ({ ...a }));
      next.push(newAssignment(supplier, "backup", "qualified", replacedPct));
      return {
        kind: "change",
        next,
        summary: `${supplier.name} replaces ${targets.map((a) => nameOf(a.supplierId)).join(", ")} as backup (${replacedPct}%)`,
      };
    }
    case "set-split": {
      if (!primary) return skip("it has no primary supplier");
      const backupPct = 100 - edit.primaryPct;
      if (backupPct > 0 && backups.length === 0) return skip(`it has no backup to take ${backupPct}%`);
      const shares = backups.length > 0 ? shareAmong(backupPct, backups.length) : [];
      const unchanged = primary.allocationPct === edit.primaryPct && backups.every((b, i) => b.allocationPct === shares[i]);
      if (unchanged) return skip(`it is already split ${edit.primaryPct}/${backupPct}`);
      const next = current.map((a) => {
        if (a === primary) return { ...a, allocationPct: edit.primaryPct };
        const index = backups.indexOf(a);
        return index >= 0 ? { ...a, allocationPct: shares[index] } : { ...a };
      });
      return { kind: "change", next, summary: `Split ${primary.allocationPct}% → ${edit.primaryPct}% primary, ${backupPct}% backup` };
    }
    case "set-terms": {
      if (!supplier) return skip("the supplier no longer exists");
      if (!mine) return skip(`${supplier.name} does not supply it`);
      const terms = {
        leadTimeDays: edit.leadTimeDays ?? mine.leadTimeDays,
        moqUnits: edit.moqUnits ?? mine.moqUnits,
        landedCostCents: edit.landedCostCents ?? mine.landedCostCents,
        capacityUnitsPerMonth: edit.capacityUnitsPerMonth ?? mine.capacityUnitsPerMonth,
      };
      const changed = (Object.keys(terms) as Array<keyof typeof terms>).filter((key) => terms[key] !== mine[key]);
      if (changed.length === 0) return skip(`${supplier.name} already has these terms`);
      const labels: Record<keyof typeof terms, string> = {
        leadTimeDays: "lead time",
        moqUnits: "MOQ",
        landedCostCents: "landed cost",
        capacityUnitsPerMonth: "capacity",
      };
      return {
        kind: "change",
        next: current.map((a) => (a === mine ? { ...a, ...terms } : { ...a })),
        summary: `${supplier.name}: new ${changed.map((key) => labels[key]).join(", ")}`,
      };
    }
    case "remove-supplier": {
      if (!supplier) return skip("the supplier no longer exists");
      if (!mine) return skip(`${supplier.name} does not supply it`);
      if (mine.role === "primary" && current.length > 1) return skip(`${supplier.name} is its primary; make another supplier primary first`);
      const next = current.filter((a) => a !== mine).map((a) => ({ ...a }));
      // A removed backup's share returns to the primary so the split still adds up to 100%.
      const newPrimary = next.find((a) => a.role === "primary");
      if (newPrimary) newPrimary.allocationPct += mine.allocationPct;
      return { kind: "change", next, summary: `${supplier.name} removed${mine.allocationPct > 0 ? ` (its ${mine.allocationPct}% returns to the primary)` : ""}` };
    }
  }
}

/** Human description of a bulk change for the undo banner ("Set Acme as primary on 48 SKUs"). */
export function describeBulkEdit(edit: BulkEdit, supplierName: string | null, skuCount: number): string {
  const skus = `${skuCount} SKU${skuCount === 1 ? "" : "s"}`;
  switch (edit.operation) {
    case "set-primary":
      return `Set ${supplierName} as primary on ${skus}`;
    case "add-backup":
      return `Added ${supplierName} as backup on ${skus}`;
    case "replace-backup":
      return `Replaced the backup with ${supplierName} on ${skus}`;
    case "set-split":
      return `Set the split to ${edit.primaryPct}/${100 - edit.primaryPct} on ${skus}`;
    case "set-terms":
      return `Changed ${supplierName}'s terms on ${skus}`;
    case "remove-supplier":
      return `Removed ${supplierName} from ${skus}`;
  }
}
