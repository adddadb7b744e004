import { describe, expect, it } from "vitest";
import { adminGraphqlUrl, createAdminClient } from "~/shopify/admin-client.server";
import {
  isTerminal,
  ShopifyAccessDeniedError,
  ShopifyQueryError,
  ShopifyShopUnavailableError,
  ShopifyThrottledError,
  ShopifyUnavailableError,
  ShopifyUninstalledError,
} from "~/shopify/errors";

// The client against scripted HTTP answers (Shopify itself is outside the project): how each
// answer Shopify gives turns into a result, a wait, a retry or a typed error.
const SHOP = "unit.myshopify.com";
const DOC = "query BackstopShopProfile { shop { name } }";

type Answer = { status: number; body: unknown } | Error;

function scripted(answers: Answer[]) {
  const requests: Array<{ url: string; headers: Headers; body: string }> = [];
  const sleeps: number[] = [];
  let now = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    requests.push({ url, headers: new Headers(init?.headers), body: String(init?.body ?? "") });
    const answer = answers.shift();
    if (!answer) throw new Error("no scripted answer left");
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "Content-Type": "application/json" } });
  };
  const client = createAdminClient({
    shop: SHOP,
    accessToken: "shpat_token",
    origin: "https://admin.example",
    fetch,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    maxAttempts: 3,
    retryBaseDelayMs: 100,
  });
  return { client, requests, sleeps };
}

const ok = (data: unknown, available = 1990) => ({
  status: 200,
  body: { data, extensions: { cost: { requestedQueryCost: 10, actualQueryCost: 2, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate: 100 } } } },
});
const throttled = { status: 200, body: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost: { requestedQueryCost: 500, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 300, restoreRate: 100 } } } } };

describe("createAdminClient", () => {
  it("sends the named operation with the offline token to the one API version's endpoint", async () => {
    const { client, requests } = scripted([ok({ shop: { name: "Unit" } })]);
    await expect(client.request(DOC)).resolves.toEqual({ shop: { name: "Unit" } });
    expect(requests[0].url).toBe("https://admin.example/admin/api/2026-10/graphql.json");
    expect(requests[0].headers.get("X-Shopify-Access-Token")).toBe("shpat_token");
    expect(JSON.parse(requests[0].body)).toMatchObject({ query: DOC, operationName: "BackstopShopProfile" });
  });

  it("waits after THROTTLED for the requested cost to be restored, then retries", async () => {
    const { client, sleeps } = scripted([throttled, ok({ shop: { name: "Unit" } })]);
    await expect(client.request(DOC)).resolves.toEqual({ shop: { name: "Unit" } });
    expect(sleeps).toEqual([Math.ceil(((501 - 300) / 100) * 1000)]);
  });

  it("treats HTTP 429 with a THROTTLED body the same way", async () => {
    const { client, sleeps } = scripted([{ status: 429, body: throttled.body }, ok({ shop: { name: "Unit" } })]);
    await expect(client.request(DOC)).resolves.toBeDefined();
    expect(sleeps).toHaveLength(1);
  });

  it("gives up with a transient ShopifyThrottledError when the waiting budget runs out", async () => {
    const answers: Answer[] = Array.from({ length: 100 }, () => throttled);
    const { client } = scripted(answers);
    const error = await client.request(DOC).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyThrottledError);
    expect(isTerminal(error)).toBe(false);
  });

  it("retries 5xx and network failures with backoff, then succeeds", async () => {
    const { client, sleeps } = scripted([{ status: 503, body: { errors: "Service Unavailable" } }, new TypeError("fetch failed"), ok({ shop: { name: "Unit" } })]);
    await expect(client.request(DOC)).resolves.toBeDefined();
    expect(sleeps).toEqual([100, 200]);
  });

  it("after too many transient failures throws ShopifyUnavailableError (transient)", async () => {
    const { client } = scripted([{ status: 500, body: {} }, { status: 502, body: {} }, { status: 503, body: {} }]);
    const error = await client.request(DOC).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyUnavailableError);
    expect((error as ShopifyUnavailableError).status).toBe(503);
    expect(isTerminal(error)).toBe(false);
  });

  it.each([
    [{ status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } }, ShopifyUninstalledError],
    [{ status: 403, body: { errors: "Forbidden" } }, ShopifyAccessDeniedError],
    [{ status: 402, body: { errors: "Unavailable Shop" } }, ShopifyShopUnavailableError],
    [{ status: 423, body: { errors: "Locked" } }, ShopifyShopUnavailableError],
    [{ status: 200, body: { data: null, errors: [{ message: "Access denied for orders field.", extensions: { code: "ACCESS_DENIED", requiredAccess: "`read_orders` access scope." } }] } }, ShopifyAccessDeniedError],
    [{ status: 200, body: { errors: [{ message: "Field 'nope' doesn't exist on type 'Shop'", extensions: { code: "undefinedField" } }] } }, ShopifyQueryError],
    [{ status: 200, body: { errors: [{ message: "Query cost is 1200, which exceeds the single query max cost limit (1000).", extensions: { code: "MAX_COST_EXCEEDED" } }] } }, ShopifyQueryError],
  ])("answer %j is a terminal %o, not retried", async (answer, type) => {
    const { client, requests } = scripted([answer]);
    const error = await client.request(DOC).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(isTerminal(error)).toBe(true);
    expect(requests).toHaveLength(1);
  });

  it("keeps the scope Shopify named in ACCESS_DENIED", async () => {
    const { client } = scripted([{ status: 200, body: { errors: [{ message: "Access denied", extensions: { code: "ACCESS_DENIED", requiredAccess: "`read_orders` access scope." } }] } }]);
    const error = (await client.request(DOC).catch((e: unknown) => e)) as ShopifyAccessDeniedError;
    expect(error.requiredAccess).toBe("`read_orders` access scope.");
  });

  it("waits up front when the last bucket report cannot pay for the operation", async () => {
    const { client, sleeps } = scripted([ok({ shop: { name: "a" } }, 4), ok({ shop: { name: "b" } })]);
    await client.request(DOC);
    await client.request(DOC);
    expect(sleeps).toEqual([60]); // 10 requested − 4 available = 6 points at 100/s
  });
});

describe("adminGraphqlUrl", () => {
  it("uses the shop's own host unless an Admin origin is configured", () => {
    expect(adminGraphqlUrl("a-shop.myshopify.com", "https://a-shop.myshopify.com")).toBe("https://a-shop.myshopify.com/admin/api/2026-10/graphql.json");
    expect(adminGraphqlUrl("a-shop.myshopify.com", "http://127.0.0.1:4000")).toBe("http://127.0.0.1:4000/admin/api/2026-10/graphql.json");
  });

  it("refuses anything but a myshopify.com domain (no request to arbitrary hosts)", () => {
    expect(() => adminGraphqlUrl("evil.example.com/x", "https://x")).toThrow(/not a myshopify.com shop domain/);
  });
});
