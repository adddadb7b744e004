import type { Job, JobResult, PgBoss } from "pg-boss";
import { z } from "zod";
import { createLogger, type Logger } from "~/lib/logger.server";
import { defaultSyncEnvironment, type SyncEnvironment } from "~/sync/sync-environment.server";
import { enqueueSync } from "./enqueue.server";
import { BulkFinishedJobData, QUEUE, SCHEDULER_CRON, ShopPurgeJobData, SyncJobData } from "./queues";
import { runSchedulerTickJob } from "./scheduler-job.server";
import { runSyncJob, type SyncJobOptions } from "./sync-job.server";
import { handleBulkFinished, handleShopPurge } from "./webhook-jobs.server";

/**
 * A worker process's job loop: sync jobs (up to `concurrency` at once), scheduler ticks from the
 * cron, and webhook work. Any number of workers on any number of machines share one queue.
 */
export interface WorkerOptions {
  boss: PgBoss;
  /** Sync jobs this process runs at once. */
  concurrency: number;
  /** The sync's environment per job (tests: emulator origin, a clock). */
  syncEnvironment?: () => SyncEnvironment;
  /** Registers the daily scheduler's cron (default true; every worker may, pg-boss sends one job per minute). */
  schedule?: boolean;
  /** Seconds between polls of an idle queue. */
  pollingIntervalSeconds?: number;
  /** Passed to runSyncJob (tests: short waits for a dead runner's lease). */
  syncJob?: Omit<SyncJobOptions, "environment" | "signal">;
  logger?: Logger;
}

export interface WorkerStatus {
  state: "running" | "stopping" | "stopped";
  /** Jobs being handled right now, by queue. */
  inFlight: Record<string, number>;
  completed: number;
  failed: number;
  startedAtMs: number;
}

export interface WorkerHandle {
  status(): WorkerStatus;
  /**
   * Stops taking jobs and waits up to `graceMs` for running ones; jobs still running then are
   * failed back to the queue (another worker retries them, resuming their runs).
   */
  stop(graceMs: number): Promise<void>;
}

type Outcome = { status: JobResult["status"]; output: object };

/** The scheduler tick carries no data. */
const AnyData = z.unknown();

export async function startWorker(options: WorkerOptions): Promise<WorkerHandle> {
  const { boss } = options;
  const log = options.logger ?? createLogger({ component: "worker" });
  const environment = options.syncEnvironment ?? (() => defaultSyncEnvironment());
  const status: WorkerStatus = { state: "running", inFlight: {}, completed: 0, failed: 0, startedAtMs: Date.now() };
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };

  /** Runs one job through its handler, validating its data first; bad data is dead-lettered. */
  function handlerFor<S extends z.ZodType>(queue: string, schema: S, handle: (data: z.infer<S>, job: Job<unknown>) => Promise<Outcome>) {
    return async (jobs: Job<unknown>[]): Promise<JobResult[]> => {
      const results: JobResult[] = [];
      for (const job of jobs) {
        status.inFlight[queue] = (status.inFlight[queue] ?? 0) + 1;
        const jobLog = log.child({ queue, jobId: job.id, attempt: job.retryCount + 1 });
        try {
          const parsed = schema.safeParse(job.data);
          const outcome: Outcome = parsed.success
            ? await handle(parsed.data, job)
            : { status: "deadletter", output: { error: `invalid job data: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}` } };
          results.push({ id: job.id, ...outcome });
          if (outcome.status === "completed") status.completed += 1;
          else status.failed += 1;
          const fields = flatFields(outcome.output);
          if (outcome.status === "completed") jobLog.info("job done", fields);
          else if (outcome.status === "deadletter") jobLog.warn("job failed for good: kept in the dead letters, not retried", fields);
          else jobLog.warn("job failed: the queue retries it with backoff", fields);
        } catch (error) {
          // Thrown (database down, shutdown abort): failed, and retried by the queue's policy.
          status.failed += 1;
          const message = error instanceof Error ? error.message : String(error);
          jobLog.warn("job threw", { error: message });
          results.push({ id: job.id, status: "failed", output: { error: message } });
        } finally {
          status.inFlight[queue] -= 1;
        }
      }
      return results;
    };
  }

  await boss.work(
    QUEUE.syncShop,
    { ...polling, batchSize: 1, localConcurrency: options.concurrency, perJobResults: true },
    handlerFor(QUEUE.syncShop, SyncJobData, async (data, job) =>
      runSyncJob(data, { ...options.syncJob, environment: environment(), signal: job.signal }),
    ),
  );
  await boss.work(
    QUEUE.bulkFinished,
    { ...polling, batchSize: 1, perJobResults: true },
    handlerFor(QUEUE.bulkFinished, BulkFinishedJobData, async (data) => ({
      status: "completed",
      output: await handleBulkFinished(data, (request) => enqueueSync(boss, request)),
    })),
  );
  await boss.work(
    QUEUE.shopPurge,
    { ...polling, batchSize: 1, perJobResults: true },
    handlerFor(QUEUE.shopPurge, ShopPurgeJobData, async (data) => {
      await handleShopPurge(data);
      return { status: "completed", output: { shop: data.shop, reason: data.reason } };
    }),
  );
  await boss.work(
    QUEUE.schedulerTick,
    { ...polling, batchSize: 1, perJobResults: true },
    handlerFor(QUEUE.schedulerTick, AnyData, async () => {
      const outcomes = await runSchedulerTickJob(boss, Date.now(), log);
      return { status: "completed", output: { enqueued: outcomes.filter((o) => o.started).length, due: outcomes.length } };
    }),
  );
  if (options.schedule ?? true) await boss.schedule(QUEUE.schedulerTick, SCHEDULER_CRON, null, { tz: "UTC" });
  log.info("worker started", { concurrency: options.concurrency });

  return {
    status: () => structuredClone(status),
    async stop(graceMs) {
      if (status.state !== "running") return;
      status.state = "stopping";
      log.info("worker stopping", { graceMs, inFlight: Object.values(status.inFlight).reduce((a, b) => a + b, 0) });
      await boss.stop({ graceful: true, timeout: Math.max(graceMs, 1) });
      status.state = "stopped";
      log.info("worker stopped");
    },
  };
}

function flatFields(output: object): Record<string, string | number | boolean | null> {
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(output)) {
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) fields[key] = value as string | number | boolean | null;
  }
  return fields;
}
