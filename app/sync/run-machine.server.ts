import type { SyncRun } from "@prisma/client";
import db from "~/db.server";
import { hashCustomerId } from "~/lib/customer-hash.server";
import { grantsAllOrders } from "~/models/shop.server";
import type { AdminClient } from "~/shopify/admin-client.server";
import { buildBulkOrdersQuery, fetchBulkOperation, isFinishedStatus, startBulkQuery } from "~/shopify/bulk.server";
import { BulkResultExpiredError, ShopifyUnavailableError, ShopifyUninstalledError, ShopifyUserError } from "~/shopify/errors";
import { SHOP_PROFILE, type ShopProfileData } from "~/shopify/graphql/shop-profile";
import { awaitBulkOperation, pollDelayMs, sleepUntilFinishNotice } from "./bulk-completion.server";
import { syncCatalog } from "./catalog-sync.server";
import type { DailySalesAggregator } from "./daily-sales-aggregator";
import { computeAllDailySales, computeDailySalesFor, staleKeys } from "./daily-sales-rollup.server";
import { currencyFractionDigits } from "./money";
import { applyOrdersExport } from "./orders-export.server";
import { BulkExportFailedError, describeFailure, LeaseLostError } from "./run-errors";
import { SalesStore } from "./sales-store.server";
import { addDays, createShopCalendar, type ShopCalendar } from "./shop-calendar";
import type { SyncEnvironment } from "./sync-environment.server";

/**
 * A sync run is a persisted state machine (docs/sync.md). Every state's work is idempotent and
 * its outcome is written before the next state begins, so a runner that dies anywhere can be
 * replaced by another that calls driveRun on the same row:
 *
 *   queued ─► submitting ─► catalog ─► waiting ─► downloading ─► finalizing ─► succeeded
 *                 ▲                       │            │
 *                 └── export failed/expired (one retry) ┘          any state ─► failed
 */
export type RunStatus = "queued" | "submitting" | "catalog" | "waiting" | "downloading" | "finalizing" | "succeeded" | "failed";
export type RunKind = "backfill" | "incremental";
export type RunTrigger = "install" | "schedule" | "manual" | "cron" | "cli" | "webhook";

export const ACTIVE_STATUSES: readonly RunStatus[] = ["queued", "submitting", "catalog", "waiting", "downloading", "finalizing"];

/** True while a run still has work to do (and can be resumed). */
export function isActiveStatus(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}

/** Progress (0–100) at which each state starts; downloading fills 30 → 90 by lines read. */
const PROGRESS: Record<RunStatus, number> = {
  queued: 0,
  submitting: 2,
  catalog: 5,
  waiting: 20,
  downloading: 30,
  finalizing: 90,
  succeeded: 100,
  failed: 0,
};

/** Bulk exports a run may start: the first, plus one retry after a failed or expired export. */
const MAX_BULK_ATTEMPTS = 2;
/** LIMIT_REACHED (five exports already running) clears by itself; wait this long between tries. */
const LIMIT_REACHED_WAITS_MS = [15_000, 30_000, 60_000];
/** Broken downloads (connection reset, 5xx) are resumed from the cursor this many times. */
const MAX_DOWNLOAD_RETRIES = 3;

const HISTORY_LIMITED_DAYS = 60;

interface RunContext {
  env: SyncEnvironment;
  store: SalesStore;
  client: AdminClient;
  /** Throws LeaseLostError once the heartbeat lost the lease. */
  assertLease: () => void;
  /** DailySales summed during this process's download, when valid for the final rebuild. */
  streamedRollup: DailySalesAggregator | null;
}

type Timings = Record<string, number>;

function timingsOf(run: SyncRun): Timings {
  try {
    const parsed: unknown = JSON.parse(run.timingsJson);
    return typeof parsed === "object" && parsed !== null ? (parsed as Timings) : {};
  } catch {
    return {};
  }
}

