import { beforeEach, describe, expect, it } from "vitest";
import db from "~/db.server";
import { action, loader } from "~/routes/api.extensions.bulk-supplier";
import { action as inAppAction, type AssignmentsActionData } from "~/routes/app.assignments/route";
import type { BulkSupplierOptions, BulkSupplierResponse, ExtensionApiError } from "~/models/extension-api";
import { resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { assignmentSnapshot, seedPrimary, seedSupplier } from "../models/seed-catalog";
import { callRoute, formOf, signedRequest } from "../routes/route-client";
import { EXTENSION_ORIGIN, callExtensionRoute, extensionRequest, sessionToken, type TokenKind } from "./extension-client";

const ALPHA = "alpha.myshopify.com";
const BRAVO = "bravo.myshopify.com";
const PATH = "/api/extensions/bulk-supplier";
const gid = (id: string) => `gid://shopify/Product/${id}`;

let acmeId = "";
let boltId = "";
let bravoSupplierId = "";

/** Variants of numbered products, as the catalog sync stores them (numeric product ids). */
async function seedProducts(shop: string, products: Record<string, string[]>) {
  for (const [productId, variantIds] of Object.entries(products)) {
    await db.variant.createMany({
      data: variantIds.map((id, i) => ({
        shop,
        id,
        productId,
        productTitle: `Lamp ${productId}`,
        variantTitle: i === 0 ? "Brass" : `Colour ${i + 1}`,
        sku: `LAMP-${id}`,
        priceCents: 4_000,
        available: 20,
      })),
    });
  }
}

/** Everything an extension call could change: assignments of both shops and the undo rows. */
async function worldSnapshot() {
  return {
    alpha: await assignmentSnapshot(ALPHA),
    bravo: await assignmentSnapshot(BRAVO),
    undo: await db.assignmentUndo.findMany({ orderBy: { shop: "asc" }, select: { shop: true, description: true, variantIdsJson: true } }),
  };
}

async function post<T>(json: unknown, options: { shop?: string; token?: TokenKind } = {}) {
  const token = await sessionToken(options.shop ?? ALPHA, options.token ?? "valid");
  return callExtensionRoute<T>(action, extensionRequest(PATH, { token, json }));
}

const change = (fields: Record<string, unknown>) => ({ intent: "preview", role: "primary", primaryPct: null, ...fields });

beforeEach(async () => {
  await resetDatabase();
  await installShop({ domain: ALPHA });
  await installShop({ domain: BRAVO });
  // 7001: two variants with Bolt as primary; 7002: one variant, no supplier; 7003: one variant
  // with Bolt primary. Bravo has its own product 8001 and a product with alpha's number 7001.
  await seedProducts(ALPHA, { "7001": ["11", "12"], "7002": ["21"], "7003": ["31"] });
  await seedProducts(BRAVO, { "8001": ["81"], "7001": ["11"] });
  boltId = (await seedSupplier(ALPHA, "Bolt")).id;
  acmeId = (await seedSupplier(ALPHA, "Acme", { defaultLeadTimeDays: 21 })).id;
  await seedPrimary(ALPHA, boltId, ["11", "12", "31"]);
  bravoSupplierId = (await seedSupplier(BRAVO, "Bravo Works")).id;
  await seedPrimary(BRAVO, bravoSupplierId, ["81", "11"]);
});

describe("session tokens on /api/extensions/bulk-supplier", () => {
  it("answers a valid token with the token's shop's suppliers, with CORS headers for the extension origin", async () => {
    const result = await callExtensionRoute<BulkSupplierOptions>(loader, extensionRequest(PATH, { token: await sessionToken(ALPHA) }));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ suppliers: [{ id: acmeId, name: "Acme" }, { id: boltId, name: "Bolt" }], undo: null });
    expect(result.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("answers the CORS preflight without a token", async () => {
    const result = await callExtensionRoute(loader, extensionRequest(PATH, { method: "OPTIONS", token: null }));
    expect(result.status).toBe(204);
    expect(result.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
  });

  it.each<TokenKind>(["expired", "wrong-audience", "wrong-secret"])("rejects an apply with a %s token (401) and changes nothing", async (kind) => {
    const before = await worldSnapshot();
    const result = await post(change({ intent: "apply", productIds: [gid("7002")], supplierId: acmeId }), { token: kind });
    expect(result.status).toBe(401);
    expect(await worldSnapshot()).toEqual(before);
  });

  it("rejects a request without a token (401) instead of starting the login flow", async () => {
    const result = await callExtensionRoute<ExtensionApiError>(loader, extensionRequest(PATH, { token: null }));
    expect(result.status).toBe(401);
    expect(result.body.errors.form).toMatch(/session token/);
    expect(result.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });
});

describe("preview, apply and undo from the product index", () => {
  it("previews a new primary on the selected products' variants, says which are skipped and why, and writes nothing", async () => {
    await seedPrimary(ALPHA, acmeId, ["31"]);
    await db.supplierAssignment.deleteMany({ where: { shop: ALPHA, variantId: "31", supplierId: boltId } });
    const before = await worldSnapshot();
    const result = await post<BulkSupplierResponse>(change({ productIds: [gid("7001"), gid("7002"), gid("7003")], supplierId: acmeId }));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      intent: "preview",
      productCount: 3,
      unsyncedProductCount: 0,
      summary: { selectedCount: 4, changeCount: 3, skippedCount: 1, skipReasons: [{ reason: "Acme is already the primary", count: 1, examples: ["Lamp 7003 – Brass (LAMP-31)"] }] },
    });
    expect(await worldSnapshot()).toEqual(before);
  });

  it("gives the same preview as the in-app bulk edit for the same SKUs (one implementation of the rules)", async () => {
    const fromExtension = await post<BulkSupplierResponse>(change({ role: "backup", productIds: [gid("7001"), gid("7002")], supplierId: acmeId }));
    const inApp = await callRoute<AssignmentsActionData>(
      inAppAction,
      await signedRequest(ALPHA, "/app/assignments", {
        body: formOf({ intent: "preview", operation: "add-backup", supplierId: acmeId, stage: "qualified", selection: "ids", variantIds: ["11", "12", "21"] }),
      }),
    );
    expect(fromExtension.status).toBe(200);
    expect(inApp.data).toHaveProperty("summary");
    expect(fromExtension.body).toMatchObject({ summary: "summary" in inApp.data ? inApp.data.summary : null });
  });

  it("applies a backup with a 70/30 split in one transaction, replans, and undoes it exactly once", async () => {
    const before = await worldSnapshot();
    const applied = await post<BulkSupplierResponse>(change({ intent: "apply", role: "backup", primaryPct: 70, productIds: [gid("7001"), gid("7002")], supplierId: acmeId }));
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      intent: "apply",
      replannedInline: true,
      summary: {
        description: "Added Acme as backup on 2 SKUs with a 70/30 split",
        changeCount: 2,
        skipReasons: [{ reason: "it has no primary supplier yet", count: 1 }],
      },
    });
    const rows = await db.supplierAssignment.findMany({ where: { shop: ALPHA, variantId: { in: ["11", "12"] } }, orderBy: [{ variantId: "asc" }, { role: "desc" }] });
    expect(rows.map((r) => [r.variantId, r.supplierId, r.role, r.allocationPct, r.leadTimeDays])).toEqual([
      ["11", boltId, "primary", 70, 30],
      ["11", acmeId, "backup", 30, 21],
      ["12", boltId, "primary", 70, 30],
      ["12", acmeId, "backup", 30, 21],
    ]);
    expect(await db.skuMetrics.count({ where: { shop: ALPHA, variantId: { in: ["11", "12"] }, hasBackup: true } })).toBe(2);
    expect(await db.supplierAssignment.count({ where: { shop: BRAVO } })).toBe(2);

    const options = await callExtensionRoute<BulkSupplierOptions>(loader, extensionRequest(PATH, { token: await sessionToken(ALPHA) }));
    expect(options.body.undo).toEqual({ description: "Added Acme as backup on 2 SKUs with a 70/30 split", skuCount: 2 });

    const undone = await post<BulkSupplierResponse>({ intent: "undo" });
    expect(undone).toMatchObject({ status: 200, body: { intent: "undo", description: "Added Acme as backup on 2 SKUs with a 70/30 split" } });
    expect(await worldSnapshot()).toEqual(before);
    const again = await post<ExtensionApiError>({ intent: "undo" });
    expect(again.status).toBe(409);
    expect(again.body.errors.form).toMatch(/no change to undo/);
  });

  it("leaves out selected products Backstop has not synced and says how many", async () => {
    const result = await post<BulkSupplierResponse>(change({ productIds: [gid("7002"), gid("999999")], supplierId: acmeId }));
    expect(result.body).toMatchObject({ productCount: 1, unsyncedProductCount: 1, summary: { selectedCount: 1, changeCount: 1 } });
  });
});

