import { purgeShopData } from "~/models/shop.server";
import { recordBulkFinish } from "~/sync/bulk-completion.server";
import { isActiveStatus } from "~/sync/run-machine.server";
import { activeRunIds, type SyncRequest } from "~/sync/sync-service.server";
import type { BulkFinishedJobData, ShopPurgeJobData } from "./queues";

/**
 * The work behind webhooks, run by a worker (PostgreSQL) or inline by the web process (SQLite):
 * the webhook route only authenticates, de-duplicates and hands the work over.
 */

export interface BulkFinishedResult {
  runId: string | null;
  /** True when the run was handed to a runner (nobody in this process was driving it). */
  resumeRequested: boolean;
}

/**
 * Records a bulk export's end on the run it belongs to (waking a waiter in this process), and
 * asks for the run to be resumed when no runner here drives it (e.g. it was waiting when its
 * worker stopped). `resume` is the queue's enqueue on PostgreSQL, requestSync on SQLite.
 */
export async function handleBulkFinished(notice: BulkFinishedJobData, resume: (request: SyncRequest) => Promise<unknown>): Promise<BulkFinishedResult> {
  const run = await recordBulkFinish(notice);
  if (!run || !isActiveStatus(run.status) || activeRunIds().includes(run.id)) return { runId: run?.id ?? null, resumeRequested: false };
  await resume({ shop: notice.shop, trigger: "webhook" });
  return { runId: run.id, resumeRequested: true };
}

/** Erases everything held for the shop (one transaction; repeating it is harmless). */
export async function handleShopPurge(job: ShopPurgeJobData): Promise<void> {
  await purgeShopData(job.shop);
}
