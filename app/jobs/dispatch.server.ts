import type { PgBoss } from "pg-boss";
import { isPostgresDatabase } from "~/env.server";
import type { Logger } from "~/lib/logger.server";
import { logger as defaultLogger } from "~/lib/logger.server";
import type { TickOutcome } from "~/sync/scheduler.server";
import { findActiveRun, requestSync, type SyncRequest, type SyncTicket } from "~/sync/sync-service.server";
import { enqueueBulkFinished, enqueueSchedulerTick, enqueueShopPurge, enqueueSync } from "./enqueue.server";
import { webJobQueue } from "./job-queue.server";
import type { BulkFinishedJobData, ShopPurgeJobData } from "./queues";
import { handleBulkFinished, handleShopPurge } from "./webhook-jobs.server";

/**
 * How the web process hands over background work. One API, two strategies chosen by the
 * database: on PostgreSQL every piece of work becomes a job for the workers and the request
 * returns at once; on SQLite (the embedded default, one machine) it runs in this process exactly
 * as before the queue existed.
 */
export interface SyncDispatch extends SyncTicket {
  /** "queue": a worker will run it; "inline": this process runs it. */
  via: "queue" | "inline";
  /** The queued job, when one was queued (null when the shop already had one). */
  jobId: string | null;
}

export type TickDispatch = { via: "inline"; runs: TickOutcome[] } | { via: "queue"; jobId: string | null };

export interface Dispatcher {
  /** A shop's sync (Sync now, the cron endpoint). Never waits for the sync itself. */
  sync(request: SyncRequest): Promise<SyncDispatch>;
  /** The scheduler tick of POST /internal/sync. */
  schedulerTick(nowMs: number): Promise<TickDispatch>;
  /** A bulk_operations/finish webhook's work. */
  bulkFinished(notice: BulkFinishedJobData): Promise<void>;
  /** The erasure behind app/uninstalled and shop/redact. */
  shopPurge(job: ShopPurgeJobData): Promise<void>;
}

/** Work as jobs in the queue (PostgreSQL). */
export function queueDispatcher(queue: () => Promise<PgBoss>): Dispatcher {
  return {
    async sync(request) {
      const jobId = await enqueueSync(await queue(), request);
      // The shop's run in progress, if any, so the caller can follow it; the UI polls the latest run.
      const active = await findActiveRun(request.shop);
      return { via: "queue", jobId, runId: active?.id ?? null, started: jobId !== null };
    },
    async schedulerTick() {
      return { via: "queue", jobId: await enqueueSchedulerTick(await queue()) };
    },
    async bulkFinished(notice) {
      await enqueueBulkFinished(await queue(), notice);
    },
    async shopPurge(job) {
      await enqueueShopPurge(await queue(), job);
    },
  };
}

/** Work in this process (SQLite): syncs run in the background here, webhook work before answering. */
export function inlineDispatcher(log: Logger = defaultLogger): Dispatcher {
  return {
    async sync(request) {
      return { via: "inline", jobId: null, ...(await requestSync(request)) };
    },
    async schedulerTick(nowMs) {
      // Loaded on use, as background.server.ts loads it, so the web build keeps it in its own chunk.
      const { runSchedulerTick } = await import("~/sync/scheduler.server");
      return { via: "inline", runs: await runSchedulerTick({ nowMs }) };
    },
    async bulkFinished(notice) {
      // Answer the webhook before the resumed run's download: it runs on under the shop's lease.
      await handleBulkFinished(notice, async (request) => {
        requestSync(request).catch((error: unknown) =>
          log.error("could not resume the run after its export finished", { shop: notice.shop, error: String(error) }),
        );
      });
    },
    async shopPurge(job) {
      await handleShopPurge(job);
    },
  };
}

/**
 * The JSON a route answers for a dispatched sync: the SQLite shape as before ({ runId, started }),
 * plus { queued, jobId } when a worker will run it.
 */
export function syncDispatchBody({ via, jobId, ...ticket }: SyncDispatch): SyncTicket & { queued?: true; jobId?: string | null } {
  return via === "queue" ? { ...ticket, queued: true, jobId } : ticket;
}

/** The JSON of a dispatched scheduler tick: the runs started (SQLite) or the queued tick job. */
export function tickDispatchBody(tick: TickDispatch): { runs: TickOutcome[] } | { queued: true; jobId: string | null } {
  return tick.via === "inline" ? { runs: tick.runs } : { queued: true, jobId: tick.jobId };
}

/** The dispatcher this process uses: the queue when DATABASE_URL is PostgreSQL, else inline. */
export function dispatcher(): Dispatcher {
  return isPostgresDatabase() ? queueDispatcher(webJobQueue) : inlineDispatcher();
}
