/**
 * For route tests that run on both databases: on PostgreSQL a route hands its work to the job
 * queue and answers at once, so before checking the work's effects the test runs the queue dry
 * with a real worker in this process. On SQLite the work already ran inline and this does
 * nothing, so one test body checks both deployments. Not a test file.
 */
import type { PgBoss } from "pg-boss";
import { FAST_MAINTENANCE, FAST_QUEUES, eventually } from "./helpers";
import { getEnv, isPostgresDatabase } from "~/env.server";
import { openJobQueue } from "~/jobs/job-queue.server";
import { QUEUE } from "~/jobs/queues";
import { startWorker, type WorkerOptions } from "~/jobs/worker.server";

export interface DrainReport {
  /** Jobs that settled while draining, by queue and state ("sync-shop:completed": 1). */
  settled: Record<string, number>;
}

let boss: PgBoss | null = null;

async function unfinishedJobs(queue: PgBoss): Promise<number> {
  const { rows } = await queue
    .getDb()
    .executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE state < 'completed' AND name <> $1`, [QUEUE.deadLetters]);
  return Number(rows[0]?.n ?? 0);
}

async function settledCounts(queue: PgBoss): Promise<Map<string, number>> {
  const { rows } = await queue
    .getDb()
    .executeSql(`SELECT name || ':' || state AS key, count(*)::int AS n FROM pgboss.job WHERE state >= 'completed' GROUP BY 1`);
  return new Map(rows.map((row: { key: string; n: number }) => [row.key, Number(row.n)]));
}

interface DrainOptions {
  syncEnvironment?: WorkerOptions["syncEnvironment"];
  timeoutMs?: number;
}

async function drainingQueue(): Promise<PgBoss> {
  boss ??= await openJobQueue({ connectionString: getEnv().DATABASE_URL, role: "worker", queueOverrides: FAST_QUEUES, boss: FAST_MAINTENANCE });
  return boss;
}

/**
 * Runs `work` while a worker takes jobs in this process (PostgreSQL), then lets the worker run
 * the queue dry and stops it. On SQLite it only runs `work`.
 */
export async function withJobWorker<T>(work: () => Promise<T>, options: DrainOptions = {}): Promise<T> {
  if (!isPostgresDatabase()) return work();
  const queue = await drainingQueue();
  await startWorker({ boss: queue, concurrency: 2, schedule: false, pollingIntervalSeconds: 0.5, syncEnvironment: options.syncEnvironment });
  try {
    const result = await work();
    // Twice in a row: a finishing job may queue another (a bulk finish queues the run's resume).
    let quietChecks = 0;
    await eventually("the job queue to drain", async () => {
      quietChecks = (await unfinishedJobs(queue)) === 0 ? quietChecks + 1 : 0;
      return quietChecks >= 2 ? true : undefined;
    }, options.timeoutMs ?? 60_000, 200);
    return result;
  } finally {
    for (const name of Object.values(QUEUE)) await queue.offWork(name, { wait: true }).catch(() => undefined);
  }
}

/**
 * Runs every queued job (and the jobs they queue) to a final state with a worker in this process,
 * then stops the worker. Returns what settled meanwhile. No-op on SQLite.
 */
export async function drainJobQueue(options: DrainOptions = {}): Promise<DrainReport> {
  if (!isPostgresDatabase()) return { settled: {} };
  const queue = await drainingQueue();
  const before = await settledCounts(queue);
  await withJobWorker(async () => undefined, options);
  const after = await settledCounts(queue);
  const settled: Record<string, number> = {};
  for (const [key, n] of after) if (n !== (before.get(key) ?? 0)) settled[key] = n - (before.get(key) ?? 0);
  return { settled };
}

/** Closes the draining worker's queue connection (afterAll of a file that drained). */
export async function closeJobQueueDrain(): Promise<void> {
  await boss?.stop({ graceful: false });
  boss = null;
}
