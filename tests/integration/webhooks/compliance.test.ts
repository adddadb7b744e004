import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Prisma } from "@prisma/client";
import { db, failInsertsWhere, resetDatabase } from "../../setup/db";
import { fillShopData, installShop } from "../../factories/shop";
import { callAction, webhookRequest } from "./helpers";
import { closeJobQueueDrain, drainJobQueue } from "../jobs/drain";
import { isPostgresDatabase } from "~/env.server";
import { RETAINED_ON_PURGE } from "~/models/shop.server";
import { hashCustomerId } from "~/lib/customer-hash.server";
import { action as shopRedact } from "~/routes/webhooks.shop.redact";
import { action as appUninstalled } from "~/routes/webhooks.app.uninstalled";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as customersDataRequest } from "~/routes/webhooks.customers.data_request";
import { action as scopesUpdate } from "~/routes/webhooks.app.scopes_update";

const SHOP_A = "alpha.myshopify.com";
const SHOP_B = "bravo.myshopify.com";

/** Row counts per model for one shop, for every model that has a shop column. */
async function countsFor(shop: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const model of Prisma.dmmf.datamodel.models) {
    const shopField = model.fields.find((f) => f.name === "shop") ? "shop" : model.name === "Shop" ? "domain" : null;
    if (!shopField) continue;
    const delegate = (db as unknown as Record<string, { count(args: unknown): Promise<number> }>)[
      model.name.charAt(0).toLowerCase() + model.name.slice(1)
    ];
    counts[model.name] = await delegate.count({ where: { [shopField]: shop } });
  }
  return counts;
}

/** On PostgreSQL the purge is a job: a worker runs it (here, in-process) after the route answers. */
async function expectPurgeJobs(count: number) {
  const { settled } = await drainJobQueue();
  expect(settled).toEqual(isPostgresDatabase() && count > 0 ? { "shop-purge:completed": count } : {});
}

afterAll(closeJobQueueDrain);
beforeEach(async () => {
  await resetDatabase();
  for (const shop of [SHOP_A, SHOP_B]) {
    await installShop({ domain: shop });
    await fillShopData(shop);
  }
});

describe("shop/redact", () => {
  it("removes every row of exactly one shop and leaves the other untouched", async () => {
    const before = await countsFor(SHOP_B);
    const response = await callAction(shopRedact, webhookRequest("shop/redact", SHOP_A, { shop_id: 1, shop_domain: SHOP_A }));
    expect(response.status).toBe(200);
    await expectPurgeJobs(1);

    const afterA = await countsFor(SHOP_A);
    for (const [model, count] of Object.entries(afterA)) {
      if ((RETAINED_ON_PURGE as readonly string[]).includes(model)) continue;
      expect(count, `${model} rows left for the redacted shop`).toBe(0);
    }
    expect(await countsFor(SHOP_B)).toEqual(before);
    // Every shop-scoped model was populated by the factory, so "0 rows" proves deletion.
    for (const [model, count] of Object.entries(before)) {
      if (model !== "WebhookDelivery") expect(count, `${model} has no fixture row`).toBeGreaterThan(0);
    }
  });

  it("rejects a bad HMAC with 401 and deletes nothing", async () => {
    const before = await countsFor(SHOP_A);
    const forged = webhookRequest("shop/redact", SHOP_A, { shop_domain: SHOP_A }, { secret: "not-the-app-secret" });
    const response = await callAction(shopRedact, forged);
    expect(response.status).toBe(401);
    await expectPurgeJobs(0);
    expect(await countsFor(SHOP_A)).toEqual(before);
  });

  it("acts once per webhook id: a repeated delivery changes nothing", async () => {
    const webhookId = "delivery-1";
    await callAction(shopRedact, webhookRequest("shop/redact", SHOP_A, { shop_domain: SHOP_A }, { webhookId }));
    await expectPurgeJobs(1);
    // The shop reinstalls and gets new data; a late retry of the old delivery must not erase it.
    await installShop({ domain: SHOP_A });
    await fillShopData(SHOP_A);
    const beforeRetry = await countsFor(SHOP_A);
    const retry = await callAction(shopRedact, webhookRequest("shop/redact", SHOP_A, { shop_domain: SHOP_A }, { webhookId }));
    expect(retry.status).toBe(200);
    await expectPurgeJobs(0);
    expect(await countsFor(SHOP_A)).toEqual(beforeRetry);
  });
});

describe("app/uninstalled", () => {
  it("deletes the shop's sessions and data, not another shop's", async () => {
    const response = await callAction(appUninstalled, webhookRequest("app/uninstalled", SHOP_A, { id: 1, myshopify_domain: SHOP_A }));
    expect(response.status).toBe(200);
    await expectPurgeJobs(1);
    expect(await db.session.count({ where: { shop: SHOP_A } })).toBe(0);
    expect(await db.dailySales.count({ where: { shop: SHOP_A } })).toBe(0);
    expect(await db.session.count({ where: { shop: SHOP_B } })).toBe(1);
    expect(await db.dailySales.count({ where: { shop: SHOP_B } })).toBe(1);
  });
});

