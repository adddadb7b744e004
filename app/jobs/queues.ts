import type { Queue } from "pg-boss";
import { z } from "zod";

/**
 * The job queues of a PostgreSQL deployment (docs/decisions/003-job-queue.md). Each queue is a
 * pg-boss queue in the `pgboss` schema of the app's own database, so enqueueing needs no second
 * system and a job row commits like any other row.
 */
export const QUEUE = {
  /** One shop's sync (scheduled, install backfill, Sync now, cron, resume after a bulk finish). */
  syncShop: "sync-shop",
  /** The daily scheduler's tick: enqueues syncShop for every shop at its local sync hour. */
  schedulerTick: "sync-scheduler-tick",
  /** A bulk_operations/finish webhook: record it on its run, resume the run if nobody drives it. */
  bulkFinished: "bulk-operation-finished",
  /** app/uninstalled and shop/redact: erase everything held for a shop. */
  shopPurge: "shop-purge",
  /** Jobs that failed for good (terminal failure, or retries used up), kept for the operator. */
  deadLetters: "dead-letters",
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

const shopDomain = z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a myshopify.com domain");

export const SyncJobData = z.object({
  shop: shopDomain,
  trigger: z.enum(["install", "schedule", "manual", "cron", "cli", "webhook"]),
  full: z.boolean().optional(),
});
export type SyncJobData = z.infer<typeof SyncJobData>;

export const BulkFinishedJobData = z.object({
  shop: shopDomain,
  bulkOperationId: z.string().startsWith("gid://shopify/BulkOperation/"),
  status: z.string().min(1),
  errorCode: z.string().nullable(),
});
export type BulkFinishedJobData = z.infer<typeof BulkFinishedJobData>;

export const ShopPurgeJobData = z.object({
  shop: shopDomain,
  reason: z.enum(["uninstalled", "redact"]),
});
export type ShopPurgeJobData = z.infer<typeof ShopPurgeJobData>;

/** The cron expression of the scheduler tick (UTC): every minute, so half-hour zones are on time. */
export const SCHEDULER_CRON = "* * * * *";

const MINUTE_S = 60;
const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;

/**
 * Queue settings, applied on every start (so a deploy that changes them takes effect). Times in
 * seconds, as pg-boss takes them.
 */
export const QUEUE_DEFINITIONS: Record<QueueName, Omit<Queue, "name">> = {
  [QUEUE.deadLetters]: {
    // Nobody works this queue: its jobs wait for the operator (scripts/worker.ts dead-letters).
    retentionSeconds: 30 * DAY_S,
  },
  [QUEUE.syncShop]: {
    // At most one job per shop (singletonKey = shop) queued, retrying or running at a time.
    policy: "exclusive",
    retryLimit: 4,
    retryDelay: MINUTE_S,
    retryBackoff: true,
    retryDelayMax: 30 * MINUTE_S,
    // A live worker touches the job every 15 s; a killed one's job is retried about a minute later.
    heartbeatSeconds: 30,
    // The longest a sync may run (a first backfill of a very large shop) before it is retried.
    expireInSeconds: 6 * HOUR_S,
    retentionSeconds: DAY_S,
    deleteAfterSeconds: 7 * DAY_S,
    deadLetter: QUEUE.deadLetters,
  },
  [QUEUE.schedulerTick]: {
    // One tick queued or running at a time; a failed tick is simply replaced by the next minute's.
    policy: "exclusive",
    retryLimit: 0,
    heartbeatSeconds: 30,
    expireInSeconds: 15 * MINUTE_S,
    retentionSeconds: 10 * MINUTE_S,
    deleteAfterSeconds: DAY_S,
  },
  [QUEUE.bulkFinished]: {
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    retryDelayMax: 10 * MINUTE_S,
    expireInSeconds: 5 * MINUTE_S,
    deleteAfterSeconds: DAY_S,
    deadLetter: QUEUE.deadLetters,
  },
  [QUEUE.shopPurge]: {
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 30 * MINUTE_S,
    expireInSeconds: HOUR_S,
    deleteAfterSeconds: 7 * DAY_S,
    deadLetter: QUEUE.deadLetters,
  },
};
