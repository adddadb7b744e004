/**
 * Calculated query cost, extensions.cost on every answer, the per-shop leaky bucket and its
 * THROTTLED / MAX_COST_EXCEEDED answers.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NOW_MS, smallStore, startWith, type Client } from "./fixtures";

const DOMAIN = "tiny-shop.myshopify.com";
let clockMs = NOW_MS;
let client: Client;

beforeEach(async () => {
  clockMs = NOW_MS;
  client = await startWith([smallStore(), smallStore({ domain: "neighbour.myshopify.com" })], { now: () => clockMs });
});
afterEach(async () => {
  await client.emulator.close();
});

describe("query cost", () => {
  it("reports requested and actual cost and the bucket on every answer", async () => {
    const { body } = await client.graphql("{ orders(first: 10) { nodes { id } } }");
    // Requested: 2 + 10 × 1. Actual: 2 + 8 orders returned; the 2 unused points are refunded.
    expect(body.extensions?.cost).toEqual({
      requestedQueryCost: 12,
      actualQueryCost: 10,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
    });
  });

  it("multiplies nested connections by their page sizes and charges objects 1, scalars 0", async () => {
    const { body } = await client.graphql(
      "{ shop { name } orders(first: 5) { nodes { id lineItems(first: 4) { nodes { id sku variant { id } } } } } }",
    );
    // shop 1 + orders 2 + 5 × (order 1 + lineItems 2 + 4 × (line 1 + variant 1)) = 1 + 2 + 55
    expect(body.extensions?.cost?.requestedQueryCost).toBe(58);
  });

  it("charges a mutation 10", async () => {
    const { body } = await client.graphql('mutation { bulkOperationRunQuery(query: "{ orders { edges { node { id } } } }") { userErrors { message } } }');
    expect(body.extensions?.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });

  it("refuses a single query above 1000 points with MAX_COST_EXCEEDED and takes nothing", async () => {
    const { status, body } = await client.graphql("{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }");
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toMatchObject([{ extensions: { code: "MAX_COST_EXCEEDED", cost: 63252, maxCost: 1000 } }]);
    expect(body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(2000);
  });
});

describe("leaky bucket", () => {
  it("answers THROTTLED (HTTP 200, no data, actualQueryCost null) when the bucket is short", async () => {
    client.emulator.throttle(DOMAIN, { currentlyAvailable: 5 });
    const { status, body } = await client.graphql("{ orders(first: 10) { nodes { id } } }");
    expect(status).toBe(200);
    expect(body).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: {
        cost: {
          requestedQueryCost: 12,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 5, restoreRate: 100 },
        },
      },
    });
  });

  it("restores points at the restore rate as the clock moves", async () => {
    client.emulator.throttle(DOMAIN, { currentlyAvailable: 0 });
    expect((await client.graphql("{ orders(first: 10) { nodes { id } } }")).body.errors).toMatchObject([{ extensions: { code: "THROTTLED" } }]);
    clockMs += 100; // +10 points: still short of 12
    expect((await client.graphql("{ orders(first: 10) { nodes { id } } }")).body.errors).toMatchObject([{ extensions: { code: "THROTTLED" } }]);
    clockMs += 100; // +20 points in all
    const { body } = await client.graphql("{ orders(first: 10) { nodes { id } } }");
    expect(body.errors).toBeUndefined();
    expect(body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(10); // 20 − 12 + 2 refunded
    clockMs += 3_600_000;
    const later = await client.graphql("{ shop { name } }");
    expect(later.body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(1999); // capped at the bucket size
  });

  it("takes the bucket size and restore rate from the settings (e.g. a Plus shop)", async () => {
    client.emulator.throttle(DOMAIN, { currentlyAvailable: 0, maximumAvailable: 20_000, restoreRate: 1000 });
    clockMs += 1000;
    const { body } = await client.graphql("{ shop { name } }");
    expect(body.extensions?.cost?.throttleStatus).toEqual({ maximumAvailable: 20_000, currentlyAvailable: 999, restoreRate: 1000 });
  });

  it("keeps one bucket per shop", async () => {
    client.emulator.throttle(DOMAIN, { currentlyAvailable: 0 });
    const neighbour = await client.graphql("{ orders(first: 10) { nodes { id } } }", undefined, "shpat_neighbour");
    expect(neighbour.body.errors).toBeUndefined();
  });

  it("can answer THROTTLED with HTTP 429 and Retry-After instead", async () => {
    const strict = await startWith([smallStore()], { now: () => clockMs, behaviour: { rateLimit: { throttledHttpStatus: 429 } } });
    try {
      strict.emulator.throttle(DOMAIN, { currentlyAvailable: 0 });
      const { status, body, headers } = await strict.graphql("{ orders(first: 10) { nodes { id } } }");
      expect(status).toBe(429);
      expect(headers.get("retry-after")).toBe("1");
      expect(body.errors).toMatchObject([{ extensions: { code: "THROTTLED" } }]);
    } finally {
      await strict.emulator.close();
    }
  });
});
