import { describe, expect, it } from "vitest";
import { bulkEditInput, type BulkEdit } from "~/models/assignment.schema";
import { planVariantEdit, type AssignmentState, type SupplierRef } from "~/models/bulk-edit-plan";

const acme: SupplierRef = { id: "acme", name: "Acme", defaultLeadTimeDays: 40 };
const names: Record<string, string> = { acme: "Acme", bolt: "Bolt", cobalt: "Cobalt" };
const nameOf = (id: string) => names[id] ?? id;
const edit = (input: Record<string, unknown>): BulkEdit => bulkEditInput("USD").parse(input);

function assignment(supplierId: string, role: "primary" | "backup", allocationPct: number, extra: Partial<AssignmentState> = {}): AssignmentState {
  return { id: `a-${supplierId}`, supplierId, role, stage: "active", allocationPct, leadTimeDays: 30, leadTimeSdDays: null, moqUnits: 0, landedCostCents: null, capacityUnitsPerMonth: null, ...extra };
}

describe("set-primary", () => {
  it("adds a new supplier as primary with the old primary's share and demotes the old primary to a 0% backup", () => {
    const outcome = planVariantEdit([assignment("bolt", "primary", 100)], edit({ operation: "set-primary", supplierId: "acme" }), acme, nameOf);
    expect(outcome.kind).toBe("change");
    if (outcome.kind !== "change") return;
    expect(outcome.next).toEqual([
      expect.objectContaining({ supplierId: "bolt", role: "backup", allocationPct: 0 }),
      expect.objectContaining({ supplierId: "acme", role: "primary", allocationPct: 100, leadTimeDays: 40 }),
    ]);
    expect(outcome.summary).toContain("Acme becomes the primary");
  });

  it("swaps roles and shares when a backup is promoted", () => {
    const outcome = planVariantEdit(
      [assignment("bolt", "primary", 80), assignment("acme", "backup", 20, { stage: "qualified" })],
      edit({ operation: "set-primary", supplierId: "acme" }),
      acme,
      nameOf,
    );
    if (outcome.kind !== "change") throw new Error("expected a change");
    expect(outcome.next.find((a) => a.supplierId === "acme")).toMatchObject({ role: "primary", allocationPct: 80, stage: "active", id: "a-acme" });
    expect(outcome.next.find((a) => a.supplierId === "bolt")).toMatchObject({ role: "backup", allocationPct: 20 });
  });

  it("skips a SKU whose primary it already is", () => {
    expect(planVariantEdit([assignment("acme", "primary", 100)], edit({ operation: "set-primary", supplierId: "acme" }), acme, nameOf)).toEqual({
      kind: "skip",
      reason: "Acme is already the primary",
    });
  });
});

describe("add-backup and replace-backup", () => {
  it("adds a backup at 0% with the supplier's default lead time", () => {
    const outcome = planVariantEdit([assignment("bolt", "primary", 100)], edit({ operation: "add-backup", supplierId: "acme" }), acme, nameOf);
    if (outcome.kind !== "change") throw new Error("expected a change");
    expect(outcome.next[1]).toMatchObject({ supplierId: "acme", role: "backup", allocationPct: 0, leadTimeDays: 40, stage: "qualified" });
    expect(outcome.next[1].id).toBeUndefined();
  });

  it.each([
    ["a SKU without a primary", [] as AssignmentState[], "it has no primary supplier yet"],
    ["a SKU the supplier already supplies", [assignment("bolt", "primary", 90), assignment("acme", "backup", 10)], "Acme already supplies it"],
  ])("skips %s", (_name, current, reason) => {
    expect(planVariantEdit(current, edit({ operation: "add-backup", supplierId: "acme" }), acme, nameOf)).toEqual({ kind: "skip", reason });
  });

  it("replaces every backup, handing the new one their combined share", () => {
    const outcome = planVariantEdit(
      [assignment("bolt", "primary", 70), assignment("cobalt", "backup", 30)],
      edit({ operation: "replace-backup", supplierId: "acme" }),
      acme,
      nameOf,
    );
    if (outcome.kind !== "change") throw new Error("expected a change");
    expect(outcome.next.map((a) => [a.supplierId, a.role, a.allocationPct])).toEqual([
      ["bolt", "primary", 70],
      ["acme", "backup", 30],
    ]);
    expect(outcome.summary).toBe("Acme replaces Cobalt as backup (30%)");
  });

  it("skips replacing when there is no backup", () => {
    expect(planVariantEdit([assignment("bolt", "primary", 100)], edit({ operation: "replace-backup", supplierId: "acme" }), acme, nameOf)).toEqual({
      kind: "skip",
      reason: "it has no backup to replace",
    });
  });
});

describe("set-split", () => {
  it("gives the primary the share and divides the rest among backups, remainder to the first", () => {
    const outcome = planVariantEdit(
      [assignment("bolt", "primary", 100), assignment("acme", "backup", 0), assignment("cobalt", "backup", 0)],
      edit({ operation: "set-split", primaryPct: "75" }),
      null,
      nameOf,
    );
    if (outcome.kind !== "change") throw new Error("expected a change");
    expect(outcome.next.map((a) => a.allocationPct)).toEqual([75, 13, 12]);
  });

  it("skips a SKU with no backup to take the rest, and one already at that split", () => {
    expect(planVariantEdit([assignment("bolt", "primary", 100)], edit({ operation: "set-split", primaryPct: "80" }), null, nameOf)).toEqual({
      kind: "skip",
      reason: "it has no backup to take 20%",
    });
    expect(
      planVariantEdit([assignment("bolt", "primary", 80), assignment("acme", "backup", 20)], edit({ operation: "set-split", primaryPct: "80" }), null, nameOf),
    ).toEqual({ kind: "skip", reason: "it is already split 80/20" });
  });
});

describe("set-terms and remove-supplier", () => {
  it("changes only the terms given and names them", () => {
    const outcome = planVariantEdit(
      [assignment("acme", "primary", 100, { moqUnits: 50 })],
      edit({ operation: "set-terms", supplierId: "acme", leadTimeDays: "21", landedCostCents: "4.25" }),
      acme,
      nameOf,
    );
    if (outcome.kind !== "change") throw new Error("expected a change");
    expect(outcome.next[0]).toMatchObject({ leadTimeDays: 21, moqUnits: 50, landedCostCents: 425 });
    expect(outcome.summary).toBe("Acme: new lead time, landed cost");
  });

  it("rejects a terms edit with no terms at all", () => {
    expect(bulkEditInput("USD").safeParse({ operation: "set-terms", supplierId: "acme" }).success).toBe(false);
  });

  it("returns a removed backup's share to the primary", () => {
    const outcome = planVariantEdit(
      [assignment("bolt", "primary", 80), assignment("acme", "backup", 20)],
      edit({ operation: "remove-supplier", supplierId: "acme" }),
      acme,
      nameOf,
    );
    if (outcome.kind !== "change") throw new Error("expected a change");
    expect(outcome.next).toEqual([expect.objectContaining({ supplierId: "bolt", allocationPct: 100 })]);
  });

  it("refuses to remove a primary that still has backups", () => {
    expect(
      planVariantEdit([assignment("acme", "primary", 80), assignment("bolt", "backup", 20)], edit({ operation: "remove-supplier", supplierId: "acme" }), acme, nameOf),
    ).toEqual({ kind: "skip", reason: "Acme is its primary; make another supplier primary first" });
  });
});