describe("another shop's products and suppliers", () => {
  it("answers 404 when shop A's token asks for shop B's product, and changes nothing in either shop", async () => {
    const before = await worldSnapshot();
    const result = await post<ExtensionApiError>(change({ intent: "apply", productIds: [gid("8001")], supplierId: acmeId }));
    expect(result.status).toBe(404);
    expect(result.body.errors.form).toMatch(/None of the selected products are in Backstop yet/);
    expect(await worldSnapshot()).toEqual(before);
  });

  it("acts only on the token's shop when both shops have a product with the same id", async () => {
    await post(change({ intent: "apply", role: "backup", productIds: [gid("7001")], supplierId: acmeId }));
    expect(await db.supplierAssignment.count({ where: { shop: ALPHA, supplierId: acmeId } })).toBe(2);
    expect(await assignmentSnapshot(BRAVO)).toEqual([
      expect.objectContaining({ variantId: "11", supplierId: bravoSupplierId, role: "primary", allocationPct: 100 }),
      expect.objectContaining({ variantId: "81", supplierId: bravoSupplierId, role: "primary", allocationPct: 100 }),
    ]);
  });

  it("refuses shop B's supplier on shop A's products (422) and changes nothing", async () => {
    const before = await worldSnapshot();
    const result = await post<ExtensionApiError>(change({ intent: "apply", productIds: [gid("7002")], supplierId: bravoSupplierId }));
    expect(result.status).toBe(422);
    expect(result.body.errors).toEqual({ supplierId: "That supplier does not exist or is archived" });
    expect(await worldSnapshot()).toEqual(before);
  });
});

