/**
 * Each switchable fault, through the in-process handle and through the HTTP control endpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DAY_MS,
  FULL_SCOPES,
  NOW_MS,
  bulkOperation,
  downloadJsonl,
  runBulkToEnd,
  smallStore,
  startWith,
  type Client,
  defined,
} from "./fixtures";

const DOMAIN = "tiny-shop.myshopify.com";
const CONTROL_TOKEN = "control-secret";
const ORDERS = "{ orders(sortKey: ID) { edges { node { id lineItems { edges { node { id } } } } } } }";
let clockMs = NOW_MS;
let client: Client;

beforeEach(async () => {
  clockMs = NOW_MS;
  client = await startWith([smallStore()], {
    now: () => clockMs,
    controlToken: CONTROL_TOKEN,
    appUrl: "http://127.0.0.1:9", // nothing listens: deliveries fail fast
    apiSecret: "s",
    behaviour: { webhooks: { attempts: 1 } },
  });
});
afterEach(async () => {
  await client.emulator.close();
});

const control = (action: string, body?: unknown, token = CONTROL_TOKEN) =>
  fetch(`${client.emulator.origin}/__emulator/${action}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("bulk failures", () => {
  it.each(["INTERNAL_SERVER_ERROR", "TIMEOUT"] as const)("ends FAILED with %s and a partialDataUrl holding what was written", async (errorCode) => {
    client.emulator.setFault(DOMAIN, { bulkFailure: { errorCode, afterRootObjects: 3 } });
    const op = await runBulkToEnd(client, ORDERS);
    expect(op).toMatchObject({ status: "FAILED", errorCode, url: null, rootObjectCount: "3", objectCount: "7" });
    const { rows } = await downloadJsonl(defined(op.partialDataUrl));
    expect(rows.filter((r) => r.__parentId === undefined).map((r) => r.id)).toEqual([
      "gid://shopify/Order/1",
      "gid://shopify/Order/2",
      "gid://shopify/Order/3",
    ]);
    expect(rows).toHaveLength(7);
  });

  it("fails only `count` operations when asked, then recovers", async () => {
    client.emulator.setFault(DOMAIN, { bulkFailure: { errorCode: "INTERNAL_SERVER_ERROR", count: 1 } });
    expect((await runBulkToEnd(client, ORDERS)).status).toBe("FAILED");
    expect((await runBulkToEnd(client, ORDERS)).status).toBe("COMPLETED");
  });

  it("has no partialDataUrl when nothing was written", async () => {
    client.emulator.setFault(DOMAIN, { bulkFailure: { errorCode: "INTERNAL_SERVER_ERROR" } });
    expect(await runBulkToEnd(client, ORDERS)).toMatchObject({ status: "FAILED", partialDataUrl: null, objectCount: "0" });
  });
});

describe("ACCESS_DENIED", () => {
  it("denies paged fields and fails bulk operations once a scope is revoked", async () => {
    client.emulator.setFault(DOMAIN, { revokedScopes: ["read_orders"] });
    const paged = await client.graphql("{ orders(first: 1) { nodes { id } } }");
    expect(paged.body.errors).toMatchObject([{ extensions: { code: "ACCESS_DENIED" } }]);
    const op = await runBulkToEnd(client, ORDERS);
    expect(op).toMatchObject({ status: "FAILED", errorCode: "ACCESS_DENIED", url: null, partialDataUrl: null });
    client.emulator.clearFaults(DOMAIN);
    expect((await client.graphql("{ orders(first: 1) { nodes { id } } }")).body.errors).toBeUndefined();
  });

  it("fails a bulk query that reaches a field outside the granted scopes", async () => {
    const noCustomers = await startWith([smallStore({ scopes: FULL_SCOPES.filter((s) => s !== "read_customers") })]);
    try {
      const op = await runBulkToEnd(noCustomers, "{ orders { edges { node { id customer { id } } } } }");
      expect(op).toMatchObject({ status: "FAILED", errorCode: "ACCESS_DENIED" });
    } finally {
      await noCustomers.emulator.close();
    }
  });
});

describe("HTTP-level faults", () => {
  it("answers the next N requests with a 5xx, then serves normally", async () => {
    client.emulator.setFault(DOMAIN, { serverErrors: { count: 2, status: 502 } });
    expect((await client.graphql("{ shop { name } }")).status).toBe(502);
    expect((await client.graphql("{ shop { name } }")).status).toBe(502);
    expect((await client.graphql("{ shop { name } }")).status).toBe(200);
  });

  it("can fail result downloads instead of GraphQL requests", async () => {
    const op = await runBulkToEnd(client, ORDERS);
    client.emulator.setFault(DOMAIN, { serverErrors: { count: 1, target: "download" } });
    expect((await client.graphql("{ shop { name } }")).status).toBe(200);
    expect((await fetch(defined(op.url))).status).toBe(503);
    expect((await fetch(defined(op.url))).status).toBe(200);
  });

  it("delays responses by the configured latency", async () => {
    client.emulator.setFault(DOMAIN, { latencyMs: 150 });
    const started = performance.now();
    await client.graphql("{ shop { name } }");
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("answers 401 for every request once the app is uninstalled, and tells the app", async () => {
    await client.emulator.uninstall(DOMAIN, { notify: true });
    expect((await client.graphql("{ shop { name } }")).status).toBe(401);
    const delivery = client.emulator.webhookDeliveries().find((d) => d.topic === "app/uninstalled");
    expect(delivery?.url).toBe("http://127.0.0.1:9/webhooks/app/uninstalled");
    expect(JSON.parse(defined(delivery).body)).toMatchObject({ myshopify_domain: DOMAIN, iana_timezone: "America/New_York", currency: "USD" });
  });
});

describe("result URLs", () => {
  it("answers an expired URL like expired signed storage, while the operation still reads COMPLETED", async () => {
    const op = await runBulkToEnd(client, ORDERS);
    client.emulator.setFault(DOMAIN, { expiredResultUrls: true });
    const response = await fetch(defined(op.url));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Code>ExpiredToken</Code>");
    expect((await bulkOperation(client, op.id)).status).toBe("COMPLETED");
  });

  it("expires results seven days after completion by the clock, and then reads EXPIRED", async () => {
    const op = await runBulkToEnd(client, ORDERS);
    clockMs += 7 * DAY_MS - 1000;
    expect((await fetch(defined(op.url))).status).toBe(200);
    clockMs += 2000;
    expect((await fetch(defined(op.url))).status).toBe(403);
    expect((await bulkOperation(client, op.id)).status).toBe("EXPIRED");
  });

  it("rejects a tampered signature and serves byte ranges for resumed downloads", async () => {
    const op = await runBulkToEnd(client, ORDERS);
    expect((await fetch(defined(op.url).replace(/Signature=[0-9a-f]/, "Signature=x"))).status).toBe(403);
    const whole = await (await fetch(defined(op.url))).text();
    const tail = await fetch(defined(op.url), { headers: { Range: "bytes=100-" } });
    expect(tail.status).toBe(206);
    expect(await tail.text()).toBe(Buffer.from(whole).subarray(100).toString());
  });
});

describe("control endpoint", () => {
  it("requires the control token", async () => {
    expect((await control("shops", undefined, "wrong")).status).toBe(401);
    const closed = await startWith([smallStore()]);
    try {
      expect((await fetch(`${closed.emulator.origin}/__emulator/shops`)).status).toBe(404);
    } finally {
      await closed.emulator.close();
    }
  });

  it("switches faults over HTTP and clears them", async () => {
    const response = await control("faults", { shop: DOMAIN, faults: { serverErrors: { count: 1 } } });
    expect(response.status).toBe(200);
    expect((await client.graphql("{ shop { name } }")).status).toBe(503);
    await control("faults", { shop: DOMAIN, faults: { uninstalled: true } });
    expect((await client.graphql("{ shop { name } }")).status).toBe(401);
    await control("faults", { shop: DOMAIN, clear: true });
    expect((await client.graphql("{ shop { name } }")).status).toBe(200);
  });

  it("drains the bucket over HTTP", async () => {
    const response = await control("faults", { shop: DOMAIN, throttle: { currentlyAvailable: 0 } });
    expect(await response.json()).toMatchObject({ throttleStatus: { currentlyAvailable: 0 } });
    expect((await client.graphql("{ orders(first: 5) { nodes { id } } }")).body.errors).toMatchObject([{ extensions: { code: "THROTTLED" } }]);
  });

  it("rejects an unknown fault with the reason and changes nothing", async () => {
    const response = await control("faults", { shop: DOMAIN, faults: { latencyMs: 10, meltdown: true } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'unknown fault "meltdown"' });
    expect(client.emulator.shop(DOMAIN).faults.current).toEqual({});
  });

  it("lists shops and replaces a store", async () => {
    const store = smallStore();
    store.orders = store.orders.slice(0, 2);
    const replaced = await control("stores", { store });
    expect(await replaced.json()).toMatchObject({ shop: DOMAIN, orders: 2 });
    const shops = (await (await control("shops")).json()) as { shops: Array<{ domain: string; orders: number }> };
    expect(shops.shops).toEqual([expect.objectContaining({ domain: DOMAIN, orders: 2, accessToken: "shpat_tiny-shop" })]);
    const { body } = await client.graphql("{ orders(first: 10) { nodes { id } } }");
    expect((body.data as { orders: { nodes: unknown[] } }).orders.nodes).toHaveLength(2);
  });
});
