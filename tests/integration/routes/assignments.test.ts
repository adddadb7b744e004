import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { action, loader, type AssignmentsActionData } from "~/routes/app.assignments/route";
import { loader as csvLoader } from "~/routes/app.assignments[.]csv";
import { resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { assignmentSnapshot, seedPrimary, seedSupplier, seedVariants } from "../models/seed-catalog";
import { callRoute, formOf, signedRequest } from "./route-client";

const SHOP = "alpha.myshopify.com";
const OTHER = "bravo.myshopify.com";
let acmeId = "";

beforeEach(async () => {
  await resetDatabase();
  await installShop({ domain: SHOP });
  await installShop({ domain: OTHER });
  const ids = await seedVariants(SHOP, 12);
  await seedVariants(OTHER, 2);
  const bolt = await seedSupplier(SHOP, "Bolt");
  acmeId = (await seedSupplier(SHOP, "Acme")).id;
  await seedPrimary(SHOP, bolt.id, ids.slice(0, 10));
});

describe("/app/assignments", () => {
  it("lists the shop's SKUs with their suppliers, a page at a time", async () => {
    const result = await callRoute<{ total: number; rows: Array<{ variantId: string }>; suppliers: Array<{ name: string }> }>(
      loader,
      await signedRequest(SHOP, "/app/assignments?coverage=unassigned"),
    );
    expect(result.status).toBe(200);
    expect(result.data.total).toBe(2);
    expect(result.data.suppliers.map((s) => s.name)).toEqual(["Acme", "Bolt"]);
  });

  it("preselects the SKU a SKU page's 'Edit suppliers' link names, and ignores one not on the page", async () => {
    type Listing = { preselected: string[]; rows: Array<{ variantId: string }> };
    const [first] = (await callRoute<Listing>(loader, await signedRequest(SHOP, "/app/assignments"))).data.rows;
    const linked = await callRoute<Listing>(loader, await signedRequest(SHOP, `/app/assignments?variant=${first.variantId}`));
    expect(linked.data.preselected).toEqual([first.variantId]);
    const foreign = await callRoute<Listing>(loader, await signedRequest(SHOP, "/app/assignments?variant=does-not-exist"));
    expect(foreign.data.preselected).toEqual([]);
  });

  it("previews, applies to 10 SKUs selected by filter, and undoes once", async () => {
    const before = await assignmentSnapshot(SHOP);
    const fields = { operation: "add-backup", supplierId: acmeId, stage: "qualified", selection: "filter", filterQuery: "", filterSupplierId: "", filterCoverage: "all" };
    const preview = await callRoute<AssignmentsActionData>(action, await signedRequest(SHOP, "/app/assignments", { body: formOf({ intent: "preview", ...fields }) }));
    expect(preview.status).toBe(200);
    expect(preview.data).toMatchObject({ intent: "preview", summary: { changeCount: 10, skippedCount: 2 } });
    expect(await assignmentSnapshot(SHOP)).toEqual(before);

    const applied = await callRoute<AssignmentsActionData>(action, await signedRequest(SHOP, "/app/assignments", { body: formOf({ intent: "apply", ...fields }) }));
    expect(applied.data).toMatchObject({ intent: "apply", replannedInline: true, summary: { changeCount: 10 } });
    expect(await db.supplierAssignment.count({ where: { shop: SHOP, supplierId: acmeId } })).toBe(10);
    expect(await db.skuMetrics.count({ where: { shop: SHOP, hasBackup: true } })).toBe(10);

    const undone = await callRoute<AssignmentsActionData>(action, await signedRequest(SHOP, "/app/assignments", { body: formOf({ intent: "undo" }) }));
    expect(undone.data).toMatchObject({ intent: "undo", description: "Added Acme as backup on 10 SKUs" });
    expect(await assignmentSnapshot(SHOP)).toEqual(before);
    const again = await callRoute(action, await signedRequest(SHOP, "/app/assignments", { body: formOf({ intent: "undo" }) }));
    expect(again.status).toBe(409);
  });

  it("answers 422 with field errors for a bad form and changes nothing", async () => {
    const before = await assignmentSnapshot(SHOP);
    const result = await callRoute<{ errors: Record<string, string> }>(
      action,
      await signedRequest(SHOP, "/app/assignments", { body: formOf({ intent: "apply", operation: "set-split", primaryPct: "140", selection: "ids", variantIds: ["1"] }) }),
    );
    expect(result.status).toBe(422);
    expect(result.data.errors).toEqual({ primaryPct: "Primary share must be between 0 and 100 %" });
    expect(await assignmentSnapshot(SHOP)).toEqual(before);
  });

  it("cannot touch another shop's supplier or SKUs", async () => {
    const foreign = await seedSupplier(OTHER, "Foreign");
    const result = await callRoute<{ errors: Record<string, string> }>(
      action,
      await signedRequest(SHOP, "/app/assignments", { body: formOf({ intent: "apply", operation: "add-backup", supplierId: foreign.id, selection: "ids", variantIds: ["1"] }) }),
    );
    expect(result.status).toBe(422);
    expect(await db.supplierAssignment.count({ where: { supplierId: foreign.id } })).toBe(0);
  });

  it("imports a CSV: a bad row is reported by line with nothing saved; the fixed file is saved with a summary", async () => {
    const header = "sku,supplier,role,stage,allocation_pct,lead_time_days";
    const bad = new File([`${header}\nSKU-001,Acme,backup,qualified,0,40\nSKU-002,Acme,backup,qualified,0,0\n`], "a.csv", { type: "text/csv" });
    const rejected = await callRoute<AssignmentsActionData>(action, await signedRequest(SHOP, "/app/assignments", { body: formOf2({ intent: "import" }, bad) }));
    expect(rejected.status).toBe(422);
    expect(rejected.data).toEqual({ intent: "import", lineErrors: [{ line: 3, message: "lead_time_days must be between 1 and 365 days" }] });
    expect(await db.supplierAssignment.count({ where: { shop: SHOP, supplierId: acmeId } })).toBe(0);

    const good = new File([`${header}\nSKU-001,Acme,backup,qualified,0,40\nSKU-002,Acme,backup,qualified,0,30\n`], "a.csv", { type: "text/csv" });
    const saved = await callRoute<AssignmentsActionData>(action, await signedRequest(SHOP, "/app/assignments", { body: formOf2({ intent: "import" }, good) }));
    expect(saved.data).toMatchObject({ intent: "import", summary: { created: 2, updated: 0, unchanged: 0, skuCount: 2 } });
  });

  it("exports the current view as formula-safe CSV and serves the template", async () => {
    await db.supplier.updateMany({ where: { shop: SHOP, name: "Bolt" }, data: { name: "@Bolt" } });
    const exported = await callRoute<string>(csvLoader, await signedRequest(SHOP, "/app/assignments.csv?coverage=all&query=SKU-001"));
    expect(exported.response?.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(exported.data.split("\r\n")[1]).toBe("SKU-001,1,Mug 001,'@Bolt,primary,active,100,30,0,,");
    const template = await callRoute<string>(csvLoader, await signedRequest(SHOP, "/app/assignments.csv?template=1"));
    expect(template.data).toContain("sku,variant_id,product,supplier,role");
  });

  it("rejects a request without a valid session token", async () => {
    const request = new Request("https://backstop.test/app/assignments", { headers: { Authorization: "Bearer nope", "User-Agent": "Mozilla/5.0 Chrome/156.0" } });
    expect((await callRoute(loader, request)).status).toBe(401);
  });
});

function formOf2(fields: Record<string, string>, file: File): FormData {
  const form = formOf(fields);
  form.append("file", file);
  return form;
}
