/**
 * bulk_operations/finish is delivered to the app, signed like Shopify signs webhooks, and retried
 * when the app does not acknowledge it.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBulkQuery, runBulkToEnd, smallStore, startWith, type Client, defined } from "./fixtures";

const SECRET = "app-secret-for-tests";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  validHmac: boolean;
}

/** A tiny app: verifies the HMAC the way Shopify's docs say and answers with the next scripted status. */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const expected = crypto.createHmac("sha256", SECRET).update(body, "utf8").digest("base64");
      const given = String(req.headers["x-shopify-hmac-sha256"] ?? "");
      const validHmac = given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      received.push({ path: req.url ?? "", headers: req.headers, body, validHmac });
      res.writeHead(validHmac ? (statuses.shift() ?? 200) : 401);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let client: Client;
const statuses: number[] = [];

beforeAll(async () => {
  receiver = await startReceiver(statuses);
  client = await startWith([smallStore()], {
    appUrl: receiver.url,
    apiSecret: SECRET,
    behaviour: { webhooks: { initialDelayMs: 20 } },
  });
});
afterAll(async () => {
  await client.emulator.close();
  await receiver.close();
});

async function deliveredFor(operationId: string) {
  for (let i = 0; i < 100; i++) {
    const delivery = client.emulator
      .webhookDeliveries()
      .find((d) => (JSON.parse(d.body) as { admin_graphql_api_id: string }).admin_graphql_api_id === operationId);
    if (delivery && delivery.state !== "pending") return delivery;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no finished delivery for ${operationId}`);
}

describe("bulk_operations/finish", () => {
  it("POSTs the documented payload with a valid HMAC and Shopify's headers", async () => {
    const op = await runBulkToEnd(client, "{ orders { edges { node { id } } } }");
    const delivery = await deliveredFor(op.id);
    expect(delivery).toMatchObject({ state: "delivered", attempts: 1, lastStatus: 200 });
    const request = defined(receiver.received.find((r) => r.body === delivery.body));
    expect(request.validHmac).toBe(true);
    expect(request.path).toBe("/webhooks/bulk_operations/finish");
    expect(request.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "bulk_operations/finish",
      "x-shopify-shop-domain": "tiny-shop.myshopify.com",
      "x-shopify-api-version": "2026-10",
    });
    for (const header of ["x-shopify-webhook-id", "x-shopify-event-id", "x-shopify-triggered-at"]) {
      expect(request.headers[header]).toEqual(expect.any(String));
    }
    // Same keys as Shopify's example payload: snake_case, lower-case enums, times in the shop's zone.
    expect(JSON.parse(request.body)).toEqual({
      admin_graphql_api_id: op.id,
      completed_at: "2026-11-20T07:00:00-05:00",
      created_at: "2026-11-20T07:00:00-05:00",
      error_code: null,
      status: "completed",
      type: "query",
    });
  });

  it("reports failures with their lower-case error code", async () => {
    client.emulator.setFault("tiny-shop.myshopify.com", { bulkFailure: { errorCode: "TIMEOUT", count: 1 } });
    const op = await runBulkToEnd(client, "{ orders { edges { node { id } } } }");
    const delivery = await deliveredFor(op.id);
    expect(JSON.parse(delivery.body)).toMatchObject({ status: "failed", error_code: "timeout" });
  });

  it("retries with the same payload and webhook id until the app answers 2xx", async () => {
    statuses.push(500, 503);
    const op = await runBulkToEnd(client, "{ orders { edges { node { id } } } }");
    const delivery = await deliveredFor(op.id);
    expect(delivery).toMatchObject({ state: "delivered", attempts: 3, lastStatus: 200 });
    const attempts = receiver.received.filter((r) => r.body === delivery.body);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers["x-shopify-webhook-id"])).size).toBe(1);
  });

  it("gives up after the configured number of attempts", async () => {
    statuses.push(500, 500, 500, 500);
    const started = await runBulkQuery(client, "{ orders { edges { node { id } } } }");
    await client.emulator.waitForBulkOperation(defined(started.bulkOperation).id);
    const delivery = await deliveredFor(defined(started.bulkOperation).id);
    expect(delivery).toMatchObject({ state: "failed", attempts: 4, lastStatus: 500 });
  });

  it("signs with the app secret: a receiver with another secret rejects the delivery", async () => {
    const other = await startWith([smallStore()], { appUrl: receiver.url, apiSecret: "wrong-secret", behaviour: { webhooks: { attempts: 1 } } });
    try {
      const op = await runBulkToEnd(other, "{ orders { edges { node { id } } } }");
      for (let i = 0; i < 100 && other.emulator.webhookDeliveries()[0]?.state !== "failed"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(other.emulator.webhookDeliveries()[0]).toMatchObject({ state: "failed", lastStatus: 401 });
      expect(JSON.parse(other.emulator.webhookDeliveries()[0].body).admin_graphql_api_id).toBe(op.id);
    } finally {
      await other.emulator.close();
    }
  });
});
