import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { failInsertsWhere, resetDatabase } from "../../setup/db";
import type { Emulator } from "../../shopify-emulator/server";
import db from "~/db.server";
import { createAdminClient } from "~/shopify/admin-client.server";
import { runSchedulerTick } from "~/sync/scheduler.server";
import { describeRunForMerchant } from "~/sync/run-status.server";
import { runSync } from "~/sync/sync-service.server";
import type { SyncEnvironment } from "~/sync/sync-environment.server";
import { createShopCalendar } from "~/sync/shop-calendar";
import { addDays } from "~/sync/shop-calendar";
import { dailySalesOf, differences, installStore, presetStore, startTestEmulator, testEnvironment, TestClock, truthOf, virtualSleep, must } from "./helpers";

// Each failure mode ends in the state docs/sync.md documents: what the run records, what the
// merchant is told, and that DailySales and the watermark are untouched unless the run succeeded.
const clock = new TestClock();
const toy = presetStore("toy", { domain: "failures-toy.myshopify.com" });
const small = presetStore("small", { domain: "failures-small.myshopify.com" });
const limited = presetStore("small", {
  domain: "failures-limited.myshopify.com",
  seed: "limited",
  scopes: ["read_orders", "read_products", "read_inventory", "read_customers"],
});
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startTestEmulator([toy, small, limited], clock);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await resetDatabase();
  for (const domain of [toy.shop.domain, small.shop.domain, limited.shop.domain]) {
    emulator.clearFaults(domain);
    // Throttling tests drain and slow the bucket: give every test a full, standard one.
    emulator.throttle(domain, { currentlyAvailable: 2000, maximumAvailable: 2000, restoreRate: 100 });
  }
});

/** An environment whose Admin client records every GraphQL answer's error codes. */
function recordingEnvironment(seen: string[], clientOverrides: { maxThrottleWaitMs?: number } = {}): SyncEnvironment {
  const sleep = virtualSleep(clock);
  return testEnvironment(emulator, clock, {
    clientFor: async (shop) => {
      const session = await db.session.findUniqueOrThrow({ where: { id: `offline_${shop}` } });
      const recordingFetch: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        const body = await response.clone().text();
        for (const match of body.matchAll(/"code":"([A-Z_]+)"/g)) seen.push(match[1]);
        if (response.status >= 400) seen.push(`HTTP_${response.status}`);
        return response;
      };
      return createAdminClient({ shop, accessToken: session.accessToken, origin: emulator.origin, now: clock.now, sleep, fetch: recordingFetch, ...clientOverrides });
    },
  });
}

async function expectNothingApplied(shop: string) {
  expect(await db.dailySales.count({ where: { shop } })).toBe(0);
  const state = await db.syncState.findUnique({ where: { shop } });
  expect(state?.ordersWatermark ?? null).toBeNull();
  expect(await db.syncLease.count({ where: { shop } })).toBe(0);
}

describe("throttling", () => {
  it("waits out THROTTLED answers using throttleStatus and succeeds", async () => {
    await installStore(toy);
    emulator.throttle(toy.shop.domain, { currentlyAvailable: 0, restoreRate: 50 });
    const seen: string[] = [];
    const run = await runSync({ shop: toy.shop.domain, trigger: "manual" }, recordingEnvironment(seen));
    expect(seen).toContain("THROTTLED");
    expect(run.status).toBe("succeeded");
    expect(differences(await dailySalesOf(toy.shop.domain), truthOf(toy))).toEqual([]);
  });

  it("gives up when the bucket refills too slowly for its waiting budget: failed, retryable, nothing applied", async () => {
    await installStore(toy);
    emulator.throttle(toy.shop.domain, { currentlyAvailable: 0, maximumAvailable: 1000, restoreRate: 0.01 });
    const run = await runSync({ shop: toy.shop.domain, trigger: "manual" }, recordingEnvironment([], { maxThrottleWaitMs: 5_000 }));
    expect(run).toMatchObject({ status: "failed", errorCode: "shopify_unavailable" });
    expect(run.errorMessage).toMatch(/try again at the next scheduled sync/);
    await expectNothingApplied(toy.shop.domain);
  });

  it("retries 5xx answers and succeeds", async () => {
    await installStore(toy);
    emulator.setFault(toy.shop.domain, { serverErrors: { count: 2, status: 502, target: "all" } });
    const seen: string[] = [];
    const run = await runSync({ shop: toy.shop.domain, trigger: "manual" }, recordingEnvironment(seen));
    expect(seen.filter((s) => s === "HTTP_502")).toHaveLength(2);
    expect(run.status).toBe("succeeded");
  });
});