/** "2026-11-01T00:00:00Z": Shopify search syntax wants quoted ISO dates; it counts whole seconds. */
function searchTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** The same calendar day `months` earlier, clamped to the month's end (Aug 31 − 6 months = Feb 28/29). */
export function monthsBefore(day: string, months: number): string {
  const [year, month, date] = day.split("-").map(Number);
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * First instant of the history a backfill reads: whole shop-local days, `backfillMonths` back, or
 * only the days Shopify still shows (60) when read_all_orders is missing.
 */
export function backfillStartMs(calendar: ShopCalendar, nowMs: number, backfillMonths: number, hasAllOrders: boolean): number {
  const today = calendar.dayOf(nowMs);
  const firstDay = hasAllOrders ? monthsBefore(today, backfillMonths) : addDays(today, -(HISTORY_LIMITED_DAYS - 1));
  return calendar.startOfDay(firstDay);
}

async function update(run: SyncRun, data: Partial<Omit<SyncRun, "id" | "shop">>): Promise<SyncRun> {
  return db.syncRun.update({ where: { id: run.id }, data });
}

/** Drives a run from its persisted state to succeeded or failed. Never throws for run failures. */
export async function driveRun(runId: string, env: SyncEnvironment, assertLease: () => void = () => undefined): Promise<SyncRun> {
  let run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  if (!ACTIVE_STATUSES.includes(run.status as RunStatus)) return run;
  run = await db.syncRun.update({ where: { id: run.id }, data: { attempts: { increment: 1 } } });
  const log = env.logger.child({ shop: run.shop, runId: run.id });
  let store: SalesStore | null = null;
  try {
    store = await SalesStore.open(env.databaseUrl);
    const client = await env.clientFor(run.shop);
    const context: RunContext = { env, store, client, assertLease, streamedRollup: null };
    for (;;) {
      assertLease();
      const status = run.status as RunStatus;
      env.checkpoint?.(`state:${status}`);
      if (status === "succeeded" || status === "failed") return run;
      run = await step(run, status, context);
    }
  } catch (error) {
    if (error instanceof LeaseLostError) {
      log.warn("lease lost; leaving the run to its new holder");
      return db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    }
    return failRun(runId, error, env);
  } finally {
    await store?.close();
  }
}

async function step(run: SyncRun, status: RunStatus, context: RunContext): Promise<SyncRun> {
  switch (status) {
    case "queued":
      return plan(run, context);
    case "submitting":
      return submit(run, context);
    case "catalog":
      return catalog(run, context);
    case "waiting":
      return waitForExport(run, context);
    case "downloading":
      return download(run, context);
    case "finalizing":
      return finalize(run, context);
    default:
      throw new Error(`Run ${run.id} has unknown status "${status}"`);
  }
}

/** Runs `work` and adds its wall time to the run's timings under `phase` (attempts add up). */
async function timed<T>(run: SyncRun, phase: string, work: () => Promise<T>): Promise<{ result: T; timings: Timings }> {
  const started = performance.now();
  const result = await work();
  const timings = timingsOf(await db.syncRun.findUniqueOrThrow({ where: { id: run.id } }));
  timings[phase] = (timings[phase] ?? 0) + Math.round(performance.now() - started);
  return { result, timings };
}

/** queued → submitting: who the shop is now, and what this run reads. */
async function plan(run: SyncRun, context: RunContext): Promise<SyncRun> {
  const { env, client } = context;
  const { result: profile, timings } = await timed(run, "profile", () => client.request<ShopProfileData>(SHOP_PROFILE));
  const timingsJson = JSON.stringify(timings);
  const previous = await db.shop.findUniqueOrThrow({ where: { domain: run.shop } });
  const timezoneChanged = previous.ianaTimezone !== profile.shop.ianaTimezone;
  await db.shop.update({
    where: { domain: run.shop },
    data: {
      name: profile.shop.name,
      currencyCode: profile.shop.currencyCode,
      ianaTimezone: profile.shop.ianaTimezone,
      planName: profile.shop.plan.publicDisplayName,
    },
  });
  const settings = await db.shopSettings.upsert({ where: { shop: run.shop }, create: { shop: run.shop }, update: {} });
  const state = await db.syncState.upsert({ where: { shop: run.shop }, create: { shop: run.shop }, update: {} });
  const nowMs = env.now();
  const calendar = createShopCalendar(profile.shop.ianaTimezone);
  const hasAllOrders = grantsAllOrders(previous.scopes);
  // Days are counted in the shop's timezone: if it changed, every stored day is off, so re-read all.
  // A newly granted read_all_orders means more history to read than the 60 days synced so far.
  const kind: RunKind =
    run.kind === "backfill" ||
    !state.ordersWatermark ||
    (timezoneChanged && state.lastSucceededAt !== null) ||
    (state.historyLimited && hasAllOrders)
      ? "backfill"
      : "incremental";
  if (kind === "backfill") {
    // Set before the first SalesOrder write: until this backfill's rebuild commits, any later
    // finalize must rebuild every key, not only stale ones.
    await db.syncState.update({ where: { shop: run.shop }, data: { needsFullRollup: true } });
    return update(run, {
      kind,
      backfillFrom: new Date(backfillStartMs(calendar, nowMs, settings.backfillMonths, hasAllOrders)),
      sinceUpdatedAt: null,
      status: "submitting",
      progressPct: PROGRESS.submitting,
      timingsJson,
    });
  }
  const watermark = state.ordersWatermark?.getTime() ?? nowMs;
  return update(run, {
    kind,
    backfillFrom: state.historyStartsAt,
    sinceUpdatedAt: new Date(watermark - env.overlapMs),
    status: "submitting",
    progressPct: PROGRESS.submitting,
    timingsJson,
  });
}

function ordersSearch(run: SyncRun): string {
  const terms: string[] = [];
  if (run.sinceUpdatedAt) terms.push(`updated_at:>'${searchTime(run.sinceUpdatedAt.getTime())}'`);
  // Incremental reads stay inside the synced history: an old order edited today must not add a
  // lone order to a day whose other orders Backstop never read.
  if (run.backfillFrom) terms.push(`processed_at:>='${searchTime(run.backfillFrom.getTime())}'`);
  return terms.join(" ");
}

/** submitting → catalog (or waiting, when this run already read the catalog). */
async function submit(run: SyncRun, context: RunContext): Promise<SyncRun> {
  const { env, client } = context;
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: run.shop } });
  const withCustomers = shop.scopes.split(",").map((s) => s.trim()).includes("read_customers");
  const query = buildBulkOrdersQuery(ordersSearch(run), withCustomers);
  let operation: { id: string; createdAt: Date } | null = null;
  for (let attempt = 0; operation === null; attempt++) {
    try {
      operation = await startBulkQuery(client, query);
    } catch (error) {
      const wait = LIMIT_REACHED_WAITS_MS[attempt];
      if (!(error instanceof ShopifyUserError) || error.kind !== "transient" || wait === undefined) throw error;
      env.logger.info("bulk operation limit reached; waiting", { shop: run.shop, runId: run.id, waitMs: wait });
      await env.sleep(wait);
    }
  }
  const catalogDone = timingsOf(run).catalog !== undefined;
  const next: RunStatus = catalogDone ? "waiting" : "catalog";
  return update(run, {
    bulkOperationId: operation.id,
    bulkStatus: "CREATED",
    bulkErrorCode: null,
    bulkUrl: null,
    bulkObjectCount: 0,
    linesApplied: 0,
    untilUpdatedAt: operation.createdAt,
    bulkAttempts: run.bulkAttempts + 1,
    status: next,
    progressPct: PROGRESS[next],
  });
}

