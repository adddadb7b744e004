import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { SupplierInput, QualificationInput } from "~/models/supplier.schema";
import { createSupplier, getSupplier, getSupplierScorecard, listSuppliers, setSupplierArchived, updateQualification, updateSupplier } from "~/models/supplier.server";
import { purchaseOrderInput, ReceiveInput } from "~/models/purchase-order.schema";
import { createPurchaseOrder, importPurchaseOrdersCsv, listPurchaseOrders, receivePurchaseOrder, updatePurchaseOrder } from "~/models/purchase-order.server";
import { resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { seedPrimary, seedSupplier, seedVariants } from "./seed-catalog";

const SHOP = "alpha.myshopify.com";
const OTHER = "bravo.myshopify.com";

const supplierForm = (over: Record<string, string> = {}) =>
  SupplierInput.parse({
    name: "Acme",
    region: "Vietnam",
    contactName: "Linh",
    contactEmail: "linh@acme.example",
    currencyCode: "usd",
    paymentTermsDays: "30",
    depositPct: "30",
    defaultLeadTimeDays: "35",
    notes: "",
    ...over,
  });

beforeEach(async () => {
  await resetDatabase();
  await installShop({ domain: SHOP });
  await installShop({ domain: OTHER });
  await seedVariants(SHOP, 3);
});

describe("supplier directory", () => {
  it("creates, edits and archives a supplier, refusing a duplicate name", async () => {
    const created = await createSupplier(SHOP, supplierForm());
    if (!created.ok) throw new Error("create failed");
    expect(await createSupplier(SHOP, supplierForm())).toEqual({ ok: false, fieldErrors: { name: 'A supplier named "Acme" already exists (archived suppliers count too)' } });
    const updated = await updateSupplier(SHOP, created.supplier.id, supplierForm({ region: "Portugal", defaultLeadTimeDays: "20" }));
    expect(updated.ok).toBe(true);
    expect(await getSupplier(SHOP, created.supplier.id)).toMatchObject({ region: "Portugal", defaultLeadTimeDays: 20, currencyCode: "USD" });
    expect(await setSupplierArchived(SHOP, created.supplier.id, true)).toEqual([]);
    expect(await listSuppliers(SHOP)).toHaveLength(0);
    expect(await listSuppliers(SHOP, { includeArchived: true })).toHaveLength(1);
  });

  it("treats another shop's supplier as missing for reads and writes", async () => {
    const theirs = await seedSupplier(OTHER, "Theirs");
    expect(await getSupplier(SHOP, theirs.id)).toBeNull();
    expect(await updateSupplier(SHOP, theirs.id, supplierForm())).toEqual({ ok: false, notFound: true });
    expect(await setSupplierArchived(SHOP, theirs.id, true)).toBeNull();
    expect((await db.supplier.findUnique({ where: { id: theirs.id } }))?.archivedAt).toBeNull();
  });

  it("explains bad form values field by field", () => {
    const result = SupplierInput.safeParse({ name: " ", currencyCode: "XX", paymentTermsDays: "-1", depositPct: "abc", defaultLeadTimeDays: "2.5", contactEmail: "nope" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toMatchObject({
      name: "Name is required",
      currencyCode: "Currency must be a three-letter ISO code such as USD or EUR",
      paymentTermsDays: "Payment terms must be between 0 and 365 days",
      depositPct: "Deposit must be a number",
      defaultLeadTimeDays: "Default lead time must be a whole number",
      contactEmail: "Contact email must look like name@example.com",
    });
  });
});

describe("qualification pipeline", () => {
  it("moves a supplier × SKU to pilot with scores, and refuses another supplier's assignment", async () => {
    const acme = await seedSupplier(SHOP, "Acme");
    const bolt = await seedSupplier(SHOP, "Bolt");
    await seedPrimary(SHOP, acme.id, ["1"]);
    const assignment = await db.supplierAssignment.findFirstOrThrow({ where: { shop: SHOP, supplierId: acme.id } });
    const input = QualificationInput.parse({ assignmentId: assignment.id, stage: "pilot", pilotQuality: "4", pilotCommunication: "5", pilotTimeliness: "", pilotNotes: "Good samples" });
    expect(await updateQualification(SHOP, bolt.id, input)).toBeNull();
    expect(await updateQualification(SHOP, acme.id, input)).toEqual({ variantId: "1" });
    expect(await db.supplierAssignment.findUniqueOrThrow({ where: { id: assignment.id } })).toMatchObject({
      stage: "pilot",
      pilotQuality: 4,
      pilotCommunication: 5,
      pilotTimeliness: null,
      pilotNotes: "Good samples",
    });
    expect(QualificationInput.safeParse({ assignmentId: assignment.id, stage: "pilot", pilotQuality: "6" }).success).toBe(false);
  });
});

describe("purchase orders and the scorecard", () => {
  it("creates, edits and receives POs, and the scorecard reflects lateness and defects", async () => {
    const acme = await seedSupplier(SHOP, "Acme", { defaultLeadTimeDays: 30 });
    const form = purchaseOrderInput("USD");
    const ids: string[] = [];
    for (const [placedOn, promisedOn] of [
      ["2026-01-01", "2026-01-31"],
      ["2026-03-01", "2026-03-31"],
    ]) {
      const created = await createPurchaseOrder(SHOP, acme.id, form.parse({ variantId: "1", reference: "PO", orderedUnits: "100", placedOn, promisedOn, landedCostCents: "5.00" }));
      if (!created.ok) throw new Error("create failed");
      ids.push(created.id);
    }
    const edited = await updatePurchaseOrder(SHOP, acme.id, ids[1], form.parse({ variantId: "2", reference: "PO-2", orderedUnits: "120", placedOn: "2026-03-01", promisedOn: "2026-03-31" }));
    expect(edited).toMatchObject({ ok: true, variantId: "2", previousVariantId: "1" });
    // First PO 10 days late with 10% defects; second on time.
    await receivePurchaseOrder(SHOP, acme.id, ReceiveInput.parse({ purchaseOrderId: ids[0], receivedOn: "2026-02-10", receivedUnits: "100", defectiveUnits: "10" }));
    await receivePurchaseOrder(SHOP, acme.id, ReceiveInput.parse({ purchaseOrderId: ids[1], receivedOn: "2026-03-30", receivedUnits: "120", defectiveUnits: "0" }));
    const scorecard = await getSupplierScorecard(SHOP, acme.id, "2026-06-01", 2);
    if (!scorecard) throw new Error("no scorecard");
    expect(scorecard.performance.receivedCount).toBe(2);
    expect(scorecard.performance.observedOnTimeRate).toBe(0.5);
    expect(scorecard.performance.defectRate).toBeCloseTo(10 / 220, 6);
    expect(scorecard.points.map((p) => [p.promisedLeadTimeDays, p.actualLeadTimeDays, p.costPerGoodUnitCents])).toEqual([
      [30, 40, 556],
      [30, 29, null],
    ]);
  });

  it("refuses impossible receipts and POs for another shop's supplier or SKU", async () => {
    const acme = await seedSupplier(SHOP, "Acme");
    const theirs = await seedSupplier(OTHER, "Theirs");
    const form = purchaseOrderInput("USD");
    const po = form.parse({ variantId: "1", orderedUnits: "10", placedOn: "2026-05-01", promisedOn: "2026-05-20" });
    expect(await createPurchaseOrder(SHOP, theirs.id, po)).toEqual({ ok: false, notFound: true });
    expect(await createPurchaseOrder(SHOP, acme.id, { ...po, variantId: "999" })).toEqual({ ok: false, fieldErrors: { variantId: "Choose a SKU of this shop" } });
    const created = await createPurchaseOrder(SHOP, acme.id, po);
    if (!created.ok) throw new Error("create failed");
    expect(ReceiveInput.safeParse({ purchaseOrderId: created.id, receivedOn: "2026-05-10", receivedUnits: "5", defectiveUnits: "6" }).error?.issues[0].message).toBe(
      "Defective units cannot exceed received units",
    );
    expect(await receivePurchaseOrder(SHOP, acme.id, ReceiveInput.parse({ purchaseOrderId: created.id, receivedOn: "2026-04-01", receivedUnits: "5", defectiveUnits: "0" }))).toEqual({
      ok: false,
      fieldErrors: { receivedOn: "Received date cannot be before the order date (2026-05-01)" },
    });
    expect(form.safeParse({ variantId: "1", orderedUnits: "10", placedOn: "2026-05-01", promisedOn: "2026-04-01" }).error?.issues[0].message).toBe(
      "Promised date cannot be before the order date",
    );
  });

  it("imports POs from CSV all-or-nothing with line-numbered errors", async () => {
    const acme = await seedSupplier(SHOP, "Acme");
    const header = "sku,reference,is_pilot,ordered_units,placed_on,promised_on,landed_cost,received_on,received_units,defective_units";
    const bad = [header, "SKU-001,A1,no,100,2026-01-01,2026-01-31,4.00,2026-02-01,100,2", "SKU-002,A2,maybe,100,2026-01-01,2026-02-30,,,,"].join("\n");
    const rejected = await importPurchaseOrdersCsv(SHOP, acme.id, bad, "USD");
    expect(rejected).toEqual({ ok: false, errors: [{ line: 3, message: "is_pilot must be yes or no; promised_on is not a real date" }] });
    expect(await listPurchaseOrders(SHOP, acme.id)).toHaveLength(0);
    const good = [header, "SKU-001,A1,no,100,2026-01-01,2026-01-31,4.00,2026-02-01,100,2", "SKU-002,A2,yes,20,2026-01-01,2026-02-28,,,,"].join("\n");
    expect(await importPurchaseOrdersCsv(SHOP, acme.id, good, "USD")).toEqual({ ok: true, created: 2, variantIds: ["1", "2"] });
    const rows = await listPurchaseOrders(SHOP, acme.id);
    expect(rows.find((r) => r.reference === "A1")).toMatchObject({ landedCostCents: 400, receivedUnits: 100, defectiveUnits: 2, isPilot: false });
    expect(rows.find((r) => r.reference === "A2")).toMatchObject({ isPilot: true, receivedOn: null });
  });
});
