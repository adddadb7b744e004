import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { action as newAction } from "~/routes/app.suppliers.new";
import { loader as listLoader } from "~/routes/app.suppliers._index";
import { action, loader } from "~/routes/app.suppliers.$id/route";
import { resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { seedPrimary, seedSupplier, seedVariants } from "../models/seed-catalog";
import { callRoute, formOf, signedRequest } from "./route-client";

const SHOP = "alpha.myshopify.com";
const OTHER = "bravo.myshopify.com";

const supplierFields = {
  intent: "save",
  name: "Acme",
  region: "Vietnam",
  contactName: "",
  contactEmail: "",
  currencyCode: "USD",
  paymentTermsDays: "30",
  depositPct: "30",
  defaultLeadTimeDays: "30",
  notes: "",
};

beforeEach(async () => {
  await resetDatabase();
  await installShop({ domain: SHOP });
  await installShop({ domain: OTHER });
  await seedVariants(SHOP, 3);
});

describe("supplier pages", () => {
  it("creates a supplier and redirects to it; a bad form answers 422 next to the field", async () => {
    const created = await callRoute(newAction, await signedRequest(SHOP, "/app/suppliers/new", { body: formOf(supplierFields) }));
    expect(created.status).toBe(302);
    const supplier = await db.supplier.findFirstOrThrow({ where: { shop: SHOP, name: "Acme" } });
    expect(created.response?.headers.get("Location")).toBe(`/app/suppliers/${supplier.id}`);

    const bad = await callRoute<{ errors: Record<string, string> }>(newAction, await signedRequest(SHOP, "/app/suppliers/new", { body: formOf({ ...supplierFields, name: "Bolt", defaultLeadTimeDays: "0" }) }));
    expect(bad.status).toBe(422);
    expect(bad.data.errors).toEqual({ defaultLeadTimeDays: "Default lead time must be between 1 and 365 days" });
    expect(await db.supplier.count({ where: { shop: SHOP } })).toBe(1);

    const list = await callRoute<{ suppliers: Array<{ name: string }> }>(listLoader, await signedRequest(SHOP, "/app/suppliers"));
    expect(list.data.suppliers.map((s) => s.name)).toEqual(["Acme"]);
  });

  it("answers 404 for another shop's supplier, on read and on write", async () => {
    const theirs = await seedSupplier(OTHER, "Theirs");
    expect((await callRoute(loader, await signedRequest(SHOP, `/app/suppliers/${theirs.id}`), { id: theirs.id })).status).toBe(404);
    const write = await callRoute(action, await signedRequest(SHOP, `/app/suppliers/${theirs.id}`, { body: formOf({ intent: "archive" }) }), { id: theirs.id });
    expect(write.status).toBe(404);
    expect((await db.supplier.findUniqueOrThrow({ where: { id: theirs.id } })).archivedAt).toBeNull();
  });

  it("records three late POs and the SKU's recommended split moves toward the backup", async () => {
    const primary = await seedSupplier(SHOP, "Primary Co");
    const backup = await seedSupplier(SHOP, "Backup Co");
    await seedPrimary(SHOP, primary.id, ["1"]);
    await db.supplierAssignment.updateMany({ where: { shop: SHOP, variantId: "1" }, data: { allocationPct: 80 } });
    await db.supplierAssignment.create({ data: { shop: SHOP, variantId: "1", supplierId: backup.id, role: "backup", stage: "qualified", allocationPct: 20, leadTimeDays: 30 } });
    const url = `/app/suppliers/${primary.id}`;
    // Some sales so the SKU has a plan worth splitting.
    await db.dailySales.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({ shop: SHOP, variantId: "1", day: new Date(Date.now() - (i + 2) * 86_400_000).toISOString().slice(0, 10), units: 5, revenueCents: 10_000, orders: 5 })),
    });
    const before = await callRoute<{ scorecard: { lateStreak: number } }>(loader, await signedRequest(SHOP, url), { id: primary.id });
    expect(before.data.scorecard.lateStreak).toBe(0);
    await db.skuMetrics.deleteMany({ where: { shop: SHOP } });

    for (const month of ["01", "02", "03"]) {
      const create = await callRoute<{ saved?: boolean }>(
        action,
        await signedRequest(SHOP, url, { body: formOf({ intent: "create-po", variantId: "1", reference: `PO-${month}`, orderedUnits: "100", placedOn: `2026-${month}-01`, promisedOn: `2026-${month}-20`, landedCostCents: "" }) }),
        { id: primary.id },
      );
      expect(create.data.saved).toBe(true);
      const po = await db.purchaseOrder.findFirstOrThrow({ where: { shop: SHOP, reference: `PO-${month}` } });
      const receive = await callRoute<{ saved?: boolean }>(
        action,
        await signedRequest(SHOP, url, { body: formOf({ intent: "receive-po", purchaseOrderId: po.id, receivedOn: `2026-${month}-28`, receivedUnits: "100", defectiveUnits: "1" }) }),
        { id: primary.id },
      );
      expect(receive.data.saved).toBe(true);
    }
    const after = await callRoute<{ scorecard: { lateStreak: number; receivedCount: number } }>(loader, await signedRequest(SHOP, url), { id: primary.id });
    expect(after.data.scorecard).toMatchObject({ lateStreak: 3, receivedCount: 3 });
    const metrics = await db.skuMetrics.findUniqueOrThrow({ where: { shop_variantId: { shop: SHOP, variantId: "1" } } });
    expect(metrics.recommendedPrimaryPct).not.toBeNull();
    expect(metrics.recommendedPrimaryPct ?? 100).toBeLessThan(80);
  });

  it("rejects a receipt with more defective than received units (422) and records a pilot result", async () => {
    const acme = await seedSupplier(SHOP, "Acme");
    await seedPrimary(SHOP, acme.id, ["2"]);
    const po = await db.purchaseOrder.create({ data: { shop: SHOP, supplierId: acme.id, variantId: "2", orderedUnits: 10, placedOn: "2026-05-01", promisedOn: "2026-05-20" } });
    const url = `/app/suppliers/${acme.id}`;
    const bad = await callRoute<{ errors: Record<string, string> }>(
      action,
      await signedRequest(SHOP, url, { body: formOf({ intent: "receive-po", purchaseOrderId: po.id, receivedOn: "2026-05-19", receivedUnits: "10", defectiveUnits: "11" }) }),
      { id: acme.id },
    );
    expect(bad.status).toBe(422);
    expect(bad.data.errors).toEqual({ defectiveUnits: "Defective units cannot exceed received units" });
    const assignment = await db.supplierAssignment.findFirstOrThrow({ where: { shop: SHOP, supplierId: acme.id } });
    const pilot = await callRoute<{ saved?: boolean }>(
      action,
      await signedRequest(SHOP, url, { body: formOf({ intent: "qualification", assignmentId: assignment.id, stage: "pilot", pilotQuality: "4", pilotCommunication: "3", pilotTimeliness: "5", pilotNotes: "ok" }) }),
      { id: acme.id },
    );
    expect(pilot.data.saved).toBe(true);
    const page = await callRoute<{ assignments: Array<{ stage: string; pilotQuality: number }>; comparison: { rows: unknown[] } | null }>(
      loader,
      await signedRequest(SHOP, `${url}?compare=2`),
      { id: acme.id },
    );
    expect(page.data.assignments[0]).toMatchObject({ stage: "pilot", pilotQuality: 4 });
    expect(page.data.comparison?.rows).toHaveLength(1);
  });
});