/** catalog → waiting: the catalog is read while Shopify prepares the orders export. */
async function catalog(run: SyncRun, context: RunContext): Promise<SyncRun> {
  const { env, client, store } = context;
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: run.shop } });
  const calendar = createShopCalendar(shop.ianaTimezone);
  const nowMs = env.now();
  // Time spent waiting for Shopify to prepare the catalog export, kept apart from the step's own
  // work (timings.catalogWait is part of timings.catalog), like the orders export's wait.
  let exportWaitMs = 0;
  const awaitBulk = async (id: string) => {
    const started = performance.now();
    try {
      return await awaitBulkOperation(client, id, { sleep: env.sleep, pollBaseMs: env.pollBaseMs, pollMaxMs: env.pollMaxMs, assertStillOurs: context.assertLease });
    } finally {
      exportWaitMs += performance.now() - started;
    }
  };
  const { result, timings } = await timed(run, "catalog", () =>
    syncCatalog(client, store, {
      shop: run.shop,
      snapshotDay: calendar.dayOf(nowMs),
      nowMs,
      fractionDigits: currencyFractionDigits(shop.currencyCode),
      fetch: env.fetch,
      awaitBulk,
    }),
  );
  timings.catalogWait = (timings.catalogWait ?? 0) + Math.round(exportWaitMs);
  await db.syncState.update({ where: { shop: run.shop }, data: { catalogSyncedAt: new Date(nowMs) } });
  return update(run, {
    objectsRead: run.objectsRead + result.objectsRead,
    rowsWritten: run.rowsWritten + result.rowsWritten,
    status: "waiting",
    progressPct: PROGRESS.waiting,
    timingsJson: JSON.stringify(timings),
  });
}

