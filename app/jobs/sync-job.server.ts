import type { SyncRun } from "@prisma/client";
import db from "~/db.server";
import { getShop } from "~/models/shop.server";
import { currentLease, LEASE_TTL_MS } from "~/sync/lease.server";
import { isActiveStatus } from "~/sync/run-machine.server";
import { activeRunIds, requestSync, waitForRun } from "~/sync/sync-service.server";
import type { SyncEnvironment } from "~/sync/sync-environment.server";
import { failureAction } from "./failure-policy";
import type { SyncJobData } from "./queues";

/**
 * A sync job, as a worker runs it: take the shop's lease and drive its run (resuming the run a
 * dead worker left, or starting one), wait for the end, and tell the queue what happened.
 *
 * Exactly once: the queue holds at most one job per shop (singleton key), the lease lets at most
 * one process drive a shop's run even when two jobs somehow overlap, and a run is a persisted
 * state machine whose steps are idempotent, so a job retried after its worker died continues the
 * same run instead of starting over or counting anything twice.
 */
export type SyncJobOutcome =
  | { status: "completed"; output: SyncJobOutput }
  /** Failed for now: the queue retries with backoff (and dead-letters after the last retry). */
  | { status: "failed"; output: SyncJobOutput }
  /** Failed for good: straight to the dead letters, no retry. */
  | { status: "deadletter"; output: SyncJobOutput };

export interface SyncJobOutput {
  [key: string]: string | null;
  shop: string;
  runId: string | null;
  runStatus: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Why the job did nothing, when it did nothing. */
  skipped: string | null;
}

export interface SyncJobOptions {
  environment: SyncEnvironment;
  /** How often to look again while another runner holds the shop's lease. */
  holderPollMs?: number;
  /** How long to wait for another holder before failing the job (the queue retries it later). */
  maxHolderWaitMs?: number;
  /** Aborted when the worker shuts down or loses the job; waiting stops at once. */
  signal?: AbortSignal;
}

/** Another runner kept the shop's lease for longer than a job waits. */
export class ShopBusyError extends Error {
  constructor(readonly shop: string, waitedMs: number) {
    super(`${shop} was held by another sync runner for ${Math.round(waitedMs / 1000)} s; the queue will try again`);
    this.name = "ShopBusyError";
  }
}

export async function runSyncJob(data: SyncJobData, options: SyncJobOptions): Promise<SyncJobOutcome> {
  const env = options.environment;
  const base: SyncJobOutput = { shop: data.shop, runId: null, runStatus: null, errorCode: null, errorMessage: null, skipped: null };
  const shop = await getShop(data.shop);
  if (!shop || shop.uninstalledAt) {
    // Queued before an uninstall: nothing to sync, and nothing worth retrying.
    return { status: "completed", output: { ...base, skipped: shop ? "uninstalled" : "not installed" } };
  }
  const giveUpAtMs = env.now() + (options.maxHolderWaitMs ?? 3 * LEASE_TTL_MS);
  for (;;) {
    options.signal?.throwIfAborted();
    const ticket = await requestSync({ shop: data.shop, trigger: data.trigger, full: data.full }, env);
    if (ticket.started && ticket.runId) {
      const run = await waitForRun(ticket.runId);
      if (!isActiveStatus(run.status)) return outcomeOf(run, base);
      // Still active: this process lost the lease mid-run and another runner drives it now.
    }
    // Someone else holds the shop: a live runner elsewhere, or a dead worker whose lease has not
    // run out yet. Wait for its run to end, or for the lease to lapse and take the run over.
    const finished = await waitWhileHeld(data.shop, ticket.runId, env, options, giveUpAtMs);
    if (finished) return outcomeOf(finished, base);
  }
}

/**
 * Resolves with the holder's run once it ended, or null once nobody holds the shop any more.
 * Throws ShopBusyError past `giveUpAtMs` (the job fails and the queue retries it later).
 */
async function waitWhileHeld(shop: string, runId: string | null, env: SyncEnvironment, options: SyncJobOptions, giveUpAtMs: number): Promise<SyncRun | null> {
  const startedMs = env.now();
  for (;;) {
    options.signal?.throwIfAborted();
    if (runId) {
      // A run of this very process (its lease was lost and won back) is awaited directly.
      const run = activeRunIds().includes(runId) ? await waitForRun(runId) : await db.syncRun.findUnique({ where: { id: runId } });
      if (run && !isActiveStatus(run.status)) return run;
    }
    if (env.now() > giveUpAtMs) throw new ShopBusyError(shop, env.now() - startedMs);
    // Sleep before looking at the lease: the caller only comes here after failing to take it, so
    // answering "free" without waiting could spin.
    await env.sleep(options.holderPollMs ?? 5_000);
    if (!(await currentLease(shop, env.now()))) return null;
  }
}

function outcomeOf(run: SyncRun, base: SyncJobOutput): SyncJobOutcome {
  const output: SyncJobOutput = { ...base, runId: run.id, runStatus: run.status, errorCode: run.errorCode, errorMessage: run.errorMessage };
  if (run.status === "succeeded") return { status: "completed", output };
  return { status: failureAction(run.errorCode) === "dead-letter" ? "deadletter" : "failed", output };
}