describe("malformed input gets a clear 4xx and changes nothing", () => {
  const cases: Array<{ name: string; status: number; body: unknown; raw?: string; errors: Record<string, string | RegExp> }> = [
    { name: "a body that is not JSON", status: 400, body: undefined, raw: "intent=apply&supplierId=1", errors: { form: /must be a JSON object/ } },
    { name: "an unknown intent", status: 400, body: { intent: "delete-everything" }, errors: { intent: /"preview", "apply" or "undo"/ } },
    { name: "no products", status: 422, body: { intent: "apply", role: "primary", productIds: [], supplierId: "x" }, errors: { productIds: "Select at least one product" } },
    { name: "a product id that is not a product", status: 422, body: { intent: "apply", role: "primary", productIds: ["gid://shopify/Order/1"], supplierId: "x" }, errors: { "productIds.0": /gid:\/\/shopify\/Product\/123/ } },
    { name: "an unknown role", status: 422, body: { intent: "apply", role: "owner", productIds: [gid("7001")], supplierId: "x" }, errors: { role: /"primary" or "backup"/ } },
    { name: "no supplier", status: 422, body: { intent: "apply", role: "primary", productIds: [gid("7001")] }, errors: { supplierId: "Choose a supplier" } },
    { name: "a split over 100%", status: 422, body: { intent: "apply", role: "backup", productIds: [gid("7001")], supplierId: "acme", primaryPct: 140 }, errors: { primaryPct: "Primary share must be between 0 and 100 %" } },
    { name: "a fractional split", status: 422, body: { intent: "apply", role: "backup", productIds: [gid("7001")], supplierId: "acme", primaryPct: 62.5 }, errors: { primaryPct: "Primary share must be a whole number" } },
  ];

  it.each(cases)("$name → $status", async ({ status, body, raw, errors }) => {
    const before = await worldSnapshot();
    const token = await sessionToken(ALPHA);
    const json = body && typeof body === "object" && "supplierId" in body && body.supplierId === "acme" ? { ...body, supplierId: acmeId } : body;
    const result = await callExtensionRoute<ExtensionApiError>(action, extensionRequest(PATH, raw === undefined ? { token, json } : { token, rawBody: raw }));
    expect(result.status).toBe(status);
    expect(Object.keys(result.body.errors)).toEqual(Object.keys(errors));
    for (const [field, message] of Object.entries(errors)) expect(result.body.errors[field]).toMatch(message);
    expect(result.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await worldSnapshot()).toEqual(before);
  });

  it("refuses other methods than POST with 405", async () => {
    const result = await callExtensionRoute<ExtensionApiError>(action, extensionRequest(PATH, { method: "PUT", token: await sessionToken(ALPHA), json: { intent: "undo" } }));
    expect(result.status).toBe(405);
  });

  it("sends CORS headers only to another origin (the extension sandbox)", async () => {
    const request = extensionRequest(PATH, { token: await sessionToken(ALPHA) });
    expect(request.headers.get("Origin")).toBe(EXTENSION_ORIGIN);
    const sameOrigin = new Request(request.url, { headers: { Authorization: request.headers.get("Authorization") ?? "", "User-Agent": request.headers.get("User-Agent") ?? "", Origin: "https://backstop.test" } });
    const result = await callExtensionRoute(loader, sameOrigin);
    expect(result.status).toBe(200);
    expect(result.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});
