import { beforeAll, describe, expect, it } from "vitest";
import db from "~/db.server";
import { loader } from "~/routes/api.extensions.supply-block";
import { RISK_LEVELS, type ExtensionApiError, type SupplyBlockResponse } from "~/models/extension-api";
import { materialiseShopMetrics } from "~/models/sku-metrics.server";
import { resetDatabase } from "../../setup/db";
import { installShop } from "../../factories/shop";
import { installPlannedShop } from "../routes/helpers";
import { callExtensionRoute, extensionRequest, sessionToken, type TokenKind } from "./extension-client";

const ALPHA = "alpha.myshopify.com";
const BRAVO = "bravo.myshopify.com";

async function getBlock<T>(productId: string | null, options: { shop?: string; token?: TokenKind } = {}) {
  const token = await sessionToken(options.shop ?? ALPHA, options.token ?? "valid");
  const query = productId === null ? "" : `?productId=${encodeURIComponent(productId)}`;
  return callExtensionRoute<T>(loader, extensionRequest(`/api/extensions/supply-block${query}`, { token }));
}

// A planned catalog (tests/factories/sku-catalog.ts): product 50000 = variants 100000 (primary
// Shenzhen Works + qualified backup Porto Fabrica) and 100001 (no supplier); every variant sells.
// Product 60000 is synced but has never sold and has no supplier. Bravo has its own product 70000.
beforeAll(async () => {
  await resetDatabase();
  await installPlannedShop(ALPHA, 8);
  await db.variant.createMany({
    data: [
      { shop: ALPHA, id: "600001", productId: "60000", productTitle: "New desk", variantTitle: "Default Title", sku: "DESK-1", priceCents: 9_000, available: 5 },
    ],
  });
  await materialiseShopMetrics(ALPHA);
  await installShop({ domain: BRAVO });
  await db.variant.create({ data: { shop: BRAVO, id: "700001", productId: "70000", productTitle: "Bravo secret chair", sku: "SECRET-1" } });
});

describe("GET /api/extensions/supply-block", () => {
  it("answers a valid token with each variant's risk, cover vs lead time, suppliers and recommended split", async () => {
    const result = await getBlock<SupplyBlockResponse>("gid://shopify/Product/50000");
    expect(result.status).toBe(200);
    expect(result.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const block = result.body;
    expect(block).toMatchObject({ productId: "50000", productTitle: "Product 1", hasSales: true, hasSuppliers: true });
    expect(block.variants.map((v) => v.variantId).sort()).toEqual(["100000", "100001"]);

    const stored = await db.skuMetrics.findMany({ where: { shop: ALPHA, variantId: { in: ["100000", "100001"] } } });
    for (const variant of block.variants) {
      const metric = stored.find((m) => m.variantId === variant.variantId);
      expect(variant.riskLevel).toBe(metric?.riskLevel);
      expect(variant.daysOfCover).toBe(metric?.daysOfCover);
      expect(variant.hasSales).toBe(true);
      expect(variant.recommendedSplit?.reason).toMatch(/\w/);
    }
    const supplied = block.variants.find((v) => v.variantId === "100000");
    expect(supplied).toMatchObject({
      title: "Blue",
      sku: "SKU-00001",
      leadTimeAssumed: false,
      primary: { name: "Shenzhen Works", allocationPct: 100, leadTimeDays: 45, stage: "active" },
      backups: [{ name: "Porto Fabrica", allocationPct: 0, leadTimeDays: 20, stage: "qualified" }],
    });
    const unsupplied = block.variants.find((v) => v.variantId === "100001");
    expect(unsupplied).toMatchObject({ primary: null, backups: [], leadTimeAssumed: true, leadTimeDays: 30 });
    // Riskiest first.
    const order = block.variants.map((v) => RISK_LEVELS.indexOf(v.riskLevel ?? "low"));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("accepts the bare numeric product id too", async () => {
    const result = await getBlock<SupplyBlockResponse>("50001");
    expect(result.status).toBe(200);
    expect(result.body.variants.map((v) => v.variantId).sort()).toEqual(["100002", "100003"]);
  });

  it("says when a product has no synced sales and no suppliers (the block's empty state)", async () => {
    const result = await getBlock<SupplyBlockResponse>("gid://shopify/Product/60000");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ productTitle: "New desk", hasSales: false, hasSuppliers: false });
    expect(result.body.variants).toEqual([expect.objectContaining({ variantId: "600001", title: "New desk", hasSales: false, primary: null })]);
  });

  it.each<TokenKind>(["expired", "wrong-audience", "wrong-secret"])("rejects a %s token with 401", async (kind) => {
    const result = await getBlock("gid://shopify/Product/50000", { token: kind });
    expect(result.status).toBe(401);
  });

  it("answers 404 when shop A's token asks for shop B's product, without a word of shop B's data", async () => {
    const result = await getBlock<ExtensionApiError>("gid://shopify/Product/70000");
    expect(result.status).toBe(404);
    expect(result.body.errors.form).toMatch(/not synced this product yet/);
    expect(JSON.stringify(result.body)).not.toMatch(/secret|SECRET|bravo/i);
    // The same product with shop B's own token is found.
    expect((await getBlock("gid://shopify/Product/70000", { shop: BRAVO })).status).toBe(200);
  });

  it.each([
    { name: "no productId", productId: null, message: /product id must be text/ },
    { name: "a productId that is not a product", productId: "gid://shopify/Collection/50000", message: /gid:\/\/shopify\/Product\/123/ },
    { name: "an injection attempt", productId: "50000' OR 1=1 --", message: /gid:\/\/shopify\/Product\/123/ },
  ])("answers $name with 400 and a clear message", async ({ productId, message }) => {
    const result = await getBlock<ExtensionApiError>(productId);
    expect(result.status).toBe(400);
    expect(result.body.errors.productId).toMatch(message);
  });
});
