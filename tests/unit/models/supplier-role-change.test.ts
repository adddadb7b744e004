import { describe, expect, it } from "vitest";
import { bulkEditInput } from "~/models/assignment.schema";
import { planVariantEdit, type AssignmentState, type SupplierRef } from "~/models/bulk-edit-plan";
import { describeRoleChange, planRoleChange, type RoleEdit, type SplitEdit, type SupplierRoleChange } from "~/models/supplier-role-change";

const acme: SupplierRef = { id: "acme", name: "Acme", defaultLeadTimeDays: 21 };
const names: Record<string, string> = { acme: "Acme", bolt: "Bolt" };
const nameOf = (id: string) => names[id] ?? id;

function roleEdit(operation: RoleEdit["operation"]): RoleEdit {
  const parsed = bulkEditInput("USD").parse({ operation, supplierId: "acme" });
  if (parsed.operation !== "set-primary" && parsed.operation !== "add-backup") throw new Error("not a role edit");
  return parsed;
}

function splitEdit(primaryPct: number): SplitEdit {
  const parsed = bulkEditInput("USD").parse({ operation: "set-split", primaryPct: String(primaryPct) });
  if (parsed.operation !== "set-split") throw new Error("not a split edit");
  return parsed;
}

function assignment(supplierId: string, role: "primary" | "backup", allocationPct: number): AssignmentState {
  return { id: `a-${supplierId}`, supplierId, role, stage: "active", allocationPct, leadTimeDays: 30, leadTimeSdDays: null, moqUnits: 0, landedCostCents: null, capacityUnitsPerMonth: null };
}

const change = (operation: RoleEdit["operation"], primaryPct: number | null): SupplierRoleChange => ({
  roleEdit: roleEdit(operation),
  splitEdit: primaryPct === null ? null : splitEdit(primaryPct),
});

describe("planRoleChange", () => {
  it("is exactly the in-app bulk edit when no split is given", () => {
    const current = [assignment("bolt", "primary", 100)];
    for (const operation of ["set-primary", "add-backup"] as const) {
      expect(planRoleChange(current, change(operation, null), acme, nameOf)).toEqual(planVariantEdit(current, roleEdit(operation), acme, nameOf));
    }
  });

  it("adds the backup and then sets the split, as one change", () => {
    const outcome = planRoleChange([assignment("bolt", "primary", 100)], change("add-backup", 70), acme, nameOf);
    if (outcome.kind !== "change") throw new Error(`expected a change, got ${JSON.stringify(outcome)}`);
    expect(outcome.next.map((a) => [a.supplierId, a.role, a.allocationPct, a.leadTimeDays])).toEqual([
      ["bolt", "primary", 70, 30],
      ["acme", "backup", 30, 21],
    ]);
    expect(outcome.summary).toBe("Acme added as a backup (qualified, 0% until the split is set); split 100% → 70% primary, 30% backup");
  });

  it("keeps the role change and says why when the split cannot be set", () => {
    const outcome = planRoleChange([], change("set-primary", 70), acme, nameOf);
    if (outcome.kind !== "change") throw new Error("expected a change");
    expect(outcome.next).toEqual([expect.objectContaining({ supplierId: "acme", role: "primary", allocationPct: 100 })]);
    expect(outcome.summary).toBe("Acme becomes the primary (100%); split left as is because it has no backup to take 30%");
  });

  it("only sets the split when the supplier already has the role", () => {
    const outcome = planRoleChange([assignment("bolt", "primary", 100), assignment("acme", "backup", 0)], change("add-backup", 80), acme, nameOf);
    if (outcome.kind !== "change") throw new Error("expected a change");
    expect(outcome.next.map((a) => [a.supplierId, a.allocationPct])).toEqual([
      ["bolt", 80],
      ["acme", 20],
    ]);
    expect(outcome.summary).toBe("Split 100% → 80% primary, 20% backup (Acme already supplies it)");
  });

  it("skips the SKU when the supplier already has the role and the split is already right", () => {
    expect(planRoleChange([assignment("bolt", "primary", 80), assignment("acme", "backup", 20)], change("add-backup", 80), acme, nameOf)).toEqual({
      kind: "skip",
      reason: "Acme already supplies it",
    });
  });

  it("does not set a split when the role itself is blocked (no primary to back up)", () => {
    expect(planRoleChange([], change("add-backup", 70), acme, nameOf)).toEqual({ kind: "skip", reason: "it has no primary supplier yet" });
  });

  it("does not touch the split of a SKU where the supplier holds the other role", () => {
    // Acme is the primary: "Acme as backup, 70/30" must not re-split Acme's own primary share.
    expect(planRoleChange([assignment("acme", "primary", 100), assignment("bolt", "backup", 0)], change("add-backup", 70), acme, nameOf)).toEqual({
      kind: "skip",
      reason: "Acme already supplies it",
    });
  });
});

describe("describeRoleChange", () => {
  it("names the split in the undo line when there is one", () => {
    expect(describeRoleChange(change("set-primary", 60), "Acme", 12)).toBe("Set Acme as primary on 12 SKUs with a 60/40 split");
    expect(describeRoleChange(change("add-backup", null), "Acme", 1)).toBe("Added Acme as backup on 1 SKU");
  });
});
