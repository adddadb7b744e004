import { isPostgresDatabase } from "~/env.server";
import { describeRunForMerchant, type MerchantSyncStatus } from "~/sync/run-status.server";
import { webJobQueue } from "./job-queue.server";
import { QUEUE } from "./queues";

/**
 * What the sync card shows: the latest run (run-status.server.ts) and, on PostgreSQL, whether the
 * shop's sync is still waiting in the queue. There a run exists only once a worker takes the job;
 * without this a merchant who pressed "Sync now" while every worker was busy would see the last
 * finished run and no sign that anything is coming.
 */
export interface MerchantSyncView extends MerchantSyncStatus {
  /** The shop's sync job waiting for a worker: since when, and whether it waits to be retried. */
  queued: { since: string; retrying: boolean } | null;
}

export async function describeSyncForMerchant(shop: string): Promise<MerchantSyncView> {
  const [status, queued] = await Promise.all([describeRunForMerchant(shop), queuedSyncOf(shop)]);
  return { ...status, queued };
}

/** The shop's sync job not yet taken by a worker (SQLite: never, syncs start in-process at once). */
async function queuedSyncOf(shop: string): Promise<MerchantSyncView["queued"]> {
  if (!isPostgresDatabase()) return null;
  const boss = await webJobQueue();
  // The sync jobs' singleton key is the shop (enqueue.server.ts): at most one waits at a time.
  const [job] = await boss.findJobs(QUEUE.syncShop, { key: shop, queued: true, limit: 1 });
  return job ? { since: job.createdOn.toISOString(), retrying: job.state === "retry" } : null;
}
