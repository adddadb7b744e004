import http from "node:http";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { API_KEY, API_SECRET_KEY, getJwt } from "@shopify/shopify-api/test-helpers";
import { resetDatabase } from "../../setup/db";
import { startEmulator } from "../../shopify-emulator/server";
import { webhookRequest, callAction } from "../webhooks/helpers";
import { dailySalesOf, differences, installStore, presetStore, truthOf } from "./helpers";
import { closeJobQueueDrain, drainJobQueue, withJobWorker } from "../jobs/drain";

// The three HTTP entry points of the sync, called with real requests: the bulk finish webhook
// (HMAC signed with the app secret, delivered by the emulator itself), POST /internal/sync
// (bearer CRON_TOKEN) and the app's resource route (session token). The app reaches the emulator
// through SHOPIFY_ADMIN_ORIGIN exactly as it would reach Shopify, so configuration is set before
// any app module reads it.
const store = presetStore("toy", { domain: "routes-toy.myshopify.com" });
const SHOP = store.shop.domain;
const CRON_TOKEN = "cron-token-for-the-routes-test-0123456789";

// The app as an HTTP server for the emulator's webhook deliveries: forwards to the route action
// (imported below, once the configuration is complete).
const routeActions: { bulkFinish?: typeof import("~/routes/webhooks.bulk_operations.finish").action } = {};
const appServer = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const request = new Request(`https://backstop.test${req.url}`, {
      method: "POST",
      headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])),
      body: Buffer.concat(chunks),
    });
    if (!routeActions.bulkFinish) return void res.writeHead(503).end();
    callAction(routeActions.bulkFinish, request)
      .then((response) => res.writeHead(response.status).end())
      .catch(() => res.writeHead(500).end());
  });
});
await new Promise<void>((resolve) => appServer.listen(0, "127.0.0.1", resolve));
const appAddress = appServer.address();
const appUrl = `http://127.0.0.1:${typeof appAddress === "object" && appAddress ? appAddress.port : 0}`;
const emulator = await startEmulator({ stores: [store], appUrl, apiSecret: API_SECRET_KEY });
process.env.SHOPIFY_ADMIN_ORIGIN = emulator.origin;
process.env.CRON_TOKEN = CRON_TOKEN;
const { action: bulkFinish } = await import("~/routes/webhooks.bulk_operations.finish");
routeActions.bulkFinish = bulkFinish;

const { default: db } = await import("~/db.server");
const internalSync = await import("~/routes/internal.sync");
const appSync = await import("~/routes/app.sync");
const { waitForRun, runSync } = await import("~/sync/sync-service.server");
const { defaultSyncEnvironment } = await import("~/sync/sync-environment.server");
const { isPostgresDatabase } = await import("~/env.server");
// On PostgreSQL the routes queue their work; a worker in this process runs it (tests/integration/jobs/drain.ts).
const onQueue = isPostgresDatabase();

afterAll(async () => {
  await closeJobQueueDrain();
  await emulator.close();
  await new Promise((resolve) => appServer.close(resolve));
});
beforeEach(async () => {
  await resetDatabase();
  await installStore(store);
});

async function sessionRequest(method: "GET" | "POST"): Promise<Request> {
  const { token } = await getJwt(SHOP.replace(".myshopify.com", ""), API_KEY, API_SECRET_KEY);
  return new Request("https://backstop.test/app/sync", {
    method,
    headers: { Authorization: `Bearer ${token}`, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36" },
  });
}

describe("webhooks/bulk_operations/finish", () => {
  it("completes a run whose polling would take minutes: the signed webhook from the emulator wakes it", async () => {
    // Polls every 10 minutes: only the webhook can finish this run within the test's time.
    const env = defaultSyncEnvironment({ pollBaseMs: 600_000, pollMaxMs: 600_000 });
    const started = Date.now();
    // On PostgreSQL the webhook's work is a job: the worker taking it wakes this process's run.
    const run = await withJobWorker(() => runSync({ shop: SHOP, trigger: "manual" }, env));
    expect(run.status).toBe("succeeded");
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(run.bulkStatus).toBe("COMPLETED");
    const deliveries = emulator.webhookDeliveries().filter((d) => d.topic === "bulk_operations/finish");
    expect(deliveries.some((d) => d.state === "delivered" && d.lastStatus === 200)).toBe(true);
    expect(differences(await dailySalesOf(SHOP), truthOf(store))).toEqual([]);
  });

  it("records the outcome on the run that owns the export, once per webhook id", async () => {
    const run = await db.syncRun.create({ data: { shop: SHOP, kind: "backfill", status: "failed", bulkOperationId: "gid://shopify/BulkOperation/77" } });
    const payload = { admin_graphql_api_id: "gid://shopify/BulkOperation/77", completed_at: null, created_at: "2026-11-20T12:00:00Z", error_code: "timeout", status: "failed", type: "query" };
    const first = await callAction(bulkFinish, webhookRequest("bulk_operations/finish", SHOP, payload, { webhookId: "wh-1" }));
    expect(first.status).toBe(200);
    expect((await drainJobQueue()).settled).toEqual(onQueue ? { "bulk-operation-finished:completed": 1 } : {});
    expect(await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ bulkStatus: "FAILED", bulkErrorCode: "TIMEOUT" });
    await db.syncRun.update({ where: { id: run.id }, data: { bulkStatus: null } });
    const repeat = await callAction(bulkFinish, webhookRequest("bulk_operations/finish", SHOP, payload, { webhookId: "wh-1" }));
    expect(repeat.status).toBe(200);
    expect((await drainJobQueue()).settled).toEqual({});
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).bulkStatus).toBeNull();
  });

  it("rejects a bad HMAC with 401 and records nothing", async () => {
    const run = await db.syncRun.create({ data: { shop: SHOP, kind: "backfill", status: "failed", bulkOperationId: "gid://shopify/BulkOperation/78" } });
    const payload = { admin_graphql_api_id: "gid://shopify/BulkOperation/78", completed_at: null, created_at: "2026-11-20T12:00:00Z", error_code: null, status: "completed", type: "query" };
    const response = await callAction(bulkFinish, webhookRequest("bulk_operations/finish", SHOP, payload, { secret: "not-the-secret" }));
    expect(response.status).toBe(401);
    expect((await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).bulkStatus).toBeNull();
  });
});

