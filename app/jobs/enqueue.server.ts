import type { PgBoss } from "pg-boss";
import type { SyncRequest } from "~/sync/sync-service.server";
import { QUEUE, type BulkFinishedJobData, type ShopPurgeJobData, type SyncJobData } from "./queues";

/**
 * Sending jobs. Every function returns the new job's id, or null when pg-boss declined it because
 * an equivalent job is already waiting or running (the sync queue's per-shop singleton).
 */

/** One shop's sync; the shop's domain is the singleton key, so a shop is never queued twice. */
export async function enqueueSync(boss: PgBoss, request: SyncRequest): Promise<string | null> {
  const data: SyncJobData = { shop: request.shop, trigger: request.trigger, ...(request.full ? { full: true } : {}) };
  return boss.send(QUEUE.syncShop, data, { singletonKey: request.shop });
}

export async function enqueueBulkFinished(boss: PgBoss, notice: BulkFinishedJobData): Promise<string | null> {
  return boss.send(QUEUE.bulkFinished, notice);
}

export async function enqueueShopPurge(boss: PgBoss, job: ShopPurgeJobData): Promise<string | null> {
  return boss.send(QUEUE.shopPurge, job);
}

/** A scheduler tick now (POST /internal/sync without a shop); the cron sends the regular ones. */
export async function enqueueSchedulerTick(boss: PgBoss): Promise<string | null> {
  return boss.send(QUEUE.schedulerTick, {});
}
