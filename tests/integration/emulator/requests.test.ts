/**
 * The emulator answers like Shopify at the HTTP and document level: authentication, API version,
 * request bodies, parse/validation errors in graphql-ruby's shape, and paging-argument limits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smallStore, startWith, type Client } from "./fixtures";

let client: Client;

beforeAll(async () => {
  client = await startWith([smallStore(), smallStore({ domain: "other-shop.myshopify.com" })]);
});
afterAll(async () => {
  await client.emulator.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${client.emulator.origin}${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });

describe("authentication", () => {
  it("answers 401 with Shopify's body when the access token is missing", async () => {
    const { status, body } = await client.graphql("{ shop { name } }", undefined, null);
    expect(status).toBe(401);
    expect(body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("answers 401 when the access token is unknown", async () => {
    const { status, body } = await client.graphql("{ shop { name } }", undefined, "shpat_not-a-token");
    expect(status).toBe(401);
    expect(body.errors).toContain("Invalid API key or access token");
  });

  it("serves each shop its own data, chosen by the token", async () => {
    const mine = await client.graphql("{ shop { myshopifyDomain } }");
    const other = await client.graphql("{ shop { myshopifyDomain } }", undefined, "shpat_other-shop");
    expect(mine.body.data).toEqual({ shop: { myshopifyDomain: "tiny-shop.myshopify.com" } });
    expect(other.body.data).toEqual({ shop: { myshopifyDomain: "other-shop.myshopify.com" } });
  });
});

describe("endpoint", () => {
  it("answers 404 for an API version it does not serve", async () => {
    const response = await post("/admin/api/2025-10/graphql.json", JSON.stringify({ query: "{ shop { name } }" }), {
      "X-Shopify-Access-Token": "shpat_tiny-shop",
    });
    expect(response.status).toBe(404);
  });

  it("answers 400 when the body has no query", async () => {
    const response = await post("/admin/api/2026-10/graphql.json", JSON.stringify({ variables: {} }), {
      "X-Shopify-Access-Token": "shpat_tiny-shop",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: { query: "Required parameter missing or invalid" } });
  });

  it("accepts a raw application/graphql body", async () => {
    const response = await fetch(client.emulator.graphqlUrl, {
      method: "POST",
      headers: { "Content-Type": "application/graphql", "X-Shopify-Access-Token": "shpat_tiny-shop" },
      body: "{ shop { name } }",
    });
    expect(await response.json()).toMatchObject({ data: { shop: { name: "Tiny Shop" } } });
    expect(response.headers.get("x-shopify-api-version")).toBe("2026-10");
  });
});

describe("invalid documents", () => {
  it("reports an unknown field with graphql-ruby's message, locations and code", async () => {
    const { status, body } = await client.graphql("{\n  shop { nmae }\n}");
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: "Field 'nmae' doesn't exist on type 'Shop'",
        locations: [{ line: 2, column: 10 }],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nmae" },
      },
    ]);
  });

  it("reports an unknown argument and a missing required argument", async () => {
    const unknown = await client.graphql("{ orders(first: 1, colour: 1) { nodes { id } } }");
    expect(unknown.body.errors).toMatchObject([
      { message: "Field 'orders' doesn't accept argument 'colour'", extensions: { code: "argumentNotAccepted" } },
    ]);
    const missing = await client.graphql("{ bulkOperation { id } }");
    expect(missing.body.errors).toMatchObject([
      { message: "Field 'bulkOperation' is missing required arguments: id", extensions: { code: "missingRequiredArguments" } },
    ]);
  });

  it("reports a selection missing on an object field", async () => {
    const { body } = await client.graphql("{ shop }");
    expect(body.errors).toMatchObject([{ extensions: { code: "selectionMismatch" } }]);
    expect((body.errors as Array<{ message: string }>)[0].message).toContain("Field must have selections");
  });

  it("reports a syntax error with its location", async () => {
    const { status, body } = await client.graphql("{ shop { name }");
    expect(status).toBe(200);
    expect(body.errors).toMatchObject([{ message: expect.stringContaining("Parse error"), locations: [{ line: 1, column: 16 }] }]);
  });

  it("reports a variable of the wrong type", async () => {
    const { body } = await client.graphql("query($n: Int!) { orders(first: $n) { nodes { id } } }", { n: "ten" });
    expect(body.errors).toMatchObject([{ extensions: { code: "INVALID_VARIABLE" } }]);
  });

  it("fails loudly on a real schema field the emulator does not implement", async () => {
    const { body } = await client.graphql("{ shop { weightUnit } }");
    expect(body.errors).toMatchObject([{ path: ["shop", "weightUnit"], extensions: { code: "NOT_IMPLEMENTED_BY_EMULATOR" } }]);
  });
});

describe("paging arguments", () => {
  it("rejects first above 250 with Shopify's message", async () => {
    const { body } = await client.graphql("{ orders(first: 251) { nodes { id } } }");
    expect(body.data).toBeUndefined();
    expect(body.errors).toMatchObject([
      {
        message: "first cannot exceed 250. To query larger amounts of data with fewer limits, bulk operations should be used instead.",
        path: ["orders"],
      },
    ]);
  });

  it("rejects a nested connection above 250 and accepts exactly 250", async () => {
    const nested = await client.graphql("{ orders(first: 1) { nodes { lineItems(last: 300) { nodes { id } } } } }");
    expect(nested.body.errors).toMatchObject([{ message: expect.stringContaining("last cannot exceed 250") }]);
    const ok = await client.graphql("{ productVariants(first: 250) { nodes { id } } }");
    expect(ok.body.errors).toBeUndefined();
  });

  it("requires first or last on a connection", async () => {
    const { body } = await client.graphql("{ orders { nodes { id } } }");
    expect(body.errors).toMatchObject([{ message: "you must provide one of first or last" }]);
  });
});
