import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { parseCsv } from "~/lib/csv";
import { assignmentCsvTemplate, exportAssignmentsCsv, importAssignmentsCsv } from "~/models/assignment-csv.server";
import { getUndo, undoLastAssignmentsChange } from "~/models/assignment.server";
import { resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { assignmentSnapshot, seedPrimary, seedSupplier, seedVariants } from "./seed-catalog";

const SHOP = "alpha.myshopify.com";
const HEADER = "sku,supplier,role,stage,allocation_pct,lead_time_days,moq_units,landed_cost,capacity_units_per_month";

beforeEach(async () => {
  await resetDatabase();
  await installShop({ domain: SHOP });
  await installShop({ domain: "bravo.myshopify.com" });
  await seedVariants(SHOP, 4);
  const bolt = await seedSupplier(SHOP, "Bolt");
  await seedSupplier(SHOP, "Acme Ceramics");
  await seedSupplier("bravo.myshopify.com", "Theirs");
  await seedPrimary(SHOP, bolt.id, ["1", "2"]);
});

describe("assignments CSV import", () => {
  it("reports every bad row with its line number and writes nothing", async () => {
    const before = await assignmentSnapshot(SHOP);
    const csv = [
      HEADER,
      "SKU-001,Acme Ceramics,backup,qualified,0,40,100,4.20,",
      "SKU-002,Acme Ceramics,spare,qualified,20,40,,,",
      "SKU-404,Acme Ceramics,backup,,0,40,,,",
      "SKU-003,Theirs,backup,,0,40,,,",
      "SKU-004,Acme Ceramics,backup,,0,0,,4.2.0,",
    ].join("\n");
    const result = await importAssignmentsCsv(SHOP, csv, "USD");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { line: 3, message: "role must be primary or backup" },
      { line: 4, message: 'no SKU "SKU-404" in this shop' },
      { line: 5, message: 'no supplier named "Theirs"; create it on the Suppliers page first' },
      { line: 6, message: "lead_time_days must be between 1 and 365 days; landed_cost must be an amount in USD, like 4.20" },
    ]);
    expect(await assignmentSnapshot(SHOP)).toEqual(before);
    expect(await getUndo(SHOP)).toBeNull();
  });

  it("checks whole SKUs: a second primary or shares above 100% are errors on the row that causes them", async () => {
    const csv = [HEADER, "SKU-001,Acme Ceramics,primary,active,20,40,,,", "SKU-002,Acme Ceramics,backup,active,30,40,,,"].join("\r\n");
    const result = await importAssignmentsCsv(SHOP, csv, "USD");
    if (result.ok) throw new Error("expected errors");
    expect(result.errors).toEqual([
      { line: 2, message: "this SKU would have 2 primary suppliers: Bolt (already saved), Acme Ceramics (line 2); make all but one a backup" },
      { line: 2, message: "allocations for this SKU would add up to 120%; they must not exceed 100%" },
      { line: 3, message: "allocations for this SKU would add up to 130%; they must not exceed 100%" },
    ]);
  });

  it("imports a valid file, summarises the change, and can be undone once", async () => {
    const before = await assignmentSnapshot(SHOP);
    const csv = [
      "\uFEFF" + HEADER,
      "SKU-001,Bolt,primary,active,80,30,,,",
      "SKU-001,acme ceramics,backup,qualified,20,40,100,4.20,5000",
      "SKU-003,Acme Ceramics,primary,active,100,35,,,",
      "SKU-002,Bolt,primary,active,100,30,0,,",
    ].join("\r\n");
    const result = await importAssignmentsCsv(SHOP, csv, "USD");
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.summary).toMatchObject({ created: 2, updated: 1, unchanged: 1, skuCount: 2 });
    const backup = await db.supplierAssignment.findFirst({ where: { shop: SHOP, variantId: "1", role: "backup" } });
    expect(backup).toMatchObject({ allocationPct: 20, leadTimeDays: 40, moqUnits: 100, landedCostCents: 420, capacityUnitsPerMonth: 5000, stage: "qualified" });
    await undoLastAssignmentsChange(SHOP);
    expect(await assignmentSnapshot(SHOP)).toEqual(before);
  });

  it("refuses a file without the required columns or with a broken quote", async () => {
    expect(await importAssignmentsCsv(SHOP, "sku,supplier\nSKU-001,Bolt", "USD")).toEqual({
      ok: false,
      errors: [{ line: 1, message: "Missing columns: role, allocation_pct, lead_time_days" }],
    });
    expect(await importAssignmentsCsv(SHOP, `${HEADER}\n"SKU-001,Bolt`, "USD")).toEqual({
      ok: false,
      errors: [{ line: 2, message: "a quoted field is never closed" }],
    });
  });
});

describe("assignments CSV export", () => {
  it("exports the view in the import's columns and re-imports without changes", async () => {
    await db.supplier.updateMany({ where: { shop: SHOP, name: "Bolt" }, data: { name: "=Bolt" } });
    const csv = await exportAssignmentsCsv(SHOP, { query: "", supplierId: "", coverage: "all" }, "USD");
    const records = parseCsv(csv);
    expect(records[0].fields[0]).toBe("sku");
    expect(records).toHaveLength(5); // header + 2 assigned + 2 unassigned SKUs
    expect(records[1].fields[3]).toBe("'=Bolt");
    const result = await importAssignmentsCsv(SHOP, csv, "USD");
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.summary).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it("offers a template whose example row names the columns in order", () => {
    const [header, example] = parseCsv(assignmentCsvTemplate());
    expect(header.fields).toContain("allocation_pct");
    expect(example.fields).toHaveLength(header.fields.length);
  });
});
