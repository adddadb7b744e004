import type { PgBoss } from "pg-boss";
import type { Logger } from "~/lib/logger.server";
import { runSchedulerTick, type TickOutcome } from "~/sync/scheduler.server";
import { enqueueSync } from "./enqueue.server";

/**
 * The scheduler tick on PostgreSQL: the same decision as the in-process scheduler (which shops
 * reached their local sync hour, claimed atomically per shop-day in SyncState), but each due shop
 * becomes a job for any worker instead of a run in this process. Enqueueing is cheap, so there is
 * no capacity limit here; the workers' concurrency is the limit.
 */
export async function runSchedulerTickJob(boss: PgBoss, nowMs: number, logger?: Logger): Promise<TickOutcome[]> {
  return runSchedulerTick({
    nowMs,
    maxConcurrentRuns: Number.POSITIVE_INFINITY,
    logger,
    request: async (request) => {
      const jobId = await enqueueSync(boss, request);
      // started = a job was queued; false when the shop already has one waiting or running.
      return { runId: null, started: jobId !== null };
    },
  });
}