/** waiting → downloading | finalizing (nothing matched) | submitting (retry) | failed. */
async function waitForExport(run: SyncRun, context: RunContext): Promise<SyncRun> {
  const { env, client } = context;
  const operationId = run.bulkOperationId;
  if (!operationId) return update(run, { status: "submitting" });
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    context.assertLease();
    const info = await fetchBulkOperation(client, operationId);
    if (info && info.status === "COMPLETED") {
      const timings = timingsOf(await db.syncRun.findUniqueOrThrow({ where: { id: run.id } }));
      timings.wait = (timings.wait ?? 0) + Math.round(performance.now() - started);
      const next: RunStatus = info.url ? "downloading" : "finalizing";
      return update(run, {
        bulkStatus: info.status,
        bulkUrl: info.url,
        bulkObjectCount: info.objectCount,
        status: next,
        progressPct: PROGRESS[next],
        timingsJson: JSON.stringify(timings),
      });
    }
    if (!info || isFinishedStatus(info.status)) {
      const failure = new BulkExportFailedError(info?.status ?? "MISSING", info?.errorCode ?? null);
      await update(run, { bulkStatus: failure.status, bulkErrorCode: failure.errorCode });
      // ACCESS_DENIED will not fix itself; partial data is never applied (it can end mid-order).
      if (failure.errorCode === "ACCESS_DENIED" || run.bulkAttempts >= MAX_BULK_ATTEMPTS) throw failure;
      env.logger.warn("orders export failed; starting it again", { shop: run.shop, runId: run.id, status: failure.status, errorCode: failure.errorCode });
      return update(run, { status: "submitting", progressPct: PROGRESS.submitting });
    }
    await sleepUntilFinishNotice(operationId, pollDelayMs(attempt, env.pollBaseMs, env.pollMaxMs), env.sleep);
  }
}

/** downloading → finalizing (or submitting when the result URL expired for good). */
async function download(run: SyncRun, context: RunContext): Promise<SyncRun> {
  const { env, store, client } = context;
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: run.shop } });
  const calendar = createShopCalendar(shop.ianaTimezone);
  const salt = shop.customerHashSalt;
  const orderContext = {
    dayOf: (ms: number) => calendar.dayOf(ms),
    fractionDigits: currencyFractionDigits(shop.currencyCode),
    hashCustomer: (customer: string | number) => hashCustomerId(salt, customer),
  };
  // While a backfill's rebuild is pending, stale keys need no tracking: everything is rebuilt.
  const { needsFullRollup } = await db.syncState.findUniqueOrThrow({ where: { shop: run.shop } });
  // A first backfill (nothing stored yet) can sum DailySales as it streams; anything else rebuilds
  // from the stored orders, which also hold what earlier syncs read.
  const streamRollup = run.kind === "backfill" && (await db.salesOrder.count({ where: { shop: run.shop } })) === 0;
  let current = run;
  let brokenDownloads = 0;
  let refreshedUrl = false;
  const started = performance.now();
  for (;;) {
    if (!current.bulkUrl) return update(current, { status: "finalizing", progressPct: PROGRESS.finalizing });
    try {
      const result = await applyOrdersExport({
        store,
        shop: run.shop,
        runId: run.id,
        url: current.bulkUrl,
        context: orderContext,
        trackDirty: current.kind !== "backfill" && !needsFullRollup,
        skipLines: current.linesApplied,
        objectCount: current.bulkObjectCount,
        rowsWrittenBefore: current.rowsWritten,
        batchOrders: env.batchOrders,
        pendingCapacity: env.pendingCapacity,
        partOrders: env.partOrders,
        fetch: env.fetch,
        progressFrom: PROGRESS.downloading,
        progressTo: PROGRESS.finalizing,
        checkpoint: (name) => {
          context.assertLease();
          env.checkpoint?.(name);
        },
        streamRollup: streamRollup && current.linesApplied === 0,
      });
      context.streamedRollup = result.rollup;
      const fresh = await db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
      const timings = timingsOf(fresh);
      timings.download = (timings.download ?? 0) + Math.round(performance.now() - started);
      return update(fresh, {
        objectsRead: fresh.objectsRead + result.linesRead,
        rowsWritten: result.rowsWritten,
        status: "finalizing",
        progressPct: PROGRESS.finalizing,
        timingsJson: JSON.stringify(timings),
      });
    } catch (error) {
      current = await db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
      if (error instanceof BulkResultExpiredError) {
        // A signed URL can be re-issued while the export itself is still kept: ask once.
        const info = refreshedUrl || !current.bulkOperationId ? null : await fetchBulkOperation(client, current.bulkOperationId);
        refreshedUrl = true;
        if (info?.status === "COMPLETED" && info.url && info.url !== current.bulkUrl) {
          current = await update(current, { bulkUrl: info.url });
          continue;
        }
        if (current.bulkAttempts >= MAX_BULK_ATTEMPTS) throw error;
        env.logger.warn("export URL expired; starting a fresh export", { shop: run.shop, runId: run.id });
        return update(current, { status: "submitting", progressPct: PROGRESS.submitting });
      }
      if (error instanceof ShopifyUnavailableError && brokenDownloads < MAX_DOWNLOAD_RETRIES) {
        brokenDownloads += 1;
        env.logger.warn("export download broke off; resuming from the last commit", { shop: run.shop, runId: run.id, attempt: brokenDownloads });
        await env.sleep(pollDelayMs(brokenDownloads - 1, env.pollBaseMs, env.pollMaxMs));
        continue;
      }
      throw error;
    }
  }
}