describe("customers/redact", () => {
  it("unlinks that customer's purchases in that shop only", async () => {
    const saltA = (await db.shop.findUniqueOrThrow({ where: { domain: SHOP_A } })).customerHashSalt;
    const saltB = (await db.shop.findUniqueOrThrow({ where: { domain: SHOP_B } })).customerHashSalt;
    await db.salesOrder.updateMany({ where: { shop: SHOP_A }, data: { customerHash: hashCustomerId(saltA, 42) } });
    await db.salesOrder.updateMany({ where: { shop: SHOP_B }, data: { customerHash: hashCustomerId(saltB, 42) } });
    await db.salesCustomerOrder.updateMany({ where: { shop: SHOP_A }, data: { customerHash: hashCustomerId(saltA, 42) } });

    const response = await callAction(
      customersRedact,
      webhookRequest("customers/redact", SHOP_A, { shop_domain: SHOP_A, customer: { id: 42, email: "x@example.com" }, orders_to_redact: [100] }),
    );
    expect(response.status).toBe(200);
    expect((await db.salesOrder.findFirstOrThrow({ where: { shop: SHOP_A } })).customerHash).toBeNull();
    expect((await db.salesOrder.findFirstOrThrow({ where: { shop: SHOP_B } })).customerHash).toBe(hashCustomerId(saltB, 42));
    expect(await db.salesCustomerOrder.count({ where: { shop: SHOP_A } })).toBe(0);
    // Sales totals are the merchant's and stay.
    expect(await db.dailySales.count({ where: { shop: SHOP_A } })).toBe(1);
  });

  it("does the work on Shopify's retry when the first delivery's work failed", async () => {
    const salt = (await db.shop.findUniqueOrThrow({ where: { domain: SHOP_A } })).customerHashSalt;
    await db.salesOrder.updateMany({ where: { shop: SHOP_A }, data: { customerHash: hashCustomerId(salt, 42), isCounted: true } });
    const delivery = () =>
      webhookRequest("customers/redact", SHOP_A, { shop_domain: SHOP_A, customer: { id: 42 }, orders_to_redact: [] }, { webhookId: "redact-retried" });

    // The redaction's transaction fails (its stale-key insert is refused): nothing is unlinked.
    const restore = await failInsertsWhere("SalesDirtyKey", "shop", SHOP_A);
    await expect(callAction(customersRedact, delivery())).rejects.toThrow();
    await restore();
    expect((await db.salesOrder.findFirstOrThrow({ where: { shop: SHOP_A } })).customerHash).toBe(hashCustomerId(salt, 42));

    // Shopify retries with the same webhook id: it is not taken for a repeat, and this time it works.
    expect((await callAction(customersRedact, delivery())).status).toBe(200);
    expect((await db.salesOrder.findFirstOrThrow({ where: { shop: SHOP_A } })).customerHash).toBeNull();
    expect(await db.webhookDelivery.count({ where: { shop: SHOP_A, webhookId: "redact-retried" } })).toBe(1);
  });

  it("answers 400 to a payload without a customer id and changes nothing", async () => {
    const response = await callAction(customersRedact, webhookRequest("customers/redact", SHOP_A, { shop_domain: SHOP_A }));
    expect(response.status).toBe(400);
    expect(await db.webhookDelivery.count()).toBe(0);
  });
});

describe("customers/data_request", () => {
  it("acknowledges a verified request and records the delivery", async () => {
    const response = await callAction(
      customersDataRequest,
      webhookRequest("customers/data_request", SHOP_A, { shop_domain: SHOP_A, customer: { id: 42 }, orders_requested: [100] }),
    );
    expect(response.status).toBe(200);
    expect(await db.webhookDelivery.count({ where: { shop: SHOP_A } })).toBe(1);
  });

  it("rejects a bad HMAC with 401", async () => {
    const forged = webhookRequest("customers/data_request", SHOP_A, { customer: { id: 1 } }, { secret: "wrong" });
    expect((await callAction(customersDataRequest, forged)).status).toBe(401);
  });
});

describe("app/scopes_update", () => {
  it("records a lost read_all_orders so the 60-day notice shows", async () => {
    const response = await callAction(
      scopesUpdate,
      webhookRequest("app/scopes_update", SHOP_A, { id: 1, previous: ["read_orders", "read_all_orders"], current: ["read_orders", "read_products"], updated_at: new Date().toISOString() }),
    );
    expect(response.status).toBe(200);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP_A } });
    expect(shop.hasAllOrders).toBe(false);
    expect(shop.scopes).toBe("read_orders,read_products");
    expect((await db.shop.findUniqueOrThrow({ where: { domain: SHOP_B } })).hasAllOrders).toBe(true);
  });
});
