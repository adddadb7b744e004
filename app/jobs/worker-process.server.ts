import type { ConstructorOptions } from "pg-boss";
import { createLogger, type Logger } from "~/lib/logger.server";
import { openJobQueue, type OpenJobQueueOptions } from "./job-queue.server";
import { probeWorker, startWorkerHealthServer } from "./worker-health.server";
import { startWorker, type WorkerOptions } from "./worker.server";

/**
 * A whole worker process (scripts/worker.ts): the queue, the job loop, the health endpoint, and
 * graceful shutdown. Resolves with the exit code once a SIGTERM or SIGINT has stopped it.
 *
 * Shutdown: stop taking jobs, let running ones finish for `graceSeconds`, then fail the rest back
 * to the queue, where another worker retries them. The caller then exits the process. A sync cut
 * off this way loses nothing: its run's state is committed step by step, its open transaction (if
 * any) rolls back when the process ends, and the next worker resumes the run once this process's
 * lease has expired.
 */
export interface WorkerProcessOptions {
  databaseUrl: string;
  concurrency: number;
  /** 0: no health endpoint. */
  healthPort: number;
  graceSeconds: number;
  queueOverrides?: OpenJobQueueOptions["queueOverrides"];
  boss?: Partial<ConstructorOptions>;
  syncEnvironment?: WorkerOptions["syncEnvironment"];
  syncJob?: WorkerOptions["syncJob"];
  pollingIntervalSeconds?: number;
  logger?: Logger;
  /** Called once the worker takes jobs (with the health endpoint's port, when there is one). */
  onReady?: (info: { healthPort: number | null }) => void;
}

export async function runWorkerProcess(options: WorkerProcessOptions): Promise<number> {
  const log = options.logger ?? createLogger({ component: "worker", pid: process.pid });
  const boss = await openJobQueue({
    connectionString: options.databaseUrl,
    role: "worker",
    // Room for every running sync's heartbeat and settle, plus fetches, supervision and the cron.
    poolMax: options.concurrency + 3,
    queueOverrides: options.queueOverrides,
    boss: options.boss,
    logger: log,
  });
  const worker = await startWorker({
    boss,
    concurrency: options.concurrency,
    syncEnvironment: options.syncEnvironment,
    syncJob: options.syncJob,
    pollingIntervalSeconds: options.pollingIntervalSeconds,
    logger: log,
  });
  const health = options.healthPort > 0 ? await startWorkerHealthServer(options.healthPort, () => probeWorker(worker, boss)) : null;
  if (health) log.info("health endpoint listening", { port: health.port, path: "/healthz" });
  options.onReady?.({ healthPort: health?.port ?? null });

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn("second signal: exiting now; running jobs return to the queue when their heartbeat lapses", { signal });
        resolve(1);
        return;
      }
      stopping = true;
      log.info("stopping", { signal, graceSeconds: options.graceSeconds });
      worker
        .stop(options.graceSeconds * 1000)
        .then(async () => {
          await health?.close();
          // No db.$disconnect(): a sync still running would see its connection closed, record a
          // failed run and make the retry start over. Exiting leaves its run resumable instead.
          resolve(0);
        })
        .catch((error: unknown) => {
          log.error("shutdown failed", { error: error instanceof Error ? error.message : String(error) });
          resolve(1);
        });
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
}