describe("a failed bulk export", () => {
  it("FAILED with partial data once: the partial file is not applied, the export is started again, and the run ends exact", async () => {
    await installStore(small);
    emulator.setFault(small.shop.domain, { bulkFailure: { errorCode: "INTERNAL_SERVER_ERROR", afterRootObjects: 40, count: 1 } });
    const run = await runSync({ shop: small.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock));
    expect(run).toMatchObject({ status: "succeeded", bulkAttempts: 2 });
    const ops = emulator.bulkOperations(small.shop.domain);
    expect(ops.some((op) => op.status === "FAILED" && op.partialFile !== null)).toBe(true);
    expect(differences(await dailySalesOf(small.shop.domain), truthOf(small))).toEqual([]);
  });

  it("FAILED twice: the run fails with bulk_failed and nothing is applied", async () => {
    await installStore(toy);
    emulator.setFault(toy.shop.domain, { bulkFailure: { errorCode: "TIMEOUT", afterRootObjects: 2 } });
    const run = await runSync({ shop: toy.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock));
    expect(run).toMatchObject({ status: "failed", errorCode: "bulk_failed", bulkAttempts: 2, bulkErrorCode: "TIMEOUT" });
    expect(await db.salesOrder.count({ where: { shop: toy.shop.domain } })).toBe(0);
    await expectNothingApplied(toy.shop.domain);
  });

  it("ACCESS_DENIED: fails at once with a message naming what to do", async () => {
    await installStore(toy);
    emulator.setFault(toy.shop.domain, { bulkFailure: { errorCode: "ACCESS_DENIED" } });
    const run = await runSync({ shop: toy.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock));
    expect(run).toMatchObject({ status: "failed", errorCode: "access_denied", bulkAttempts: 1 });
    expect(run.errorMessage).toMatch(/approve the requested permissions/);
    await expectNothingApplied(toy.shop.domain);
  });

  it("a scope revoked from a paged query: ACCESS_DENIED names the scope Shopify asked for", async () => {
    await installStore(toy);
    emulator.setFault(toy.shop.domain, { revokedScopes: ["read_products"] });
    const run = await runSync({ shop: toy.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock));
    expect(run).toMatchObject({ status: "failed", errorCode: "access_denied" });
    expect(run.errorMessage).toMatch(/read_products/);
  });
});

describe("a result download that breaks off", () => {
  it("is resumed from the last commit: what was read but not committed is read again, and the run ends exact", async () => {
    await installStore(small);
    // Cut the orders export once, mid-file, the way undici reports a dropped connection.
    let cutAtBytes: number | null = null;
    let ordersDownloads = 0;
    const breakingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const isOrders = String(input).includes("/bulk-results/") && Number(response.headers.get("content-length")) > 100_000;
      if (isOrders) ordersDownloads += 1;
      if (!isOrders || cutAtBytes !== null || !response.body) return response;
      cutAtBytes = Math.floor(Number(response.headers.get("content-length")) * 0.6);
      const reader = response.body.getReader();
      let sent = 0;
      const cut = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          if (sent + value.byteLength > cutAtBytes!) {
            controller.enqueue(value.subarray(0, cutAtBytes! - sent));
            await reader.cancel();
            controller.error(new TypeError("terminated"));
            return;
          }
          sent += value.byteLength;
          controller.enqueue(value);
        },
      });
      return new Response(cut, { status: response.status, headers: response.headers });
    };
    const committed: number[] = [];
    const run = await runSync(
      { shop: small.shop.domain, trigger: "manual" },
      testEnvironment(emulator, clock, {
        fetch: breakingFetch,
        // Several commits before the cut, each of several staged parts (orders leave the
        // assembler once 100 are pending, more than the emulator's 50 between parent and lines).
        batchOrders: 60,
        partOrders: 20,
        pendingCapacity: 100,
        checkpoint: (name) => {
          const batch = /^orders:batch-committed:(\d+)$/.exec(name);
          if (batch) committed.push(Number(batch[1]));
        },
      }),
    );
    expect(cutAtBytes).not.toBeNull();
    // The same export, downloaded again (not a new export).
    expect(ordersDownloads).toBe(2);
    expect(run).toMatchObject({ status: "succeeded", bulkAttempts: 1 });
    expect(committed.length).toBeGreaterThan(3);
    expect(differences(await dailySalesOf(small.shop.domain), truthOf(small))).toEqual([]);
  });
});