/** finalizing → succeeded: DailySales, sync state and the run's success in one transaction. */
async function finalize(run: SyncRun, context: RunContext): Promise<SyncRun> {
  const { env, store } = context;
  const started = performance.now();
  const state = await db.syncState.findUniqueOrThrow({ where: { shop: run.shop } });
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: run.shop } });
  const full = state.needsFullRollup || run.kind === "backfill";
  const timings = timingsOf(run);
  const finishedAtMs = env.now();
  context.assertLease();
  // One transaction: DailySales never shows a half-applied day, and the watermark only moves
  // together with the totals it vouches for. A full rollup rewrites the customer table and every
  // DailySales row (~300 MB of pages for a million-order shop): the writer thread copies them into
  // the database file after the commit, while the re-plan runs.
  const rowCount = await store.write(async (tx) => {
    let written: number;
    let rows: number;
    if (full) {
      written = await tx.rebuildCustomerOrders(run.shop);
      const all = context.streamedRollup?.rows() ?? (await computeAllDailySales(store, run.shop));
      rows = await tx.replaceAllDailySales(run.shop, all);
      written += rows;
    } else {
      const keys = await staleKeys(store, run.shop);
      const recomputed = await computeDailySalesFor(store, run.shop, keys);
      written = await tx.replaceDailySalesKeys(run.shop, keys, recomputed);
      rows = recomputed.length;
    }
    env.checkpoint?.("finalize:written");
    await tx.markSucceeded({
      shop: run.shop,
      runId: run.id,
      watermarkMs: run.untilUpdatedAt?.getTime() ?? null,
      finishedAtMs,
      historyLimited: run.kind === "backfill" ? !grantsAllOrders(shop.scopes) : state.historyLimited,
      historyStartsAtMs: run.kind === "backfill" && run.backfillFrom ? run.backfillFrom.getTime() : null,
      rowsWritten: run.rowsWritten + written,
      timingsJson: JSON.stringify(timings),
    });
    return rows;
  }, { deferCheckpoint: full });
  // Written: the streamed totals (~19 MB for a million-order shop) must not stay alive through
  // the re-plan below, which runs while this context is still referenced.
  context.streamedRollup = null;
  // The rollup's own write time, added after its commit (the run already reads succeeded).
  timings.finalize = Math.round(performance.now() - started);
  env.logger.info("sync run succeeded", { shop: run.shop, runId: run.id, kind: run.kind, dailySalesRows: rowCount });
  const succeeded = await db.syncRun.update({ where: { id: run.id }, data: { timingsJson: JSON.stringify(timings) } });
  // New sales change every SKU's plan. The sales are committed and exact either way, so a
  // planning failure is logged for the operator, not turned into a failed sync.
  try {
    await env.afterSucceeded?.(run.shop);
  } catch (error) {
    env.logger.error("planning after sync failed", { shop: run.shop, runId: run.id, error: String(error) });
  }
  return succeeded;
}

async function failRun(runId: string, error: unknown, env: SyncEnvironment): Promise<SyncRun> {
  const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
  const failure = describeFailure(error);
  const fields = { shop: run.shop, runId, errorCode: failure.code };
  if (error instanceof ShopifyUninstalledError) {
    // Quietly: an uninstalled shop is not an incident. Its schedule stops until a reinstall.
    env.logger.info("shop uninstalled; stopping its schedule", fields);
    await db.syncState.upsert({ where: { shop: run.shop }, create: { shop: run.shop, scheduleStopped: true }, update: { scheduleStopped: true } });
    await db.shop.updateMany({ where: { domain: run.shop, uninstalledAt: null }, data: { uninstalledAt: new Date(env.now()) } });
  } else if (failure.isOurs) {
    env.logger.error("sync run failed", { ...fields, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  } else {
    env.logger.warn("sync run failed", { ...fields, error: error instanceof Error ? error.message : String(error) });
  }
  return db.syncRun.update({
    where: { id: runId },
    data: { status: "failed", errorCode: failure.code, errorMessage: failure.message, finishedAt: new Date(env.now()) },
  });
}
