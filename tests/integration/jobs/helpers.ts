/**
 * Shared set-up for the job queue's integration tests (*.postgres.test.ts: PostgreSQL only): real
 * pg-boss on the file's database, queue settings with second-long retry delays and maintenance
 * passes, and small waits on job state. Not a test file.
 */
import type { ConstructorOptions, JobWithMetadata, PgBoss } from "pg-boss";
import { resetDatabase } from "../../setup/db";
import { getEnv } from "~/env.server";
import { openJobQueue, type JobQueueRole, type OpenJobQueueOptions } from "~/jobs/job-queue.server";
import { QUEUE, type QueueName } from "~/jobs/queues";

/** Retries within seconds and a killed worker's job noticed within ~10 s, instead of minutes. */
export const FAST_QUEUES: NonNullable<OpenJobQueueOptions["queueOverrides"]> = {
  [QUEUE.syncShop]: { retryDelay: 1, retryBackoff: true, retryDelayMax: 3, heartbeatSeconds: 10 },
  [QUEUE.bulkFinished]: { retryDelay: 1, retryDelayMax: 2 },
  [QUEUE.shopPurge]: { retryDelay: 1, retryDelayMax: 2 },
};

export const FAST_MAINTENANCE: Partial<ConstructorOptions> = {
  superviseIntervalSeconds: 1,
  monitorIntervalSeconds: 1,
  cronMonitorIntervalSeconds: 1,
  cronWorkerIntervalSeconds: 1,
};

/**
 * pg-boss on this test file's PostgreSQL database (DATABASE_URL of the "postgres" vitest project:
 * the queue lives beside the app's tables, as in production), with the fast settings above.
 */
export async function openTestQueue(role: JobQueueRole): Promise<PgBoss> {
  return openJobQueue({ connectionString: getEnv().DATABASE_URL, role, queueOverrides: FAST_QUEUES, boss: FAST_MAINTENANCE });
}

/** Empties every queue (the app's tables are reset separately, by resetDatabase). */
export async function clearQueues(boss: PgBoss): Promise<void> {
  for (const queue of Object.values(QUEUE)) await boss.deleteAllJobs(queue);
}

/** Stops every handler of this instance (a worker's loop), waiting for running jobs. */
export async function stopHandlers(boss: PgBoss): Promise<void> {
  for (const queue of Object.values(QUEUE)) await boss.offWork(queue, { wait: true }).catch(() => undefined);
}

/** Between tests: no worker loop of this instance left running, no job left over, a fresh database. */
export async function resetQueueAndDatabase(boss: PgBoss): Promise<void> {
  await stopHandlers(boss);
  await clearQueues(boss);
  await resetDatabase();
}

/** Every job of a queue (any state), oldest first. */
export async function jobsOf<T = Record<string, unknown>>(boss: PgBoss, queue: QueueName): Promise<JobWithMetadata<T>[]> {
  return boss.findJobs<T>(queue, {});
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits for the job to reach a final state (completed or failed) and returns it. */
export async function settledJob(boss: PgBoss, queue: QueueName, id: string, timeoutMs = 30_000): Promise<JobWithMetadata<Record<string, unknown>>> {
  return eventually(`job ${id} on ${queue} to settle`, async () => {
    const [job] = await boss.findJobs<Record<string, unknown>>(queue, { id });
    return job && (job.state === "completed" || job.state === "failed") ? job : undefined;
  }, timeoutMs);
}