describe("a batch of orders that fails to commit", () => {
  it("fails the run with nothing applied, batches queued behind it included, and the next run ends exact", async () => {
    await installStore(small);
    // Late in the export, so several batches committed before it (and one may be queued behind).
    const victim = small.orders[Math.floor(small.orders.length * 0.8)];
    const removeTrigger = await failInsertsWhere("SalesOrder", "id", String(victim.id));
    const committed: number[] = [];
    const options = { batchOrders: 60, partOrders: 20, pendingCapacity: 100 };
    let failed;
    try {
      failed = await runSync(
        { shop: small.shop.domain, trigger: "manual" },
        testEnvironment(emulator, clock, {
          ...options,
          checkpoint: (name) => {
            const batch = /^orders:batch-committed:(\d+)$/.exec(name);
            if (batch) committed.push(Number(batch[1]));
          },
        }),
      );
    } finally {
      await removeTrigger();
    }
    expect(failed).toMatchObject({ status: "failed", errorCode: "internal_error" });
    expect(failed.errorMessage).toMatch(/Your sales data is unchanged/);
    expect(committed.length).toBeGreaterThan(3);
    // The resume cursor stopped before the end, and the victim's order was never stored.
    expect(failed.linesApplied).toBeLessThan(failed.bulkObjectCount);
    expect(await db.salesOrder.count({ where: { shop: small.shop.domain, id: String(victim.id) } })).toBe(0);
    await expectNothingApplied(small.shop.domain);

    clock.advance(60_000);
    const next = await runSync({ shop: small.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock, options));
    expect(next.errorMessage).toBeNull();
    expect(next.status).toBe("succeeded");
    expect(differences(await dailySalesOf(small.shop.domain), truthOf(small))).toEqual([]);
  });
});

describe("an expired result URL", () => {
  it("once: a fresh export is started and the run ends exact", async () => {
    await installStore(toy);
    let expiredOnce = false;
    const expiringFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!expiredOnce && String(input).includes("/bulk-results/") && String(input).includes("result")) {
        expiredOnce = true;
        await response.body?.cancel();
        return new Response("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", { status: 403 });
      }
      return response;
    };
    const run = await runSync({ shop: toy.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock, { fetch: expiringFetch }));
    expect(expiredOnce).toBe(true);
    expect(run).toMatchObject({ status: "succeeded", bulkAttempts: 2 });
    expect(differences(await dailySalesOf(toy.shop.domain), truthOf(toy))).toEqual([]);
  });

  it("always: the run fails with bulk_url_expired and nothing is applied", async () => {
    await installStore(toy);
    emulator.setFault(toy.shop.domain, { expiredResultUrls: true });
    const run = await runSync({ shop: toy.shop.domain, trigger: "manual" }, testEnvironment(emulator, clock));
    expect(run).toMatchObject({ status: "failed", errorCode: "bulk_url_expired", bulkAttempts: 2 });
    await expectNothingApplied(toy.shop.domain);
  });
});

describe("only 60 days readable (no read_all_orders)", () => {
  it("backfills the last 60 shop-local days, exactly, and raises the notice", async () => {
    await installStore(limited);
    const run = await runSync({ shop: limited.shop.domain, trigger: "install" }, testEnvironment(emulator, clock));
    expect(run.status).toBe("succeeded");
    const calendar = createShopCalendar(limited.shop.ianaTimezone);
    const firstDay = addDays(calendar.dayOf(clock.ms), -59);
    expect(run.backfillFrom?.getTime()).toBe(calendar.startOfDay(firstDay));
    const actual = await dailySalesOf(limited.shop.domain);
    expect(Math.min(...[...actual.keys()].map((k) => Date.parse(k.split("|")[1])))).toBeGreaterThanOrEqual(Date.parse(firstDay));
    // Repeat status needs the whole history: inside a 60-day window, the truth is computed the
    // same way Backstop sees the shop (orders before the window do not exist for it).
    const truth = truthOf({ ...limited, orders: limited.orders.filter((o) => o.processedAt >= must(run.backfillFrom, "backfillFrom").getTime()) }, { fromDay: firstDay });
    expect(differences(actual, truth)).toEqual([]);
    const status = await describeRunForMerchant(limited.shop.domain);
    expect(status).toMatchObject({ historyLimited: true });
    expect(status.historyStartsAt).toBe(run.backfillFrom?.toISOString());
  });
});

describe("uninstalled in the middle of a run", () => {
  it("fails quietly with uninstalled, stops the shop's schedule and applies nothing", async () => {
    await installStore(toy);
    const env = testEnvironment(emulator, clock, {
      checkpoint: (name) => {
        if (name === "state:waiting") void emulator.uninstall(toy.shop.domain);
      },
    });
    const run = await runSync({ shop: toy.shop.domain, trigger: "schedule" }, env);
    expect(run).toMatchObject({ status: "failed", errorCode: "uninstalled" });
    expect(run.errorMessage).toMatch(/reinstall Backstop/);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: toy.shop.domain } })).uninstalledAt).not.toBeNull();
    expect((await db.syncState.findUniqueOrThrow({ where: { shop: toy.shop.domain } })).scheduleStopped).toBe(true);
    await expectNothingApplied(toy.shop.domain);

    // The scheduler leaves it alone from now on, even a day later.
    clock.advance(24 * 3600 * 1000);
    const requested: string[] = [];
    await runSchedulerTick({ nowMs: clock.ms, request: async (r) => (requested.push(r.shop), { runId: null, started: false }) });
    expect(requested).not.toContain(toy.shop.domain);
  });
});
