import type { PgBoss } from "pg-boss";
import { QUEUE } from "./queues";

/**
 * The operator's view of jobs that failed for good: which queue and shop, when, after how many
 * retries, and the failure the job recorded (a failed run's errorCode and message, or the error).
 * They stay in the dead-letters queue for 30 days; `redrive` puts them back on their queues.
 */
export interface DeadLetter {
  id: string;
  /** The queue the job failed on. */
  queue: string | null;
  shop: string | null;
  data: unknown;
  deadSince: string;
  firstQueuedAt: string | null;
  retries: number | null;
  failure: unknown;
}

export async function listDeadLetters(boss: PgBoss, options: { limit?: number; shop?: string } = {}): Promise<DeadLetter[]> {
  const jobs = await boss.findJobs<Record<string, unknown>>(QUEUE.deadLetters, {
    limit: options.limit ?? 100,
    ...(options.shop ? { data: { shop: options.shop } } : {}),
  });
  return jobs.map((job) => ({
    id: job.id,
    queue: job.sourceName,
    shop: typeof job.data?.shop === "string" ? job.data.shop : null,
    data: job.data,
    deadSince: job.createdOn.toISOString(),
    firstQueuedAt: job.sourceCreatedOn?.toISOString() ?? null,
    retries: job.sourceRetryCount,
    failure: job.sourceOutput,
  }));
}

/** Moves dead letters back to the queues they failed on (all, or one shop's); returns how many. */
export async function redriveDeadLetters(boss: PgBoss, options: { shop?: string } = {}): Promise<number> {
  return boss.redrive(QUEUE.deadLetters, options.shop ? { data: { shop: options.shop } } : {});
}
