import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { bulkEditInput, type BulkEdit } from "~/models/assignment.schema";
import { getUndo, listAssignmentTable, replanAfterEdit, undoLastAssignmentsChange } from "~/models/assignment.server";
import { applyBulkEdit, previewBulkEdit } from "~/models/bulk-edit.server";
import { failInsertsWhere, resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { assignmentSnapshot, seedPrimary, seedSupplier, seedVariants } from "./seed-catalog";

const SHOP = "alpha.myshopify.com";
const OTHER = "bravo.myshopify.com";
const edit = (input: Record<string, unknown>): BulkEdit => bulkEditInput("USD").parse(input);

let acme: { id: string };
let bolt: { id: string };

beforeEach(async () => {
  await resetDatabase();
  await installShop({ domain: SHOP });
  await installShop({ domain: OTHER });
  const ids = await seedVariants(SHOP, 12);
  await seedVariants(OTHER, 3);
  acme = await seedSupplier(SHOP, "Acme", { defaultLeadTimeDays: 45 });
  bolt = await seedSupplier(SHOP, "Bolt");
  // SKUs 1–10 have Bolt as primary; 11 and 12 have no supplier.
  await seedPrimary(SHOP, bolt.id, ids.slice(0, 10));
});

describe("bulk edit preview", () => {
  it("counts the SKUs that would change and groups the skipped ones by reason, writing nothing", async () => {
    const before = await assignmentSnapshot(SHOP);
    const result = await previewBulkEdit(
      SHOP,
      { selection: "ids", variantIds: Array.from({ length: 12 }, (_, i) => String(i + 1)) },
      edit({ operation: "add-backup", supplierId: acme.id }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
    expect(result.summary).toMatchObject({ selectedCount: 12, changeCount: 10, skippedCount: 2 });
    expect(result.summary.skipReasons).toEqual([{ reason: "it has no primary supplier yet", count: 2, examples: ["Mug 011 (SKU-011)", "Mug 012 (SKU-012)"] }]);
    expect(await assignmentSnapshot(SHOP)).toEqual(before);
  });

  it("selects every SKU matching a filter across pages", async () => {
    const result = await previewBulkEdit(
      SHOP,
      { selection: "filter", filter: { query: "", supplierId: bolt.id, coverage: "all" } },
      edit({ operation: "add-backup", supplierId: acme.id }),
    );
    if (!result.ok) throw new Error("preview failed");
    expect(result.summary.selectedCount).toBe(10);
    expect(result.summary.changeCount).toBe(10);
  });

  it("refuses a supplier of another shop as if it did not exist", async () => {
    const foreign = await seedSupplier(OTHER, "Foreign");
    const result = await previewBulkEdit(SHOP, { selection: "ids", variantIds: ["1"] }, edit({ operation: "add-backup", supplierId: foreign.id }));
    expect(result).toEqual({ ok: false, fieldErrors: { supplierId: "That supplier does not exist or is archived" } });
  });

  it("ignores variant ids that are not this shop's", async () => {
    await db.variant.create({ data: { shop: OTHER, id: "999", productId: "p", productTitle: "Theirs" } });
    const result = await previewBulkEdit(SHOP, { selection: "ids", variantIds: ["999"] }, edit({ operation: "set-split", primaryPct: "80" }));
    expect(result).toEqual({ ok: false, fieldErrors: { form: "None of the selected SKUs exist in this shop any more" } });
  });
});

describe("bulk edit apply and undo", () => {
  it("adds a backup to 10 SKUs in one go, then undo restores exactly the previous rows once", async () => {
    const before = await assignmentSnapshot(SHOP);
    const ids = Array.from({ length: 12 }, (_, i) => String(i + 1));
    const applied = await applyBulkEdit(SHOP, { selection: "ids", variantIds: ids }, edit({ operation: "add-backup", supplierId: acme.id }));
    if (!applied.ok) throw new Error("apply failed");
    expect(applied.changedVariantIds).toHaveLength(10);
    const after = await db.supplierAssignment.findMany({ where: { shop: SHOP, supplierId: acme.id } });
    expect(after).toHaveLength(10);
    expect(after.every((a) => a.role === "backup" && a.leadTimeDays === 45 && a.allocationPct === 0)).toBe(true);
    expect(await getUndo(SHOP)).toMatchObject({ description: "Added Acme as backup on 10 SKUs", skuCount: 10 });

    const undone = await undoLastAssignmentsChange(SHOP);
    expect(undone?.variantIds).toHaveLength(10);
    expect(await assignmentSnapshot(SHOP)).toEqual(before);
    expect(await undoLastAssignmentsChange(SHOP)).toBeNull();
  });

  it("sets a split across SKUs and undo brings back the old shares", async () => {
    const ids = ["1", "2", "3"];
    await applyBulkEdit(SHOP, { selection: "ids", variantIds: ids }, edit({ operation: "add-backup", supplierId: acme.id }));
    const beforeSplit = await assignmentSnapshot(SHOP);
    const split = await applyBulkEdit(SHOP, { selection: "ids", variantIds: ids }, edit({ operation: "set-split", primaryPct: "70" }));
    if (!split.ok) throw new Error("split failed");
    expect(split.summary.changeCount).toBe(3);
    const rows = await db.supplierAssignment.findMany({ where: { shop: SHOP, variantId: "1" }, orderBy: { role: "desc" } });
    expect(rows.map((r) => [r.role, r.allocationPct])).toEqual([
      ["primary", 70],
      ["backup", 30],
    ]);
    await undoLastAssignmentsChange(SHOP);
    expect(await assignmentSnapshot(SHOP)).toEqual(beforeSplit);
  });

  it("writes nothing when one SKU's write fails mid-way (one transaction)", async () => {
    const before = await assignmentSnapshot(SHOP);
    // A trigger makes the insert for SKU 5 fail after SKUs 1–4 were written in the same transaction.
    const removeTrigger = await failInsertsWhere("SupplierAssignment", "variantId", "5");
    try {
      await expect(
        applyBulkEdit(SHOP, { selection: "ids", variantIds: ["1", "2", "3", "4", "5", "6"] }, edit({ operation: "add-backup", supplierId: acme.id })),
      ).rejects.toThrow();
    } finally {
      await removeTrigger();
    }
    expect(await assignmentSnapshot(SHOP)).toEqual(before);
    expect(await getUndo(SHOP)).toBeNull();
  });

  it("keeps each shop's undo to itself", async () => {
    await applyBulkEdit(SHOP, { selection: "ids", variantIds: ["1"] }, edit({ operation: "add-backup", supplierId: acme.id }));
    expect(await undoLastAssignmentsChange(OTHER)).toBeNull();
    expect(await getUndo(SHOP)).not.toBeNull();
  });

  it("replans the changed SKUs so their materialised plan sees the backup", async () => {
    const applied = await applyBulkEdit(SHOP, { selection: "ids", variantIds: ["1", "2"] }, edit({ operation: "add-backup", supplierId: acme.id }));
    if (!applied.ok) throw new Error("apply failed");
    expect(await replanAfterEdit(SHOP, applied.changedVariantIds)).toEqual({ replannedInline: true });
    const metrics = await db.skuMetrics.findMany({ where: { shop: SHOP, variantId: { in: ["1", "2"] } } });
    expect(metrics).toHaveLength(2);
    expect(metrics.every((m) => m.hasBackup)).toBe(true);
  });
});

describe("assignments table", () => {
  it("pages through SKUs with their suppliers and filters by coverage", async () => {
    const page = await listAssignmentTable(SHOP, { query: "", supplierId: "", coverage: "all" }, { page: 2, pageSize: 5 });
    expect(page.total).toBe(12);
    expect(page.rows.map((r) => r.variantId)).toEqual(["6", "7", "8", "9", "10"]);
    expect(page.rows[0].assignments[0]).toMatchObject({ supplierName: "Bolt", role: "primary" });
    const unassigned = await listAssignmentTable(SHOP, { query: "", supplierId: "", coverage: "unassigned" }, { page: 1, pageSize: 50 });
    expect(unassigned.rows.map((r) => r.variantId)).toEqual(["11", "12"]);
    const noBackup = await listAssignmentTable(SHOP, { query: "SKU-00", supplierId: "", coverage: "no-backup" }, { page: 1, pageSize: 50 });
    expect(noBackup.total).toBe(9);
  });
});