describe("POST /internal/sync", () => {
  const post = (token: string | null, body?: unknown) =>
    internalSync.action({
      request: new Request("https://backstop.test/internal/sync", {
        method: "POST",
        headers: token === null ? {} : { Authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      params: {},
      context: {},
    });

  it("refuses a missing or wrong bearer token with 401 and starts nothing", async () => {
    expect((await post(null)).status).toBe(401);
    expect((await post(`${CRON_TOKEN}x`)).status).toBe(401);
    expect(await db.syncRun.count()).toBe(0);
  });

  it("rejects a malformed shop with 400", async () => {
    const response = await post(CRON_TOKEN, { shop: "evil.example.com" });
    expect(response.status).toBe(400);
  });

  it("with the token, syncs one shop on request and answers 202 with the run (or its queued job)", async () => {
    const response = await post(CRON_TOKEN, { shop: SHOP });
    expect(response.status).toBe(202);
    const ticket = (await response.json()) as { runId: string | null; started: boolean; queued?: boolean; jobId?: string };
    expect(ticket.started).toBe(true);
    if (onQueue) expect(ticket).toMatchObject({ runId: null, queued: true, jobId: expect.any(String) });
    // (The emulator's bulk_operations/finish webhooks become jobs too.)
    expect((await drainJobQueue()).settled).toMatchObject(onQueue ? { "sync-shop:completed": 1 } : {});
    const run = await db.syncRun.findFirstOrThrow({ where: { shop: SHOP } });
    if (!onQueue) expect(run.id).toBe(ticket.runId);
    expect((await waitForRun(run.id)).status).toBe("succeeded");
    expect(run.trigger).toBe("cron");
  });

  it("with the token and no body, runs a scheduler tick: the never-synced shop gets its install backfill", async () => {
    const response = await post(CRON_TOKEN);
    expect(response.status).toBe(202);
    const body = (await response.json()) as { runs?: Array<{ shop: string; reason: string; runId: string }>; queued?: boolean };
    // SQLite: the tick ran here and names its runs. PostgreSQL: the tick is a job for a worker.
    if (onQueue) expect(body).toEqual({ queued: true, jobId: expect.any(String) });
    else expect(body.runs).toEqual([expect.objectContaining({ shop: SHOP, reason: "install" })]);
    expect((await drainJobQueue()).settled).toMatchObject(onQueue ? { "sync-scheduler-tick:completed": 1, "sync-shop:completed": 1 } : {});
    const run = await db.syncRun.findFirstOrThrow({ where: { shop: SHOP } });
    expect(run.trigger).toBe("install");
    expect((await waitForRun(run.id)).status).toBe("succeeded");
  });

  it("answers GET with 404 (POST only)", async () => {
    expect((await internalSync.loader()).status).toBe(404);
  });
});

describe("/app/sync (Sync now and progress)", () => {
  it("POST starts a run in the background and answers at once; a second POST joins it; GET shows its progress", async () => {
    const first = await appSync.action({ request: await sessionRequest("POST"), params: {}, context: {} });
    expect(first.status).toBe(202);
    const ticket = (await first.json()) as { runId: string | null; started: boolean };
    const second = await appSync.action({ request: await sessionRequest("POST"), params: {}, context: {} });
    // PostgreSQL: the first POST queued the shop's job; the second finds it queued and adds none.
    expect(await second.json()).toEqual(onQueue ? { runId: null, started: false, queued: true, jobId: null } : { runId: ticket.runId, started: false });
    // (The emulator's bulk_operations/finish webhooks become jobs too.)
    expect((await drainJobQueue()).settled).toMatchObject(onQueue ? { "sync-shop:completed": 1 } : {});
    expect(await db.syncRun.count({ where: { shop: SHOP } })).toBe(1);
    const runId = (await db.syncRun.findFirstOrThrow({ where: { shop: SHOP } })).id;
    if (!onQueue) expect(runId).toBe(ticket.runId);

    await waitForRun(runId);
    const status = (await (await appSync.loader({ request: await sessionRequest("GET"), params: {}, context: {} })).json()) as {
      run: { id: string; status: string; progressPct: number };
      lastSucceededAt: string | null;
    };
    expect(status.run).toMatchObject({ id: runId, status: "succeeded", progressPct: 100 });
    expect(status.lastSucceededAt).not.toBeNull();
  });

  it("refuses a request without a session token", async () => {
    const request = new Request("https://backstop.test/app/sync", { method: "POST" });
    const response = await callAction(appSync.action, request);
    expect([401, 302]).toContain(response.status);
    expect(await db.syncRun.count()).toBe(0);
  });
});
