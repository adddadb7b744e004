/**
 * Access scopes as the schema's offline_scopes index states them, and the 60-day order window.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, NOW_MS, smallStore, startWith, type Client } from "./fixtures";

let client: Client;
const NO_ORDERS = "shpat_no-orders";
const NO_CUSTOMERS = "shpat_no-customers";
const RECENT_ONLY = "shpat_recent";
const WRITER = "shpat_writer";

beforeAll(async () => {
  client = await startWith([
    smallStore(),
    smallStore({ domain: "no-orders.myshopify.com", token: NO_ORDERS, scopes: ["read_products", "read_inventory"] }),
    smallStore({ domain: "no-customers.myshopify.com", token: NO_CUSTOMERS, scopes: ["read_orders", "read_all_orders", "read_products", "read_inventory"] }),
    smallStore({ domain: "recent.myshopify.com", token: RECENT_ONLY, scopes: ["read_orders", "read_products", "read_customers"] }),
    smallStore({ domain: "writer.myshopify.com", token: WRITER, scopes: ["write_orders", "read_all_orders"] }),
  ]);
});
afterAll(async () => {
  await client.emulator.close();
});

const orderNames = (data: unknown): string[] =>
  ((data as { orders: { nodes: Array<{ name: string }> } }).orders.nodes ?? []).map((o) => o.name);

describe("scope enforcement", () => {
  it("denies orders without read_orders, with Shopify's message and extensions, and nulls the data", async () => {
    const { status, body } = await client.graphql("{ orders(first: 5) { nodes { id } } }", undefined, NO_ORDERS);
    expect(status).toBe(200);
    expect(body.data).toBeNull(); // orders is non-null, so the null reaches the root
    expect(body.errors).toEqual([
      {
        message:
          "Access denied for orders field. Required access: `read_orders` access scope, `read_marketplace_orders` access scope or `read_quick_sale` access scope.",
        locations: [{ line: 1, column: 3 }],
        path: ["orders"],
        extensions: {
          code: "ACCESS_DENIED",
          documentation: "https://shopify.dev/api/usage/access-scopes",
          requiredAccess: "`read_orders` access scope, `read_marketplace_orders` access scope or `read_quick_sale` access scope.",
        },
      },
    ]);
  });

  it("denies only the restricted field and keeps its siblings", async () => {
    const { body } = await client.graphql(
      "{ orders(first: 1, sortKey: ID) { nodes { name customer { id } } } }",
      undefined,
      NO_CUSTOMERS,
    );
    expect(body.data).toEqual({ orders: { nodes: [{ name: "#1001", customer: null }] } });
    expect(body.errors).toMatchObject([{ path: ["orders", "nodes", 0, "customer"], extensions: { code: "ACCESS_DENIED" } }]);
  });

  it("applies field-level requirements on top of the type's (Location.name needs read_locations)", async () => {
    const query = "{ productVariants(first: 1) { nodes { inventoryItem { inventoryLevels(first: 1) { nodes { location { id name } } } } } } }";
    const withoutLocations = await client.graphql(query, undefined, NO_CUSTOMERS);
    expect(withoutLocations.body.errors).toMatchObject([{ path: expect.arrayContaining(["location", "name"]), extensions: { code: "ACCESS_DENIED" } }]);
    const full = await client.graphql(query);
    expect(full.body.errors).toBeUndefined();
  });

  it("treats a write scope as granting the matching read scope", async () => {
    const { body } = await client.graphql("{ orders(first: 1) { nodes { id } } }", undefined, WRITER);
    expect(body.errors).toBeUndefined();
  });

  it("denies node(id:) for a type the token may not read", async () => {
    const { body } = await client.graphql('{ node(id: "gid://shopify/Order/8") { id } }', undefined, NO_ORDERS);
    expect(body.data).toEqual({ node: null });
    expect(body.errors).toMatchObject([{ path: ["node"], extensions: { code: "ACCESS_DENIED" } }]);
  });
});

describe("60-day order window", () => {
  it("hides orders created more than 60 days ago without read_all_orders", async () => {
    const recent = await client.graphql("{ orders(first: 50, sortKey: ID) { nodes { name } } }", undefined, RECENT_ONLY);
    const all = await client.graphql("{ orders(first: 50, sortKey: ID) { nodes { name } } }");
    expect(orderNames(all.body.data)).toEqual(["#1001", "#1002", "#1003", "#1004", "#1005", "#1006", "#1007", "#1008"]);
    // #1001 (90 days) and #1002 (61 days, though updated 16 days ago) are outside the window.
    expect(orderNames(recent.body.data)).toEqual(["#1003", "#1004", "#1005", "#1006", "#1007", "#1008"]);
  });

  it("hides an old order from order(id:) and node(id:) too", async () => {
    const { body } = await client.graphql(
      '{ order(id: "gid://shopify/Order/1") { id } node(id: "gid://shopify/Order/1") { id } }',
      undefined,
      RECENT_ONLY,
    );
    expect(body.data).toEqual({ order: null, node: null });
  });

  it("can measure the window on processedAt instead of createdAt", async () => {
    const store = smallStore({ domain: "imported.myshopify.com", token: "shpat_imported", scopes: ["read_orders"] });
    // An imported order: created recently, processed (placed) 100 days ago.
    store.orders[7].processedAt = NOW_MS - 100 * DAY_MS;
    const byProcessed = await startWith([store], { behaviour: { orders: { cutoffField: "processedAt" } } });
    const byCreated = await startWith([store]);
    try {
      const query = "{ orders(first: 50, sortKey: ID) { nodes { name } } }";
      expect(orderNames((await byProcessed.graphql(query)).body.data)).not.toContain("#1008");
      expect(orderNames((await byCreated.graphql(query)).body.data)).toContain("#1008");
    } finally {
      await byProcessed.emulator.close();
      await byCreated.emulator.close();
    }
  });
});
