import type { SyncRun } from "@prisma/client";
import db from "~/db.server";
import { acquireLease, currentLease, LEASE_TTL_MS, newLeaseHolder, releaseLease, renewLease } from "./lease.server";
import { LeaseLostError } from "./run-errors";
import { ACTIVE_STATUSES, driveRun, type RunKind, type RunTrigger } from "./run-machine.server";
import { defaultSyncEnvironment, type SyncEnvironment } from "./sync-environment.server";

/**
 * How a sync starts: every entry point (Sync now, the scheduler, the cron endpoint, the CLI, a
 * finish webhook after a restart) calls requestSync. It takes the shop's lease, resumes the shop's
 * unfinished run or creates a new one, and drives it in this process; a second request while one
 * is running gets the same run id back. The run's state lives in the database, so this process
 * dying at any point only delays it: the lease expires and the next request resumes the run.
 */
export interface SyncRequest {
  shop: string;
  trigger: RunTrigger;
  /** Re-read the whole history window (a backfill) even when an incremental sync would do. */
  full?: boolean;
}

export interface SyncTicket {
  runId: string | null;
  /** False when another runner already holds the shop (runId is then its run, when known). */
  started: boolean;
}

interface ActiveDriver {
  shop: string;
  promise: Promise<SyncRun>;
}

declare global {
  // One registry per process, also across Vite HMR reloads in development.
  var backstopSyncDrivers: Map<string, ActiveDriver> | undefined;
}

function drivers(): Map<string, ActiveDriver> {
  globalThis.backstopSyncDrivers ??= new Map();
  return globalThis.backstopSyncDrivers;
}

/** The shop's unfinished run (the one a new request must resume), if any. */
export async function findActiveRun(shop: string): Promise<SyncRun | null> {
  return db.syncRun.findFirst({ where: { shop, status: { in: [...ACTIVE_STATUSES] } }, orderBy: { startedAt: "desc" } });
}

export async function latestRun(shop: string): Promise<SyncRun | null> {
  return db.syncRun.findFirst({ where: { shop }, orderBy: { startedAt: "desc" } });
}

export async function requestSync(request: SyncRequest, env: SyncEnvironment = defaultSyncEnvironment()): Promise<SyncTicket> {
  const { shop } = request;
  const holder = newLeaseHolder();
  if (!(await acquireLease(shop, holder, env.now()))) {
    return { runId: await runIdOfHolder(shop, env), started: false };
  }
  let run: SyncRun;
  try {
    run = (await findActiveRun(shop)) ?? (await createRun(request, env.now()));
    await renewLease(shop, holder, env.now(), run.id);
  } catch (error) {
    await releaseLease(shop, holder);
    throw error;
  }
  const promise = drive(run, holder, env);
  drivers().set(run.id, { shop, promise });
  return { runId: run.id, started: true };
}

/**
 * The run protected by someone else's lease. The winner of a race names its run a moment after
 * taking the lease, so look a few times before answering "unknown".
 */
async function runIdOfHolder(shop: string, env: SyncEnvironment): Promise<string | null> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const lease = await currentLease(shop, env.now());
    if (lease?.runId) return lease.runId;
    const active = await findActiveRun(shop);
    if (active) return active.id;
    if (!lease) return null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

async function createRun(request: SyncRequest, nowMs: number): Promise<SyncRun> {
  const state = await db.syncState.findUnique({ where: { shop: request.shop } });
  const kind: RunKind = request.full || !state?.ordersWatermark ? "backfill" : "incremental";
  return db.syncRun.create({ data: { shop: request.shop, kind, trigger: request.trigger, status: "queued", startedAt: new Date(nowMs) } });
}

async function drive(run: SyncRun, holder: string, env: SyncEnvironment): Promise<SyncRun> {
  let leaseLost = false;
  // Renew well before expiry; a renewal that finds the lease gone means another runner took over.
  const heartbeat = setInterval(() => {
    renewLease(run.shop, holder, env.now(), run.id)
      .then((held) => {
        if (!held) leaseLost = true;
      })
      .catch((error: unknown) => env.logger.warn("lease renewal failed", { shop: run.shop, error: String(error) }));
  }, LEASE_TTL_MS / 4);
  heartbeat.unref();
  try {
    return await driveRun(run.id, env, () => {
      if (leaseLost) throw new LeaseLostError(run.shop);
    });
  } finally {
    clearInterval(heartbeat);
    drivers().delete(run.id);
    if (!leaseLost) await releaseLease(run.shop, holder).catch(() => undefined);
  }
}

/**
 * Resolves with the run once it is finished. Runs driven by this process are awaited directly;
 * others (driven elsewhere) are polled in the database.
 */
export async function waitForRun(runId: string, options: { pollMs?: number; timeoutMs?: number } = {}): Promise<SyncRun> {
  const local = drivers().get(runId);
  if (local) return local.promise;
  const deadline = Date.now() + (options.timeoutMs ?? 24 * 3600 * 1000);
  for (;;) {
    const run = await db.syncRun.findUniqueOrThrow({ where: { id: runId } });
    if (!ACTIVE_STATUSES.includes(run.status as (typeof ACTIVE_STATUSES)[number])) return run;
    if (Date.now() > deadline) throw new Error(`Run ${runId} still ${run.status} after waiting`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
  }
}

/** Starts (or joins) a sync and waits for its end: the CLI and tests. */
export async function runSync(request: SyncRequest, env: SyncEnvironment = defaultSyncEnvironment()): Promise<SyncRun> {
  const ticket = await requestSync(request, env);
  if (!ticket.runId) throw new Error(`${request.shop} is being synced by another runner whose run is not recorded yet; try again`);
  return waitForRun(ticket.runId);
}

/** Runs being driven by this process (scheduler and shutdown use it). */
export function activeRunIds(): string[] {
  return [...drivers().keys()];
}
